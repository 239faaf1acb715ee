"""Publication dates as inputs give them: a full date, or a year or a month only
(:class:`PartialDate`), parsed with a readable error; shared by inputs, the store and records."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime

__all__ = ["PartialDate", "parse_published", "published_text"]

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?")
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/](\d{1,2}))?")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}


class PartialDate(date):
    """A publication date known to the year or the month only (``"2023"``, ``"2023-05"``,
    ``"May 2023"``): the last day of that year or month, as for an undated article whose year
    the text tells, so "this year" and "last month" resolve and nothing said "as of" an
    earlier date in it looks like the future. ``precision`` is ``"year"`` or ``"month"``."""

    precision: str

    def __new__(cls, year: int, month: int = 12, day: int | None = None, precision: str = "year") -> "PartialDate":
        self = super().__new__(cls, year, month, day or calendar.monthrange(year, month)[1])
        self.precision = precision
        return self

    def __reduce__(self) -> tuple:  # keeps the precision across processes
        return (PartialDate, (self.year, self.month, self.day, self.precision))

    def __repr__(self) -> str:
        return f"PartialDate({published_text(self)!r})"


def published_text(value: date) -> str:
    """A publication date as the input gave it: ``2023-05-04``, or ``2023``/``2023-05`` for a partial one."""
    precision = getattr(value, "precision", "day")
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_published(value: str | date | None) -> date | None:
    """A publication date from ``YYYY-MM-DD`` (a time after it is ignored) or a full written date;
    a :class:`PartialDate` from ``YYYY``, ``YYYY-MM`` or ``Month YYYY``; None for nothing.

    Raises ValueError with a readable message for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published date must be a YYYY-MM-DD string, got {type(value).__name__} {value!r}")
    text = value.strip()
    if not text:
        return None
    partial = _partial_date(text)
    if partial is not None:
        return partial
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        parsed = _full_date(text)
        if parsed is None:
            raise ValueError(f"published date {value!r} is not in the form YYYY-MM-DD (nor a full date like 'Nov 24, 2022')")
        return parsed
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValueError(f"published date {value!r} is not a calendar date ({error})") from None


def _partial_date(text: str) -> PartialDate | None:
    if (match := _YEAR_MONTH.fullmatch(text)) is not None:
        year, month = int(match[1]), int(match[2]) if match[2] else None
    elif (match := _MONTH_YEAR.fullmatch(text)) is not None and match[1].lower() in _MONTHS:
        year, month = int(match[2]), _MONTHS[match[1].lower()]
    else:
        return None
    if month is None:
        return PartialDate(year) if year >= 1 else None
    if not 1 <= month <= 12 or year < 1:
        raise ValueError(f"published date {text!r} is not a calendar month")
    return PartialDate(year, month, precision="month")


_HAS_YEAR_AND_DAY = re.compile(r"\b\d{4}\b.*\b\d{1,2}\b|\b\d{1,2}\b.*\b\d{4}\b")


def _full_date(text: str) -> date | None:
    """A full written date ("Nov 24, 2022", "24 November 2022") through dateparser.

    Only strings that hold a year and a day go to dateparser: for a bare year or month it
    invents the rest. Imported lazily: it takes half a second to import."""
    if not _HAS_YEAR_AND_DAY.search(text) or len(text) > 40:
        return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": datetime(2000, 1, 1), "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None
