"""The time grammar's patterns: what is written, compiled from the word lists of a
``time_words.json``-shaped dict into one family of patterns per kind of expression.
"""
from __future__ import annotations

import re
from typing import Callable

from ...core.regex_prefixes import start_table, trie_pattern
from .finding import _Family, _StartFinder
from .folding import DASH, QUOTE, YEND, _PREFIX, _alt, _norm


REQUIRED_KEYS = frozenset({
    "months", "month_abbreviations", "weekdays", "numbers", "ordinals", "last_ordinals", "five_year_plans",
    "year_range", "relative_years", "anaphoric_years", "relative_months", "year_qualifiers", "past_n_years_heads",
    "vague_counts", "recent_years", "progress_cues", "halves", "quarters", "edges", "as_of_prepositions",
    "deadline_prepositions", "since_prepositions", "since_starts", "fyp_started_verbs", "year_predecessors",
    "not_year_predecessors", "count_nouns", "count_noun_skip",
})


OPTIONAL_KEYS = frozenset({"next_n_years_heads", "past_auxiliaries"})  # (time words written before it existed still load)


class _Patterns:
    """The compilation of :class:`TimeGrammar`: its pattern families from its word lists."""

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
        # "had been completed by the end of December": the clause before a deadline, up to a
        # comma or a sentence end, holds a perfect or past auxiliary (and no "will" after it)
        past = w.get("past_auxiliaries") or []
        self._past_clause = re.compile(
            rf"\b(?:{_alt(past)})\b(?:(?!\b(?:will|shall|would|to\s+be|be)\b)[^,.;:!?\n])*$" if past else r"(?!)",
            re.IGNORECASE)
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
