"""``renovex_terms``: mark policy terms (programmes, works, finance, governance) as POLICY_TERM.

Phrases and token patterns made only of word tests (``LOWER``, or ``ORTH``/``TEXT`` on
caseless words like "-", with ``IN``/``NOT_IN`` and any ``OP``) are compiled to regular
expressions over a string with one character per token: each word named by a phrase or a
pattern gets its own character, every other token shares one. One such string per Doc
serves every term: a regex is tried only where its first token stands and the next token
can follow it. spaCy's
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
from ...core.resources import DEFAULT_PACK
from ...engines.terms import PolicyTerm, load_terms
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
        self._label = vocab.strings.add(LABEL)  # an id: Span() looks a label string up each time
        self._by_key: dict[int, tuple[int, PolicyTerm]] = {}
        self.matcher = Matcher(vocab, validate=True)
        codes: dict[str, int] = {}
        self._regexes: list[tuple[re.Pattern, tuple[frozenset[str], ...], int]] = []
        starts: list[frozenset[str] | None] = []
        seconds: list[frozenset[str] | None] = []
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
                seconds.append(compiled[3])
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
                    seconds.append(compiled[3])
        self._index_starts(starts, seconds)
        if len(codes) > 0xD800 - _FIRST_CODE:
            raise ValueError(f"{self.name}: patterns name too many distinct words ({len(codes)})")
        ids = numpy.array([vocab.strings.add(word) for word in codes], dtype="uint64")
        order = numpy.argsort(ids)
        # a last id no LOWER hash can exceed keeps searchsorted() inside the arrays
        self._word_ids = numpy.append(ids[order], numpy.uint64(2**64 - 1))
        self._word_codes = numpy.append(numpy.array(list(codes.values()), dtype="uint32")[order], numpy.uint32(_OTHER))
        self._longest = longest
        self._inline_by_id: dict[int, bool] = {}  # space token's LOWER id -> at most one line break

    def _index_starts(self, starts: list[frozenset[str] | None], seconds: list[frozenset[str] | None]) -> None:
        """Regexes by the token characters their matches start with: only positions holding
        such a character are tried (one scan per Doc instead of one per regex), and of
        those only the regexes whose match can have the next token second (a table per
        start character, by second character; a regex that allows any second token or a
        one-token match is in every entry). Trying them costs less than working out which
        terms a Doc's words rule out; only a regex that can start anywhere (and so scans
        the whole Doc) is checked that way."""
        grouped: dict[str, list[tuple[Any, int, frozenset[str] | None]]] = {}
        self._unanchored = [self._regexes[index] for index, chars in enumerate(starts) if not chars]
        for (regex, _, key), chars, second in zip(self._regexes, starts, seconds):
            for char in chars or ():
                grouped.setdefault(char, []).append((regex.match, key, second))
        self._by_start: dict[str, tuple[dict[str, tuple], tuple]] = {}
        for char, entries in grouped.items():
            anywhere = tuple((match, key) for match, key, second in entries if second is None)
            nexts = set().union(*(second for _, _, second in entries if second is not None))
            self._by_start[char] = ({c: tuple((match, key) for match, key, second in entries
                                              if second is None or c in second) for c in nexts}, anywhere)
        self._start_chars = _candidates_regex(self._by_start)

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
        # one call for both columns (each to_array call costs more than reading a column)
        table = doc.to_array([LOWER, IS_SPACE])
        inline = self._inline_spaces(doc, table)
        matches = self._matches(numpy.ascontiguousarray(table[:, 0]), inline)
        if len(self.matcher):
            matches.update(self._matcher_matches(doc, inline))
        label = self._label
        add_entities(doc, [(Span(doc, start, end, label=label), term, term.id)
                           for start, end, term in self._longest_first(matches, len(doc))])
        return doc

    def _inline_spaces(self, doc: Doc, table: numpy.ndarray) -> list[int]:
        """Space tokens inside a paragraph (not a blank line), which a term may span.

        ``table`` holds each token's LOWER id and IS_SPACE flag; the LOWER of a space is its
        text (spaces have no case), so the few distinct spaces are read once each."""
        spaces = numpy.flatnonzero(table[:, 1]).tolist()
        if not spaces:
            return spaces
        known = self._inline_by_id
        inline = []
        for i, lower in zip(spaces, table[spaces, 0].tolist()):
            flag = known.get(lower)
            if flag is None:
                if len(known) > 10000:  # odd whitespace runs are all different: keep the memo small
                    known.clear()
                flag = known[lower] = doc[i].text.count("\n") <= 1
            if flag:
                inline.append(i)
        return inline

    def _matches(self, lowers: numpy.ndarray, inline: list[int]) -> set[tuple[int, int, int]]:
        """Matches of the phrases and word patterns: regexes over the token string, with
        inline spaces left out and match offsets mapped back to token indices."""
        found: set[tuple[int, int, int]] = set()
        if not self._regexes:
            return found
        kept = None
        if inline:
            keep = numpy.ones(len(lowers), dtype=bool)
            keep[inline] = False
            lowers = lowers[keep]
            kept = numpy.flatnonzero(keep)  # token index of each character of the token string
        text = self._token_string(lowers)
        spans = []
        by_start = self._by_start
        for candidate in self._start_chars.finditer(text):
            position = candidate.start()
            by_next, anywhere = by_start[candidate.group()]
            for match, key in by_next.get(text[position + 1:position + 2], anywhere):
                hit = match(text, position)
                if hit is not None:
                    spans.append((position, hit.end(), key))
        if self._unanchored:
            present = set(text)
            for regex, needed, key in self._unanchored:
                if not any(chars.isdisjoint(present) for chars in needed):  # its required words are there
                    for hit in regex.finditer(text):
                        spans.append((hit.start(), hit.end(), key))
        if kept is not None and spans:
            kept = kept.tolist()
        for start, end, key in spans:
            if end > start:
                found.add((start, end, key) if kept is None else (kept[start], kept[end - 1] + 1, key))
        return found

    def _token_string(self, lowers: numpy.ndarray) -> str:
        """One character per token: the code of its lowercase form, or ``_OTHER``."""
        where = self._word_ids.searchsorted(lowers)
        codes = numpy.where(self._word_ids[where] == lowers, self._word_codes[where], numpy.uint32(_OTHER))
        return codes.astype("<u4", copy=False).tobytes().decode("utf-32-le")

    def _matcher_matches(self, doc: Doc, inline: list[int]) -> set[tuple[int, int, int]]:
        """Matches of the patterns left to spaCy's Matcher, also across inline spaces
        (on a copy of the few tokens around each such space, without it)."""
        found = {(start, end, key) for key, start, end in self.matcher(doc)}
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

    def _longest_first(self, matches: set[tuple[int, int, int]], size: int) -> list[tuple[int, int, PolicyTerm]]:
        """Longest non-overlapping matches in text order; ties go to the earlier term of the pack.
        ``size`` is the number of tokens."""
        by_key = self._by_key
        # plain tuples sort in C; (start, end, key) are unique, so no two tuples tie
        ranked = sorted([(start - end, start, by_key[key][0], end, key) for start, end, key in matches])
        taken = bytearray(size)  # 1 for a token inside a kept match
        kept = []
        for _, start, _, end, key in ranked:
            if taken.find(1, start, end) < 0:
                taken[start:end] = b"\x01" * (end - start)
                kept.append((start, end, by_key[key][1]))
        kept.sort()  # by start: the kept spans do not overlap, so starts differ
        return kept


def _candidates_regex(by_start: dict[str, tuple[dict[str, tuple], tuple]]) -> re.Pattern:
    """Positions worth a look: a start character with a regex that takes any second token,
    or one followed by a second character some regex of a start character needs (the
    engine drops in C the many positions where no regex could match)."""
    if not by_start:
        return re.compile("(?!)")
    anywhere = "".join(sorted(char for char, (_, any_next) in by_start.items() if any_next))
    nexts = "".join(sorted({c for char, (by_next, any_next) in by_start.items() if not any_next
                            for c, tries in by_next.items() if tries}))
    tests = ([f"(?<=[{anywhere}])"] if anywhere else []) + ([f"(?=[{nexts}])"] if nexts else [])
    return re.compile("[" + "".join(sorted(by_start)) + "](?:" + ("|".join(tests) or "(?!)") + ")")


def _phrase_variants(phrases: Iterable[str]) -> list[str]:
    """Each phrase, plus its typographic-apostrophe twin (news text uses both)."""
    out: list[str] = []
    for phrase in phrases:
        for variant in (phrase, phrase.replace("'", "\u2019"), phrase.replace("\u2019", "'")):
            if variant not in out:
                out.append(variant)
    return out


# a compiled pattern: regex source, required character sets, first characters (or None),
# second characters (or None when any token may stand second or the match may be one token)
_Compiled = tuple[str, tuple[frozenset[str], ...], frozenset[str] | None, frozenset[str] | None]


def _phrases_to_regex(phrases: list[list[str]], codes: dict[str, int]) -> _Compiled:
    """One regex over token characters for a term's phrases (lists of lowercase words),
    longest first, with the words every phrase needs, the characters a match starts with
    and those that can stand second."""
    alternatives, common, first, second = [], None, set(), set()
    for words in sorted(phrases, key=len, reverse=True):
        points = [codes.setdefault(word, _FIRST_CODE + len(codes)) for word in words]
        first.add(points[0])
        second.add(chr(points[1]) if len(points) > 1 else None)
        alternatives.append("".join("\\u%04x" % point for point in points))
        chars = {chr(point) for point in points}
        common = chars if common is None else common & chars
    needed = tuple(frozenset({char}) for char in sorted(common or ()))
    seconds = None if None in second else frozenset(second)
    return "(?:" + "|".join(alternatives) + ")", needed, frozenset(map(chr, first)), seconds


def _to_regex(pattern: list[dict[str, Any]], codes: dict[str, int]) -> _Compiled | None:
    """A regex over token characters equivalent to ``pattern``, or None if it tests more than words.

    Also returns the character sets of the pattern's required tokens (a doc that lacks
    all characters of any one set cannot match: a regex that can start anywhere is not run
    on it), the characters a match starts with (None when it can start anywhere) and those
    that can stand second (see :func:`_second_chars`).
    """
    parts = []
    units: list[tuple[frozenset[str] | None, int, float]] = []  # (characters or None for a negation, min, max)
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
        units.append((None if negate else frozenset(map(chr, points)), *_bounds(op)))
        if op in (None, "1"):
            parts.append(unit)
        elif op in ("?", "*", "+"):
            parts.append(unit + op)
        elif isinstance(op, str) and _REPEAT.match(op):
            parts.append(unit + op)
        else:
            return None
    starts = frozenset(map(chr, first)) if first is not None and not first_open else None
    return "".join(parts), tuple(sorted(needed, key=len)), starts, _second_chars(units)


def _bounds(op: Any) -> tuple[int, float]:
    """How many tokens a spec with this ``OP`` takes: (min, max); (0, inf) when unsure."""
    if op in (None, "1"):
        return 1, 1
    if op in ("?", "*", "+"):
        return (0 if op != "+" else 1), (1 if op == "?" else float("inf"))
    repeat = _REPEAT.match(op) if isinstance(op, str) else None
    if repeat and (repeat.group(1) or repeat.group(2)):
        low, comma, high = repeat.groups()
        if not comma:
            return int(low), int(low)
        return int(low or 0), (int(high) if high else float("inf"))
    return 0, float("inf")


def _second_chars(units: list[tuple[frozenset[str] | None, int, float]]) -> frozenset[str] | None:
    """The token characters that can stand second in a match of these units (characters
    or None for a negated test, min and max count), or None when any can or a match may
    be a single token. A superset is fine: it only decides which regexes are tried."""
    end = len(units)

    def closure(states: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Add the states reached by leaving a unit that has taken its minimum."""
        todo, seen = list(states), set()
        while todo:
            i, taken = todo.pop()
            if (i, taken) not in seen:
                seen.add((i, taken))
                if i < end and taken >= units[i][1]:
                    todo.append((i + 1, 0))
        return seen

    start = closure({(0, 0)})
    after_one = closure({(i, taken + 1) for i, taken in start if i < end and taken < units[i][2]})
    chars: set[str] = set()
    for i, taken in after_one:
        if i == end:
            return None  # a one-token match
        if taken < units[i][2]:
            if units[i][0] is None:
                return None
            chars |= units[i][0]
    return frozenset(chars)


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
