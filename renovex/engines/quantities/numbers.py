"""What a number means: digits, words and scales ("1.2 million", "2 million 35 thousand" in
Chinese order), ranges and the second number of a pair.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from word2number import w2n

from .nouns import _CONVERSION_ASIDE
from .values import _Number, _ONE, _RANGE_CHARS, _RANGE_NEXT, _SCALE_WORDS, _Scan
from .wording import _norm

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .grammar import QuantityRules


# --------------------------------------------------------------------------- numbers
@lru_cache(maxsize=1024)
def _word_value(words: str) -> int | None:
    """word2number on an all-word span only (it misreads digits: "26 million" -> 1,000,000)."""
    try:
        return w2n.word_to_num(" ".join(words.replace("-", " ").split()))
    except (ValueError, IndexError):
        return None


def _number(match: re.Match, rules: QuantityRules) -> _Number | None:
    raw, scaled, words = match.group("d", "s", "w")
    if words is not None:
        # "and" belongs to a number only after a scale word ("one hundred and five")
        for sep in rules.and_re.finditer(words):
            if words[:sep.start()].split()[-1].split("-")[-1] not in _SCALE_WORDS:
                words = words[:sep.start()]
                break
        value = _word_value(words)
        if value is None:
            return None
        return _Number(Decimal(value), "words", words, _ONE, match.start(), match.start() + len(words))
    if not scaled and "." not in raw and len(raw) <= 28:
        # most numbers: an int is exact and faster than a Decimal (which would hold the same
        # value: with up to 28 digits nothing is rounded), and mixes with Decimals exactly
        return _Number(int(raw.replace(",", "")), "digits", raw, _ONE, match.start(), match.end())
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    scale = _ONE
    if scaled:
        for word in rules.scale_split_re.findall(scaled):
            scale *= rules.scales[_norm(word)]
    end = match.end()
    value *= scale
    if scaled and len(raw) <= 3 and raw.isdigit():
        value, end = _chinese_order(match.string, end, value, scale, rules)
    return _Number(value, "digits+scale" if scaled else "digits", raw, scale, match.start(), end)


def _chinese_order(low: str, end: int, value: Decimal, scale: Decimal, rules: QuantityRules) -> tuple[Decimal, int]:
    """"2 million 35 thousand and 600": add each following part smaller than the scale before it."""
    while (part := rules.chinese_order_re.match(low, end)) is not None:
        part_scale = _ONE
        for word in rules.scale_split_re.findall(part.group("s") or ""):
            part_scale *= rules.scales[_norm(word)]
        part_value = int(part.group("d")) * part_scale
        if not 0 < part_value < scale:
            break
        value, end, scale = value + part_value, part.end(), part_scale
    return value, end


def _year_like(num: _Number, rules: QuantityRules) -> bool:
    return (
        num.kind == "digits" and len(num.raw) == 4 and num.raw.isdigit()
        and rules.year_min <= int(num.raw) <= rules.year_max
    )


def _second_number(scan: _Scan, first: _Number) -> tuple[_Number | None, str]:
    """The upper end of a range: '1-2', '1,000 to 2,000', 'between 300 and 400'."""
    rules, low = scan.rules, scan.low
    end = first.end
    sep = None
    # range_re needs a dash, "~" or " to " next: one look at the next characters rules most numbers out
    after = low[end:end + 1]
    if after in _RANGE_CHARS or after.isspace() and (
            after != " " or low[end + 1:end + 2] in _RANGE_NEXT or low[end + 1:end + 2].isspace()):
        sep = rules.range_re.match(low, end)
    if sep is None:
        # (a conditional costs less than max(), and "in" less than find() with bounds)
        before = low[first.start - 9 if first.start > 9 else 0:first.start]
        if "between" in before and before.rstrip().endswith("between"):
            sep = rules.and_re.match(low, first.end)
            if sep is None and (unit := rules.unit_re.match(low, first.end)) is not None:
                # "between 1.5 billion yuan (US$220.6 million) and 2 billion yuan": the unit and a
                # conversion may stand after the lower end too
                aside = _CONVERSION_ASIDE.match(low, unit.end())
                sep = rules.and_re.match(low, aside.end() if aside else unit.end())
    if sep is None:
        return None, ""
    match = rules.number_re.match(low, sep.end())
    if match is None:
        return None, ""
    second = _number(match, rules)
    if second is None or (second.kind == "words") != (first.kind == "words"):
        return None, ""
    return second, sep.group().strip()
