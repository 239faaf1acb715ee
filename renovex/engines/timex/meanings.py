"""What each time expression means: one handler per family turns a pattern match into a
:class:`TimeMatch` (its period, as-of date and rule), resolved against the publication date.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .folding import _norm
from .values import DATE, PERIOD, TimeMatch, _last_day, _safe_date


class _Meanings:
    """The handlers of :class:`TimeGrammar`: a pattern match of a family to a :class:`TimeMatch`."""

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
    def _done_before(self, text: str, start: int) -> bool:
        """Whether the clause before a deadline says it is done ("had been completed by ...")."""
        return self._past_clause.search(text, max(0, start - 80), start) is not None

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
                done = kind == "deadline" and self._done_before(text, m.start())
                year, relative = self._month_year(month, p, kind == "deadline" and not done), True
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
            if (relative and p is not None and year == p.year and edge == "end" and kind == "deadline"
                    and (p.month, p.day) != (12, 31) and self._done_before(text, m.start())):
                year -= 1  # "1,128 had been completed by the end of the year" in January: the year just ended
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
