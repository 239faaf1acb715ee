"""``consolidate``: records of many articles merged into facts, conflicts told apart, outcomes
linked to the plans they measure progress against.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Iterable, Mapping

from ...core.records import Record
from ..syndication import unify_copies
from .checks import _attach_bases, _attach_checks, _percent_checks
from .rules import (DEFAULT_TOLERANCE, KIND_ORDER, FactRules, Mention, _compatible, _significant_digits, as_mention,
                    default_rules, value_interval)
from .table import Fact, FactTable, Source, ValueGroup


# ---------------------------------------------------------------- consolidation

def consolidate(records: Iterable[Record | Mapping[str, Any] | Mention], tolerance: float = DEFAULT_TOLERANCE,
                rules: FactRules | None = None, pack: str | None = None) -> FactTable:
    """Merge the records of many articles into facts; flag conflicts; link outcomes to plans
    and compute completion; check stated percentages against their parts.

    ``records``: :class:`~renovex.core.records.Record` objects or dicts as written by
    ``renovex extract`` (JSONL lines, or CSV rows). ``tolerance``: the largest relative gap
    between two values that are the same fact (0.01 = 1%). ``pack``: the rule pack the records
    were extracted with; its metrics of the ``rate`` role are the levels (never plans to
    complete, checked against part and whole), instead of ``percent_metrics`` of facts.json.
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be a fraction from 0 to below 1 (0.01 is 1%), not {tolerance!r}")
    rules = rules or default_rules()
    if pack is not None:
        rules = replace(rules, percent_metrics=_rate_metrics(pack))
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


def _rate_metrics(pack: str) -> frozenset[str]:
    from ...engines.quantities import metric_roles
    from ...core.resources import pack_file, read_json

    roles = metric_roles(read_json(pack_file(pack, "metrics.json")))
    return frozenset(metric for metric, role in roles.items() if role == "rate")
