"""Find quantities in running text: a number, its unit and the noun it counts.

Pure module (no spaCy). ``find_quantities(text, rules)`` finds the few places where a
number can start (a byte-coded copy of the text scanned in C, see
``QuantityRules.number_starts``), tries the number regex there, then looks only at a few
characters and words around each hit (plain string operations, a few anchored regex
matches, most skipped when the next character rules them out), so its cost grows with
the count of numbers, not of tokens. All word lists live in the pack files ``metrics.json``
and ``quantity_words.json``; this module holds only the logic.
"""

from __future__ import annotations

import math
import re

from ..metric_choice import choose
from .grammar import (_HEAD_KEYS, _METRIC_KEYS, _METRICS_KEYS, _WORDS_KEYS, METRIC_ROLES, METRICS_FILE, WORDS_FILE,
                      QuantityRules, load_rules, metric_roles)
from .nouns import _measured_thing, _noun_before_with, _of_phrase, _prefix_in_clause, _walk
from .numbers import _number, _second_number, _year_like
from .screening import _prev_word, _screen
from .values import QuantityMatch, _LOOKBACK, _Number, _ONE, _Scan, _float, _new_match
from .wording import _norm

__all__ = ["METRICS_FILE", "METRIC_ROLES", "WORDS_FILE", "QuantityMatch", "QuantityRules", "find_quantities", "load_rules",
           "metric_roles"]


def find_quantities(text: str, rules: QuantityRules) -> list[QuantityMatch]:
    """All quantities of ``text`` in text order (see :class:`QuantityMatch`)."""
    scan = _Scan(text, rules)
    found: list[QuantityMatch] = []
    pos = 0
    low = scan.low
    starts = rules.number_starts(low)
    if starts is None:
        search = rules.number_re.search
        while True:
            match = search(low, pos)
            if match is None:
                break
            result, pos = _candidate(scan, match)
            if result is not None:
                found.append(result)
    else:
        # the same matches as searching from ``pos`` on: the first start at or after it that matches
        match_at = rules.number_re.match
        for start in starts:
            if start < pos:
                continue
            match = match_at(low, start)
            if match is not None:
                result, pos = _candidate(scan, match)
                if result is not None:
                    found.append(result)
    return _link_of_numbers(scan, found)


def _candidate(scan: _Scan, match: re.Match) -> tuple[QuantityMatch | None, int]:
    rules = scan.rules
    first = _number(match, rules)
    if first is None:
        return None, match.end()
    s = first.start
    second, sep = _second_number(scan, first)
    if second is not None:
        if _year_like(first, rules) and _year_like(second, rules):
            return None, second.end  # "2019-2023", "(2021-2025)"
        if sep == "to" and _year_like(first, rules) and _prev_word(scan.low, s) in rules.year_before:
            return None, first.end  # "in 2022 to 32 percent", "since 2019 to 14,800": a time, then the figure
        if sep == "to" and scan.low[max(0, s - 6):s].rstrip().endswith("from"):
            second = None  # "from 30 to 50" is a change, not a range
        else:
            if second.scale != 1 and first.scale == 1 and first.kind == "digits":
                first.value *= second.scale  # "1-2 million"
            if second.value <= first.value:
                return None, second.end  # ids and dates ("2023-09"), not ranges
    num_end = second.end if second is not None else first.end
    next_word = _screen(scan, first, second, num_end)
    if next_word is None:
        return None, num_end
    built = _build(scan, first, second, num_end, next_word)
    if built is not None and (built.value == math.inf or built.value_max == math.inf):
        return None, num_end
    return built, num_end


# --------------------------------------------------------------------------- building a match
def _build(scan: _Scan, first: _Number, second: _Number | None, num_end: int, next_word: str) -> QuantityMatch | None:
    text, low, rules = scan.text, scan.low, scan.rules
    s = first.start
    parts = [first.kind] + (["range"] if second is not None else [])
    start = s
    # a currency sign or code before the number ("RMB 2 billion", "$206.49 million")
    currency = cur = None
    lo = s - 12 if s > 12 else 0
    if low[lo:s].rstrip().endswith(rules.currency_ends):
        cur = rules.currency_before_re.search(low, lo, s)
        if cur:
            currency = rules.currency_before[_norm(cur.group("c"))]
            start = cur.start("c")
            parts.append(f"prefix:{text[cur.start('c'):cur.end('c')]}")
    approx = None
    lo = start - _LOOKBACK if start > _LOOKBACK else 0
    if start and low[start - 1].isspace() and low[lo:start].rstrip().endswith(rules.approx_ends):
        cue = rules.approx_cue(low, lo, start)
        if cue:
            start, cue_text = cue
            approx = rules.approx[_norm(cue_text)]
            parts.append(f"approx:{_norm(cue_text)}")
    pos = num_end
    # the regexes after the number run only where their first character stands (see _compile_after_filters)
    nxt = low[pos:pos + 1]
    post = None
    if nxt and nxt in rules.glued_first or (
            nxt.isspace() and (rules.spaced_first is None or next_word[:1] in rules.spaced_first)):
        post = rules.post_approx_re.match(low, pos)
    if post:
        key = _norm(post.group("g") or post.group("s"))
        if approx is None:
            approx = rules.post_approx[key]
            parts.append(f"approx:{key}")
        pos = post.end()

    value = first.value
    value_max = second.value if second is not None else None
    unit_match = None
    if pos != num_end or not next_word or rules.unit_first is None or next_word[0] in rules.unit_first:
        unit_match = rules.unit_re.match(low, pos)
    unit, factor, end = currency, _ONE, pos
    metric = unit_text = None
    if unit_match:
        unit, factor, label = rules.units[_norm(unit_match.group("u"))]
        end = unit_match.end()
        parts.append(f"unit:{label}" if label == unit else f"unit:{label}->{unit}")
    elif currency:
        parts.append(f"unit:{currency}")
    if unit is not None:
        metric = rules.unit_metric.get(unit)
        if unit_match and unit in rules.unit_nouns:
            metric, end, rule = _measured_thing(scan, s, end, unit)
            parts.append(rule)
        elif unit_match and unit in rules.of_units:
            found = _of_phrase(scan, end, None)
            if found is not None and found[2] is not None:
                end = found[2]
        if unit in rules.unit_choosers and metric is not None and metric == rules.unit_metric.get(unit) \
                and (chosen := choose(scan.low, s, end, rules.unit_choosers[unit], rules.clause_breaks_re)):
            metric = chosen[0]  # a unit several metrics share: the one whose words are in the clause
            parts.append(f"words:{metric}")
        unit_text = text[unit_match.start("u"):end] if unit_match else text[cur.start("c"):cur.end("c")]
        value *= factor
        value_max = value_max * factor if value_max is not None else None
    else:
        unit = "count"
        walk = _walk(scan, pos, float(value), next_word if pos == num_end else "")
        if _year_like(first, rules) and second is None and (
                not walk.close_plural or _prev_word(low, s) in rules.word_number_before):
            # "in 2022", "the 2020 plan lists ...", "its 2023 renovation projects";
            # but "1439 old communities", "2000 households"
            return None
        if first.kind == "words" and walk.np_start is None:
            return None  # a bare number word is a pronoun or an idiom ("the two")
        parts.append(walk.rule)
        metric = walk.metric
        if rules.head_choosers and walk.head is not None and (
                choosers := rules.head_choosers.get((metric, walk.head.word))) is not None \
                and (chosen := choose(scan.low, s, walk.np_end or end, choosers, rules.clause_breaks_re)):
            metric = chosen[0]  # a head several metrics share: "toilet renovation for 12,000 households"
            parts.append(f"words:{metric}")
        if walk.np_start is not None:
            unit_text = text[walk.np_start:walk.np_end]
            end = walk.np_end
            if metric is None and walk.head is None:
                metric = _prefix_in_clause(scan, s, unit_text, parts)
        elif walk.rule == "bare":
            metric = _noun_before_with(scan, start, parts)
    return _new_match(
        start, max(end, num_end), s, num_end, _float(value), _float(value_max) if value_max is not None else None,
        approx, unit, unit_text, metric, "|".join(parts),
    )


def _link_of_numbers(scan: _Scan, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """'1,037 of the 1,130 old communities', '3,000 and 4,000 communities': the first number counts
    what the second counts."""
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        if a.unit != "count" or a.unit_text is not None or b.unit != "count" or b.unit_text is None:
            continue
        if scan.rules.of_link_re.fullmatch(scan.low, a.number_end, b.start):
            link = "of-next"
        elif scan.rules.coord_link_re.fullmatch(scan.low, a.number_end, b.start):  # "3,000 and 4,000 communities"
            link = "coord-next"
        else:
            continue
        # (what dataclasses.replace() gives, without its generic field handling)
        found[i] = _new_match(a.start, a.end, a.number_start, a.number_end, a.value, a.value_max, a.approx, a.unit,
                              b.unit_text, b.metric, f"{a.rule}|{link}:{b.metric}")
    return found
