"""What the quantity engine finds (:class:`QuantityMatch`) and the working values of a scan:
a number read, a head noun, a walk to the counted noun, the text being scanned.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .grammar import QuantityRules


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


# --------------------------------------------------------------------------- entry point
class _Scan:
    """One text being scanned: the original (for case and slices) and its lower-cased twin."""

    __slots__ = ("text", "low", "rules", "n")

    def __init__(self, text: str, rules: QuantityRules):
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two ("İ"); keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        self.text, self.low, self.rules, self.n = text, low, rules, len(text)


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


# --------------------------------------------------------------------------- noun phrases
_Word = tuple  # (core | None for a break, start, end, possessive, last, quote length before)


_HAS_DIGIT = re.compile(r"\d").search
