"""Input records for the fact table: checked and normalised as ``Mention``s, with the word
rules of ``renovex/data/facts.json`` and the arithmetic of approximate values.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Mapping

from ...core.records import Record
from ...core.resources import data_file, read_json


DEFAULT_TOLERANCE = 0.01
"""Two figures are the same when the gap between them is at most 1% of the larger."""

STATUSES = ("agreed", "single", "conflict", "differs_in_article")

MAX_LISTED = 20
"""At most this many articles, sources or texts in one CSV cell; the rest are counted ("... and 30 more")."""
DIRECTIONS = ("above", "below", "around")
KIND_ORDER = {"plan": 0, "outcome": 1}

CSV_COLUMNS = ("id", "place", "province", "metric", "kind", "period_start", "period_end", "as_of", "value",
               "value_max", "approx", "status", "articles", "docs", "conflicting_values", "plan_id",
               "plan_value", "completion", "link_rule", "percent_check", "percent_computed", "base_metric",
               "base_value", "sources", "texts")


# ---------------------------------------------------------------- rules (data file)

@dataclass(frozen=True)
class FactRules:
    """The word-level rules of consolidation, read from ``renovex/data/facts.json``."""

    approx: Mapping[str, str]
    percent_metrics: frozenset[str]
    part_whole_between: re.Pattern[str]
    whole_part_before: re.Pattern[str]
    whole_part_between: re.Pattern[str]
    part_anaphora_after: re.Pattern[str]

    KEYS = ("approx", "percent_metrics", "part_whole_between", "whole_part_before", "whole_part_between",
            "part_anaphora_after")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "facts.json") -> "FactRules":
        keys = {k for k in data if not k.startswith("_")}
        unknown, missing = keys - set(cls.KEYS), set(cls.KEYS) - keys
        if unknown or missing:
            problem = f"unknown keys {sorted(unknown)}" if unknown else f"missing keys {sorted(missing)}"
            raise ValueError(f"{source}: {problem}; allowed: {', '.join(cls.KEYS)}")
        for name, direction in data["approx"].items():
            if direction not in DIRECTIONS:
                raise ValueError(f"{source}: approx {name!r}: direction {direction!r} is not one of "
                                 f"{', '.join(DIRECTIONS)}")
        patterns = {}
        for key in cls.KEYS[2:]:
            try:
                patterns[key] = re.compile(data[key], re.IGNORECASE)
            except re.error as error:
                raise ValueError(f"{source}: {key}: not a valid regular expression: {error}") from None
        return cls(approx=dict(data["approx"]), percent_metrics=frozenset(data["percent_metrics"]), **patterns)


@lru_cache(maxsize=1)
def default_rules() -> FactRules:
    return FactRules.from_dict(read_json(data_file("facts.json")), "renovex/data/facts.json")


# ---------------------------------------------------------------- input records

@dataclass(frozen=True)
class Mention:
    """One input record, checked and normalised (period as a tuple, numbers as floats)."""

    doc: str | None
    kind: str
    metric: str
    value: float
    value_max: float | None = None
    approx: str | None = None
    location: str | None = None
    province: str | None = None
    period: tuple[int, int] | None = None
    as_of: str | None = None
    text: str = ""
    start: int | None = None
    end: int | None = None
    sentence: str = ""
    group: int | None = None
    refers_to: float | None = None
    """The value of the figure a bare number refers to (the extractor's ``bare:refers_to`` rule)."""
    published: str | None = None
    index: int = 0
    """Position in the input: keeps the output order stable."""

    @property
    def place(self) -> str | None:
        return self.location or self.province


_REFERS_TO = re.compile(r"refers_to:(-?[\d.]+(?:e[+-]?\d+)?)")


def as_mention(record: Record | Mapping[str, Any] | Mention, index: int = 0, where: str | None = None,
               rules: FactRules | None = None) -> Mention:
    """Check one record (a Record, a dict as written by ``renovex extract`` in JSONL or CSV)
    and normalise it. Errors are ``ValueError`` naming ``where`` (default: ``record N``)."""
    if isinstance(record, Mention):
        return replace(record, index=index)
    rules = rules or default_rules()
    where = where or f"record {index + 1}"
    data = record.to_dict() if isinstance(record, Record) else record
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: a record must be a Record or a dict, not {type(record).__name__}")

    def text_field(name: str, required: bool = False) -> str | None:
        value = data.get(name)
        if value in (None, ""):
            if required:
                raise ValueError(f"{where}: missing {name!r}")
            return None
        if not isinstance(value, str):
            raise ValueError(f"{where}: {name} must be a string, not {value!r}")
        return value

    approx = text_field("approx")
    if approx is not None and approx not in rules.approx:
        raise ValueError(f"{where}: approx {approx!r} is not one of {', '.join(rules.approx)}")
    rule_reasons = data.get("rules") or {}
    refers = _REFERS_TO.search(str(rule_reasons.get("metric", ""))) if isinstance(rule_reasons, Mapping) else None
    return Mention(
        doc=None if data.get("doc") in (None, "") else str(data["doc"]),
        kind=text_field("kind", required=True),
        metric=text_field("metric", required=True),
        value=_number(data.get("value"), "value", where, required=True),
        value_max=_number(data.get("value_max"), "value_max", where),
        approx=approx,
        location=text_field("location"),
        province=text_field("province"),
        period=_period(data.get("period"), where),
        as_of=text_field("as_of"),
        text=text_field("text") or "",
        start=_integer(data.get("start"), "start", where),
        end=_integer(data.get("end"), "end", where),
        sentence=text_field("sentence") or "",
        group=_integer(data.get("group"), "group", where),
        refers_to=float(refers.group(1)) if refers else None,
        published=text_field("published"),
        index=index,
    )


def _number(value: Any, name: str, where: str, required: bool = False) -> float | None:
    if value is None or value == "":
        if required:
            raise ValueError(f"{where}: missing {name!r}")
        return None
    if isinstance(value, bool):
        raise ValueError(f"{where}: {name} is not a number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {name} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{where}: {name} is not a finite number: {value!r}")
    return number


def _integer(value: Any, name: str, where: str) -> int | None:
    number = _number(value, name, where)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"{where}: {name} must be a whole number, not {value!r}")
    return int(number)


def _period(value: Any, where: str) -> tuple[int | None, int] | None:
    """``{"start", "end"}`` (JSONL), ``"2021-2025"`` (CSV of ``renovex extract``) or a pair;
    the start is None for a deadline with no start (``{"start": null, "end": 2025}``, ``"by 2025"``)."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, Mapping):
            start, end = value["start"], value["end"]
        elif isinstance(value, str):
            text = value.strip()
            if text.lower().startswith("by "):  # "by 2025": the CSV of a deadline with no start
                text = "-" + text[3:].strip()
            start, _, end = text.partition("-")
            end = end or start
        else:
            start, end = value
        period = (None if start in (None, "") else int(start), int(end))
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"{where}: period must be {{\"start\": YEAR, \"end\": YEAR}} or \"YEAR-YEAR\", "
                         f"not {value!r}") from None
    if period[0] is not None and period[0] > period[1]:
        raise ValueError(f"{where}: period starts after it ends: {value!r}")
    return period


# ---------------------------------------------------------------- values and tolerance

def last_digit_unit(value: float) -> float:
    """One unit of the last significant digit: 230000 -> 10000, 1022400 -> 100, 98.34 -> 0.01."""
    if value == 0:
        return 1.0
    written = f"{abs(value):.6f}".rstrip("0")
    if not written.endswith("."):
        return 10.0 ** -len(written.split(".")[1])
    digits = written[:-1]
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def value_interval(value: float, value_max: float | None, approx: str | None,
                   rules: FactRules | None = None) -> tuple[float, float]:
    """The values a stated figure allows. Exact: the value (or the range). An approximation
    was rounded to its last significant digit u: "more than"/"at least" v -> [v, v+u];
    "nearly"/"less than"/"up to" v -> [v-u, v]; "about" v -> [v-u/2, v+u/2]."""
    low, high = value, value if value_max is None else value_max
    direction = (rules or default_rules()).approx.get(approx) if approx else None
    if direction == "above":
        return low, high + last_digit_unit(high)
    if direction == "below":
        return low - last_digit_unit(low), high
    if direction == "around":
        return low - last_digit_unit(low) / 2, high + last_digit_unit(high) / 2
    return low, high


def _compatible(a: tuple[float, float], b: tuple[float, float], tolerance: float) -> bool:
    gap = max(0.0, a[0] - b[1], b[0] - a[1])
    scale = max(abs(a[0]), abs(a[1]), abs(b[0]), abs(b[1]))
    return gap <= tolerance * scale + 1e-9


def _significant_digits(value: float) -> int:
    unit = last_digit_unit(value)
    return max(1, int(math.floor(math.log10(abs(value) / unit))) + 1) if value else 1
