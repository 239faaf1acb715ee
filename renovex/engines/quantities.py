"""Find quantities in running text: a number, its unit and the noun it counts.

Pure module (no spaCy). ``find_quantities(text, rules)`` finds the few places where a
number can start (a byte-coded copy of the text scanned in C, see
``QuantityRules.number_starts``), tries the number regex there, then looks only at a few
characters and words around each hit (plain string operations, a few anchored regex
matches, most skipped when the next character rules them out), so its cost grows with
the count of numbers, not of tokens. All word lists live in the pack files ``metrics.json``
and ``quantity_words.json``; this module holds only the logic.
"""
from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Iterable, Iterator

import numpy
from word2number import w2n

from ..core.resources import DEFAULT_PACK, pack_file, read_json
from .metric_choice import (CHOICE_KEYS, Chooser, choose, compile_chooser, default_of, has_choice_words,
                            shared_heads)

__all__ = ["QuantityMatch", "QuantityRules", "find_quantities", "load_rules"]

METRICS_FILE = "metrics.json"
WORDS_FILE = "quantity_words.json"

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_CLASS = re.escape(_DASHES)  # for use inside [...]
_LOOKBACK = 40  # characters searched for a currency sign or an approximation cue
_CLAUSE_LOOKBACK = 300  # characters searched for a pipeline noun before a length
_WALK_CHARS = 160  # characters searched for the counted noun after a number
_EDGE = "\"\u201c\u201d\u2018\u2019'\u00ab\u00bb\u300c\u300d()[]{}<>,.;:!?*/|#@%$\u2026\u00b7\u2022"  # stripped from word edges
_SCALE_WORDS = ("hundred", "thousand", "million", "billion")
_ONE = Decimal(1)
_RANGE_CHARS = _DASHES + "~"  # what a range separator starts with, after spaces ("" is in both: the end)
_RANGE_NEXT = _DASHES + "~t"


@dataclass(frozen=True)
class QuantityMatch:
    """One quantity; offsets are character offsets into the text given."""

    start: int
    end: int  # whole span: approximation cue? + number + unit + counted noun
    number_start: int
    number_end: int  # just the number ("1.0224 million", "1-2", "seven")
    value: float
    value_max: float | None
    approx: str | None  # more_than, at_least, about, nearly, up_to, less_than
    unit: str  # count, percent, cny, usd, km, sqm, ton, ...
    unit_text: str | None  # the counted noun phrase or the unit; None for a bare number
    metric: str | None  # metric id of RECORDS.md, or None
    rule: str  # which rules decided, joined by "|"


@dataclass(frozen=True)
class _Head:
    """A head noun: the last word of a counted noun phrase."""

    word: str
    metric: str | None
    prefix: tuple[str, ...] = ()  # words that must stand right before the head
    requires: frozenset[str] = frozenset()  # one of these among the modifiers
    forbids: frozenset[str] = frozenset()  # none of these among the modifiers
    plural: bool = True
    mass: bool = False  # counts only inside an "of" phrase ("units of housing")
    container: bool = False  # its "of" phrase names the counted thing
    not_metric: bool = False  # a counted thing that is never a record

    def fits(self, mods: list[str], value: float, in_of: bool) -> bool:
        if self.prefix and tuple(mods[-len(self.prefix):]) != self.prefix:
            return False
        if self.requires and not self.requires.intersection(mods):
            return False
        if self.forbids and self.forbids.intersection(mods):
            return False
        if self.mass and not in_of:
            return False
        # "4 county governments": a singular noun after a number other than one is a modifier
        return in_of or self.plural or self.not_metric or value == 1


@dataclass(slots=True)
class _Number:
    value: Decimal | int
    kind: str  # "digits", "digits+scale", "words"
    raw: str  # as written (for year and id checks)
    scale: Decimal  # product of the scale words (1 when none)
    start: int
    end: int


@dataclass(slots=True)
class _Walk:
    head: _Head | None
    np_start: int | None
    np_end: int | None
    rule: str
    metric: str | None = None
    close_plural: bool = False  # a plural head with at most 3 singular-looking modifiers before it


_BARE = _Walk(None, None, None, "bare")  # no counted noun (shared: only new walks are changed in place)


_METRICS_KEYS = {"_doc", "max_modifiers", "max_of_phrase_words", "metrics", "not_metric", "topic"}
_METRIC_KEYS = {"heads", "unit", "nouns", "description", "_doc", "role", *CHOICE_KEYS}

METRIC_ROLES = ("count", "amount", "length", "area", "rate")
"""What a metric measures, for the rules that treat kinds of figures apart: a ``rate`` (a
percentage) is a level, never what a bare count refers to, and is a record only as a rate of
the programme's progress."""

_ROLE_OF_UNIT = {"percent": "rate", "cny": "amount", "km": "length", "sqm": "area"}


def metric_roles(metrics: dict) -> dict[str, str]:
    """Metric id -> role: the metric's ``role`` in metrics.json, else by its unit (percent: rate;
    cny: amount; km: length; sqm: area), else count."""
    roles = {}
    for metric, spec in (metrics.get("metrics") or {}).items():
        role = spec.get("role") or _ROLE_OF_UNIT.get(spec.get("unit"), "count")
        if role not in METRIC_ROLES:
            raise ValueError(f"{METRICS_FILE}, metric {metric!r}: role must be one of {', '.join(METRIC_ROLES)}, "
                             f"got {role!r}")
        roles[metric] = role
    return roles
_HEAD_KEYS = {"head", "requires_any", "forbids", "mass", "container", "default_metric"}
_WORDS_KEYS = {
    "_doc", "approximations", "post_approximations", "scales", "number_words", "currencies", "percent",
    "measures", "glued_units_ok", "of_phrase_units", "year_range", "months", "time_units", "time_of_day",
    "name_prefixes", "counter_nouns", "stop_words", "coordinators", "of_determiners", "of_phrase_extra_words",
    "verb_like", "irregular_plurals", "quotes", "one_exclusions", "max_digits_without_separator", "max_age",
    "fractions", "word_number_exclusions_before", "kind_nouns", "year_before_to", "clause_breaks",
}


def _check_keys(data: Any, allowed: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of lower-cased phrases, longest first, inner spaces matching any whitespace.

    Written as a tree of shared beginnings ("t(?:housand|rillion)"): the engine tries one
    branch per first character instead of every phrase, and matches exactly as the flat
    longest-first list would (the phrases that fit at a place are prefixes of each other,
    and the tree still tries the longer first)."""
    parts = sorted({_norm(p) for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not parts:
        return "(?!)"  # an empty list matches nothing (an empty alternation would match everywhere)
    return _phrase_tree([list(p) for p in parts])


def _phrase_tree(phrases: list[list[str]]) -> str:
    """Regex for character lists (a space stands for any whitespace), branches in the order
    of their first phrase."""
    branches: dict[str, list[list[str]]] = {}  # first character ("" for an ended phrase) -> rests
    for chars in phrases:
        branches.setdefault(chars[0] if chars else "", []).append(chars[1:])
    parts = ["" if first == "" else (r"\s+" if first == " " else re.escape(first)) + _phrase_tree(rests)
             for first, rests in branches.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _trie_regex(words: list[bytes]) -> bytes:
    """A regex for any of ``words`` (none a prefix of another), nested by shared first
    characters: the engine then tests a few characters, not every word, at each position."""
    if words == [b""]:
        return b""
    groups: dict[bytes, list[bytes]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    branches = [re.escape(first) + _trie_regex(rest) for first, rest in sorted(groups.items())]
    return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"


def _is_plural(word: str, irregular: set[str]) -> bool:
    # (slices compare faster than endswith(), whose arguments are parsed on each call)
    return word in irregular or (word[-1:] == "s" and word[-2:-1] != "s")


class QuantityRules:
    """Compiled form of the two pack files; build once, reuse for every text.

    All patterns are compiled for lower-cased text (``IGNORECASE`` makes Python's regex
    engine several times slower on long texts).
    """

    def __init__(self, metrics: dict[str, Any], words: dict[str, Any]):
        _check_keys(metrics, _METRICS_KEYS, METRICS_FILE)
        _check_keys(words, _WORDS_KEYS, WORDS_FILE)
        self.max_mods = int(metrics.get("max_modifiers", 5))
        self.max_of = int(metrics.get("max_of_phrase_words", 8))
        self.irregular = {_norm(w) for w in words.get("irregular_plurals", [])}
        self._compile_heads(metrics)
        self._compile_words(words)

    @classmethod
    def from_dicts(cls, metrics: dict[str, Any], words: dict[str, Any]) -> "QuantityRules":
        """Rules from the parsed ``metrics.json`` and ``quantity_words.json``."""
        return cls(metrics, words)

    # -- heads ---------------------------------------------------------------
    def _head_entries(self, metric: str | None, entries: list, where: str) -> Iterable[_Head]:
        for entry in entries:
            if isinstance(entry, str):
                entry = {"head": entry}
            if not isinstance(entry, dict) or not entry.get("head"):
                raise ValueError(f"{where}: a head is a phrase or an object with 'head': {entry!r}")
            _check_keys(entry, _HEAD_KEYS, f"{where}, head {entry['head']!r}")
            words = _norm(entry["head"]).split()
            yield _Head(
                word=words[-1],
                metric=entry.get("default_metric", metric) if entry.get("container") else metric,
                prefix=tuple(words[:-1]),
                requires=frozenset(_norm(w) for w in entry.get("requires_any", [])),
                forbids=frozenset(_norm(w) for w in entry.get("forbids", [])),
                plural=_is_plural(words[-1], self.irregular),
                mass=bool(entry.get("mass")),
                container=bool(entry.get("container")),
            )

    def _compile_heads(self, metrics: dict[str, Any]) -> None:
        specific: dict[str, list[_Head]] = {}
        plain: dict[str, list[_Head]] = {}
        self.unit_metric: dict[str, str] = {}
        self.unit_choosers: dict[str, list[Chooser]] = {}
        """Unit -> the choosing words of the metrics that share it (``renovex.engines.metric_choice``)."""
        self.head_choosers: dict[tuple[str, str], list[Chooser]] = {}
        """(default metric, head word) -> the choosing words of the metrics that share the head."""
        self.unit_nouns: dict[str, dict[str, list[_Head]]] = {}
        self.clause_nouns_re: dict[str, re.Pattern] = {}
        table = metrics.get("metrics", {})
        if not isinstance(table, dict):
            raise ValueError(f"{METRICS_FILE}: 'metrics' must be an object of metric ids")
        shared = shared_heads(table, _norm)
        for metric, spec in table.items():
            where = f"{METRICS_FILE}, metric {metric!r}"
            _check_keys(spec, _METRIC_KEYS, where)
            chooser = compile_chooser(metric, spec, _alternation) if has_choice_words(spec) else None
            for head in self._head_entries(metric, spec.get("heads", []), where):
                phrase = " ".join((*head.prefix, head.word))
                if phrase in shared and chooser is not None:
                    default = default_of(shared[phrase], table)
                    self.head_choosers.setdefault((default, head.word), [])
                    if chooser not in self.head_choosers[(default, head.word)]:
                        self.head_choosers[(default, head.word)].append(chooser)
                    if metric != default:
                        continue  # a head another metric has too: this metric takes it by its words
                # conditional heads ("charging stations") are tried before plain ones ("stations")
                target = specific if (head.prefix or head.requires or head.forbids) else plain
                target.setdefault(head.word, []).append(head)
            if "unit" in spec:
                unit = spec["unit"]
                # several metrics may share a unit: the first declared is the default, the
                # others are chosen by their nouns or by their words in the figure's clause
                self.unit_metric.setdefault(unit, metric)
                if spec.get("nouns"):
                    nouns = self.unit_nouns.setdefault(unit, {})
                    for head in self._head_entries(metric, spec["nouns"], where):
                        nouns.setdefault(head.word, []).append(head)
                    for heads in nouns.values():
                        heads.sort(key=lambda h: -len(h.prefix))
                    # pipeline nouns earlier in the clause ("upgrade pipelines ... for 300,000 km")
                    all_nouns = [h.word if not h.prefix else " ".join((*h.prefix, h.word))
                                 for heads in nouns.values() for h in heads]
                    self.clause_nouns_re[unit] = re.compile(rf"(?<![\w-])(?:{_alternation(all_nouns)})(?![\w-])")
                if chooser is not None:
                    self.unit_choosers.setdefault(unit, []).append(chooser)
        for unit in self.unit_choosers:
            self.unit_metric[unit] = default_of([m for m, spec in table.items() if spec.get("unit") == unit], table)
        for word in metrics.get("not_metric", []):
            word = _norm(word)
            plain.setdefault(word, []).append(_Head(word=word, metric=None, not_metric=True))
        self.heads = {w: specific.get(w, []) + plain.get(w, []) for w in set(specific) | set(plain)}

    # -- words ---------------------------------------------------------------
    def _compile_words(self, words: dict[str, Any]) -> None:
        self.scales = {_norm(k): Decimal(str(v)) for k, v in words.get("scales", {}).items()}
        numbers = words.get("number_words", {})
        simple = numbers.get("units", []) + numbers.get("tens", [])
        ns, sc = _alternation(simple), _alternation(numbers.get("scales", []))
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        scale = rf"(?:(?:\s*|-)(?:{_alternation(self.scales)})(?![a-z]))+"  # "1.2 billion", "2.3-billion-yuan"
        word = rf"(?<!['\u2019-])(?:{ns})(?:(?:\s+|-)(?:{ns}|{sc})|\s+and\s+(?:{ns}))*(?![\w'\u2019])"
        first = "".join(sorted({w[0] for w in map(_norm, simple)}))
        # the leading lookahead lets the engine skip most positions with one set test
        self.number_re = re.compile(
            rf"(?=[\d{re.escape(first)}])(?<![\w,.])(?:(?P<d>{digits})(?P<s>{scale})?|(?P<w>{word}))"
        )
        self._compile_starts(simple)
        self.scale_split_re = re.compile(_alternation(self.scales))
        # Chinese order in machine translation: "82 thousand and 600", "17 million 620 thousand",
        # "7 billion 200 million": a smaller count follows a whole number of a scale word
        self.chinese_order_re = re.compile(rf"\s+(?:and\s+)?(?P<d>\d{{1,3}})(?![\d,.])(?P<s>{scale})?(?![\w-])")
        self.range_re = re.compile(rf"(?:\s*[{_DASH_CLASS}~]\s*|\s+to\s+)")
        self.and_re = re.compile(r"\s+and\s+")

        breaks = words.get("clause_breaks") or []
        # ", and", ", while": where a clause ends for the words that choose a metric
        self.clause_breaks_re = re.compile(rf"(?:{_alternation(breaks)})(?![\w-])") if breaks else None
        self.approx = {_norm(k): v for k, v in words.get("approximations", {}).items()}
        self.approx_ends = tuple(dict.fromkeys(k.split()[-1] for k in self.approx))  # (once each: endswith tries all)
        self.approx_re = re.compile(rf"(?<![\w])(?P<cue>{_alternation(self.approx)})\s+\Z")
        # the same cue read backwards from the number: one anchored match instead of a search
        self.approx_back_re = re.compile(rf"\s+(?P<cue>{_alternation(k[::-1] for k in self.approx)})(?!\w)")
        self.post_approx = {_norm(k): v for k, v in words.get("post_approximations", {}).items()}
        glued = [k for k in self.post_approx if k.startswith("-") or k == "+"]
        spaced = [k for k in self.post_approx if k not in glued]
        self.post_approx_re = re.compile(
            rf"(?:(?P<g>{_alternation(glued)})|\s+(?P<s>{_alternation(spaced)}))(?![a-z])"
        )

        # units after a number: percent, currency words, measures
        self.units: dict[str, tuple[str, Decimal, str]] = {}  # phrase -> (unit, factor, label)
        for unit, phrases in words.get("percent", {}).items():
            for phrase in phrases:
                self.units[_norm(phrase)] = (unit, Decimal(1), unit)
        before: dict[str, str] = {}
        for unit, spec in words.get("currencies", {}).items():
            for phrase in spec.get("after", []):
                self.units[_norm(phrase)] = (unit, Decimal(1), unit)
            for phrase in spec.get("before", []):
                before[_norm(phrase)] = unit
        for phrase, spec in words.get("measures", {}).items():
            self.units[_norm(phrase)] = (spec["unit"], Decimal(str(spec.get("factor", 1))), spec.get("from", spec["unit"]))
        self.unit_re = re.compile(rf"(?:\s*|-)(?P<u>{_alternation(self.units)})(?![a-z0-9\u00b2])")
        self.currency_before = before
        self.currency_ends = tuple(before)
        self.currency_before_re = re.compile(rf"(?<![a-z])(?P<c>{_alternation(before)})\s*\Z")
        self.glued_ok = {_norm(w) for w in words.get("glued_units_ok", [])}
        self.of_units = set(words.get("of_phrase_units", []))

        lower = lambda key: {_norm(w) for w in words.get(key, [])}  # noqa: E731
        self.year_min, self.year_max = words.get("year_range", [1900, 2100])
        self.months = lower("months")
        self.time_units = lower("time_units")
        # the second day of "May 18 and 19", "March 5-6": a day, not a count
        self.second_day_re = re.compile(
            rf"(?<![a-z])(?:{_alternation(self.months)})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:,|and|or|to|-|\u2013)\s*\Z")
        self.time_of_day_re = re.compile(rf"\s*(?:{_alternation(words.get('time_of_day', []))})(?![a-z])")
        self.name_prefixes = lower("name_prefixes")
        self.counters = lower("counter_nouns")
        self.stop = lower("stop_words")
        self.coordinators = lower("coordinators")
        self.of_determiners = lower("of_determiners")
        self.of_extra = lower("of_phrase_extra_words")
        self.kind_nouns = lower("kind_nouns")  # "of various types of pipelines": a transparent "of"
        self.verb_like = lower("verb_like")
        self.quotes = "".join(words.get("quotes", []))
        # a mark right after a word that ends its phrase (_words reads it as ``last``; an
        # apostrophe may be a possessive): lets _walk decide "households," at once
        self.phrase_ends = frozenset(c for c in _EDGE if c not in self.quotes and c not in "'\u2019")
        one = words.get("one_exclusions", {})
        self.fractions = lower("fractions")
        self.word_number_before = lower("word_number_exclusions_before")
        self.year_before = lower("year_before_to")
        self.one_after = {_norm(w) for w in one.get("after", [])}
        self.one_before = {_norm(w) for w in one.get("before", [])}
        self.max_digits = int(words.get("max_digits_without_separator", 8))
        self.max_age = int(words.get("max_age", 120))

        self.next_word_re = re.compile(rf"[\s{_DASH_CLASS}]?\s*(?P<w>[^\W\d_][\w'\u2019]*)")
        self._compile_after_filters(glued, spaced, words.get("time_of_day", []))
        self.of_re = re.compile(r"\s+of\s+")
        self.of_link_re = re.compile(
            r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|these|those|all|a\s+total\s+of)\s+)?(?:[\w\-]+['\u2019]s?\s+)?"
        )
        # "3,000 and 4,000 communities", "512, 287 and 203 communities"
        coordinators = _alternation(sorted(self.coordinators))
        self.coord_link_re = re.compile(rf"\s*,\s*(?:(?:{coordinators})\s+)?|\s+(?:{coordinators})\s+")
        self.age_re = re.compile(r"[A-Z][\w'\u2019-]*,\s*\Z")

    def _compile_after_filters(self, glued: list[str], spaced: list[str], times: list[str]) -> None:
        """First characters that rule out a regex after a number without running it.

        If a phrase starting with a letter follows the number (after spaces, or a hyphen
        for units), ``next_word_re`` finds a word starting with that letter there: a
        regex whose phrases all start with letters cannot match when the next word
        starts with another character. Each filter is None (always run the regex) when
        the pack's phrases break that premise."""
        letter = re.compile(r"[^\W\d_]").fullmatch
        phrases = [_norm(p) for p in times if p and p.strip()]
        self.time_first = frozenset(p[0] for p in phrases) if all(map(letter, (p[0] for p in phrases))) else None
        self.spaced_first = frozenset(k[0] for k in spaced) if all(letter(k[:1]) for k in spaced) else None
        self.glued_first = "".join(sorted({k[0] for k in glued}))
        units = [u for u in self.units if u]
        # a unit starting with a dash or a space could follow "-" where next_word_re skips it
        self.unit_first = None if any(u[0] in _DASHES or u[0].isspace() for u in units) else frozenset(u[0] for u in units)

    def _compile_starts(self, simple: list[str]) -> None:
        """Tables for :meth:`number_starts`: a byte map that keeps the characters the number
        regex's lookbehind refuses before a number (ASCII word characters, "," and "."), turns
        digits into "0" and all else into a space, and a regex for a space before "0" or the
        first word of a number word."""
        table = bytearray(b" " * 256)
        for char in string.ascii_letters + string.digits + "_,.":
            table[ord(char)] = ord(char)
        for char in string.digits:
            table[ord(char)] = ord("0")
        self._start_table = bytes(table)
        firsts = {_norm(w).split()[0] for w in simple if w and w.strip()}
        # coded the same way as the text, so that a match of the word implies a match of its code
        coded = {w.encode("latin-1", "replace").translate(self._start_table) for w in firsts} | {b"0"}
        # a word that starts with another ("fourteen", "four") adds nothing to the test
        shortest = sorted(w for w in coded if not any(v != w and w.startswith(v) for v in coded))
        self._start_re = re.compile(b" (?=" + _trie_regex(shortest) + b")")

    def number_starts(self, low: str) -> list[int] | None:
        """Positions of ``low`` where ``number_re`` may match (a superset, in order), or None
        when the text holds digits of other scripts (the caller then searches with the regex).

        Why: the regex engine tries the number pattern at every character (about 50 ns
        each). Coded as bytes, a number can only start after a space (every character that
        may stand before a number is coded as one), and a regex with that literal first
        character is skipped through by the engine at memory speed.
        """
        if not low.isascii():
            # "\d" matches the digits of every script, coded " " here: leave such a text to the regex
            codes = numpy.frombuffer(low.encode("utf-32-le", "surrogatepass"), dtype="<u4")
            if any(chr(code).isdecimal() for code in set(codes[codes > 0xFF].tolist())):
                return None
        coded = (b" " + low.encode("latin-1", "replace")).translate(self._start_table)
        # a match at index i of ``coded`` is the space before index i of ``low``
        return [match.start() for match in self._start_re.finditer(coded)]

    # -- lookups -------------------------------------------------------------
    def approx_cue(self, low: str, lo: int, end: int) -> tuple[int, str] | None:
        """(start, text) of the approximation cue that ``approx_re.search(low, lo, end)``
        finds, read backwards from ``end``: the cue whose end stands last is the longest
        that fits, and the reversed phrases are tried longest first."""
        back = self.approx_back_re.match(low[lo:end][::-1])
        if back is None:
            return None
        start = end - back.end("cue")
        if start == lo and lo:  # at the window's edge the character before the cue is outside the reversed text
            cue = self.approx_re.search(low, lo, end)
            return None if cue is None else (cue.start("cue"), cue.group("cue"))
        return start, low[start:end - back.start("cue")]

    def head(self, word: str, mods: list[str], value: float, in_of: bool = False) -> _Head | None:
        for head in self.heads.get(word, ()):
            if head.fits(mods, value, in_of):
                return head
        return None

    def unit_noun(self, unit: str, word: str, mods: list[str]) -> _Head | None:
        for head in self.unit_nouns.get(unit, {}).get(word, ()):
            if head.fits(mods, 2, True):
                return head
        return None


@lru_cache(maxsize=8)
def load_rules(pack: str = DEFAULT_PACK) -> QuantityRules:
    """The compiled quantity rules of a bundled pack (or a pack folder), cached per pack."""
    return QuantityRules.from_dicts(read_json(pack_file(pack, METRICS_FILE)), read_json(pack_file(pack, WORDS_FILE)))


# --------------------------------------------------------------------------- entry point
class _Scan:
    """One text being scanned: the original (for case and slices) and its lower-cased twin."""

    __slots__ = ("text", "low", "rules", "n")

    def __init__(self, text: str, rules: QuantityRules):
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two ("İ"); keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        self.text, self.low, self.rules, self.n = text, low, rules, len(text)


def find_quantities(text: str, rules: QuantityRules) -> list[QuantityMatch]:
    """All quantities of ``text`` in text order (see :class:`QuantityMatch`)."""
    scan = _Scan(text, rules)
    found: list[QuantityMatch] = []
    pos = 0
    low = scan.low
    starts = rules.number_starts(low)
    if starts is None:
        search = rules.number_re.search
        while True:
            match = search(low, pos)
            if match is None:
                break
            result, pos = _candidate(scan, match)
            if result is not None:
                found.append(result)
    else:
        # the same matches as searching from ``pos`` on: the first start at or after it that matches
        match_at = rules.number_re.match
        for start in starts:
            if start < pos:
                continue
            match = match_at(low, start)
            if match is not None:
                result, pos = _candidate(scan, match)
                if result is not None:
                    found.append(result)
    return _link_of_numbers(scan, found)


# --------------------------------------------------------------------------- numbers
@lru_cache(maxsize=1024)
def _word_value(words: str) -> int | None:
    """word2number on an all-word span only (it misreads digits: "26 million" -> 1,000,000)."""
    try:
        return w2n.word_to_num(" ".join(words.replace("-", " ").split()))
    except (ValueError, IndexError):
        return None


def _number(match: re.Match, rules: QuantityRules) -> _Number | None:
    raw, scaled, words = match.group("d", "s", "w")
    if words is not None:
        # "and" belongs to a number only after a scale word ("one hundred and five")
        for sep in rules.and_re.finditer(words):
            if words[:sep.start()].split()[-1].split("-")[-1] not in _SCALE_WORDS:
                words = words[:sep.start()]
                break
        value = _word_value(words)
        if value is None:
            return None
        return _Number(Decimal(value), "words", words, _ONE, match.start(), match.start() + len(words))
    if not scaled and "." not in raw and len(raw) <= 28:
        # most numbers: an int is exact and faster than a Decimal (which would hold the same
        # value: with up to 28 digits nothing is rounded), and mixes with Decimals exactly
        return _Number(int(raw.replace(",", "")), "digits", raw, _ONE, match.start(), match.end())
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    scale = _ONE
    if scaled:
        for word in rules.scale_split_re.findall(scaled):
            scale *= rules.scales[_norm(word)]
    end = match.end()
    value *= scale
    if scaled and len(raw) <= 3 and raw.isdigit():
        value, end = _chinese_order(match.string, end, value, scale, rules)
    return _Number(value, "digits+scale" if scaled else "digits", raw, scale, match.start(), end)


def _chinese_order(low: str, end: int, value: Decimal, scale: Decimal, rules: QuantityRules) -> tuple[Decimal, int]:
    """"2 million 35 thousand and 600": add each following part smaller than the scale before it."""
    while (part := rules.chinese_order_re.match(low, end)) is not None:
        part_scale = _ONE
        for word in rules.scale_split_re.findall(part.group("s") or ""):
            part_scale *= rules.scales[_norm(word)]
        part_value = int(part.group("d")) * part_scale
        if not 0 < part_value < scale:
            break
        value, end, scale = value + part_value, part.end(), part_scale
    return value, end


def _year_like(num: _Number, rules: QuantityRules) -> bool:
    return (
        num.kind == "digits" and len(num.raw) == 4 and num.raw.isdigit()
        and rules.year_min <= int(num.raw) <= rules.year_max
    )


def _second_number(scan: _Scan, first: _Number) -> tuple[_Number | None, str]:
    """The upper end of a range: '1-2', '1,000 to 2,000', 'between 300 and 400'."""
    rules, low = scan.rules, scan.low
    end = first.end
    sep = None
    # range_re needs a dash, "~" or " to " next: one look at the next characters rules most numbers out
    after = low[end:end + 1]
    if after in _RANGE_CHARS or after.isspace() and (
            after != " " or low[end + 1:end + 2] in _RANGE_NEXT or low[end + 1:end + 2].isspace()):
        sep = rules.range_re.match(low, end)
    if sep is None:
        # (a conditional costs less than max(), and "in" less than find() with bounds)
        before = low[first.start - 9 if first.start > 9 else 0:first.start]
        if "between" in before and before.rstrip().endswith("between"):
            sep = rules.and_re.match(low, first.end)
            if sep is None and (unit := rules.unit_re.match(low, first.end)) is not None:
                # "between 1.5 billion yuan (US$220.6 million) and 2 billion yuan": the unit and a
                # conversion may stand after the lower end too
                aside = _CONVERSION_ASIDE.match(low, unit.end())
                sep = rules.and_re.match(low, aside.end() if aside else unit.end())
    if sep is None:
        return None, ""
    match = rules.number_re.match(low, sep.end())
    if match is None:
        return None, ""
    second = _number(match, rules)
    if second is None or (second.kind == "words") != (first.kind == "words"):
        return None, ""
    return second, sep.group().strip()


def _candidate(scan: _Scan, match: re.Match) -> tuple[QuantityMatch | None, int]:
    rules = scan.rules
    first = _number(match, rules)
    if first is None:
        return None, match.end()
    s = first.start
    second, sep = _second_number(scan, first)
    if second is not None:
        if _year_like(first, rules) and _year_like(second, rules):
            return None, second.end  # "2019-2023", "(2021-2025)"
        if sep == "to" and _year_like(first, rules) and _prev_word(scan.low, s) in rules.year_before:
            return None, first.end  # "in 2022 to 32 percent", "since 2019 to 14,800": a time, then the figure
        if sep == "to" and scan.low[max(0, s - 6):s].rstrip().endswith("from"):
            second = None  # "from 30 to 50" is a change, not a range
        else:
            if second.scale != 1 and first.scale == 1 and first.kind == "digits":
                first.value *= second.scale  # "1-2 million"
            if second.value <= first.value:
                return None, second.end  # ids and dates ("2023-09"), not ranges
    num_end = second.end if second is not None else first.end
    next_word = _screen(scan, first, second, num_end)
    if next_word is None:
        return None, num_end
    built = _build(scan, first, second, num_end, next_word)
    if built is not None and (built.value == math.inf or built.value_max == math.inf):
        return None, num_end
    return built, num_end


# --------------------------------------------------------------------------- exclusions
def _prev_word(low: str, start: int) -> str:
    """The word before ``start`` if only spaces (and its own full stop) stand between: 'no.', 'june'."""
    window = low[start - 30 if start > 30 else 0:start]
    if not window or not window[-1].isspace():
        return ""
    parts = window.rsplit(None, 1)
    if not parts:
        return ""
    word = parts[-1].rstrip(".:").lstrip("(\"\u201c\u2018'[")
    return word if word.isalpha() else ""


def _verb_before(text: str, low: str, start: int, word: str, number: _Number) -> bool:
    """"building 1,500 community facilities": a label is never written with a thousands
    separator, and a lower-case "-ing" prefix is a verb, not a label ("Building 6")."""
    if number.kind != "words" and "," in number.raw:
        return True
    at = low.rfind(word, max(0, start - 30), start)
    return word.endswith("ing") and at >= 0 and text[at].islower()


def _measured_after(low: str, end: int, rules: QuantityRules) -> bool:
    """A unit or a counted noun right after the number: "Building 150 km of rural roads",
    "Building 30 elevators" is a task, not the label "Building 6" (a label counts nothing)."""
    if rules.unit_re.match(low, end) is not None:
        return True
    word = rules.next_word_re.match(low, end)
    return word is not None and word.group("w") in rules.heads


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r:;"


def _bad_digits(raw: str, rules: QuantityRules) -> bool:
    """Phone numbers, QQ numbers, ids ("13581620477"), and numbers with a leading zero ("09")."""
    if "," not in raw and len(raw.replace(".", "")) > rules.max_digits:
        return True
    return raw[0] == "0" and len(raw) > 1 and raw[1] != "."


def _screen(scan: _Scan, first: _Number, second: _Number | None, num_end: int) -> str | None:
    """None for numbers that are not quantities (ids, phone numbers, dates, times, ordinals,
    names); else the word after the number ("" if none), which _build reuses."""
    text, low, rules, n = scan.text, scan.low, scan.rules, scan.n
    s = first.start
    # a space stands for "nothing" beyond the text ("" would be found in every string)
    prev = low[s - 1] if s else " "
    nxt = low[num_end] if num_end < n else " "
    value = first.value
    if not (prev.isspace() and nxt.isspace()):  # spaces on both sides (most numbers) pass all these tests
        prev2 = low[s - 2] if s > 1 else " "
        nxt2 = low[num_end + 1] if num_end + 1 < n else " "
        if prev in _DASHES and prev2.isalnum():  # "e727-728", "COVID-19"
            return None
        if prev in ":/#+@_\\" or (prev == "." and prev2.isalnum()):  # "reading:728", "No.218"
            return None
        if nxt in ":/" and nxt2.isdigit():  # "15:23", "2023/09/14"
            return None
        if nxt in _DASHES and nxt2.isdigit():  # "400-828-1019", "2023-09-14"
            return None
        if nxt in ".," and nxt2.isalnum():  # "640.jpg", "1.2.3", "1,2"
            return None
        if (prev, nxt) in (("[", "]"), ("(", ")")):  # footnotes "[1]", list markers "(3)"
            return None
        if nxt.isalpha() or (nxt in _DASHES and nxt2.isalpha()):
            # glued letters: "14th", "1990s", "5G", "three-year", "10-storey"; but "5km", "200-odd"
            unit = rules.unit_re.match(low, num_end)
            post = rules.post_approx_re.match(low, num_end)
            glued_unit = unit is not None and (nxt.isalpha() and _norm(unit.group("u")) in rules.glued_ok or nxt == "-")
            if not glued_unit and not (post and post.group("g")):
                return None
        if nxt == "," and value < rules.max_age and value == int(value) and rules.age_re.search(text, max(0, s - 30), s):
            return None  # an age: "Wu Meifang, 69, lives ..."
        if nxt in ".)" and nxt2.isspace() and value < 100:
            line_start = low.rfind("\n", max(0, s - 40), s) + 1
            if (line_start or s < 40) and not low[line_start:s].strip():
                return None  # list markers "1." "2)" at the start of a line
    raw = first.raw
    # (the length and first-digit tests are what _bad_digits needs to say yes: most numbers skip the call)
    if first.kind != "words" and (len(raw) > rules.max_digits or raw[0] == "0") and _bad_digits(raw, rules) or (
            second is not None and second.kind != "words" and _bad_digits(second.raw, rules)):
        return None
    prev_word = _prev_word(low, s) if prev.isspace() else ""  # (it is "" unless a space stands before)
    if prev_word in rules.name_prefixes and not _verb_before(text, low, s, prev_word, first) \
            and not (prev_word.endswith("ing") and _measured_after(low, first.end, rules)):
        return None  # "No. 3", "Room 516"
    if prev_word in rules.months or prev_word in rules.counters:
        return None  # "June 30", "Views: 1,234"
    if value <= 31 and first.kind == "digits" and rules.second_day_re.search(low, max(0, s - 16), s):
        return None  # "on May 18 and 19", "March 5-6"
    next_match = rules.next_word_re.match(low, num_end)
    next_word = next_match.group("w") if next_match else ""
    if next_word in rules.counters or next_word in rules.fractions:  # "0 Comment(s)", "one third"
        return None
    if next_word in rules.time_units and rules.unit_re.match(low, num_end) is None:  # "35 years", "24 hours"
        return None
    if next_word in rules.months and text[next_match.start("w")].isupper():  # "30 June"
        return None
    if (rules.time_first is None or next_word[:1] in rules.time_first) and rules.time_of_day_re.match(low, num_end):
        return None  # "9 a.m."
    if first.kind == "words":
        if prev in rules.quotes:  # "two establishment", "four good"
            return None
        word = text[s:first.end]
        if word[:1].isupper() and not word.isupper() and not _sentence_start(text, s):  # "Five Tackling Actions"
            return None
        if prev_word in rules.word_number_before:  # "the two cities" points back, it does not count
            return None
        if first.raw == "one" and second is None and (next_word in rules.one_after or prev_word in rules.one_before):
            return None  # "one of the", "one after another", "the one"
    return next_word


# --------------------------------------------------------------------------- building a match
def _build(scan: _Scan, first: _Number, second: _Number | None, num_end: int, next_word: str) -> QuantityMatch | None:
    text, low, rules = scan.text, scan.low, scan.rules
    s = first.start
    parts = [first.kind] + (["range"] if second is not None else [])
    start = s
    # a currency sign or code before the number ("RMB 2 billion", "$206.49 million")
    currency = cur = None
    lo = s - 12 if s > 12 else 0
    if low[lo:s].rstrip().endswith(rules.currency_ends):
        cur = rules.currency_before_re.search(low, lo, s)
        if cur:
            currency = rules.currency_before[_norm(cur.group("c"))]
            start = cur.start("c")
            parts.append(f"prefix:{text[cur.start('c'):cur.end('c')]}")
    approx = None
    lo = start - _LOOKBACK if start > _LOOKBACK else 0
    if start and low[start - 1].isspace() and low[lo:start].rstrip().endswith(rules.approx_ends):
        cue = rules.approx_cue(low, lo, start)
        if cue:
            start, cue_text = cue
            approx = rules.approx[_norm(cue_text)]
            parts.append(f"approx:{_norm(cue_text)}")
    pos = num_end
    # the regexes after the number run only where their first character stands (see _compile_after_filters)
    nxt = low[pos:pos + 1]
    post = None
    if nxt and nxt in rules.glued_first or (
            nxt.isspace() and (rules.spaced_first is None or next_word[:1] in rules.spaced_first)):
        post = rules.post_approx_re.match(low, pos)
    if post:
        key = _norm(post.group("g") or post.group("s"))
        if approx is None:
            approx = rules.post_approx[key]
            parts.append(f"approx:{key}")
        pos = post.end()

    value = first.value
    value_max = second.value if second is not None else None
    unit_match = None
    if pos != num_end or not next_word or rules.unit_first is None or next_word[0] in rules.unit_first:
        unit_match = rules.unit_re.match(low, pos)
    unit, factor, end = currency, _ONE, pos
    metric = unit_text = None
    if unit_match:
        unit, factor, label = rules.units[_norm(unit_match.group("u"))]
        end = unit_match.end()
        parts.append(f"unit:{label}" if label == unit else f"unit:{label}->{unit}")
    elif currency:
        parts.append(f"unit:{currency}")
    if unit is not None:
        metric = rules.unit_metric.get(unit)
        if unit_match and unit in rules.unit_nouns:
            metric, end, rule = _measured_thing(scan, s, end, unit)
            parts.append(rule)
        elif unit_match and unit in rules.of_units:
            found = _of_phrase(scan, end, None)
            if found is not None and found[2] is not None:
                end = found[2]
        if unit in rules.unit_choosers and metric is not None and metric == rules.unit_metric.get(unit) \
                and (chosen := choose(scan.low, s, end, rules.unit_choosers[unit], rules.clause_breaks_re)):
            metric = chosen[0]  # a unit several metrics share: the one whose words are in the clause
            parts.append(f"words:{metric}")
        unit_text = text[unit_match.start("u"):end] if unit_match else text[cur.start("c"):cur.end("c")]
        value *= factor
        value_max = value_max * factor if value_max is not None else None
    else:
        unit = "count"
        walk = _walk(scan, pos, float(value), next_word if pos == num_end else "")
        if _year_like(first, rules) and second is None and (
                not walk.close_plural or _prev_word(low, s) in rules.word_number_before):
            # "in 2022", "the 2020 plan lists ...", "its 2023 renovation projects";
            # but "1439 old communities", "2000 households"
            return None
        if first.kind == "words" and walk.np_start is None:
            return None  # a bare number word is a pronoun or an idiom ("the two")
        parts.append(walk.rule)
        metric = walk.metric
        if rules.head_choosers and walk.head is not None and (
                choosers := rules.head_choosers.get((metric, walk.head.word))) is not None \
                and (chosen := choose(scan.low, s, walk.np_end or end, choosers, rules.clause_breaks_re)):
            metric = chosen[0]  # a head several metrics share: "toilet renovation for 12,000 households"
            parts.append(f"words:{metric}")
        if walk.np_start is not None:
            unit_text = text[walk.np_start:walk.np_end]
            end = walk.np_end
            if metric is None and walk.head is None:
                metric = _prefix_in_clause(scan, s, unit_text, parts)
        elif walk.rule == "bare":
            metric = _noun_before_with(scan, start, parts)
    return _new_match(
        start, max(end, num_end), s, num_end, _float(value), _float(value_max) if value_max is not None else None,
        approx, unit, unit_text, metric, "|".join(parts),
    )


def _new_match(start: int, end: int, number_start: int, number_end: int, value: float, value_max: float | None,
               approx: str | None, unit: str, unit_text: str | None, metric: str | None, rule: str) -> QuantityMatch:
    """``QuantityMatch(...)``, the same object made faster: a frozen dataclass sets each
    field through ``object.__setattr__`` in ``__init__``, which costs more than finding
    most quantities; filling the instance's ``__dict__`` at once (in field order) skips that."""
    match = object.__new__(QuantityMatch)
    object.__setattr__(match, "__dict__", {
        "start": start, "end": end, "number_start": number_start, "number_end": number_end, "value": value,
        "value_max": value_max, "approx": approx, "unit": unit, "unit_text": unit_text, "metric": metric, "rule": rule,
    })
    return match


def _float(value: Decimal | int) -> float:
    """``value`` as a float; beyond the float range ("10 billion billion ... yuan") it is
    infinite, and :func:`_candidate` drops it: no record can hold such a figure."""
    try:
        if value.__class__ is int:  # (an int converts to a whole float at once)
            return float(value)
        result = float(value)
        return float(int(result)) if result == int(result) else result
    except (OverflowError, ValueError):  # int too large for a float; int() of inf or nan
        return math.inf


_WITH_BEFORE = re.compile(r"(?:^|[\s,])with\s+\Z")
_CLAUSE_STOPS = ".;:!?\n"


def _clause_before(low: str, start: int, chars: int) -> str:
    """Up to ``chars`` characters before ``start``, cut at the last clause stop."""
    lo = max(0, start - chars)
    return low[max(lo, max(low.rfind(c, lo, start) for c in _CLAUSE_STOPS) + 1):start]


def _prefix_in_clause(scan: _Scan, s: int, unit_text: str, parts: list[str]) -> str | None:
    """"parking lots with 1,860 spaces", "charging stations with 252 piles": a head noun
    whose required words ("parking spaces") were said just before in the clause."""
    noun = unit_text.lower()
    heads = scan.rules.heads.get(noun, ()) if " " not in noun else ()
    before = None
    for head in heads:
        if not head.prefix or head.requires or head.forbids or head.not_metric or head.metric is None:
            continue
        before = _clause_before(scan.low, s, 60) if before is None else before
        if re.search(rf"(?<![\w-]){re.escape(' '.join(head.prefix))}(?![\w-])", before):
            parts.append(f"prefix-in-clause:{' '.join(head.prefix)}")
            return head.metric
    return None


def _noun_before_with(scan: _Scan, start: int, parts: list[str]) -> str | None:
    """"Haishu has the most new elevators, with 148": a bare number after "with" counts the
    plural head noun just before it in its clause (a noun counted by a figure of its own is
    the linker's business: a digit on the way stops the search)."""
    low, rules = scan.low, scan.rules
    if not _WITH_BEFORE.search(low, max(0, start - 8), start):
        return _number_of(scan, start, parts)
    words = [w.strip(_EDGE) for w in _clause_before(low, start, 80).split()][:-1]  # drop "with"
    for i in range(len(words) - 1, max(-1, len(words) - 7), -1):
        word = words[i]
        if not word or _HAS_DIGIT(word):
            return None
        mods = words[max(0, i - rules.max_mods):i]
        head = rules.head(word, mods, 2)
        if head is not None:
            if head.metric is None or not head.plural or head.container or any(map(_HAS_DIGIT, mods[-4:])):
                return None  # "will renovate 410 of the communities, followed by Tianshui with 236"
            parts.append(f"with-back:{word}")
            return head.metric
    return None


_NUMBER_OF_BEFORE = re.compile(
    r"\bnumber of (?P<np>[a-z][\w'-]*(?: [a-z][\w'-]*){0,4}?) (?:is|was|are|were|has reached|reached|stood at|stands at|"
    r"totall?ed|totals|came to|hit) (?:about |some |nearly |around |almost |more than |over |a total of )?\Z")


def _number_of(scan: _Scan, start: int, parts: list[str]) -> str | None:
    """"The number of buildings is 14,743": a bare number counts the noun of "the number of"."""
    low, rules = scan.low, scan.rules
    match = _NUMBER_OF_BEFORE.search(low, max(0, start - 70), start)
    if match is None:
        return None
    words = match.group("np").split()
    head = rules.head(words[-1], words[:-1], 2)
    if head is None or head.metric is None or not head.plural or head.container:
        return None
    parts.append(f"number-of:{words[-1]}")
    return head.metric


# --------------------------------------------------------------------------- noun phrases
_Word = tuple  # (core | None for a break, start, end, possessive, last, quote length before)
_HAS_DIGIT = re.compile(r"\d").search


def _words(scan: _Scan, pos: int, count: int, commas: bool = False, limit: int | None = None) -> Iterator[_Word]:
    """Up to ``count`` words after ``pos`` on the same line, with their punctuation read off.

    A generator over plain ``str.split`` (a regex tokenizer costs several times more per
    number, and most numbers find their noun within two words). ``core`` is the lower-cased
    word without edge punctuation; a break word (``core`` None) ends the phrase at a bracket,
    a dash, punctuation after a word (a comma too unless ``commas``) or the end of the line.
    ``last`` marks a word with punctuation after it. ``limit`` (default ``pos`` +
    ``_WALK_CHARS``) is where the search window ends.
    """
    window = scan.low[pos:pos + _WALK_CHARS if limit is None else limit]
    line_end = "\n" in window  # ("in" and partition() cost less than find() with bounds)
    if line_end:
        window = window.partition("\n")[0]
    offset = 0
    tokens = window.split(None, count)  # the words after ``count`` stay one unsplit remainder
    for token in tokens[:count]:
        at = window.find(token, offset)
        offset = at + len(token)
        if token.isalpha():  # most words: no punctuation to read off (no edge character is a letter)
            yield (token, pos + at, pos + offset, False, False, 0)
            continue
        core = token.strip(_EDGE)
        if not core or not core[0].isalnum():
            yield (None, pos + at, pos + offset, False, True, 0)
            return
        lead_len = token.find(core)
        quotes = scan.rules.quotes
        if lead_len and token[:lead_len].strip(quotes):  # "(prefectures)": a bracket ends the phrase
            yield (None, pos + at, pos + at, False, True, 0)
            return
        start = pos + at + lead_len
        after = lead_len + len(core)
        trail = token[after:].strip(quotes)
        possessive = core.endswith(("'s", "\u2019s")) or (token[after:after + 1] in ("'", "\u2019") and core[-1] == "s")
        yield (core, start, start + len(core), possessive, bool(trail), lead_len)
        if trail and not (commas and trail == ","):
            yield (None, start + len(core), start + len(core), False, True, 0)
            return
    if line_end and len(tokens) <= count:
        yield (None, pos + len(window), pos + len(window), False, True, 0)


def _walk(scan: _Scan, pos: int, value: float, next_word: str = "") -> _Walk:
    """Find the counted noun after a number: up to ``max_modifiers`` words, then a head noun.
    ``next_word`` is the word ``next_word_re`` found at ``pos``, if that was looked up."""
    rules = scan.rules
    heads, irregular = rules.heads, rules.irregular
    words = None
    if next_word and next_word != "of":
        # Most numbers are followed by a space and a plain word (perhaps with one closing
        # mark, "households."), often one that decides at once (a head noun, a stop word):
        # read it as _words would, without starting the word generator.
        # ``last``: None when _words must read the word, else whether a mark ends the phrase.
        low = scan.low
        end = pos + 1 + len(next_word)
        n = scan.n
        last = None
        if (low[pos:pos + 1] == " " and low[pos + 1:end] == next_word and next_word.isalpha()
                and end - pos <= _WALK_CHARS):
            if end == n or low[end].isspace():
                last = False
            elif low[end] in rules.phrase_ends and (end + 1 == n or low[end + 1].isspace()) and end - pos < _WALK_CHARS:
                last = True
        if last is not None:
            if next_word in rules.coordinators or next_word in rules.stop:
                return _BARE
            head = rules.head(next_word, [], value) if next_word in heads else None
            if last and head is None:
                return _BARE if next_word in rules.verb_like else _Walk(None, pos + 1, end, "noun:?")
            if head is not None:
                if head.not_metric:
                    return _Walk(head, pos + 1, end, f"not-metric:{head.word}")
                if head.container and not last:
                    walk = _container(scan, end, head, pos + 1)  # a new _Walk: set in place
                    walk.close_plural = head.plural
                    return walk
                return _Walk(head, pos + 1, end, f"noun:{head.word}", head.metric, head.plural)
            # A first modifier ("old"): the loop below goes on from the next word, in the
            # window it would have read (this saves reading the word again).
            mods = [next_word]
            np_start, np_end = pos + 1, end
            plural_end = end if _is_plural(next_word, irregular) else None
            words = _words(scan, end, rules.max_mods + 5, limit=pos + _WALK_CHARS)
            word = next(words, None) if rules.max_mods > 1 else None
    if words is None:
        words = _words(scan, pos, rules.max_mods + 6)
        word = next(words, None)
        if word is not None and word[0] == "of" and not word[4]:
            # "40 of the old communities" counts communities; "206 of them" stays bare
            word = next(words, None)
            if word is None or word[0] not in rules.of_determiners or word[4]:
                return _BARE
            word = next(words, None)
        mods: list[str] = []
        np_start = np_end = plural_end = None  # a phrase without a known head ends at its first plural
    coordinated = False
    while word is not None:
        core, word_start, word_end, possessive, last, quoted = word
        if core is None:
            break
        start = word_start - quoted
        if core in rules.coordinators:
            if not mods or last:
                break
            coordinated = True
            word = next(words, None)
            continue
        if core in rules.stop:
            break
        if not core.isalpha() and _HAS_DIGIT(core):
            # "13 15-minute living circles": a hyphenated number is a modifier; another figure ends the phrase
            if "-" not in core or core.rsplit("-", 1)[-1].isdigit():
                return _BARE
        elif not possessive and core in heads:
            head = rules.head(core, mods, value)
            if head is not None:
                np_start = start if np_start is None else np_start
                if head.not_metric:
                    return _Walk(head, np_start, word_end, f"not-metric:{head.word}")
                # (plural_end is set at the first plural modifier: no generator over the modifiers)
                close = head.plural and len(mods) <= 3 and plural_end is None
                if head.container and not last:
                    walk = _container(scan, word_end, head, np_start)  # a new _Walk: set in place
                    walk.close_plural = close
                    return walk
                return _Walk(head, np_start, word_end, f"noun:{head.word}", head.metric, close)
        mods.append(core)
        np_start = start if np_start is None else np_start
        if not coordinated:
            np_end = word_end
        if plural_end is None and _is_plural(core, irregular):
            plural_end = word_end
        if last or len(mods) >= rules.max_mods:
            break
        word = next(words, None)  # read only when needed (not after the head noun)
    if not mods or mods[0] in rules.verb_like:
        return _BARE
    return _Walk(None, np_start, plural_end or np_end, "noun:?")


def _container(scan: _Scan, pos: int, head: _Head, start: int) -> _Walk:
    """'units of subsidized rental housing': the of-phrase names what the units are."""
    found = _of_phrase(scan, pos, None)
    if found is not None:
        inner, inner_end, extent = found
        if inner is not None and inner.metric is not None:
            return _Walk(head, start, inner_end, f"noun:{head.word}-of-{inner.word}", inner.metric)
        if extent is not None:
            return _Walk(head, start, extent, f"noun:{head.word}-of", head.metric)
    return _Walk(head, start, pos, f"noun:{head.word}", head.metric)


def _of_phrase(scan: _Scan, pos: int, unit: str | None) -> tuple[_Head | None, int | None, int | None] | None:
    """Walk an 'of' phrase after a unit: (head, head end, phrase extent), or None without 'of'.

    With ``unit`` the head is one of that unit's nouns ("kilometers of gas, water and heating
    pipelines", commas allowed); else a count head, mass nouns allowed ("units of housing").
    """
    rules = scan.rules
    match = rules.of_re.match(scan.low, pos)
    if match is None:
        return None
    mods: list[str] = []
    extent = None
    comma_seen = False
    for core, _, word_end, possessive, last, _ in _words(scan, match.end(), rules.max_of + 6, commas=unit is not None):
        if core is None:
            break
        if core in rules.coordinators:
            continue
        if core == "of" and mods and mods[-1] in rules.kind_nouns:
            mods.clear()  # "kilometers of various types of urban pipelines": the head is after it
            continue
        if (core in rules.stop and core not in rules.of_extra) or _HAS_DIGIT(core):
            break
        if mods and (core.endswith("ed") or core in rules.verb_like):  # "of roofs repaired"
            break
        if not possessive:
            head = rules.unit_noun(unit, core, mods) if unit else rules.head(core, mods, 2, in_of=True)
            if head is not None and not head.container:
                return head, word_end, word_end
        mods.append(core)
        if not comma_seen:
            extent = word_end
        if last:
            comma_seen = True  # the extent ends here; pipeline nouns may follow the comma
        if len(mods) >= rules.max_of:
            break
    return None, None, extent


def _unit_noun_after(scan: _Scan, pos: int, unit: str) -> int | None:
    """'5,000 km gas pipelines' (no 'of'): a unit noun among the next few modifier words."""
    rules = scan.rules
    mods: list[str] = []
    for core, _, word_end, _, last, _ in _words(scan, pos, rules.max_mods):
        if core is None or core in rules.stop or _HAS_DIGIT(core):
            break
        if rules.unit_noun(unit, core, mods) is not None:
            return word_end
        mods.append(core)
        if last:
            break
    return None


_CONVERSION_ASIDE = re.compile(r"\s*\([^()\n]{1,30}\)")


def _measured_thing(scan: _Scan, s: int, end: int, unit: str) -> tuple[str | None, int, str]:
    """A length counts as pipelines only when pipes are named: after the unit or earlier in the clause."""
    rules, low = scan.rules, scan.low
    metric = rules.unit_metric.get(unit)
    found = _of_phrase(scan, end, unit)
    if found is None and (aside := _CONVERSION_ASIDE.match(low, end)) is not None:
        # "20,000 kilometers (12,427 miles) of gas pipelines": the same length in other units
        found = _of_phrase(scan, aside.end(), unit)
    if found is not None and found[0] is not None:
        return found[0].metric or metric, found[1], f"noun:{found[0].word}"
    if found is None:
        noun_end = _unit_noun_after(scan, end, unit)
        if noun_end is not None:
            return metric, noun_end, "noun:after-unit"
    lo = max(0, s - _CLAUSE_LOOKBACK)
    clause = max(low.rfind(c, lo, s) for c in ".;!?\n") + 1
    if rules.clause_nouns_re[unit].search(low, max(clause, lo), s):
        return metric, end, "noun:in-clause"
    extent = found[2] if found is not None and found[2] is not None else end
    return None, extent, "noun:none"


def _link_of_numbers(scan: _Scan, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """'1,037 of the 1,130 old communities', '3,000 and 4,000 communities': the first number counts
    what the second counts."""
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        if a.unit != "count" or a.unit_text is not None or b.unit != "count" or b.unit_text is None:
            continue
        if scan.rules.of_link_re.fullmatch(scan.low, a.number_end, b.start):
            link = "of-next"
        elif scan.rules.coord_link_re.fullmatch(scan.low, a.number_end, b.start):  # "3,000 and 4,000 communities"
            link = "coord-next"
        else:
            continue
        # (what dataclasses.replace() gives, without its generic field handling)
        found[i] = _new_match(a.start, a.end, a.number_start, a.number_end, a.value, a.value_max, a.approx, a.unit,
                              b.unit_text, b.metric, f"{a.rule}|{link}:{b.metric}")
    return found
