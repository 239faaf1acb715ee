"""Small period rules shared by the period decision: deadlines, stock figures, cut-off
years of "since", past periods that make a figure an outcome.
"""
from __future__ import annotations

import bisect
import re

from .article import _Article, _Figure, _period_of
from .rules import LinkRules, Mention


def _is_deadline(article: _Article, rules: LinkRules, t: Mention) -> bool:
    """"by the end of 2021", "within the year": when work is due, not the period it counts for."""
    return t.value.type == "deadline" or bool(rules.deadline_surface.match(article.text[t.start:t.end]))

_SINCE_THEN = re.compile(r"\bsince (?:then|that time|that year)\b", re.IGNORECASE)
_SINCE_ADVERB = re.compile(r"\b(?:ever\s+)?since\s*(?=[,.;:!?)]|$)", re.IGNORECASE)


def _is_stock(article: _Article, rules: LinkRules, figure: _Figure, clause_start: int) -> bool:
    """"Hainan has more than 1,900 old residential quarters": what exists, stated without a
    time or a cue of plan or progress, belongs to no period."""
    if figure.rules.get("kind") not in ("default_outcome", "paragraph_previous"):
        return False
    start = figure.mention.start
    return bool(rules.stock_before.search(article.text, max(clause_start, start - 40), start, article.folded))


def _deadline_frame(article: _Article, rules: LinkRules, figure: _Figure, chosen: Mention,
                    periods: list[Mention]) -> tuple[int, int] | None:
    """"by 2025" in a 14th Five-Year Plan article counts over 2021-2025; "in total by 2022"
    after "Since 2019" counts over 2019-2022. None when the year is not a deadline or no
    multi-year frame of the article ends with it."""
    period = _period_of(chosen.value)
    if not _year_deadline(article, rules, chosen, period):
        return None
    year = period[1]
    spans = [_period_of(t.value) for t in periods if t.value.type in ("fyp", "range")]
    spans = [p for p in spans if p and p[0] < year == p[1]]
    if spans:
        return spans[-1]
    p_start = article.paragraph_starts[figure.paragraph]
    if article.cumulative_context(figure.sentence, p_start, rules):
        since = [_period_of(t.value) for t in periods if t.value.type == "since" and t.start < chosen.start]
        since = [p for p in since if p and p[0] < year]
        if since:
            return since[-1][0], year
    return None


def _cut_off_year_in(article: _Article, figure: _Figure, since: Mention) -> int | None:
    """The year of an "as of the end of 2020" between the "since" year and the figure."""
    first = bisect.bisect_right(article.mention_starts, since.end)
    for t in article.mentions[first:bisect.bisect_left(article.mention_starts, figure.mention.start)]:
        if t.start > since.end and getattr(t.value, "as_of", None) and t.value.type == "as_of":
            return t.value.as_of.year
    return None


def _open_deadline(article: _Article, rules: LinkRules, chosen: Mention, period: tuple[int, int] | None) -> bool:
    """"by 2025", "by the end of 2024", "by the end of last year" or "of next year" with no frame
    that gives the start (RECORDS: a deadline with no start is {null, YEAR}); not "by the end of
    this year", which dates the current year's work."""
    if not _year_deadline(article, rules, chosen, period):
        return False
    return not chosen.value.relative or (article.reference_year is not None and period[1] != article.reference_year)


def _year_deadline(article: _Article, rules: LinkRules, chosen: Mention, period: tuple[int, int] | None) -> bool:
    """Whether ``chosen`` is a deadline of one year: "by the end of 2021", "by 2025"."""
    return bool(period) and period[0] == period[1] and (
        _is_deadline(article, rules, chosen)
        or rules.deadline_before.search(article.text, max(0, chosen.start - 12), chosen.start, article.folded)
        is not None)


def _past_periods_are_outcomes(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """A figure whose period ended before the article's year is an outcome, unless a strong
    cue of its own clause makes it a plan ("efforts should be made to install ..." in a
    review of 2019-2023 reports what was done)."""
    if not article.reference_year:
        return
    for figure in figures:
        how = figure.rules.get("kind", "")
        weak = how.startswith(("cue:", "lead_in:")) and how.partition(":")[2] in rules.weak_cue_ids
        if figure.kind == "plan" and figure.period and figure.period[1] < article.reference_year and (
                weak or how in ("paragraph_previous", "default_outcome")):
            figure.kind = "outcome"
            figure.rules["kind"] = f"{how}+past_period"
    for figure in figures:
        if figure.head is not None and figure.rules.get("kind") == "qualifier_of_head":
            figure.kind = figure.head.kind
