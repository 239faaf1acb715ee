"""Time expressions of policy news, normalised: years, spans of years, Five-Year Plan
periods, windows within a year, as-of points, deadlines and dates, resolved against the
publication date; and the article's own publication date.

Pure (no spaCy). Every word list comes from ``renovex/data/time_words.json`` (or any dict
of the same shape), so the spaCy component can save and reload it as its rules.

Speed: a Python regex costs ~100 ns per position it is tried at, so scanning whole
articles with twenty patterns would eat the pipeline's budget. Instead each family of
patterns names cheap *anchors* ("year", a four-digit number, a month name, ...), found
with literal substring scans over a one-byte-per-character lower-cased copy of the text
(and skipped when their words are absent); the family's pattern is then tried with
``match`` only at the few word starts just left of each anchor whose first bytes it can
start with (worked out from the pattern itself, and found by one small regex per anchor).
An undated article is resolved twice (against a probe date, then against the year it
turns out to have): the second time only the relative expressions are resolved again.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

from ..core.regex_prefixes import start_table, trie_pattern
from ..core.resources import data_file, read_json

TIME_WORDS_FILE = "time_words.json"
REQUIRED_KEYS = frozenset({
    "months", "month_abbreviations", "weekdays", "numbers", "ordinals", "last_ordinals", "five_year_plans",
    "year_range", "relative_years", "anaphoric_years", "relative_months", "year_qualifiers", "past_n_years_heads",
    "vague_counts", "recent_years", "progress_cues", "halves", "quarters", "edges", "as_of_prepositions",
    "deadline_prepositions", "since_prepositions", "since_starts", "fyp_started_verbs", "year_predecessors",
    "not_year_predecessors", "count_nouns", "count_noun_skip",
})
OPTIONAL_KEYS = frozenset({"next_n_years_heads"})  # (time words written before it existed still load)

PERIOD = "PERIOD"
DATE = "DATE"


@dataclass(frozen=True, slots=True, init=False)
class TimeMatch:
    """One time expression found in a text.

    ``period`` is the span of years the expression stands for (None when it cannot be
    known); ``as_of`` the cut-off day of a progress or deadline phrase; ``day`` the
    calendar day of a DATE (a month-day, weekday or ISO date); ``since_year`` the start
    year of a "since ..." span, kept even when the end (the publication year) is unknown.
    ``relative`` is True when the value depends on the publication date.
    """

    start: int
    end: int
    label: str
    period: tuple[int, int] | None
    as_of: date | None
    type: str
    relative: bool
    rule: str
    day: date | None = None
    since_year: int | None = None

    def __init__(self, start: int, end: int, label: str, period: tuple[int, int] | None, as_of: date | None,
                 type: str, relative: bool, rule: str, day: date | None = None,  # noqa: A002 (the field's name)
                 since_year: int | None = None) -> None:
        # The generated __init__ of a frozen dataclass calls object.__setattr__ per field,
        # which made building matches cost as much as finding them; the slots' own setters
        # do the same assignment directly.
        _set_start(self, start)
        _set_end(self, end)
        _set_label(self, label)
        _set_period(self, period)
        _set_as_of(self, as_of)
        _set_type(self, type)
        _set_relative(self, relative)
        _set_rule(self, rule)
        _set_day(self, day)
        _set_since_year(self, since_year)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (dates as ISO strings, period as a list)."""
        out = asdict(self)
        for key in ("as_of", "day"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        if out["period"] is not None:
            out["period"] = list(out["period"])
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TimeMatch":
        values = dict(data)
        for key in ("as_of", "day"):
            if values.get(key) is not None:
                values[key] = date.fromisoformat(values[key])
        if values.get("period") is not None:
            values["period"] = tuple(values["period"])
        return cls(**values)


(_set_start, _set_end, _set_label, _set_period, _set_as_of, _set_type, _set_relative, _set_rule, _set_day,
 _set_since_year) = (TimeMatch.__dict__[f.name].__set__ for f in fields(TimeMatch))

_Candidate = tuple[TimeMatch, int, re.Match]  # an expression, its family's priority, its pattern match

# ---------------------------------------------------------------------------- helpers

DASH = r"[\-~]"  # after _prepare every Unicode dash is "-"
QUOTE = "[\"']"  # ... and every curly quote is straight
YEND = r"(?![a-z0-9_%]|[.,]\d)"  # a year ends here: not "1990s", "2022.5", "2,0221"

# One-for-one replacements that keep offsets, applied only to non-ASCII texts.
_UNICODE_FOLD = {
    **{ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    **{ch: "'" for ch in "\u2018\u2019\u201a\u201b\u2032"},
    **{ch: '"' for ch in "\u201c\u201d\u201e\u201f\u2033"},
    **{ch: " " for ch in "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"},
    "\uff5e": "~", "\uff1a": ":", "\uff0c": ",", "\uff08": "(", "\uff09": ")",
}
# Bytes tables: lower-case ASCII, every whitespace a space; and a second one that keeps
# only letters and digits (word starts are found in it with rfind).
_LOWER = bytes(
    (c + 32 if 65 <= c <= 90 else 32 if c in (9, 10, 11, 12, 13, 28, 29, 30, 31, 133, 160) else c) for c in range(256))
_WORDS = bytes((c if 97 <= c <= 122 or 48 <= c <= 57 else 32) for c in range(256))


def _prepare(text: str) -> bytes:
    """One byte per character (so offsets hold): lower-case ASCII with plain dashes,
    quotes and spaces; characters outside Latin-1 become "?"."""
    if not text.isascii():
        for ch, plain in _UNICODE_FOLD.items():
            if ch in text:
                text = text.replace(ch, plain)
    return text.encode("latin-1", "replace").translate(_LOWER)


def _norm(phrase: str | bytes | None) -> str:
    if not phrase:
        return ""
    if isinstance(phrase, bytes):
        return _norm_bytes(phrase)
    return " ".join(phrase.lower().split())


@lru_cache(maxsize=4096)
def _norm_bytes(phrase: bytes) -> str:
    # handlers normalise the same few group texts ("by", "the end") over and over
    return " ".join(phrase.decode("latin-1").lower().split())


def _alt(phrases) -> str:
    """Regex alternation of phrases, longest first; a space matches any whitespace."""
    items = sorted({_norm(p) for p in phrases if p}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in items) + ")"


def _word_starts(words: bytes, lo: int, pos: int) -> list[int]:
    """Starts of the words that begin in ``[lo, pos]``, farthest first."""
    out: list[int] = []
    at = lo
    # split() of the short window is quicker than finding each space: a word starts where
    # a non-empty piece does, except at ``lo`` when a word runs across it
    for piece in words[lo:pos + 1].split(b" "):
        if piece:
            out.append(at)
        at += len(piece) + 1
    if out and out[0] == lo and lo > 0 and words[lo - 1] != 32:
        del out[0]
    return out


_PREFIX = 3  # bytes of a family's start looked at before its regex is tried
_WORD_START_BYTES = tuple(b"abcdefghijklmnopqrstuvwxyz0123456789")  # in the folded text


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


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


class TimeGrammar:
    """Compiled time-expression rules built from a ``time_words.json``-shaped dict.

    Matching never scans the text with the big patterns: cheap anchors ("year", "20..",
    month names) are found first, and each family's pattern is tried with ``match`` at the
    few word starts just left of an anchor.
    """

    def __init__(self, words: dict[str, Any]):
        self.words = words
        self._compile()

    # ------------------------------------------------------------------ compilation
    def _compile(self) -> None:
        w = self.words
        missing = sorted(REQUIRED_KEYS - set(w))
        unknown = sorted(k for k in set(w) - REQUIRED_KEYS - OPTIONAL_KEYS if k != "about" and not k.startswith("_"))
        if missing or unknown:
            raise ValueError(f"time words: missing keys {missing}, unknown keys {unknown}; "
                             f"allowed: {', '.join(sorted(REQUIRED_KEYS | OPTIONAL_KEYS))} (and 'about' or '_...' notes)")
        self.months: dict[str, int] = {**w["months"], **w["month_abbreviations"]}
        self.weekdays: dict[str, int] = dict(w["weekdays"])
        self.numbers: dict[str, int] = dict(w["numbers"])
        self.ordinals: dict[str, int] = dict(w["ordinals"])
        self.last_ordinals = {_norm(x) for x in w["last_ordinals"]}
        self.plans = {int(k): (int(v[0]), int(v[1])) for k, v in w["five_year_plans"].items()}
        self.year_min, self.year_max = (int(x) for x in w["year_range"])
        self.relative_years = {_norm(k): int(v) for k, v in w["relative_years"].items()}
        self.relative_months = {_norm(k): int(v) for k, v in w["relative_months"].items()}
        self.year_qualifiers = {_norm(k): int(v) for k, v in w["year_qualifiers"].items()}
        self.halves = {k: tuple(v) for k, v in w["halves"].items()}
        self.quarters = dict(w["quarters"])
        self.edges = dict(w["edges"])
        self.as_of_pre = {_norm(x) for x in w["as_of_prepositions"]}
        self.deadline_pre = {_norm(x) for x in w["deadline_prepositions"]}
        self.since_pre = {_norm(x) for x in w["since_prepositions"]}
        self.vague = {_norm(x) for x in w["vague_counts"]}

        full = _alt(w["months"])
        abbr = _alt(w["month_abbreviations"])
        month = rf"\b(?:{full}(?![a-z])|{abbr}(?![a-z])\.?)"
        month_full = rf"\b{full}(?![a-z])"
        weekday = _alt(w["weekdays"])
        num = rf"(?:{_alt(w['numbers'])}|\d{{1,2}})"
        yq_words = _alt(w["year_qualifiers"])

        def yq(name: str) -> str:
            return rf"(?P<{name}>{yq_words}\b|\d{{4}}{YEND})"

        def yq_tail(name: str) -> str:
            return rf"(?:(?:\s+of|,)?\s+{yq(name)})?"

        point_pre = _alt(self.as_of_pre | self.deadline_pre)
        md_pre = _alt(self.as_of_pre - {"at"} | self.deadline_pre | self.since_pre | {"on"})
        month_pre = _alt(self.as_of_pre - {"at"} | self.deadline_pre | self.since_pre | {"in", "during"})
        fyp_pre = _alt(self.since_pre | self.deadline_pre | self.as_of_pre)
        nth = _alt(list(self.ordinals) + list(self.last_ordinals))
        ordinal_words = _alt(self.ordinals)
        since_starts = _alt(w["since_starts"])
        progress_anchors = ("far", "date", "present", "now", "today")
        self._anchors = self._anchor_table(progress_anchors)
        months_anchors = tuple(k for k in self._anchors if k.startswith("month:"))
        digits = ("y19", "y20", "y21")

        def rx(pattern: str) -> re.Pattern:
            return re.compile(pattern.encode("ascii"))

        paren_range = rf"(?:\s*\(\s*\d{{4}}\s*(?:{DASH}|to)\s*\d{{4}}\s*\))?"
        self.families = [
            _Family("fyp", rx(
                rf"(?:(?P<pre>{fyp_pre})\s+)?"
                rf"(?:the\s+(?:(?P<nth>{nth})\s+year|(?P<edge>{_alt(self.edges)}))\s+of\s+)?"
                rf"(?:the\s+)?{QUOTE}?\s*"
                rf"(?:(?<![\w.])(?P<ordn>\d{{1,2}})(?:st|nd|rd|th)|\b(?P<ordw>{ordinal_words}))"
                rf"[\s\-]*five[\s\-]*year(?!\w)(?:\s+plans?\b)?(?:\s*{QUOTE})?"
                rf"{paren_range}(?:\s+period\b)?{paren_range}"
                rf"(?(pre)(?:\s+(?P<verb>{_alt(w['fyp_started_verbs'])})\b)?)"
            ), self._fyp, ("five",), 80),
            _Family("since_year", rx(
                rf"since\s+(?:the\s+(?:{since_starts}|end|middle)\s+of\s+)?(?P<y>\d{{4}}){YEND}"
            ), self._since_year, ("since",), 0),
            _Family("from_year_to_now", rx(
                r"from\s+(?P<y>\d{4})\s+(?:up\s+)?(?:to|till|until|through|thru)\s+(?:now|the\s+present|today|date|this\s+year)\b"
            ), self._since_year, progress_anchors + ("year",), 40),
            _Family("since_relative", rx(
                rf"since\s+(?:the\s+(?:{since_starts})\s+of\s+)?(?:(?P<yq>{yq_words})|(?:this|the)\s+(?P<unit>month))\b"
            ), self._since_relative, ("since",), 0),
            _Family("iso_date", rx(
                r"(?<![\w.\-])(?P<y>\d{4})(?P<sep>[\-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
            ), self._iso, digits, 0),
            _Family("year_range", rx(
                r"(?:(?P<pre>from|between|across|in|during|over|for|covering|spanning|through)\s+)?"
                r"(?<![\w.,/$#:\-])(?P<y1>\d{4})"
                rf"(?:\s*(?P<dash>{DASH})\s*|\s+(?P<conj>to|through|till|until|and)\s+)"
                rf"(?P<y2>\d{{4}}|\d{{2}})(?![\w%]|[.,]\d|{DASH}\d)"
            ), self._range, digits, 16),
            _Family("edge", rx(
                rf"(?:(?P<pre>{point_pre})\s+)?(?:the\s+)?(?P<edge>{_alt(self.edges)})(?:\s+of\s+|-)"
                rf"(?:(?P<m1>{month})(?:\s+and\s+(?P<m2>{month}))?{yq_tail('yq')}|(?P<yq2>{yq_words}\b|\d{{4}}{YEND}))"
            ), self._edge, tuple(self.edges), 20),
            _Family("mid", rx(
                rf"(?:(?P<pre>{point_pre})\s+)?mid[\s\-]*"
                rf"(?:(?P<m1>{month}){yq_tail('yq')}|(?P<yq2>\d{{4}}){YEND}|(?P<yword>year)\b)"
            ), self._edge, ("mid",), 16),
            _Family("month_day", rx(
                rf"(?:(?P<pre>{md_pre})\s+)?(?:(?P<wd>{weekday}),?\s+)?"
                rf"(?P<m1>{month})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d%]|[.,]\d|\s*{DASH}\s*\d)"
                rf"(?:,?\s*(?P<y>\d{{4}}){YEND})?"
                rf"|(?:(?P<pre2>{md_pre})\s+)?(?<![\d,.])(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                rf"(?P<m2>{month_full})(?:,?\s+(?P<y2>\d{{4}}){YEND})?"
            ), self._month_day, months_anchors, 24),
            _Family("month_range", rx(
                rf"(?:(?P<pre>from|between)\s+)?(?P<m1>{month})"
                rf"(?:\s*{DASH}\s*|\s+(?P<conj>to|through|till|until|and)\s+)(?P<m2>{month}){yq_tail('yq')}"
            ), self._month_range, months_anchors, 28),
            _Family("half", rx(
                rf"(?:the\s+)?(?P<which>{_alt(self.halves)})[\s\-]+half\b{yq_tail('yq')}"
            ), self._half, ("half",), 20),
            _Family("first_months", rx(
                rf"(?:the\s+)?first\s+(?P<n>{num})\s+months\b{yq_tail('yq')}"
            ), self._first_months, ("month",), 24),
            _Family("quarter", rx(
                rf"(?:the\s+)?(?:(?P<q>{_alt(self.quarters)})\s+quarter|first\s+(?P<nq>two|three|2|3)\s+quarters"
                rf"|(?P<qq>q)(?P<qn>[1-4]))(?!\w){yq_tail('yq')}"
            ), self._quarter, ("quarter", "q"), 24),
            _Family("whole_year", rx(
                rf"the\s+(?:whole|full|entire)\s+(?:year\s+)?of\s+{yq('yq')}"
            ), self._whole_year, ("whole", "full", "entire"), 6),
            _Family("relative_year", rx(
                rf"(?:(?P<rel>{_alt(self.relative_years)})|(?P<ana>{_alt(w['anaphoric_years'])}))\b"
            ), self._relative_year, ("year",), 30),
            _Family("past_years", rx(
                rf"(?:the\s+)?(?P<head>{_alt(w['past_n_years_heads'])})\s+"
                rf"(?:(?P<n>{num}|{_alt(self.vague)})\s+)?(?P<unit>years?)\b"
                rf"|(?:over|during|in|within|for|across)\s+(?P<core>(?:the|those|these)\s+(?P<n2>{num})\s+years)\b"
                rf"|(?P<recent>{_alt(w['recent_years'])})\b"
                rf"|(?P<n3>{num})\s+years?\s+ago\b"
                + (rf"|(?:the\s+)?(?P<next>{_alt(w['next_n_years_heads'])})\s+(?P<n4>{num})\s+years\b"
                   if w.get("next_n_years_heads") else "")
            ), self._past_years, ("year",), 30),
            _Family("relative_month", rx(
                rf"(?P<rel>{_alt(self.relative_months)})\b"
            ), self._relative_month, ("month",), 24),
            _Family("month", rx(
                rf"(?:(?P<pre>{month_pre})\s+)?(?P<m1>{month}){yq_tail('yq')}"
            ), self._month, months_anchors, 12),
            _Family("weekday", rx(
                rf"(?<!{DASH}\s)(?<!{DASH})(?P<wd>{weekday})\b(?!\s*(?:{DASH}|to|through)\s*{weekday})"
            ), self._weekday, ("weekday",), 10),
            _Family("year", rx(
                r"(?<![\w.,/$#:\-\xa3\xa5])(?P<y>\d{4})(?![\w%]|[.,]\d|[\-/]\d)"
            ), self._year, digits, 0),
            _Family("progress", rx(
                rf"(?<!up\s)(?<!up-)(?P<cue>{_alt(w['progress_cues'])})\b(?!\s+as\b)"
            ), self._progress, progress_anchors, 12),
        ]
        self.priority = {f.name: i for i, f in enumerate(self.families)}
        # How far left of an anchor to look for starts: the widest family using it.
        self._reach = {name: max(f.before for f in self.families if name in f.anchors)
                       for f in self.families for name in f.anchors}
        # Gate words -> the anchors they open; anchors without a gate are always scanned for.
        self._ungated = frozenset(name for name, spec in self._anchors.items() if spec.gate is None)
        self._gated_by: dict[bytes, set[str]] = {}
        for name, spec in self._anchors.items():
            for word in spec.gate or ():
                self._gated_by.setdefault(word, set()).add(name)
        self._gate_words = frozenset(self._gated_by)
        self._start_tables = [start_table(f.regex.pattern, _PREFIX) for f in self.families]
        # Per anchor, the families using it (priority order), and one regex that finds the
        # word starts where any of them can begin: a scan in C instead of a Python loop
        # over every word start near the anchor.
        self._users: dict[str, list[tuple[int, Callable, int, list | None]]] = {}
        self._finders: dict[str, _StartFinder | None] = {}
        for name in self._anchors:
            users = [i for i, f in enumerate(self.families) if name in f.anchors]
            self._finders[name] = self._start_finder([self._start_tables[i] for i in users])
            self._users[name] = [(i, self.families[i].regex.match, self.families[i].before,
                                  self._start_tables[i] if len(users) > 1 or self._finders[name] is None else None)
                                 for i in users]

        # Context checks for bare four-digit numbers (on the original text).
        flags = re.IGNORECASE
        self._not_year_before = re.compile(
            rf"(?:\b{_alt(w['not_year_predecessors'])}\.?|[#\u2116])\s*$", flags)
        self._year_before = re.compile(rf"\b{_alt(w['year_predecessors'])}\s+$", flags)
        # The same two tests read backwards from the year: tried at one position instead of
        # searched for through the 12 characters before it. Exact while every predecessor is
        # one word (then at most one way to match exists; see _before_year).
        single = all(re.fullmatch(r"\w+", _norm(x)) for x in (*w["not_year_predecessors"], *w["year_predecessors"]))
        # (one word matches at most, so the alternatives' order does not matter: a trie, which
        # re runs faster than a list of case-insensitive words)
        not_year = trie_pattern({_norm(x)[::-1] for x in w["not_year_predecessors"]})
        year = trie_pattern({_norm(x)[::-1] for x in w["year_predecessors"]})
        self._not_year_before_reversed = re.compile(rf"\s*(?:\.?{not_year}\b|[#\u2116])", flags) if single else None
        self._year_before_reversed = re.compile(rf"\s+{year}\b", flags) if single else None
        skip = _alt(w["count_noun_skip"])
        self._count_after = re.compile(
            rf"\s+(?:(?!{skip}\b)[a-z][a-z\-]*\s+){{0,3}}{_alt(w['count_nouns'])}\b")

        # Publication-date furniture (dates are tried at word starts near year anchors).
        self._full_date = rx(
            r"(?P<y>\d{4})\s*[\-/.]\s*(?P<mo>\d{1,2})\s*[\-/.]\s*(?P<d>\d{1,2})(?!\d)"
            rf"|(?P<m2>{month})\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})(?!\d)"
            rf"|(?<![\d,.])(?P<d3>\d{{1,2}})\s+(?P<m3>{month_full}),?\s+(?P<y3>\d{{4}})(?!\d)"
        )
        self._full_date_starts = self._start_finder([start_table(self._full_date.pattern, _PREFIX)])
        self._marker_before = re.compile(
            r"(?:\b(?:date|dated|updated|published|posted|released|release\s+date|publish\s+date|time)\b"
            r"|\u53d1\u5e03\u65f6\u95f4|\u65e5\u671f|\u65f6\u95f4)\s*[:\uff1a]?\s*(?:on\s+)?$", flags)
        self._deadline_before = re.compile(r"\b(?:by|before|until|till|through|from|to|since|in)\s*$", flags)
        self._clock = re.compile(r"\d{1,2}:\d{2}")
        self._dateline_city = re.compile(r"\s*[A-Z][A-Z .'\-]{1,40},\s*")
        # what a line must open with for _dateline_city to fill it up to a month name
        self._dateline_start = re.compile(r"\n[^\S\n]*[A-Z][A-Z .'\-]{1,40},")
        self._dateline_day = rx(rf"{month}\s*(?P<d>\d{{1,2}})\b(?!,?\s*\d{{4}})")
        self._furniture_year = re.compile(
            r"(?:\u00a9|\bcopyright\b|\(c\))\s*(?:\d{4}\s*[\-\u2013]\s*)?(?P<y>\d{4})(?!\d)"
            r"|(?<![\d\-/])(?P<y2>\d{4})[\-/.](?P<mo>\d{1,2})(?![\d\-/.])", flags)

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

    # ------------------------------------------------------------------ finding
    def scan(self, text: str) -> "TimeScan":
        """The published-date-independent work on ``text``, to share between ``find`` calls."""
        return TimeScan(text)

    def find(self, text: str, published: date | None = None, scan: "TimeScan | None" = None) -> list[TimeMatch]:
        """All time expressions of ``text``, sorted by start and non-overlapping.

        ``scan`` (from :meth:`scan` on the same text) keeps the anchor hits and pattern
        matches of an earlier call: resolving a text twice (against a probe date, then the
        real one) then costs little more than the handlers the second time.
        """
        if not text:
            return []
        if scan is None or scan.text is not text:
            scan = TimeScan(text)
        if scan.dated is not None:
            again = self._resolve_again(scan.dated, text, published)
            if again is not None:
                return again
        if scan.viable is None:
            scan.viable = self._viable(scan)
        seen: set[tuple[int, tuple[int, int]]] = set()
        candidates: list[_Candidate] = []
        for priority, groups in enumerate(scan.viable):
            if not groups:
                continue
            handler = self.families[priority].handler
            for group in groups:
                for match in group:
                    key = (priority, match.span())
                    if key in seen:
                        break
                    seen.add(key)
                    found = handler(match, text, published)
                    if found is not None and found.end > found.start:
                        candidates.append((found, priority, match))
                        break
        chosen = _select(candidates)
        if published is not None:
            scan.dated = (candidates, chosen)
        return [found for found, _, _ in chosen]

    def _resolve_again(self, dated: tuple[list[_Candidate], list[_Candidate]], text: str,
                       published: date | None) -> list[TimeMatch] | None:
        """The matches of an earlier run against another date, re-resolved against
        ``published``; None (run again) if a handler disagrees.

        Why this is the same as a new run: handlers decide from the text alone whether a
        match is a time expression and where it lies; the date only sets the values of
        relative ones. The one exception is no date at all, under which a handler may also
        reject (a month-day that 2000 does not have): so without a date every relative
        candidate is re-resolved, and any rejection means a full run.
        """
        candidates, chosen = dated
        families = self.families
        again_of: dict[int, TimeMatch] = {}  # id of a relative candidate -> its new value
        # under any date, the same candidates and so the same selection: only the chosen
        # ones need their values; with no date every relative one is checked
        for candidate in chosen if published is not None else candidates:
            found, priority, match = candidate
            if found.relative:
                again = families[priority].handler(match, text, published)
                if again is None or again.start != found.start or again.end != found.end or not again.relative:
                    return None
                again_of[id(candidate)] = again
        # same spans, families and order: _select would choose the same candidates
        return [again_of.get(id(candidate), candidate[0]) for candidate in chosen]

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

    def publication_date(self, text: str, scan: "TimeScan | None" = None) -> date | None:
        """The article's own date from its furniture (header, byline, dateline), or None.
        ``scan`` (from :meth:`scan` on the same text) saves folding the text again."""
        if not text:
            return None
        line_end = -1
        for _ in range(10):  # the 10th line break; one past 1500 characters would not change the head
            line_end = text.find("\n", line_end + 1, 1501)
            if line_end < 0:
                break
        head = text[:min(max(600, line_end if line_end > 0 else len(text)), 1500)]
        if scan is not None and scan.text is text:
            # folding is character by character, so the head's bytes are a prefix of the text's
            low, words = scan.low[:len(head)], scan.words[:len(head)]
        else:
            scan = None
            low = _prepare(head)
            words = low.translate(_WORDS)
        dates: list[tuple[re.Match, date]] = []
        finder = self._full_date_starts
        for name in ("y19", "y20", "y21"):
            for pos in self._head_hits(scan, name, low):
                lo = max(0, pos - 16)
                starts = _word_starts(words, lo, pos) if finder is None else finder.starts(low, lo, pos)
                for start in starts:
                    match = self._full_date.match(low, start)
                    if match is not None and match.end() > pos:
                        found = self._date_of(match)
                        if found is not None:
                            dates.append((match, found))
                        break
        dates.sort(key=lambda item: item[0].start())
        for match, found in dates:  # "date:", "Updated:", "Published" ...
            if self._marker_before.search(head, max(0, match.start() - 24), match.start()):
                return found
        for match, found in dates:  # a short furniture line, a time stamp, a dateline
            start, end = match.start(), match.end()
            if self._deadline_before.search(head, max(0, start - 10), start):
                continue
            line_start = head.rfind("\n", 0, start) + 1
            line_stop = head.find("\n", end)
            line_stop = len(text) if line_stop < 0 else line_stop
            near = head[max(0, start - 10):end + 10]
            if (line_stop - line_start <= 120 or self._clock.search(near)
                    or self._dateline_city.fullmatch(head, line_start, start)):
                return found
        if not self._dateline_start.search("\n" + head):
            return None  # no line opens with a dateline city: the month scan below cannot succeed
        for name, spec in self._anchors.items():  # "BEIJING, Aug. 25 (Xinhua)": needs a year
            if not name.startswith("month:"):
                continue
            for pos in spec.regex.finditer(low):
                line_start = head.rfind("\n", 0, pos.start()) + 1
                day = self._dateline_day.match(low, pos.start())
                if day and self._dateline_city.fullmatch(head, line_start, pos.start()):
                    year = self._furniture_year_of(text, head)
                    month = self._month_no(low[pos.start():pos.end()])
                    if year and month:
                        return _safe_date(year, month, int(day["d"]))
        return None

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

    def _furniture_year_of(self, text: str, head: str) -> int | None:
        for source in (head, text[-2000:]):
            for match in self._furniture_year.finditer(source):
                year = int(match["y"] or match["y2"])
                if match["mo"] and not 1 <= int(match["mo"]) <= 12:
                    continue
                if self.year_min <= year <= self.year_max:
                    return year
        return None

    def _date_of(self, match: re.Match) -> date | None:
        if match["y"]:
            year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
        elif match["y2"]:
            year, month, day = int(match["y2"]), self._month_no(match["m2"]), int(match["d2"])
        else:
            year, month, day = int(match["y3"]), self._month_no(match["m3"]), int(match["d3"])
        if not month or not self.year_min <= year <= self.year_max:
            return None
        return _safe_date(year, month, day)

    # ------------------------------------------------------------------ resolution helpers
    def _month_no(self, word: str | bytes | None) -> int | None:
        return self.months.get(_norm(word).rstrip(".")) if word else None

    def _valid_year(self, year: int) -> bool:
        return self.year_min <= year <= self.year_max

    def _qualified_year(self, phrase: str | None, published: date | None) -> tuple[int | None, bool, bool]:
        """Resolve a year qualifier: ``(year, relative, valid)``."""
        key = _norm(phrase)
        if key.isdigit():
            year = int(key)
            return (year, False, True) if self._valid_year(year) else (None, False, False)
        if key in self.year_qualifiers:
            return (published.year + self.year_qualifiers[key] if published else None, True, True)
        return None, False, False

    @staticmethod
    def _month_year(month: int, published: date | None, future_ok: bool) -> int | None:
        """Year of a month named without one: the latest such month not after publication,
        or, for deadlines, the publication year unless the month is long past."""
        if published is None:
            return None
        if future_ok:
            return published.year + 1 if month < published.month - 6 else published.year
        return published.year if month <= published.month else published.year - 1

    @staticmethod
    def _day_year(month: int, day: int, published: date, future_ok: bool) -> date | None:
        this_year = _safe_date(published.year, month, day)
        if this_year is None:
            return _safe_date(published.year - 1, month, day)
        if future_ok:
            return this_year if this_year >= published - timedelta(days=183) else _safe_date(published.year + 1, month, day)
        return this_year if this_year <= published else _safe_date(published.year - 1, month, day)

    @staticmethod
    def _is_lower_verb(text: str, m: re.Match, group: str) -> bool:
        """Lower-case "may"/"march" (in the original text) are far more often verbs than months."""
        return text[m.start(group):m.end(group)] in ("may", "march")

    def _kind_of_pre(self, pre: str) -> str:
        if pre in self.deadline_pre:
            return "deadline"
        if pre in self.since_pre:
            return "since"
        return "as_of"

    # ------------------------------------------------------------------ handlers
    def _fyp(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        number = int(m["ordn"]) if m["ordn"] else self.ordinals.get(_norm(m["ordw"]))
        plan = self.plans.get(number or 0)
        if plan is None:
            return None
        first, last = plan
        pre, edge = _norm(m["pre"]), self.edges.get(_norm(m["edge"]))
        start = m.start()
        if m["nth"]:
            nth = _norm(m["nth"])
            year = last if nth in self.last_ordinals else first + self.ordinals[nth] - 1
            if year > last:
                return None
            if pre in self.since_pre:
                end = max(year, min(last, p.year)) if p else last
                return TimeMatch(start, m.end(), PERIOD, (year, end), None, "since", True, "fyp_since", since_year=year)
            return TimeMatch(start, m.end(), PERIOD, (year, year), None, "fyp", False, "fyp_nth_year")
        if pre in self.since_pre and edge in (None, "start"):
            end = max(first, min(last, p.year)) if p else last
            return TimeMatch(start, m.end(), PERIOD, (first, end), None, "since", True, "fyp_since", since_year=first)
        if edge == "end":
            kind = "deadline" if pre in self.deadline_pre else "as_of"
            return TimeMatch(start, m.end(), PERIOD, (first, last), date(last, 12, 31), kind, False, "fyp_end")
        return TimeMatch(start, m.end(), PERIOD, (first, last), None, "fyp", False, "fyp" if edge is None else f"fyp_{edge}")

    def _since_year(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        year = int(m["y"])
        if not self._valid_year(year):
            return None
        period = (year, p.year) if p and p.year >= year else None
        rule = "since_year" if m.group(0).startswith(b"since") else "from_year_to_now"
        return TimeMatch(m.start(), m.end(), PERIOD, period, None, "since", True, rule, since_year=year)

    def _since_relative(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        if m["unit"]:
            year: int | None = p.year if p else None
        else:
            year, _, valid = self._qualified_year(m["yq"], p)
            if not valid:
                return None
        period = (year, max(year, p.year)) if year is not None and p else None
        return TimeMatch(m.start(), m.end(), PERIOD, period, None, "since", True, "since_relative", since_year=year)

    def _iso(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        year = int(m["y"])
        day = _safe_date(year, int(m["mo"]), int(m["d"])) if self._valid_year(year) else None
        if day is None:
            return None
        return TimeMatch(m.start(), m.end(), DATE, (year, year), None, "date", False, "iso_date", day=day)

    def _range(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        first, pre, conj = int(m["y1"]), _norm(m["pre"]), _norm(m["conj"])
        raw = m["y2"]
        if len(raw) == 2:
            if not m["dash"]:
                return None
            last = first // 100 * 100 + int(raw)
        else:
            last = int(raw)
        if not (self._valid_year(first) and self._valid_year(last) and first < last <= first + 40):
            return None
        if conj == "and":
            if not pre or pre == "from" or (pre != "between" and last != first + 1):
                return None
        start = m.start() if pre in ("from", "between") else m.start("y1")
        rule = "year_range_and" if conj == "and" else "year_range"
        return TimeMatch(start, m.end(), PERIOD, (first, last), None, "range", False, rule)

    def _edge(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        pre = _norm(m["pre"])
        edge = self.edges.get(_norm(m["edge"]), "mid") if "edge" in m.re.groupindex else "mid"
        kind = "deadline" if pre in self.deadline_pre else "as_of"
        if m["m1"]:
            words = [m["m1"]] + ([m["m2"]] if "m2" in m.re.groupindex and m["m2"] else [])
            month = self._month_no(words[-1])
            if month is None:
                return None
            if m["yq"]:
                year, relative, valid = self._qualified_year(m["yq"], p)
                if not valid:
                    return None
                period = (year, year) if year else None
            else:
                year, relative = self._month_year(month, p, kind == "deadline"), True
                period = None
            stated = bool(m["yq"])
            if year is None:
                as_of = None
            elif edge == "end":
                as_of = _last_day(year, month)
            else:
                as_of = date(year, month, 1 if edge == "start" else 15)
            rule = f"{edge}_of_month"
        else:
            if "yword" in m.re.groupindex and m["yword"]:
                year, relative = (p.year if p else None), True
            else:
                year, relative, valid = self._qualified_year(m["yq2"], p)
                if not valid:
                    return None
            period = (year, year) if year else None
            stated = True
            if year is None:
                as_of = None
            else:
                as_of = {"end": date(year, 12, 31), "start": date(year, 1, 1)}.get(edge, date(year, 6, 30))
            rule = f"{edge}_of_year"
        # A point whose year the text states also gives the figure its period.
        return TimeMatch(m.start(), m.end(), PERIOD if stated else DATE, period, as_of, kind, relative, rule)

    def _month_day(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        if m["m1"]:
            pre, group, day_no, year_text = _norm(m["pre"]), "m1", int(m["d"]), m["y"]
            body_start = m.start("wd") if m["wd"] else m.start("m1")
        else:
            pre, group, day_no, year_text = _norm(m["pre2"]), "m2", int(m["d2"]), m["y2"]
            body_start = m.start("d2")
        word = m[group]
        if self._is_lower_verb(text, m, group) and not pre:
            return None  # "they may 2 ..." is not a date; "On may 16" is
        month = self._month_no(word)
        if month is None or not 1 <= day_no <= 31:
            return None
        kind = "date" if pre in ("", "on") else self._kind_of_pre(pre)
        relative = False
        if year_text:
            year = int(year_text)
            day = _safe_date(year, month, day_no) if self._valid_year(year) else None
            if day is None:
                return None
        elif p is not None:
            day, relative = self._day_year(month, day_no, p, kind == "deadline"), True
        else:
            if _safe_date(2000, month, day_no) is None:
                return None
            day, relative = None, True
        period = (day.year, day.year) if day else None
        since_year = None
        if kind == "since":
            since_year = day.year if day else None
            period = (day.year, max(day.year, p.year)) if day and p else None
        start = body_start if pre in ("", "on") else m.start()
        as_of = day if kind in ("as_of", "deadline") else None
        return TimeMatch(start, m.end(), DATE, period, as_of, kind, relative, "month_day", day=day, since_year=since_year)

    def _month_range(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        pre, conj = _norm(m["pre"]), _norm(m["conj"])
        if (conj == "and") != (pre == "between"):
            return None
        if self._is_lower_verb(text, m, "m1") or self._is_lower_verb(text, m, "m2"):
            return None
        first, last = self._month_no(m["m1"]), self._month_no(m["m2"])
        if not first or not last or first >= last:
            return None
        return self._window(m, p, last, "month_range")

    def _window(self, m: re.Match, p: date | None, last_month: int, rule: str, start: int | None = None) -> TimeMatch | None:
        if m["yq"]:
            year, relative, valid = self._qualified_year(m["yq"], p)
            if not valid:
                return None
        else:
            year, relative = (p.year if p else None), True
        period = (year, year) if year else None
        as_of = _last_day(year, last_month) if year else None
        return TimeMatch(m.start() if start is None else start, m.end(), PERIOD, period, as_of, "window", relative, rule)

    def _half(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        which = _norm(m["which"])
        return self._window(m, p, self.halves[which][1], f"half:{which}")

    def _first_months(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        key = _norm(m["n"])
        count = int(key) if key.isdigit() else self.numbers.get(key, 0)
        if not 1 <= count <= 12:
            return None
        return self._window(m, p, count, f"first_months:{count}")

    def _quarter(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        if m["q"]:
            quarter, rule = self.quarters[_norm(m["q"])], "quarter"
        elif m["nq"]:
            key = _norm(m["nq"])
            quarter, rule = (int(key) if key.isdigit() else self.numbers[key]), "first_quarters"
        else:
            if text[m.start("qq")] != "Q":
                return None
            quarter, rule = int(m["qn"]), "quarter"
        return self._window(m, p, 3 * quarter, f"{rule}:{quarter}")

    def _whole_year(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        year, relative, valid = self._qualified_year(m["yq"], p)
        if not valid:
            return None
        period = (year, year) if year else None
        return TimeMatch(m.start(), m.end(), PERIOD, period, None, "relative" if relative else "year", relative, "whole_year")

    def _relative_year(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        if m["ana"]:
            # "over the year" points back to a year named earlier: the linker inherits it.
            return TimeMatch(m.start(), m.end(), PERIOD, None, None, "relative", True, "anaphoric_year")
        key = _norm(m["rel"])
        year = p.year + self.relative_years[key] if p else None
        period = (year, year) if year is not None else None
        return TimeMatch(m.start(), m.end(), PERIOD, period, None, "relative", True, "relative_year:" + key.replace(" ", "_"))

    def _count(self, word: str | None) -> int | None:
        key = _norm(word)
        if key.isdigit():
            return int(key)
        return self.numbers.get(key)

    def _past_years(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        if m["unit"]:
            head = _norm(m["head"])
            if m["unit"] == b"year":
                if m["n"] or head not in ("past", "last") or not m.group(0).startswith(b"the"):
                    return None
                count: int | str | None = 1
            else:
                count = self._count(m["n"]) if m["n"] else None
                if m["n"] and count is None:
                    count = _norm(m["n"]).replace(" ", "_")  # "few", "several"
            rule = f"past_n_years:{count}" if count is not None else "past_years"
            # the shared gold leaves "the past five years" unplaced (which five years a March
            # report means is not in the text); the linker may still refer it to a span named before
            return TimeMatch(m.start(), m.end(), PERIOD, None, None, "past_n_years", True, rule)
        if m["core"]:
            count = self._count(m["n2"])
            return TimeMatch(m.start("core"), m.end("core"), PERIOD, None, None, "past_n_years", True, f"past_n_years:{count}")
        if m["recent"]:
            return TimeMatch(m.start(), m.end(), PERIOD, None, None, "past_n_years", True, "recent_years")
        if m.groupdict().get("next"):
            count = self._count(m["n4"])
            if not count:
                return None
            period = (p.year + 1, p.year + count) if p else None  # "the next five years" of 2024: 2025-2029
            return TimeMatch(m.start(), m.end(), PERIOD, period, None, "relative", True, f"next_n_years:{count}")
        count = self._count(m["n3"])
        if not count:
            return None
        year = p.year - count if p else None
        period = (year, year) if year is not None else None
        return TimeMatch(m.start(), m.end(), PERIOD, period, None, "relative", True, f"years_ago:{count}")

    def _relative_month(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        key = _norm(m["rel"])
        period = None
        if p:
            index = p.year * 12 + p.month - 1 + self.relative_months[key]
            period = (index // 12, index // 12)
        return TimeMatch(m.start(), m.end(), PERIOD, period, None, "relative", True, "relative_month:" + key.replace(" ", "_"))

    def _month(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        pre, word = _norm(m["pre"]), text[m.start("m1"):m.end("m1")]
        if not pre and not m["yq"]:
            return None
        if self._is_lower_verb(text, m, "m1") or (word.islower() and not m["yq"]):
            return None
        month = self._month_no(word)
        if month is None:
            return None
        kind = "date" if pre in ("", "in", "during") else self._kind_of_pre(pre)
        if m["yq"]:
            year, relative, valid = self._qualified_year(m["yq"], p)
            if not valid:
                return None
            stated = True
        else:
            year, relative, stated = self._month_year(month, p, kind == "deadline"), True, False
        start = m.start("m1") if kind == "date" else m.start()
        if kind == "date":
            period = (year, year) if year else None
            return TimeMatch(start, m.end(), PERIOD if stated else DATE, period, None, "date", relative, "month")
        if kind == "since":
            period = (year, max(year, p.year)) if year and p else None
            return TimeMatch(start, m.end(), PERIOD, period, None, "since", True, "since_month", since_year=year)
        as_of = _last_day(year, month) if year else None
        period = (year, year) if year and stated else None
        return TimeMatch(start, m.end(), PERIOD if stated else DATE, period, as_of, kind, relative, "month_point")

    def _weekday(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        word = text[m.start("wd"):m.end("wd")]
        if not word[0].isupper():
            return None
        day = None
        if p is not None:
            day = p - timedelta(days=(p.weekday() - self.weekdays[word.lower()]) % 7)
        period = (day.year, day.year) if day else None
        return TimeMatch(m.start(), m.end(), DATE, period, None, "date", True, "weekday", day=day)

    def _year(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        year = int(m["y"])
        if not self._valid_year(year):
            return None
        start, end = m.start(), m.end()
        if self._before_year(self._not_year_before, self._not_year_before_reversed, text, start):
            return None
        if (not self._before_year(self._year_before, self._year_before_reversed, text, start)
                and self._count_after.match(text, end)):
            return None  # "2000 households", "1990 old residents"
        return TimeMatch(start, end, PERIOD, (year, year), None, "year", False, "year")

    @staticmethod
    def _before_year(forward: re.Pattern, reversed_: re.Pattern | None, text: str, start: int) -> bool:
        r"""``forward.search`` in the 12 characters before ``start`` (a pattern ending in ``$``),
        done as a match of ``reversed_`` on them reversed. One more character is kept as the
        context of ``\b``; a match that reaches into it would start before the window, which
        the search does not allow (and no other way to match exists: ``\s*``, then ``\.?``,
        then one word or sign)."""
        low = max(0, start - 12)
        if reversed_ is None:
            return forward.search(text, low, start) is not None
        match = reversed_.match(text[max(0, low - 1):start][::-1])
        return match is not None and match.end() <= start - low

    def _progress(self, m: re.Match, text: str, p: date | None) -> TimeMatch | None:
        # A progress cue: the cut-off is "now", which the gold leaves unresolved (as_of None).
        cue = _norm(m["cue"]).replace(" ", "_")
        return TimeMatch(m.start(), m.end(), DATE, None, None, "as_of", False, f"progress:{cue}")


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


# ---------------------------------------------------------------------------- module API

def load_time_words() -> dict[str, Any]:
    """The bundled ``renovex/data/time_words.json``."""
    return read_json(data_file(TIME_WORDS_FILE))


@lru_cache(maxsize=1)
def default_grammar() -> TimeGrammar:
    """The grammar of the bundled word lists, built once on first use."""
    return TimeGrammar(load_time_words())


def find_time_expressions(text: str, published: date | None = None, grammar: TimeGrammar | None = None) -> list[TimeMatch]:
    """Time expressions of ``text`` resolved against ``published`` (see ``TimeMatch``)."""
    return (grammar or default_grammar()).find(text, published)


def find_publication_date(text: str, grammar: TimeGrammar | None = None) -> date | None:
    """The publication date printed in the article's furniture, or None."""
    return (grammar or default_grammar()).publication_date(text)
