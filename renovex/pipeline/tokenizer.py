"""spaCy's English tokenizer, kept caching across line breaks.

spaCy lists the lone whitespace characters (line break, tab, space) among its special cases,
each as one token with nothing but its own text. Those entries change no token: a whitespace
chunk becomes that same one token without them. But once a special case has matched in a
Doc, the tokenizer stops caching the chunks it tokenizes after it (spaCy issue #1250), and a
real article breaks its first line after the headline. Without these entries an article laid
out in paragraphs is tokenized from the cache like one-line text: 3x faster on real
articles, with the same tokens (tests/test_tokenizer.py compares them to spaCy's own).
"""
from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc


def is_plain_whitespace_case(key: str, tokens: list[dict]) -> bool:
    """A special case that says only "this whitespace chunk is one token of itself"."""
    return key.isspace() and len(tokens) == 1 and set(tokens[0]) <= {ORTH, "ORTH"} \
        and next(iter(tokens[0].values())) == key


def keep_cache_over_whitespace(tokenizer: Tokenizer) -> Tokenizer:
    """Drop ``tokenizer``'s plain whitespace special cases, in place (flushes its cache)."""
    rules = tokenizer.rules or {}
    kept = {key: tokens for key, tokens in rules.items() if not is_plain_whitespace_case(key, tokens)}
    if len(kept) != len(rules):
        tokenizer.rules = kept
    return tokenizer


# "will be reviewed in 2025.At the same time": scraped pages often drop the space after a
# full stop. spaCy splits "works.Then" (a lower-case letter before the stop) but not a digit
# before it; a stop between a digit and a capitalised word is never a decimal point.
GLUED_STOP_AFTER_DIGIT = r"(?<=[0-9])\.(?=[A-Z][a-z])"


def split_glued_stops(tokenizer: Tokenizer) -> Tokenizer:
    """Add the infix that splits "2025.At" into "2025", ".", "At", in place."""
    from spacy.util import compile_infix_regex

    pattern = tokenizer.infix_finditer.__self__.pattern if tokenizer.infix_finditer else None
    if pattern is not None and GLUED_STOP_AFTER_DIGIT in pattern:
        return tokenizer
    infixes = [pattern, GLUED_STOP_AFTER_DIGIT] if pattern else [GLUED_STOP_AFTER_DIGIT]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return tokenizer


# spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one at a time,
# copying the rest each time: a run of 16,000 "=" or "," took 40 s (quadratic). Real pages'
# longest runs are under 100 characters (URLs, menus glued together); longer ones are
# tokenized in slices of this many characters, which costs linear time.
MAX_RUN = 128
# Tried only at the start of a run (the look-behind): a third faster on real text.
_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}" % (MAX_RUN + 1))


class RunBoundedTokenizer(Tokenizer):
    """spaCy's tokenizer, in linear time on whitespace-free runs of any length.

    Text without a run over :data:`MAX_RUN` characters (all real articles seen) goes to
    spaCy's tokenizer unchanged; otherwise the text is tokenized in pieces cut at the runs
    and at every :data:`MAX_RUN` characters inside them. The Doc's text is the same either
    way (offsets index the text as given); only tokens inside a long run may differ.
    """

    def __call__(self, text: str) -> Doc:
        if len(text) <= MAX_RUN or _LONG_RUN.search(text) is None:
            return super().__call__(text)
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for run in _LONG_RUN.finditer(text):
            self._add(text[position:run.start()], words, spaces)
            for start in range(run.start(), run.end(), MAX_RUN):
                self._add(text[start:min(start + MAX_RUN, run.end())], words, spaces)
            position = run.end()
        self._add(text[position:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _add(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        if piece.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True  # the space after a run belongs to the run's last token, as in spaCy
            piece = piece[1:]
        if piece:
            for token in super().__call__(piece):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))


def bounded_runs(tokenizer: Tokenizer) -> RunBoundedTokenizer:
    """A :class:`RunBoundedTokenizer` with ``tokenizer``'s vocabulary and rules."""
    if isinstance(tokenizer, RunBoundedTokenizer):
        return tokenizer
    return RunBoundedTokenizer(
        tokenizer.vocab, rules=tokenizer.rules, prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match, url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics)
