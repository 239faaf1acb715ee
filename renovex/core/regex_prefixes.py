"""The literal text a regular expression's matches can start with.

A large alternation of cue patterns is tried by Python's ``re`` at every word of a
sentence, alternative by alternative. Knowing the first few characters every match
must start with lets a caller test only the words that start that way (see
``linking.rules.LinkRules.find_cues``). The analysis reads the pattern's parse tree and gives
up (returns None) whenever it cannot be sure, so callers fall back to a full scan.

Two analyses live here: ``literal_prefixes`` (the literal text of a str pattern, for
tries of prefixes) and ``start_table`` (the first bytes of a bytes pattern, sets and
classes included, for a table looked up per position). ``WindowRegex``, ``fold`` and
``folded_twin`` let case-insensitive rules use such prefixes on case-folded text.
"""
from __future__ import annotations

import re
from re import _casefix
from re import _constants as C  # noqa: N812  (the stdlib's own parser, stable since 3.11)
from re import _parser
from typing import Iterator

_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_LIMIT = 2000  # distinct prefixes before giving up


def literal_prefixes(pattern: str, length: int = 3, ignore_case: bool = False) -> set[str] | None:
    """Every string of up to ``length`` characters that a match of ``pattern`` can start
    with, or None when that cannot be worked out (a class, a wildcard, a repeat or an
    empty match at the start). A prefix shorter than ``length`` means the literal part
    ends there ("is" in ``is\\d``). For a case-insensitive pattern the prefixes are
    lower-cased and must be looked for case-insensitively."""
    try:
        tree = _parser.parse(pattern, 0)
    except Exception:  # noqa: BLE001 - an invalid pattern is the caller's error to report
        return None
    found = _prefixes(list(tree), length)
    if found is None:
        return None
    prefixes = {prefix for prefix, _ in found}
    if "" in prefixes:
        return None
    if ignore_case or tree.state.flags & C.SRE_FLAG_IGNORECASE:
        # matched case-insensitively by the caller; lower-casing can only merge prefixes
        prefixes = {prefix.lower() for prefix in prefixes}
    return prefixes


def _prefixes(items: list, length: int) -> set[tuple[str, bool]] | None:
    """(prefix, closed) pairs of a parsed sequence; a closed prefix cannot grow."""
    results: set[tuple[str, bool]] = {("", False)}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # \b, lookarounds: they do not consume characters
        growing = {p for p, closed in results if not closed and len(p) < length}
        if not growing:
            break
        results = {(p, c) for p, c in results if c or len(p) >= length}
        if op is C.LITERAL:
            parts: set[tuple[str, bool]] | None = {(chr(av), False)}
        elif op is C.SUBPATTERN:
            parts = _prefixes(list(av[-1]), length)
        elif op is C.BRANCH:
            parts = set()
            for branch in av[1]:
                sub = _prefixes(list(branch), length)
                if sub is None:
                    return None
                parts |= sub
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            sub = _prefixes(list(av[2]), length)
            parts = None if sub is None else sub | {("", False)}
        else:
            parts = {("", True)}  # anything else ends the literal part here
        if parts is None:
            return None
        results |= {((p + q)[:length], closed) for p in growing for q, closed in parts}
        if len(results) > _LIMIT:
            return None
    return results


# -- byte patterns ------------------------------------------------------------------
# The same analysis for a bytes pattern, where a position's first bytes are looked up in
# a table: here character sets, classes and repeats count too (``literal_prefixes``
# stops at them, as its callers build tries of literal prefixes).

_ANY_BYTE = frozenset(range(256))
_CATEGORY_BYTES = {
    C.CATEGORY_DIGIT: frozenset(b"0123456789"),
    C.CATEGORY_SPACE: frozenset(b" \t\n\r\f\v"),
    C.CATEGORY_WORD: frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
}
_CATEGORY_BYTES.update({
    C.CATEGORY_NOT_DIGIT: _ANY_BYTE - _CATEGORY_BYTES[C.CATEGORY_DIGIT],
    C.CATEGORY_NOT_SPACE: _ANY_BYTE - _CATEGORY_BYTES[C.CATEGORY_SPACE],
    C.CATEGORY_NOT_WORD: _ANY_BYTE - _CATEGORY_BYTES[C.CATEGORY_WORD],
})
_PREFIX_LIMIT = 4000  # distinct prefixes before the analysis gives up


def _byte_set(op, av) -> frozenset[int] | None:
    """The bytes one parsed item matches, when it matches exactly one byte; else None."""
    if op is C.LITERAL:
        return frozenset((av,))
    if op is C.NOT_LITERAL:
        return _ANY_BYTE - {av}
    if op is C.ANY:
        return _ANY_BYTE - {10}
    if op is not C.IN:
        return None
    found: set[int] = set()
    negate = False
    for kind, value in av:
        if kind is C.NEGATE:
            negate = True
        elif kind is C.LITERAL:
            found.add(value)
        elif kind is C.RANGE:
            found.update(range(value[0], value[1] + 1))
        elif kind is C.CATEGORY and value in _CATEGORY_BYTES:
            found |= _CATEGORY_BYTES[value]
        else:
            return None
    return _ANY_BYTE - found if negate else frozenset(found)


def _byte_prefixes(items: list, length: int) -> set[tuple[bytes, bool]] | None:
    """``(prefix, closed)`` pairs: the first ``length`` bytes a match of the parsed sequence
    can start with; a closed prefix is shorter because what follows it is not worked out
    (a repeat, a conditional). None when the analysis gives up."""
    results: set[tuple[bytes, bool]] = {(b"", False)}
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: \b, lookarounds
        growing = {p for p, closed in results if not closed and len(p) < length}
        if not growing:
            break
        results = {(p, c) for p, c in results if c or len(p) >= length}
        one = _byte_set(op, av)
        parts: set[tuple[bytes, bool]] | None
        if one is not None:
            parts = {(bytes((b,)), False) for b in one}
        elif op is C.SUBPATTERN:
            if av[1] & C.SRE_FLAG_IGNORECASE:
                return None  # an inline (?i): the literals above would be too narrow
            parts = _byte_prefixes(list(av[-1]), length)
        elif op is C.BRANCH:
            parts = set()
            for branch in av[1]:
                sub = _byte_prefixes(list(branch), length)
                if sub is None:
                    return None
                parts |= sub
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, item = av
            sub = _byte_prefixes(list(item), length)
            if sub is None:
                return None
            if low == high == 1:
                parts = sub
            else:  # one copy, then stop; or none at all
                parts = {(p, True) for p, _ in sub if p}
                if low == 0 or any(not p for p, _ in sub):
                    parts.add((b"", False))
        else:
            parts = {(b"", True)}
        if parts is None:
            return None
        results |= {((p + q)[:length], closed) for p in growing for q, closed in parts}
        if len(results) > _PREFIX_LIMIT:
            return None
    return results


def start_table(pattern: bytes, length: int = 3) -> list | None:
    """Per first byte of a position, whether ``pattern`` can match there: None (never),
    True (maybe), or the set of ``length``-byte prefixes it can start with. Trying a
    regex costs several times a table look-up, and most positions cannot start it (the
    time families of ``timex`` try their patterns only where the table allows). None when
    the pattern cannot be analysed."""
    try:
        tree = _parser.parse(pattern, 0)
    except Exception:  # noqa: BLE001 - analysis only; the caller then tries every start
        return None
    if tree.state.flags & C.SRE_FLAG_IGNORECASE:
        return None
    found = _byte_prefixes(list(tree), length)
    if not found or any(not p for p, _ in found):
        return None
    table: list = [None] * 256
    for prefix, _ in found:
        first = prefix[0]
        if len(prefix) < length:
            table[first] = True
        elif table[first] is not True:
            table[first] = (table[first] or frozenset()) | {prefix}
    return table




def trie_pattern(words: set[str] | list[str]) -> str:
    """An alternation of ``words`` factored by shared prefixes ("a(?:dd|im)|b..."): ``re``
    tries alternatives one by one, so a trie fails at the first character that no word
    has instead of once per word."""
    words = sorted(set(words))
    if not words:
        return "(?!)"
    if "" in words:
        rest = [w for w in words if w]
        return f"(?:{trie_pattern(rest)})?" if rest else ""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    alternatives = [re.escape(first) + trie_pattern(tails) for first, tails in groups.items()]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


class PrefixedRegex:
    """A regex whose ``finditer``/``search`` try it only where one of its literal prefixes
    starts (found by one trie scan), with the same results as the plain regex's.

    Python's ``re`` tries a large alternation alternative by alternative at every position;
    cue and terminator lists of a rule pack are such alternations, run on every sentence.
    When the prefixes cannot be worked out it simply scans as ``re`` does.
    """

    def __init__(self, pattern: str, flags: int = 0, length: int = 3):
        self.regex = re.compile(pattern, flags)
        self.pattern = pattern
        prefixes = literal_prefixes(pattern, length, ignore_case=bool(self.regex.flags & re.IGNORECASE))
        self._starts = (re.compile(f"(?={trie_pattern(prefixes)})", self.regex.flags & re.IGNORECASE)
                        if prefixes else None)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        endpos = len(text) if endpos is None else endpos
        if self._starts is None:
            yield from self.regex.finditer(text, pos, endpos)
            return
        yield from _matches_at(self.regex, self._starts.finditer(text, pos, endpos), text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


class FirstMatchScanner:
    """``finditer`` over the alternation of ``patterns`` (the first pattern that matches at a
    position wins, as in ``p0|p1|...``), yielding ``(index, match)``.

    Each position where some pattern's literal prefix starts tries only the patterns with
    that prefix, in order, instead of every alternative; case-sensitive patterns only (run
    them on lower-cased text). Without usable prefixes it runs the plain alternation.
    """

    def __init__(self, patterns: list[str], length: int = 3):
        self.singles = [re.compile(p) for p in patterns]
        starts = [literal_prefixes(p, length) for p in patterns]
        self._combined = None
        if not patterns or any(s is None or any(x != x.lower() for x in s) for s in starts):
            # some pattern's start is unknown (or upper-case): one alternation with a group each
            self._combined = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)) or "(?!)")
            return
        index: dict[str, set[int]] = {}
        for number, prefixes in enumerate(starts):
            for prefix in prefixes or ():
                index.setdefault(prefix, set()).add(number)
        # The trie captures the longest prefix starting at a position (its optional tails are
        # greedy); every shorter one starting there is a prefix of it. So each prefix maps to
        # the patterns of all its own prefixes, in order: one lookup per position.
        self._candidates = {prefix: sorted({n for other, numbers in index.items() if prefix.startswith(other)
                                            for n in numbers}) for prefix in index}
        self._starts = re.compile(f"(?=({trie_pattern(set(index))}))")

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match]]:
        if self._combined is not None:
            for match in self._combined.finditer(text):
                yield int(match.lastgroup[1:]), match
            return
        candidates, singles, resume = self._candidates, self.singles, 0
        for start in self._starts.finditer(text):
            position = start.start()
            if position < resume:
                continue
            for number in candidates[start.group(1)]:
                match = singles[number].match(text, position)
                if match is not None:
                    yield number, match
                    resume = max(match.end(), position + 1)
                    break



# Characters that re's IGNORECASE matches to an ASCII letter although str.lower() does
# not make them that letter ("ſ" matches "s", "ı" matches "i").
_FOLDS_TO_ASCII = "".join(sorted({chr(other) for code, others in _casefix._EXTRA_CASES.items() if code < 128
                                  for other in others if other >= 128}))


def fold(text: str) -> str | None:
    """``text.lower()`` when, at every offset, an ASCII literal occurs in it exactly where an
    IGNORECASE regex would match that literal in ``text``; else None ("İ" lower-cases to two
    characters and shifts offsets; "ſ" matches "s" but does not lower-case to it)."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII)):
        return None
    return low


class WindowRegex:
    """A regex searched in many small windows of one text ("the 40 characters before each
    place"), with the same results as the plain regex: a window in which none of its
    literal prefixes occurs is not searched.

    Most windows hold no prefix of a rare cue ("ranks", "compared with"). Looking for the
    prefixes is one case-sensitive trie search, for a case-insensitive regex on the text
    :func:`fold`-ed, several times cheaper than the IGNORECASE alternation tried at every
    position. Without usable prefixes (none worked out, or not ASCII), or without a folded
    text, the window is simply searched.
    """

    def __init__(self, pattern: str, flags: int = 0, length: int = 3):
        self.regex = re.compile(pattern, flags)
        self._ignore_case = bool(self.regex.flags & re.IGNORECASE)
        prefixes = literal_prefixes(pattern, length, ignore_case=self._ignore_case)
        self._starts = re.compile(trie_pattern(prefixes)) if prefixes and all(p.isascii() for p in prefixes) else None
        # every position where a prefix starts (overlapping ones too), for finditer
        self._all_starts = re.compile(f"(?={self._starts.pattern})") if self._starts else None

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def possible(self, text: str, pos: int, endpos: int, folded: str | None = None) -> bool:
        """Whether a match can start in ``text[pos:endpos]``; ``folded`` is ``fold(text)``."""
        if self._starts is None:
            return True
        if self._ignore_case:
            if folded is None:
                return True
            text = folded
        return self._starts.search(text, pos, endpos) is not None

    def search(self, text: str, pos: int, endpos: int, folded: str | None = None) -> re.Match | None:
        """``regex.search(text, pos, endpos)``."""
        return self.regex.search(text, pos, endpos) if self.possible(text, pos, endpos, folded) else None

    def search_slice(self, text: str, pos: int, endpos: int, folded: str | None = None) -> re.Match | None:
        """``regex.search(text[pos:endpos])``: anchors and ``\\b`` see the slice's ends."""
        return self.regex.search(text[pos:endpos]) if self.possible(text, pos, endpos, folded) else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None,
                 folded: str | None = None) -> Iterator[re.Match]:
        """``regex.finditer(text, pos, endpos)``. A case-insensitive regex given ``folded`` is
        tried only where a prefix starts in the folded text (a long text: the scan for the
        prefixes is case-sensitive, and cheaper than the IGNORECASE alternation everywhere)."""
        endpos = len(text) if endpos is None else endpos
        if self._ignore_case and folded is not None and self._all_starts is not None:
            return self._at_prefixes(text, pos, endpos, folded)
        return self.regex.finditer(text, pos, endpos) if self.possible(text, pos, endpos, folded) else iter(())

    def _at_prefixes(self, text: str, pos: int, endpos: int, folded: str) -> Iterator[re.Match]:
        return _matches_at(self.regex, self._all_starts.finditer(folded, pos, endpos), text, pos, endpos)


def _matches_at(regex: re.Pattern, starts: Iterator[re.Match], text: str, pos: int, endpos: int) -> Iterator[re.Match]:
    """What ``regex.finditer(text, pos, endpos)`` yields, given every position a match can
    start at (``starts``, zero-width matches in order): tried there only, none overlapping."""
    match_at, resume = regex.match, pos
    for start in starts:
        position = start.start()
        if position < resume:
            continue
        match = match_at(text, position, endpos)
        if match is not None:
            yield match
            resume = max(match.end(), position + 1)


# Character categories whose membership no character loses or gains by str.lower() (checked
# over every code point in tests/test_regex_prefixes.py).
_CASE_STABLE_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_SPACE, C.CATEGORY_WORD, C.CATEGORY_NOT_WORD,
                           C.CATEGORY_DIGIT, C.CATEGORY_NOT_DIGIT}
_CASE_STABLE_AT = {C.AT_BOUNDARY, C.AT_NON_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING,
                   C.AT_END, C.AT_END_STRING}


def folded_twin(pattern: str) -> re.Pattern | None:
    """``pattern`` compiled case-sensitively, for a pattern meant to be run with IGNORECASE
    whose literals are all lower-case ASCII: on :func:`fold`-ed text it matches exactly
    where the IGNORECASE regex matches the original text, several times faster (an
    IGNORECASE alternation is tried character class by character class). None when the
    pattern has anything else (an upper-case or non-ASCII literal, a set of characters, a
    wildcard, a back-reference, a flag), whose matching could differ on the folded text."""
    try:
        tree = _parser.parse(pattern, 0)
    except Exception:  # noqa: BLE001 - an invalid pattern is the caller's error to report
        return None
    if tree.state.flags & ~C.SRE_FLAG_UNICODE or not _case_stable(list(tree)):
        return None
    return re.compile(pattern)


def _case_stable(items: list) -> bool:
    for op, av in items:
        if op is C.LITERAL:
            if not (av < 128 and chr(av) == chr(av).lower()):
                return False
        elif op is C.AT:
            if av not in _CASE_STABLE_AT:
                return False
        elif op is C.IN:
            if not all(kind is C.CATEGORY and what in _CASE_STABLE_CATEGORIES for kind, what in av):
                return False
        elif op is C.SUBPATTERN:
            if av[1] or av[2] or not _case_stable(list(av[3])):
                return False  # (scoped flags)
        elif op is C.BRANCH:
            if not all(_case_stable(list(branch)) for branch in av[1]):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if not _case_stable(list(av[2])):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _case_stable(list(av[1])):
                return False
        else:
            return False
    return True
