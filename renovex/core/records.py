"""The record of RECORDS.md as a dataclass that round-trips through JSON."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

Kind = Literal["plan", "outcome"]
Approx = Literal["more_than", "at_least", "about", "nearly", "up_to", "less_than"]

SPEC_FIELDS = ("doc", "kind", "metric", "value", "value_max", "approx", "location", "province",
               "period", "as_of", "text", "start", "end", "sentence")


@dataclass
class Record:
    """One plan or outcome figure. The first fields are the contract of RECORDS.md;
    ``group``, ``terms`` and ``rules`` are extras (the scorer ignores them)."""

    doc: str | None
    kind: Kind
    metric: str
    value: float
    value_max: float | None
    approx: Approx | None
    location: str | None
    province: str | None
    period: dict[str, int] | None
    as_of: str | None
    text: str
    start: int
    end: int
    sentence: str
    group: int | None = None
    """Records that qualify one figure ("benefiting 203,900 households") share its group id."""
    terms: list[str] = field(default_factory=list)
    """Ids of the policy terms named in the record's sentence."""
    rules: dict[str, str] = field(default_factory=dict)
    """Which rule decided each field: the reason, for users debugging an extraction."""
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per field decided by words of the article ("kind", "location", "period"), those words:
    ``{"start", "end", "text"}`` (the cue, the place, the time expression)."""
    published: str | None = None
    """The article's publication date as used: given (``2023-05-04``, or ``2023`` alone) or
    found in its furniture; None when it had none."""
    title: str | None = None
    """The article's title, when the input gave one."""
    url: str | None = None
    """The article's address, when the input gave one."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Other fields of the input article the user asked to keep (``--keep FIELD``)."""

    def to_dict(self, spec_only: bool = False) -> dict[str, Any]:
        # by hand, not dataclasses.asdict: its deep copy costs more than linking the record
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        for key in ("period", "rules", "meta"):
            if data[key] is not None:
                data[key] = dict(data[key])
        data["terms"] = list(data["terms"])
        data["evidence"] = {key: dict(value) for key, value in data["evidence"].items()}
        for key in ("value", "value_max"):
            if isinstance(data[key], float) and data[key].is_integer():
                data[key] = int(data[key])
        if spec_only:
            return {key: data[key] for key in SPEC_FIELDS}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown record fields: {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(known))}")
        return cls(**data)


_FIELD_NAMES = tuple(f.name for f in fields(Record))


_PERIOD_NOT_FROM_A_TIME = ("none", "stock", "qualifier_of_head", "cumulative_to_date", "refers_to")
"""Period rules that do not read a time expression: a null period from them is a decision."""


def unresolved_period(record: Record) -> bool:
    """Whether a time expression set ``record``'s period but could not be resolved: a relative one
    ("this year", "since 2011 ... so far", "the first nine months", "that year") in an article
    with no publication date, where the text does not tell its year either."""
    return record.period is None and not record.rules.get("period", "none").startswith(_PERIOD_NOT_FROM_A_TIME)


def unresolved_warning(records: list[Record]) -> str | None:
    """The warning for an article whose records include :func:`unresolved_period` ones, else None."""
    count = sum(1 for record in records if unresolved_period(record))
    if not count:
        return None
    return (f"{count} record{'s' if count > 1 else ''} without a period: the time the text gives is relative "
            "(\"this year\", \"since 2011 ... so far\") and the article has no publication date; "
            "give one (published=, --published, or a \"published\" field)")
