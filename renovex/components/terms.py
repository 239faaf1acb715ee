"""``renovex_terms``: mark policy terms (programmes, works, finance, governance) as POLICY_TERM.

Phrases go to a ``PhraseMatcher`` on ``LOWER``, which is fast whatever its size. Token
patterns are spaCy ``Matcher`` patterns, but the Matcher costs about 1 µs per token for
each pattern (its ``IN`` sets are Python calls), so patterns made only of word tests
(``LOWER``, or ``ORTH``/``TEXT`` on caseless words like "-", with ``IN``/``NOT_IN`` and any
``OP``) are compiled to regular expressions over a string with one character per token:
each word named in a pattern gets its own character, every other token shares one.
Patterns using other attributes (``LIKE_NUM``, ``SHAPE``, ...) run on spaCy's Matcher.
Of overlapping matches the longest wins.

Terms broken by a non-breaking space, a double space or a single line break (space
tokens inside a phrase) are found by matching a copy of the few tokens around such a
space with the space left out; a blank line (paragraph break) is never crossed.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import numpy
from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..extensions import add_entities
from ..resources import DEFAULT_PACK
from ..terms import PolicyTerm, load_terms
from .base import RuleComponent

LABEL = "POLICY_TERM"
_OPEN_ENDED = 8  # tokens assumed for "+"/"*" when sizing the window around a space token
_REPEAT = re.compile(r"^\{(\d*)(?:(,)(\d*))?\}$")  # "{n}", "{n,m}", "{,m}", "{n,}"
_OTHER = 0x20  # the character of every token no pattern names
_FIRST_CODE = 0x100  # characters of pattern words: 0x100 ... (below the surrogates)
_WORD_TESTS = ("LOWER", "ORTH", "TEXT")


@Language.factory(
    "renovex_terms",
    default_config={"pack": DEFAULT_PACK},
    assigns=["doc.spans"],
)
def make_terms(nlp: Language, name: str, pack: str) -> "TermsComponent":
    """Factory: the terms of ``pack`` (a bundled pack name or a folder path)."""
    return TermsComponent(nlp, name, {"terms": [term.to_dict() for term in load_terms(pack)]})


class TermsComponent(RuleComponent):
    """Adds POLICY_TERM spans with ``span._.value`` = :class:`PolicyTerm`, ``span._.rule`` = term id."""

    def compile(self) -> None:
        self.terms: list[PolicyTerm] = [
            PolicyTerm.from_dict(data, where=f"{self.name} rules, term {number}")
            for number, data in enumerate(self.rules.get("terms", []), 1)
        ]
        vocab = self.nlp.vocab
        self._by_key: dict[int, tuple[int, PolicyTerm]] = {}
        self.phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.matcher = Matcher(vocab, validate=True)
        codes: dict[str, int] = {}
        self._regexes: list[tuple[re.Pattern, tuple[frozenset[str], ...], int]] = []
        longest = 1
        for rank, term in enumerate(self.terms):
            key = vocab.strings.add(term.id)
            self._by_key[key] = (rank, term)
            phrases = _phrase_variants(term.phrases)
            if phrases:
                docs = list(self.nlp.tokenizer.pipe(phrases))
                longest = max(longest, *(len(doc) for doc in docs))
                self.phrase_matcher.add(term.id, docs)
            for pattern in term.patterns:
                pattern = [dict(spec) for spec in pattern]
                try:
                    # the Matcher validates every pattern, also those run as regexes
                    Matcher(vocab, validate=True).add(term.id, [pattern])
                except ValueError as error:
                    raise ValueError(f"{self.name}: bad token pattern in term {term.id!r}: {error}") from None
                longest = max(longest, sum(_max_length(spec) for spec in pattern))
                compiled = _to_regex(pattern, codes)
                if compiled is None:
                    self.matcher.add(term.id, [pattern])
                else:
                    self._regexes.append((re.compile(compiled[0]), compiled[1], key))
        if len(codes) > 0xD800 - _FIRST_CODE:
            raise ValueError(f"{self.name}: patterns name too many distinct words ({len(codes)})")
        ids = numpy.array([vocab.strings.add(word) for word in codes], dtype="uint64")
        order = numpy.argsort(ids)
        self._word_ids = ids[order]
        self._word_codes = numpy.array(list(codes.values()), dtype="uint32")[order]
        self._longest = longest

    # -- run time -----------------------------------------------------------------

    def add_terms(self, terms: Iterable[PolicyTerm | dict[str, Any]]) -> None:
        """Add terms (or replace those with the same id) at run time; ``nlp.to_disk`` keeps them."""
        new = [t.to_dict() if isinstance(t, PolicyTerm) else PolicyTerm.from_dict(t).to_dict() for t in terms]
        ids = {data["id"] for data in new}
        kept = [data for data in self.rules.get("terms", []) if data.get("id") not in ids]
        self.set_rules({**self.rules, "terms": kept + new})

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        matches = self._matches(doc)
        matches.update(self._matches_across_spaces(doc))
        add_entities(doc, [(Span(doc, start, end, label=LABEL), term, term.id)
                           for start, end, term in self._longest_first(matches)])
        return doc

    def _matches(self, doc: Doc) -> set[tuple[int, int, int]]:
        found = {(start, end, key) for key, start, end in self.phrase_matcher(doc)}
        if len(self.matcher):
            found.update((start, end, key) for key, start, end in self.matcher(doc))
        if self._regexes:
            text = self._token_string(doc)
            present = set(text)
            for regex, needed, key in self._regexes:
                if any(chars.isdisjoint(present) for chars in needed):  # a required word is absent
                    continue
                found.update((m.start(), m.end(), key) for m in regex.finditer(text) if m.end() > m.start())
        return found

    def _token_string(self, doc: Doc) -> str:
        """One character per token: the code of its lowercase form, or ``_OTHER``."""
        lowers = doc.to_array(LOWER)
        if not len(self._word_ids):
            return chr(_OTHER) * len(lowers)
        where = numpy.minimum(numpy.searchsorted(self._word_ids, lowers), len(self._word_ids) - 1)
        codes = numpy.where(self._word_ids[where] == lowers, self._word_codes[where], _OTHER)
        return codes.astype("<u4").tobytes().decode("utf-32-le")

    def _matches_across_spaces(self, doc: Doc) -> set[tuple[int, int, int]]:
        spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
        inline = [i for i in spaces if doc[i].text.count("\n") <= 1]  # not a paragraph break
        found: set[tuple[int, int, int]] = set()
        dropped = set(inline)
        for lo, hi in _windows(inline, self._longest, len(doc)):
            # the window's tokens minus inline spaces, remembering where each came from
            keep = [i for i in range(lo, hi) if i not in dropped]
            if len(keep) < 2:
                continue
            copy = Doc(self.nlp.vocab, words=[doc[i].text for i in keep])
            for start, end, key in self._matches(copy):
                first, last = keep[start], keep[end - 1]
                if last - first != end - 1 - start:  # the match crosses a dropped space
                    found.add((first, last + 1, key))
        return found

    def _longest_first(self, matches: set[tuple[int, int, int]]) -> list[tuple[int, int, PolicyTerm]]:
        """Longest non-overlapping matches in text order; ties go to the earlier term of the pack."""
        ranked = sorted(matches, key=lambda m: (m[0] - m[1], m[0], self._by_key[m[2]][0]))
        taken: set[int] = set()
        kept = []
        for start, end, key in ranked:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                kept.append((start, end, self._by_key[key][1]))
        return sorted(kept, key=lambda m: m[0])


def _phrase_variants(phrases: Iterable[str]) -> list[str]:
    """Each phrase, plus its typographic-apostrophe twin (news text uses both)."""
    out: list[str] = []
    for phrase in phrases:
        for variant in (phrase, phrase.replace("'", "\u2019"), phrase.replace("\u2019", "'")):
            if variant not in out:
                out.append(variant)
    return out


def _to_regex(pattern: list[dict[str, Any]], codes: dict[str, int]) -> tuple[str, tuple[frozenset[str], ...]] | None:
    """A regex over token characters equivalent to ``pattern``, or None if it tests more than words.

    Also returns the character sets of the pattern's required tokens: a doc that lacks
    all characters of any one set cannot match, and the regex is not run on it.
    """
    parts = []
    needed: set[frozenset[str]] = set()
    for spec in pattern:
        tests = [attr for attr in _WORD_TESTS if attr in spec]
        if len(tests) != 1 or set(spec) - {tests[0], "OP"}:
            return None
        value = spec[tests[0]]
        if isinstance(value, str):
            words, negate = [value], False
        elif isinstance(value, dict) and len(value) == 1 and ("IN" in value or "NOT_IN" in value):
            words, negate = list(value.get("IN", value.get("NOT_IN"))), "NOT_IN" in value
        else:
            return None
        if not all(isinstance(word, str) for word in words):
            return None
        if tests[0] != "LOWER" and any(word != word.lower() or word != word.upper() for word in words):
            return None  # a case-sensitive test on cased letters: leave it to the Matcher
        points = {codes.setdefault(w.lower(), _FIRST_CODE + len(codes)) for w in words}
        chars = "".join("\\u%04x" % point for point in sorted(points))
        op = spec.get("OP")
        if op == "!":
            negate, op = not negate, None
        if not negate and points and _required(op):
            needed.add(frozenset(map(chr, points)))
        if negate:
            unit = f"[^{chars}]" if chars else "."
        else:
            unit = f"[{chars}]" if chars else "(?!)"
        if op in (None, "1"):
            parts.append(unit)
        elif op in ("?", "*", "+"):
            parts.append(unit + op)
        elif isinstance(op, str) and _REPEAT.match(op):
            parts.append(unit + op)
        else:
            return None
    return "".join(parts), tuple(sorted(needed, key=len))


def _required(op: Any) -> bool:
    """Whether a token spec with this ``OP`` must match at least once."""
    if op in (None, "1", "+"):
        return True
    repeat = _REPEAT.match(op) if isinstance(op, str) else None
    return bool(repeat and repeat.group(1) and int(repeat.group(1)) > 0)


def _max_length(spec: dict[str, Any]) -> int:
    op = spec.get("OP")
    if op in (None, "!", "?", "1"):
        return 1
    if op in ("+", "*"):
        return _OPEN_ENDED
    repeat = _REPEAT.match(op) if isinstance(op, str) else None
    if repeat:
        low, comma, high = repeat.groups()
        if not comma:
            return int(low or 1)
        return int(high) if high else int(low or 0) + _OPEN_ENDED
    return _OPEN_ENDED


def _windows(positions: list[int], reach: int, size: int) -> list[tuple[int, int]]:
    """Merged token windows ``[i - reach, i + reach]`` around sorted ``positions``."""
    windows: list[list[int]] = []
    for i in positions:
        lo, hi = max(0, i - reach), min(size, i + reach + 1)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    return [(lo, hi) for lo, hi in windows]
