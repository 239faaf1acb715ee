"""The current year of an undated article, inferred from its own text.

An article without a publication date still says which year is "this year" when it
states one figure twice, once with a relative year and once with an absolute one
("... 800 communities in 2021" in the headline, "Next year, 800 communities ..." in the
body: this year is 2020), or, failing that, by the latest year it names on its own
("In 2021, the province set the goal of ..."; "as of the end of 2020" names 2021, the
earliest year such a count can be written in). Pure Python: works on time matches.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Callable, Sequence

from .timex import TimeMatch

_PROBE_YEAR = 2000
_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_SENTENCE_ENDERS = ".!?;\n"
_SENTENCE_END = re.compile(f"[{re.escape(_SENTENCE_ENDERS)}]")


def _sentence_around(text: str, enders: list[int], start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``; ``enders`` are the offsets of every sentence
    ender in ``text`` (found once per text: a search per match made this quadratic in the
    article's length)."""
    after = bisect_left(enders, start)
    left = enders[after - 1] + 1 if after else 0
    right = bisect_left(enders, end, after)
    return text[left:enders[right] if right < len(enders) else len(text)]


# "Between 2004 and last year": the start of a span that runs to a relative year, not a year
# the article is written in
_RANGE_TO_RELATIVE = re.compile(r"\s*(?:and|to|through|till|until|-|\u2013)\s+(?:the\s+end\s+of\s+)?(?:last|this|next)\s+year",
                                re.IGNORECASE)


def _figures(sentence: str) -> list[str]:
    """The figures of a sentence in text order (the order makes the inference deterministic)."""
    figures = (f.replace(",", "") for f in _FIGURE.findall(sentence))
    return list(dict.fromkeys(f for f in figures if len(f) >= 2))


def infer_reference_year(text: str, find: Callable[[str, date | None], Sequence[TimeMatch]]) -> tuple[int | None, str]:
    """``(year, rule)``: the article's current year, or ``(None, reason)`` when it cannot be known.

    ``find(text, published)`` is the time grammar; relative expressions are located by
    resolving them against a probe date and reading their offset.
    """
    probe = find(text, date(_PROBE_YEAR, 12, 31))
    relative = [m for m in probe if m.relative and m.type == "relative" and m.period and m.period[0] == m.period[1]]
    absolute = [m for m in probe if not m.relative and m.type == "year" and m.period
                and not _RANGE_TO_RELATIVE.match(text, m.end)]
    if not relative:
        return None, "no_relative_years"
    absolute_years = {}
    enders = [m.start() for m in _SENTENCE_END.finditer(text)]
    for match in absolute:
        sentence = _sentence_around(text, enders, match.start, match.end)
        for figure in _figures(sentence.replace(text[match.start:match.end], " ")):
            absolute_years.setdefault(figure, match.period[0])
    for match in relative:
        offset = match.period[0] - _PROBE_YEAR
        sentence = _sentence_around(text, enders, match.start, match.end)
        for figure in _figures(sentence):
            if figure in absolute_years:
                return absolute_years[figure] - offset, "same_figure_with_absolute_year"
    named = [m.period[0] for m in absolute] + [_year_after_cut_off(m) for m in probe
                                               if m.type == "as_of" and not m.relative and m.as_of]
    if named:
        return max(named), "latest_year_named"
    return None, "no_years_named"


def _year_after_cut_off(match: TimeMatch) -> int:
    """The earliest year an article giving figures "as of" ``match`` can be written in:
    "as of the end of 2020" is written in 2021 at the earliest, "as of June 2020" in 2020."""
    cut_off = match.as_of
    return cut_off.year + 1 if (cut_off.month, cut_off.day) == (12, 31) else cut_off.year
