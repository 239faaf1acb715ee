"""``renovex_terms``: mark policy terms (programmes, works, finance, governance) as POLICY_TERM.

Phrases and token patterns made only of word tests (``LOWER``, or ``ORTH``/``TEXT`` on
caseless words like "-", with ``IN``/``NOT_IN`` and any ``OP``) are compiled to regular
expressions over a string with one character per token: each word named by a phrase or a
pattern gets its own character, every other token shares one. One such string per Doc
serves every term, and a term whose required words are absent is not even tried. spaCy's
Matcher costs about 1 µs per token for each pattern (its ``IN`` sets are Python calls), so
only patterns using other attributes (``LIKE_NUM``, ``SHAPE``, ...) run on it.
Of overlapping matches the longest wins.

Terms broken by a non-breaking space, a double space or a single line break (space
tokens inside a phrase) are found because such spaces are left out of the token string;
a blank line (paragraph break) is never crossed.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import numpy
from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import Matcher
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
        self.matcher = Matcher(vocab, validate=True)
        codes: dict[str, int] = {}
        self._regexes: list[tuple[re.Pattern, tuple[frozenset[str], ...], int]] = []
        starts: list[frozenset[str] | None] = []
        longest = 1
        for rank, term in enumerate(self.terms):
            key = vocab.strings.add(term.id)
            self._by_key[key] = (rank, term)
            phrases = _phrase_variants(term.phrases)
            if phrases:
                words = [[token.lower_ for token in doc] for doc in self.nlp.tokenizer.pipe(phrases)]
                longest = max(longest, *(len(w) for w in words))
                compiled = _phrases_to_regex(words, codes)
                self._regexes.append((re.compile(compiled[0]), compiled[1], key))
                starts.append(compiled[2])
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
                    starts.append(compiled[2])
        self._index_starts(starts)
        if len(codes) > 0xD800 - _FIRST_CODE:
            raise ValueError(f"{self.name}: patterns name too many distinct words ({len(codes)})")
        ids = numpy.array([vocab.strings.add(word) for word in codes], dtype="uint64")
        order = numpy.argsort(ids)
        self._word_ids = ids[order]
        self._word_codes = numpy.array(list(codes.values()), dtype="uint32")[order]
        self._longest = longest

    def _index_starts(self, starts: list[frozenset[str] | None]) -> None:
        """Regexes by the token characters their matches start with: only positions holding
        such a character are tried (one scan per Doc instead of one per regex)."""
        self._by_start: dict[str, list[int]] = {}
        self._unanchored = [index for index, chars in enumerate(starts) if not chars]
        for index, chars in enumerate(starts):
            for char in chars or ():
                self._by_start.setdefault(char, []).append(index)
        self._start_chars = re.compile("[" + "".join(sorted(self._by_start)) + "]" if self._by_start else "(?!)")

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
        if len(self.matcher):
            matches.update(self._matcher_matches(doc))
        add_entities(doc, [(Span(doc, start, end, label=LABEL), term, term.id)
                           for start, end, term in self._longest_first(matches)])
        return doc

    def _inline_spaces(self, doc: Doc) -> list[int]:
        """Space tokens inside a paragraph (not a blank line), which a term may span."""
        spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
        return [i for i in spaces if doc[i].text.count("\n") <= 1]

    def _matches(self, doc: Doc) -> set[tuple[int, int, int]]:
        """Matches of the phrases and word patterns: regexes over the token string, with
        inline spaces left out and match offsets mapped back to token indices."""
        found: set[tuple[int, int, int]] = set()
        if not self._regexes:
            return found
        lowers = doc.to_array(LOWER)
        inline = self._inline_spaces(doc)
        kept = numpy.delete(numpy.arange(len(doc)), inline) if inline else None
        text = self._token_string(lowers if kept is None else lowers[kept])
        present = set(text)
        runnable: dict[int, bool] = {}

        def add(match: re.Match, key: int) -> None:
            start, end = match.span()
            if end > start:
                found.add((start, end, key) if kept is None else (int(kept[start]), int(kept[end - 1]) + 1, key))

        for candidate in self._start_chars.finditer(text):
            position = candidate.start()
            for index in self._by_start[candidate.group()]:
                regex, needed, key = self._regexes[index]
                if index not in runnable:  # a term whose required words are absent is never tried
                    runnable[index] = not any(chars.isdisjoint(present) for chars in needed)
                if runnable[index]:
                    match = regex.match(text, position)
                    if match:
                        add(match, key)
        for index in self._unanchored:
            regex, needed, key = self._regexes[index]
            if not any(chars.isdisjoint(present) for chars in needed):
                for match in regex.finditer(text):
                    add(match, key)
        return found

    def _token_string(self, lowers: numpy.ndarray) -> str:
        """One character per token: the code of its lowercase form, or ``_OTHER``."""
        if not len(self._word_ids):
            return chr(_OTHER) * len(lowers)
        where = numpy.minimum(numpy.searchsorted(self._word_ids, lowers), len(self._word_ids) - 1)
        codes = numpy.where(self._word_ids[where] == lowers, self._word_codes[where], _OTHER)
        return codes.astype("<u4").tobytes().decode("utf-32-le")

    def _matcher_matches(self, doc: Doc) -> set[tuple[int, int, int]]:
        """Matches of the patterns left to spaCy's Matcher, also across inline spaces
        (on a copy of the few tokens around each such space, without it)."""
        found = {(start, end, key) for key, start, end in self.matcher(doc)}
        inline = self._inline_spaces(doc)
        dropped = set(inline)
        for lo, hi in _windows(inline, self._longest, len(doc)):
            keep = [i for i in range(lo, hi) if i not in dropped]
            if len(keep) < 2:
                continue
            copy = Doc(self.nlp.vocab, words=[doc[i].text for i in keep])
            for key, start, end in self.matcher(copy):
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


# a compiled pattern: regex source, required character sets, first characters (or None)
_Compiled = tuple[str, tuple[frozenset[str], ...], frozenset[str] | None]


def _phrases_to_regex(phrases: list[list[str]], codes: dict[str, int]) -> _Compiled:
    """One regex over token characters for a term's phrases (lists of lowercase words),
    longest first, with the words every phrase needs (a doc lacking one is skipped) and
    the characters a match starts with."""
    alternatives, common, first = [], None, set()
    for words in sorted(phrases, key=len, reverse=True):
        points = [codes.setdefault(word, _FIRST_CODE + len(codes)) for word in words]
        first.add(points[0])
        alternatives.append("".join("\\u%04x" % point for point in points))
        chars = {chr(point) for point in points}
        common = chars if common is None else common & chars
    needed = tuple(frozenset({char}) for char in sorted(common or ()))
    return "(?:" + "|".join(alternatives) + ")", needed, frozenset(map(chr, first))


def _to_regex(pattern: list[dict[str, Any]], codes: dict[str, int]) -> _Compiled | None:
    """A regex over token characters equivalent to ``pattern``, or None if it tests more than words.

    Also returns the character sets of the pattern's required tokens (a doc that lacks
    all characters of any one set cannot match, and the regex is not run on it) and the
    characters a match starts with (None when it can start anywhere).
    """
    parts = []
    needed: set[frozenset[str]] = set()
    # the characters a match can start with: those of the units up to the first required one
    first: set[int] | None = set()
    first_open = True
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
        if first_open:
            first = None if (negate or first is None) else first | points
            first_open = first is not None and not _required(op)
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
    starts = frozenset(map(chr, first)) if first is not None and not first_open else None
    return "".join(parts), tuple(sorted(needed, key=len)), starts


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
