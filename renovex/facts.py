"""The cross-article fact table: ``consolidate(records)``.

Records from many articles become facts. One fact is one figure about one place, metric,
kind, period and cut-off date; the articles that report it within a tolerance are its
sources, values beyond the tolerance are conflicts. Each outcome is linked to the plan it
measures progress against (completion = outcome / plan), and a stated percentage is
checked against the part and whole it is computed from ("1,481 of the 1,506 ... 98.34%").

Pure Python (no spaCy, no pandas): it works on records read back from JSONL. The rules in
words are in docs/facts.md; the word patterns are in ``renovex/data/facts.json``.
"""
from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import IO, Any, Iterable, Iterator, Mapping

from .records import Record
from .resources import data_file, read_json
from .syndication import unify_copies

__all__ = ["DEFAULT_TOLERANCE", "CSV_COLUMNS", "Fact", "FactRules", "FactTable", "Mention", "PercentCheck",
           "Source", "ValueGroup", "consolidate", "as_mention", "value_interval", "last_digit_unit"]

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
        from .outputs import neutralised

        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for fact in self.facts:
            row = fact.to_row()
            writer.writerow(row if raw else {key: neutralised(value) for key, value in row.items()})

    def to_frame(self) -> "Any":
        """The facts as a pandas DataFrame, one row a fact, with the columns of the CSV (needs pandas)."""
        from .frames import _pandas

        pd = _pandas("FactTable.to_frame")
        return pd.DataFrame([fact.to_row() for fact in self.facts], columns=list(CSV_COLUMNS))

    def write_jsonl(self, handle: IO[str]) -> None:
        for fact in self.facts:
            handle.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- consolidation

def consolidate(records: Iterable[Record | Mapping[str, Any] | Mention], tolerance: float = DEFAULT_TOLERANCE,
                rules: FactRules | None = None) -> FactTable:
    """Merge the records of many articles into facts; flag conflicts; link outcomes to plans
    and compute completion; check stated percentages against their parts.

    ``records``: :class:`~renovex.records.Record` objects or dicts as written by
    ``renovex extract`` (JSONL lines, or CSV rows). ``tolerance``: the largest relative gap
    between two values that are the same fact (0.01 = 1%).
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be a fraction from 0 to below 1 (0.01 is 1%), not {tolerance!r}")
    rules = rules or default_rules()
    mentions = [as_mention(record, index, rules=rules) for index, record in enumerate(records)]
    facts = _merge(unify_copies(mentions), tolerance, rules)
    _link_plans(facts, rules)
    checks = _percent_checks(mentions, rules)
    _attach_checks(facts, checks)
    _attach_bases(facts, mentions, rules)
    return FactTable(facts=facts, percent_checks=checks, tolerance=tolerance, records=len(mentions))


def _key(m: Mention) -> tuple:
    # A figure with no place cannot be told apart from a different figure of another article:
    # it stays a fact of its own article. One with a place but neither period nor cut-off date
    # is the same fact only where the very same value is stated (undated copies of a figure).
    if m.place is None:
        scope: tuple | None = ("article", m.doc)
    elif m.period is None and m.as_of is None:
        scope = ("value", m.value, m.value_max)
    else:
        scope = None
    return (m.place, m.metric, m.kind, m.period, m.as_of, scope)


def _sort_key(key: tuple) -> tuple:
    place, metric, kind, period, as_of, scope = key
    return (place is None, place or "", metric, period or (math.inf, math.inf), as_of or "",
            KIND_ORDER.get(kind, 2), kind, "" if scope is None else str(scope[1:]))


def _merge(mentions: list[Mention], tolerance: float, rules: FactRules) -> list[Fact]:
    by_key: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[_key(m)].append(m)
    facts = []
    for number, key in enumerate(sorted(by_key, key=_sort_key), 1):
        facts.append(_fact(f"F{number}", key, by_key[key], tolerance, rules))
    return facts


def _clusters(mentions: list[Mention], tolerance: float, rules: FactRules) -> list[list[Mention]]:
    """Groups of mutually compatible values; exact and precise figures seed the groups, so
    that a rounded "more than 230,000" joins the precise value it rounds."""
    def precision(m: Mention) -> tuple:
        low, high = value_interval(m.value, m.value_max, m.approx, rules)
        return (m.approx is not None, (high - low) / max(abs(high), 1e-12), -_significant_digits(m.value), m.index)

    clusters: list[list[Mention]] = []
    for m in sorted(mentions, key=precision):
        interval = value_interval(m.value, m.value_max, m.approx, rules)
        for cluster in clusters:
            if all(_compatible(interval, value_interval(o.value, o.value_max, o.approx, rules), tolerance)
                   for o in cluster):
                cluster.append(m)
                break
        else:
            clusters.append([m])
    # the value most articles support comes first
    clusters.sort(key=lambda c: (-len({m.doc for m in c}), -len(c), min(m.index for m in c)))
    return clusters


def _representative(cluster: list[Mention]) -> Mention:
    """Exact before approximate, then the most significant digits ("1,022,400" over
    "1.02 million"), then the most frequent value, then the first seen."""
    counts = Counter((m.value, m.value_max, m.approx) for m in cluster)
    return min(cluster, key=lambda m: (m.approx is not None, -_significant_digits(m.value),
                                       -counts[(m.value, m.value_max, m.approx)], m.index))


def _fact(fact_id: str, key: tuple, mentions: list[Mention], tolerance: float, rules: FactRules) -> Fact:
    place, metric, kind, period, as_of, _scope = key
    clusters = _clusters(mentions, tolerance, rules)
    best = _representative(clusters[0])
    docs = {m.doc for m in mentions}
    # one article stating two values for one key is not a disagreement between articles
    status = ("differs_in_article" if len(clusters) > 1 and len(docs) == 1 else "conflict" if len(clusters) > 1
              else "agreed" if len(docs) > 1 else "single")
    conflicts = []
    outvoted = {m.index for cluster in clusters[1:] for m in cluster}
    for cluster in clusters[1:]:
        rep = _representative(cluster)
        conflicts.append(ValueGroup(rep.value, rep.value_max, rep.approx,
                                    list(dict.fromkeys(m.doc for m in sorted(cluster, key=lambda m: m.index))),
                                    len(cluster)))
    provinces = [m.province for m in mentions if m.province]
    return Fact(
        id=fact_id, place=place, province=provinces[0] if provinces else None, metric=metric, kind=kind,
        period={"start": period[0], "end": period[1]} if period else None, as_of=as_of,
        value=best.value, value_max=best.value_max, approx=best.approx, status=status,
        sources=[Source(m.doc, m.start, m.end, m.text, m.value, m.value_max, m.approx, m.index not in outvoted,
                        m.published)
                 for m in sorted(mentions, key=lambda m: m.index)],
        conflicts=conflicts,
    )


# ---------------------------------------------------------------- outcome -> plan

def _link_plans(facts: list[Fact], rules: FactRules) -> None:
    """Link each outcome to one plan of the same place and metric (see ``_find_plan``) and
    compute completion = outcome value / plan value."""
    plans: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.kind == "plan" and fact.metric not in rules.percent_metrics:
            plans[(fact.place, fact.metric)].append(fact)
    for outcome in facts:
        if outcome.kind != "outcome" or outcome.metric in rules.percent_metrics:
            continue
        found = _find_plan(outcome, plans.get((outcome.place, outcome.metric), []))
        if found is None:
            continue
        rule, plan = found
        outcome.plan_id, outcome.plan_value, outcome.link_rule = plan.id, plan.value, rule
        outcome.completion = outcome.value / plan.value if plan.value else None


def _span(period: dict[str, int] | None) -> tuple[int, int] | None:
    return (period["start"], period["end"]) if period else None


LINK_RULES = ("same_period", "same_article", "as_of_in_period", "cumulative")


def _find_plan(outcome: Fact, candidates: list[Fact]) -> tuple[str, Fact] | None:
    """The plan an outcome measures progress against, by the first rule of ``LINK_RULES``
    that finds one:

    - ``same_period``: the plan's period equals the outcome's;
    - ``same_article``: neither has a period and one article states both ("1,481 of the 1,506");
    - ``as_of_in_period``: an outcome without period whose cut-off date falls in the plan's
      last year (a 2023 plan for "as of the end of September" 2023; a 2021-2025 plan only
      for a cut-off in 2025, since mid-way figures are usually the year's own progress);
    - ``cumulative``: the outcome's period starts with the plan's and ends before it (2021-2023
      done of a 2021-2025 plan).

    The first three need a known place. Among several plans, the narrowest period wins,
    then the plan most articles report."""
    period = _span(outcome.period)
    year = int(outcome.as_of[:4]) if outcome.as_of and outcome.as_of[:4].isdigit() else None
    known_place = outcome.place is not None

    def matches(rule: str, plan: Fact) -> bool:
        span = _span(plan.period)
        if rule == "same_period":
            return known_place and period is not None and span == period
        if rule == "same_article":
            return period is None and span is None and bool(set(plan.docs) & set(outcome.docs))
        if rule == "as_of_in_period":
            return known_place and period is None and year is not None and span is not None and span[1] == year
        return (known_place and period is not None and span is not None and span[0] == period[0]
                and period[1] < span[1])

    for rule in LINK_RULES:
        found = [p for p in candidates if matches(rule, p)]
        if found:
            span_width = lambda p: _span(p.period)[1] - _span(p.period)[0] if p.period else 0  # noqa: E731
            return rule, min(found, key=lambda p: (span_width(p), -len(p.docs), p.id))
    return None


# ---------------------------------------------------------------- percentage checks

_NUMERAL = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _offsets(m: Mention) -> set[int]:
    """Possible article offsets of the start of ``m.sentence``, from where ``m.text`` sits in it."""
    if not m.sentence or not m.text or m.start is None:
        return set()
    found, position = set(), m.sentence.find(m.text)
    while position >= 0:
        found.add(m.start - position)
        position = m.sentence.find(m.text, position + 1)
    return found


def _percent_checks(mentions: list[Mention], rules: FactRules) -> list[PercentCheck]:
    by_doc: dict[str | None, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.start is not None and m.end is not None and m.sentence:
            by_doc[m.doc].append(m)
    checks = []
    for items in by_doc.values():
        items.sort(key=lambda m: (m.start, m.index))
        percents = [m for m in items if m.metric in rules.percent_metrics]
        if not percents:
            continue
        offsets = {m.index: _offsets(m) for m in items}
        used: set[int] = set()
        for part, whole, rule, offset in _part_whole_pairs(items, offsets, rules):
            in_sentence = [p for p in percents if p.index not in used and p.sentence == part.sentence
                           and offset in offsets[p.index]]
            if not in_sentence:
                continue
            members = [m for m in (part, whole) if m.sentence == part.sentence and offset in offsets[m.index]]
            low, high = min(m.start for m in members), max(m.end for m in members)
            stated = min(in_sentence, key=lambda p: (max(0, low - p.end, p.start - high), p.start))
            check = _check(stated, part, whole, rule, rules)
            if check is not None:
                used.add(stated.index)
                checks.append(check)
    return checks


def _part_whole_pairs(items: list[Mention], offsets: dict[int, set[int]],
                      rules: FactRules) -> Iterator[tuple[Mention, Mention, str, int]]:
    """(part, whole, rule, sentence offset) for each "A of B" in a sentence."""
    counts = [m for m in items if m.metric not in rules.percent_metrics]
    paired: set[int] = set()
    for i, a in enumerate(counts):
        if a.index in paired:
            continue
        following = [b for b in counts[i + 1:] if b.sentence == a.sentence and offsets[a.index] & offsets[b.index]]
        if following and following[0].metric == a.metric:
            b = following[0]
            offset = min(offsets[a.index] & offsets[b.index])
            between = a.sentence[a.end - offset:b.start - offset]
            before = a.sentence[:a.start - offset]
            if rules.part_whole_between.search(between):
                paired.update((a.index, b.index))
                yield a, b, "part_whole_between", offset
                continue
            if rules.whole_part_before.search(before) and rules.whole_part_between.search(between):
                paired.update((a.index, b.index))
                yield b, a, "whole_part_before", offset
                continue
        for offset in sorted(offsets[a.index]):
            if rules.part_anaphora_after.search(a.sentence[a.end - offset:]):
                whole = _earlier_total(a, counts)
                if whole is not None:
                    paired.add(a.index)
                    yield a, whole, "part_anaphora_after", offset
                break


def _earlier_total(part: Mention, counts: list[Mention]) -> Mention | None:
    """The figure "of them" points back to: the one the extractor says the bare number refers
    to, else the nearest earlier figure of the same metric and place."""
    earlier = [m for m in counts if m.start < part.start and m.metric == part.metric and m.index != part.index
               and m.place == part.place]
    if part.refers_to is not None:
        earlier = [m for m in earlier if math.isclose(m.value, part.refers_to)] or earlier
    return earlier[-1] if earlier else None


def _decimals(m: Mention) -> int:
    numeral = _NUMERAL.search(m.text)
    if numeral:
        return len(numeral.group(1) or "")
    unit = last_digit_unit(m.value)
    return max(0, -int(round(math.log10(unit))))


def _check(stated: Mention, part: Mention, whole: Mention, rule: str, rules: FactRules) -> PercentCheck | None:
    # approximate or ranged parts give no exact ratio to check against
    if part.approx or whole.approx or part.value_max is not None or whole.value_max is not None or not whole.value:
        return None
    computed = part.value / whole.value * 100
    half = 10.0 ** -_decimals(stated) / 2
    if stated.value_max is None:
        low, high = value_interval(stated.value, None, stated.approx, rules)
    else:
        low, high = stated.value, stated.value_max
    low, high = low - half, high + half
    return PercentCheck(
        doc=stated.doc, stated=stated.value, stated_text=stated.text, stated_approx=stated.approx,
        part=part.value, part_text=part.text, whole=whole.value, whole_text=whole.text,
        computed=computed, low=low, high=high, agrees=low - 1e-9 <= computed <= high + 1e-9, rule=rule,
        start=stated.start, end=stated.end, sentence=stated.sentence,
    )


_BASE_REACH = 600  # characters before a percentage in which its article's plan may be its base


def _attach_bases(facts: list[Fact], mentions: list[Mention], rules: FactRules) -> None:
    """Give each percentage fact the figure it is a share of: a figure of another metric in the
    same sentence of a source ("1,481 of the 1,506 communities, or 98.34 percent"), else the
    nearest plan of a count before it in the same article ("China plans 53,000 ... The figure
    accounts for 87.7 percent of the annual target")."""
    by_doc: dict[str | None, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.metric not in rules.percent_metrics:
            by_doc[m.doc].append(m)
    for fact in facts:
        if fact.metric not in rules.percent_metrics:
            continue
        for source in fact.sources:
            base = _base_of(source, by_doc.get(source.doc, []), mentions)
            if base is not None:
                fact.base = base
                break


def _base_of(source: Source, others: list[Mention], mentions: list[Mention]) -> dict[str, Any] | None:
    sentence = next((m.sentence for m in mentions if m.doc == source.doc and m.start == source.start), "")
    start = source.start if source.start is not None else 0
    same = [m for m in others if sentence and m.sentence == sentence]
    if same:
        # the whole, not the part: a plan first, then the largest ("1,481 of the 1,506, or 98.34 percent")
        best, rule = min(same, key=lambda m: (m.kind != "plan", -m.value)), "same_sentence"
    else:
        before = [m for m in others if m.kind == "plan" and m.start is not None and start - _BASE_REACH <= m.start < start]
        if not before:
            return None
        best, rule = max(before, key=lambda m: m.start), "plan_before"
    return {"metric": best.metric, "value": best.value, "kind": best.kind, "text": best.text, "doc": best.doc,
            "rule": rule}


def _attach_checks(facts: list[Fact], checks: list[PercentCheck]) -> None:
    where = {(s.doc, s.start, s.end): fact for fact in facts for s in fact.sources}
    for check in checks:
        fact = where.get((check.doc, check.start, check.end))
        if fact is not None:
            check.fact_id = fact.id
            fact.checks.append(check)
