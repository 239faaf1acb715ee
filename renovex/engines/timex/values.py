"""What the time engine finds: :class:`TimeMatch` (a span with its period or as-of date, its type and rule), and date helpers.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any


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


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
