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

import re
from datetime import date
from functools import lru_cache
from typing import Any

from ...core.resources import data_file, read_json
from .finding import TimeScan, _Finding, _select
from .folding import _WORDS, _prepare, _word_starts
from .meanings import _Meanings
from .patterns import OPTIONAL_KEYS, REQUIRED_KEYS, _Patterns
from .values import DATE, PERIOD, TimeMatch, _Candidate, _safe_date

__all__ = ["DATE", "OPTIONAL_KEYS", "PERIOD", "REQUIRED_KEYS", "TIME_WORDS_FILE", "TimeGrammar", "TimeMatch",
           "TimeScan", "default_grammar", "find_publication_date", "find_time_expressions", "load_time_words"]

TIME_WORDS_FILE = "time_words.json"


class TimeGrammar(_Patterns, _Finding, _Meanings):
    """Compiled time-expression rules built from a ``time_words.json``-shaped dict.

    Matching never scans the text with the big patterns: cheap anchors ("year", "20..",
    month names) are found first, and each family's pattern is tried with ``match`` at the
    few word starts just left of an anchor.
    """

    def __init__(self, words: dict[str, Any]):
        self.words = words
        self._compile()

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

    def _furniture_year_of(self, text: str, head: str) -> int | None:
        for source in (head, text[-2000:]):
            for match in self._furniture_year.finditer(source):
                year = int(match["y"] or match["y2"])
                if match["mo"] and not 1 <= int(match["mo"]) <= 12:
                    continue
                if self.year_min <= year <= self.year_max:
                    return year
        return None


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
