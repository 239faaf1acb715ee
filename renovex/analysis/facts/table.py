"""The fact table's output objects: facts with their sources, conflicts and checks, and the
table with its CSV, JSONL and DataFrame writers.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import IO, Any, Iterator

from .rules import CSV_COLUMNS, MAX_LISTED


# ---------------------------------------------------------------- output objects

@dataclass(frozen=True)
class Source:
    """Where one article states the fact: its doc id, character offsets and text."""

    doc: str | None
    start: int | None
    end: int | None
    text: str
    value: float
    value_max: float | None = None
    approx: str | None = None
    agrees: bool = True
    """False when this source states one of the fact's conflicting values."""
    published: str | None = None
    """The article's publication date, as its record gives it."""


@dataclass
class ValueGroup:
    """Sources that agree with each other on one value (the other side of a conflict)."""

    value: float
    value_max: float | None
    approx: str | None
    docs: list[str | None]
    mentions: int


@dataclass
class PercentCheck:
    """A stated percentage against part / whole * 100 in the same sentence of one article."""

    doc: str | None
    stated: float
    stated_text: str
    stated_approx: str | None
    part: float
    part_text: str
    whole: float
    whole_text: str
    computed: float
    low: float
    """The stated percentage allows computed values from ``low`` to ``high`` (rounding
    half a unit of its last digit, widened by its approx word)."""
    high: float
    agrees: bool
    rule: str
    """Which pattern paired part and whole: ``part_whole_between`` ("1,481 of the 1,506"),
    ``whole_part_before`` ("Of the 1,506 ..., 1,481") or ``part_anaphora_after`` ("1,481 of them")."""
    start: int | None
    end: int | None
    sentence: str
    fact_id: str | None = None


@dataclass
class Fact:
    """One figure about one place, metric, kind, period and cut-off date, with every source."""

    id: str
    place: str | None
    province: str | None
    metric: str
    kind: str
    period: dict[str, int] | None
    as_of: str | None
    value: float
    value_max: float | None
    approx: str | None
    status: str
    """``agreed`` (two or more articles, all within the tolerance), ``single`` (one article)
    or ``conflict`` (some sources are beyond the tolerance of the others)."""
    sources: list[Source]
    conflicts: list[ValueGroup] = field(default_factory=list)
    """The values that disagree with ``value``, each with the articles that state it."""
    plan_id: str | None = None
    plan_value: float | None = None
    completion: float | None = None
    """Outcome value / plan value, for an outcome linked to a plan (0.9834 is 98.34%)."""
    link_rule: str | None = None
    checks: list[PercentCheck] = field(default_factory=list)
    base: dict[str, Any] | None = None
    """For a percentage: the figure it is a share of, as its article states it (``metric``,
    ``value``, ``kind``, ``text``, ``doc``, ``rule``: ``same_sentence`` or ``plan_before``)."""

    @property
    def docs(self) -> list[str | None]:
        """The articles that state this fact, in input order, each once."""
        return list(dict.fromkeys(s.doc for s in self.sources))

    @property
    def agreeing_docs(self) -> list[str | None]:
        """The articles whose figure agrees with ``value`` (all of ``docs`` unless in conflict)."""
        return list(dict.fromkeys(s.doc for s in self.sources if s.agrees))

    @property
    def percent_check(self) -> str | None:
        """``agrees``, ``disagrees`` (any check failed) or None (no check)."""
        if not self.checks:
            return None
        return "agrees" if all(c.agrees for c in self.checks) else "disagrees"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        _whole_numbers(data)
        data["percent_check"] = self.percent_check
        return data

    def to_row(self) -> dict[str, Any]:
        """A flat row with the columns of ``CSV_COLUMNS``."""
        failed = [c for c in self.checks if not c.agrees] or self.checks
        return {
            "id": self.id, "place": self.place, "province": self.province, "metric": self.metric,
            "kind": self.kind,
            "period_start": self.period["start"] if self.period else None,
            "period_end": self.period["end"] if self.period else None,
            "as_of": self.as_of, "value": _plain(self.value), "value_max": _plain(self.value_max),
            "approx": self.approx, "status": self.status, "articles": len(self.docs),
            "docs": _capped("; ", [_doc_name(d) for d in self.docs]),
            "conflicting_values": "; ".join(f"{_describe_value(g.value, g.value_max, g.approx)} "
                                            f"({', '.join(_doc_name(d) for d in g.docs)})"
                                            for g in self.conflicts),
            "plan_id": self.plan_id, "plan_value": _plain(self.plan_value),
            "completion": None if self.completion is None else round(self.completion, 4),
            "link_rule": self.link_rule, "percent_check": self.percent_check,
            "percent_computed": round(failed[0].computed, 4) if failed else None,
            "base_metric": self.base["metric"] if self.base else None,
            "base_value": _plain(self.base["value"]) if self.base else None,
            "sources": _capped("; ", [f"{_doc_name(s.doc)}[{s.start}:{s.end}]" for s in self.sources]),
            "texts": _capped(" | ", list(dict.fromkeys(s.text for s in self.sources))),
        }


def _capped(separator: str, items: list[str]) -> str:
    """``items`` joined, at most :data:`MAX_LISTED` of them, the rest counted (a fact of 3,000
    syndicated copies made cells of 20,000 characters)."""
    if len(items) <= MAX_LISTED:
        return separator.join(items)
    return separator.join(items[:MAX_LISTED] + [f"... and {len(items) - MAX_LISTED} more"])


def _plain(value: float | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _whole_numbers(data: Any) -> None:
    """Write 1506.0 as 1506 in JSON, like ``Record.to_dict``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, float) and value.is_integer():
                data[key] = int(value)
            else:
                _whole_numbers(value)
    elif isinstance(data, list):
        for item in data:
            _whole_numbers(item)


def _doc_name(doc: str | None) -> str:
    return "-" if doc is None else doc


def _describe_value(value: float, value_max: float | None, approx: str | None) -> str:
    text = f"{_plain(value)}" + (f"-{_plain(value_max)}" if value_max is not None else "")
    return f"{approx} {text}" if approx else text


@dataclass
class FactTable:
    """The result of :func:`consolidate`: facts in a stable order, and the percentage checks.
    Iterating over it yields the facts."""

    facts: list[Fact]
    percent_checks: list[PercentCheck]
    tolerance: float
    records: int

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def __getitem__(self, key: int | str) -> Fact:
        if isinstance(key, str):
            for fact in self.facts:
                if fact.id == key:
                    return fact
            raise KeyError(key)
        return self.facts[key]

    def select(self, **where: Any) -> list[Fact]:
        """Facts whose attributes equal the given values: ``table.select(metric="communities", kind="plan")``."""
        return [f for f in self.facts if all(getattr(f, k) == v for k, v in where.items())]

    def summary(self) -> dict[str, int]:
        statuses = Counter(f.status for f in self.facts)
        return {
            "records": self.records, "facts": len(self.facts), "agreed": statuses["agreed"],
            "single": statuses["single"], "conflicts": statuses["conflict"],
            "differs_in_article": statuses["differs_in_article"],
            "outcomes": sum(1 for f in self.facts if f.kind == "outcome"),
            "linked_outcomes": sum(1 for f in self.facts if f.plan_id is not None),
            "percent_checks": len(self.percent_checks),
            "percent_disagreements": sum(1 for c in self.percent_checks if not c.agrees),
        }

    def summary_line(self) -> str:
        s = self.summary()
        return (f"{s['records']} records -> {s['facts']} facts ({s['agreed']} agreed, {s['single']} single, "
                f"{s['conflicts']} conflicts, {s['differs_in_article']} differ within one article), "
                f"{s['linked_outcomes']} of {s['outcomes']} outcomes linked to a plan, "
                f"{s['percent_disagreements']} of {s['percent_checks']} percentage checks disagree")

    def write_csv(self, handle: IO[str], raw: bool = False) -> None:
        """The facts as CSV; cells a spreadsheet would run as formulas are neutralised unless ``raw``."""
        from ...io.outputs import neutralised

        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for fact in self.facts:
            row = fact.to_row()
            writer.writerow(row if raw else {key: neutralised(value) for key, value in row.items()})

    def to_frame(self) -> "Any":
        """The facts as a pandas DataFrame, one row a fact, with the columns of the CSV (needs pandas)."""
        from ...io.frames import _pandas

        pd = _pandas("FactTable.to_frame")
        return pd.DataFrame([fact.to_row() for fact in self.facts], columns=list(CSV_COLUMNS))

    def write_jsonl(self, handle: IO[str]) -> None:
        for fact in self.facts:
            handle.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")
