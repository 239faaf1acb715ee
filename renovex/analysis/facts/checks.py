"""Percentages checked against the part and whole they are computed from ("1,481 of the
1,506 ... 98.34%"), and the base a percentage fact is a share of.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any, Iterator

from .rules import FactRules, Mention, last_digit_unit, value_interval
from .table import Fact, PercentCheck, Source


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
    sentences = {(m.doc, m.start): m.sentence for m in mentions}  # (a scan per fact was quadratic)
    for m in mentions:
        if m.metric not in rules.percent_metrics:
            by_doc[m.doc].append(m)
    for fact in facts:
        if fact.metric not in rules.percent_metrics:
            continue
        for source in fact.sources:
            base = _base_of(source, by_doc.get(source.doc, []), sentences.get((source.doc, source.start), ""))
            if base is not None:
                fact.base = base
                break


def _base_of(source: Source, others: list[Mention], sentence: str) -> dict[str, Any] | None:
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
