"""How time expressions are found fast (the speed layer): cheap anchors found by substring scans over
the folded text, each family's pattern tried only at the word starts just left of an anchor
(narrowed by prefix tables), the overlap selection; and the plain reference that tries every
word start, which tests prove gives the same matches.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ...core.regex_prefixes import trie_pattern
from .folding import _PREFIX, _WORDS, _WORD_START_BYTES, _prepare, _word_starts
from .values import TimeMatch, _Candidate


@dataclass(frozen=True)
class _Family:
    name: str
    regex: re.Pattern  # over the prepared bytes, tried with .match() at word starts only
    handler: Callable[[re.Match, str, date | None], TimeMatch | None]
    anchors: tuple[str, ...]
    before: int  # how far left of an anchor the expression may start


@dataclass(frozen=True)
class _Anchor:
    regex: re.Pattern  # literal first: the scan for it is a fast substring search
    gate: frozenset[bytes] | None  # words of which one must be in the text at all


class _StartFinder:
    """Finds the word starts (in the folded text) that open with one of some prefixes."""

    __slots__ = ("_after_gap", "_at_start")

    def __init__(self, prefixes: bytes):  # an alternation of the prefixes
        # A word starts after a character that is not a letter or digit: a pattern opening
        # with that character class is scanned for in C, where a lookbehind would make re
        # try every position; the lookahead reads the prefix.
        self._after_gap = re.compile(rb"[^a-z0-9](?=" + prefixes + rb")")
        self._at_start = re.compile(rb"(?=" + prefixes + rb")")  # the text's first word

    def starts(self, low: bytes, lo: int, pos: int) -> list[int]:
        """The starts in ``[lo, pos]``, in order (the prefixes may reach past ``pos``)."""
        end = pos + _PREFIX
        if lo > 0:
            found = [m.end() for m in self._after_gap.finditer(low, lo - 1, end)]
        else:
            found = [0] if self._at_start.match(low, 0, end) else []
            found += [m.end() for m in self._after_gap.finditer(low, 0, end)]
        while found and found[-1] > pos:
            found.pop()
        return found


class TimeScan:
    """One text prepared for :meth:`TimeGrammar.find`: its folded bytes and, once found, its
    anchor hits and each family's viable pattern matches (none of which depends on the
    publication date), and the last run against a date (reused for another date)."""

    __slots__ = ("text", "low", "words", "hits", "viable", "dated")

    def __init__(self, text: str):
        self.text = text
        self.low = _prepare(text)
        self.words = self.low.translate(_WORDS)
        self.hits: dict[str, list[int]] = {}  # anchor name -> where it is found
        self.viable: list[list[list[re.Match]]] | None = None  # per family priority: its groups
        # the last run against a publication date: its candidates and its selection
        self.dated: tuple[list[_Candidate], list[_Candidate]] | None = None


class _Finding:
    """The fast finding of :class:`TimeGrammar`: anchors, start finders, viable matches."""

    def _anchor_table(self, progress_anchors: tuple[str, ...]) -> dict[str, _Anchor]:
        """Literal-first regexes over the prepared bytes (a leading literal keeps the scan a
        fast substring search); the lookbehind after the literal asks for a word start, so
        "renovation" (holding "nov") and "update" (holding "date") are not anchors. Anchors
        whose words are absent from the text are not scanned for at all."""
        def anchor(pattern: str, gate) -> _Anchor:
            return _Anchor(re.compile(pattern.encode("ascii")),
                           None if gate is None else frozenset(g.encode("ascii") for g in gate))

        table = {f"y{d}": anchor(rf"{d}(?<![0-9]{d})[0-9][0-9](?![0-9])", None) for d in ("19", "20", "21")}
        table["year"] = anchor("year", ("year", "years"))
        table["weekday"] = anchor("day(?![a-z])", self.weekdays)
        table["q"] = anchor("q(?<![a-z0-9]q)[1-4](?![0-9])", ("q1", "q2", "q3", "q4"))
        plural = {"month": ("month", "months"), "quarter": ("quarter", "quarters")}
        words = ["month", "quarter", "half", "five", "mid", "since", "whole", "full", "entire",
                 *progress_anchors, *self.edges]
        for word in words:
            table[word] = anchor(rf"{re.escape(word)}(?<![a-z]{re.escape(word)})", plural.get(word, (word,)))
        by_prefix: dict[str, set[str]] = {}
        for name in self.months:
            by_prefix.setdefault(name[:3], set()).add(name)
        for prefix, names in sorted(by_prefix.items()):
            rest = "|".join(re.escape(n[3:]) for n in sorted(names, key=len, reverse=True))
            table["month:" + prefix] = anchor(rf"{prefix}(?<![a-z]{prefix})(?:{rest})(?![a-z])", names)
        return table

    @staticmethod
    def _start_finder(tables: list) -> "_StartFinder | None":
        """What finds the word starts where one of the patterns of ``tables`` (from
        ``_start_table``) can begin; None when one has no table."""
        prefixes: set[str] = set()
        for table in tables:
            if table is None:
                return None
            for first in _WORD_START_BYTES:
                entry = table[first]
                if entry is True:
                    prefixes.add(chr(first))
                elif entry:
                    prefixes.update(p.decode("latin-1") for p in entry)
        return _StartFinder(trie_pattern(prefixes).encode("latin-1"))

    def _viable(self, scan: "TimeScan") -> list[list[list[re.Match]]]:
        """Per family, per anchor hit (in the family's anchor order, then text order): the
        family's pattern matches that start at a word start within ``family.before`` left
        of the anchor and reach past it, leftmost first."""
        low, words = scan.low, scan.words
        active = set(self._ungated)  # anchors whose gate words are in the text
        # (intersection() with the word list hashes each word once, without building a set of them)
        for word in self._gate_words.intersection(words.split()):
            active |= self._gated_by[word]
        found: dict[int, dict[str, list[list[re.Match]]]] = {}
        for name in active:
            users, reach, finder = self._users[name], self._reach.get(name, 0), self._finders[name]
            if not users:
                continue
            for pos in self._hits(scan, name):
                lo = max(0, pos - reach)
                starts = _word_starts(words, lo, pos) if finder is None else finder.starts(low, lo, pos)
                if not starts:
                    continue
                for priority, match_at, before, table in users:
                    first = pos - before
                    group = []
                    for start in starts:
                        if start < first:
                            continue
                        if table is not None:  # the finder served several families: this one's test
                            allowed = table[low[start]]
                            if allowed is None or (allowed is not True and low[start:start + _PREFIX] not in allowed):
                                continue
                        match = match_at(low, start)
                        if match is not None and match.end() > pos:
                            group.append(match)
                    if group:
                        found.setdefault(priority, {}).setdefault(name, []).append(group)
        viable: list[list[list[re.Match]]] = [[] for _ in self.families]
        for priority, by_anchor in found.items():
            for name in self.families[priority].anchors:
                viable[priority].extend(by_anchor.get(name, ()))
        return viable

    def _hits(self, scan: TimeScan, name: str) -> list[int]:
        """Where anchor ``name`` is found in the scanned text (found once per text)."""
        hits = scan.hits.get(name)
        if hits is None:
            hits = scan.hits[name] = [m.start() for m in self._anchors[name].regex.finditer(scan.low)]
        return hits

    def _head_hits(self, scan: TimeScan | None, name: str, low: bytes) -> list[int]:
        """Where year anchor ``name`` is found in ``low``, the folded head of the text: the
        scan's hits for the whole text, when there is a scan. A year anchor is four digits
        with no digit on either side, so the hits wholly inside the head are the same, and
        one that ends where the head does is checked there (in the text a digit may follow)."""
        regex, end = self._anchors[name].regex, len(low)
        if scan is None:
            return [m.start() for m in regex.finditer(low)]
        hits = [pos for pos in self._hits(scan, name) if pos + 4 < end]
        if end >= 4 and regex.match(scan.low, end - 4, end):
            hits.append(end - 4)
        return hits


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep non-overlapping matches, longest first (ties: the family listed first, then the
    earliest, then the first found)."""
    # plain tuples sort in C; the index keeps the order of equal keys (as a stable sort would)
    order = sorted([(c[0].start - c[0].end, c[1], c[0].start, i) for i, c in enumerate(candidates)])
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[_Candidate] = []
    for _, _, _, index in order:
        candidate = candidates[index]
        match = candidate[0]
        i = bisect_left(starts, match.start)
        if i < len(starts) and starts[i] < match.end:
            continue
        if i > 0 and ends[i - 1] > match.start:
            continue
        starts.insert(i, match.start)
        ends.insert(i, match.end)
        chosen.insert(i, candidate)
    return chosen


def viable_reference(grammar: Any, scan: TimeScan) -> list[list[list[re.Match]]]:
    """The plain reference of :meth:`_Finding._viable`, without its speed: every anchor is
    scanned for (no gate words), and at each hit every word start within the family's reach
    is tried with the family's pattern (no start finders, no prefix tables). Tests prove the
    two equal on every corpus we hold; it is too slow for use."""
    low, words = scan.low, scan.words
    viable: list[list[list[re.Match]]] = [[] for _ in grammar.families]
    for priority, family in enumerate(grammar.families):
        for name in family.anchors:
            for hit in grammar._anchors[name].regex.finditer(low):
                pos = hit.start()
                starts = [s for s in range(max(0, pos - family.before), pos + 1)
                          if words[s] != 32 and (s == 0 or words[s - 1] == 32)]
                group = [m for m in (family.regex.match(low, s) for s in starts) if m is not None and m.end() > pos]
                if group:
                    viable[priority].append(group)
    return viable
