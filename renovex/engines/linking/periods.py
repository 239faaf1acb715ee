"""What the period rules share: the frame that governs a paragraph, times set beside a
compared figure, and the adjustments of a chosen time (deadlines, "since", "over the two
years"). The decision itself is the ladder of ``period_ladder.py``.
"""
from __future__ import annotations

import bisect
import re

from .article import _Article, _Figure, _period_of
from .period_rules import (_SINCE_ADVERB, _SINCE_THEN, _cut_off_year_in, _deadline_frame, _open_deadline,
                           _year_deadline)

DEADLINE_PERIODS = ("frame", "open")
"""linking.json ``deadline_period``, per metric role: what a figure due by a year ("by 2025", "by
the end of the year") counts over. ``frame``: the plan frame of several years that ends then,
else ``{null, YEAR}``, and "by the end of this year" is this year's work (as without the setting);
``open``: always ``{null, YEAR}``, a level to reach by that date ("tap water coverage will reach
95 percent by 2025")."""
from .rules import LinkRules, Mention


def _opens(article: _Article, t: Mention, start: int) -> bool:
    """A time expression that opens its sentence or clause, set off by a comma."""
    lead = article.text[start:t.start]
    return len(lead.strip()) <= 12 and article.text[t.end:t.end + 2].lstrip().startswith(",")


# a figure, its past participle, then a time: "1,790 units completed in 2019"
_OWN_PARTICIPLE_TIME = re.compile(
    r"(?:\s+(?:in|of|at)\s+[\w'-]+(?:\s+[\w'-]+){0,2})?"  # "15 million houses in shantytown areas will be renovated ..."
    r"\s+(?:(?:were|was|have been|had been|will be|are to be|is to be|to be)\s+)?(?:completed|started|begun|built|"
    r"rebuilt|renovated|launched|installed|added|finished|transformed|upgraded|delivered|retrofitted|commenced|"
    r"allocated)\s+(?:in|during|by|on|at|from|between)?\s*",
    re.IGNORECASE)


# "aims to add 3,000 more during the 14th Five-Year Plan period": the time of the added figure
_MORE_THEN_TIME = re.compile(r"\s+more\s+(?:during|in|over|within|by)\s+(?:the\s+)?", re.IGNORECASE)


def _governing(article: _Article, frames: list[Mention]) -> Mention:
    """The frame of earlier sentences that governs a sentence without one: the last that opens
    its own sentence ("During 2023-2025, ..."), not a time inside another clause ("... will be
    reviewed again in 2025."); the last frame when none opens a sentence.

    The plain reference of :class:`_Governing`, which answers the same in constant time."""
    for t in reversed(frames):
        if _opens(article, t, article.sentences[article.sentence_of(t.start)][0]):
            return t
    return frames[-1]


class _Governing:
    """:func:`_governing` of any run ``frames[lo:hi]``, from the last sentence-opening frame
    at or before each index, found once (a scan back per figure was quadratic)."""

    def __init__(self, article: _Article, frames: list[Mention]):
        self.frames = frames
        self.last_opener: list[int] = []
        last = -1
        for i, t in enumerate(frames):
            if _opens(article, t, article.sentences[article.sentence_of(t.start)][0]):
                last = i
            self.last_opener.append(last)

    def of(self, lo: int, hi: int) -> Mention:
        opener = self.last_opener[hi - 1]
        return self.frames[opener if opener >= lo else hi - 1]


# between a compared figure and its time: "up from 268 last year", "... of 150 set for 2022"
_COMPARISON_TIME_GAP = re.compile(r"\s*(?:(?:in|for|during|over|by|at)\s+)?", re.IGNORECASE)


def _comparison_times(article: _Article, rules: LinkRules, times: list[Mention]) -> dict[int, int]:
    """Time expressions that date a figure set beside another for comparison ("install 400
    elevators, up from 268 last year"): start of the time -> start of that figure. They date
    only that figure, not the main one nor later ones."""
    quantities = [m for m in article.mentions if m.label == "QUANTITY"]
    ends = [q.end for q in quantities]  # in order: quantities follow one another
    found: dict[int, int] = {}
    for t in times:
        i = bisect.bisect_right(ends, t.start) - 1
        if i < 0 or t.start - ends[i] > 20:
            continue
        q = quantities[i]
        if _COMPARISON_TIME_GAP.fullmatch(article.text, q.end, t.start) and \
                rules.comparison_before.search(article.text, max(0, q.start - 60), q.start, article.folded):
            found[t.start] = q.start
    return found


def _adjusted_period(article: _Article, rules: LinkRules, figure: _Figure, chosen: Mention,
                     periods: list[Mention], clause: tuple[int, int], how: str) -> tuple[tuple[int, int] | None, str]:
    """Resolve what the time expression alone cannot: "since Guiyang began ... in 2011" runs to
    the article's year; "over the two years" refers back to a two-year span named before."""
    text, value = article.text, chosen.value
    period = _period_of(value)
    rule = f"{how}:{value.rule}"
    role = rules.metric_roles.get(figure.metric or "", "count")
    if (rules.settings.get("deadline_period") or {}).get(role) == "open" \
            and _year_deadline(article, rules, chosen, period):
        return (None, period[1]), f"{rule}->open_deadline"  # a level to reach by then: no start
    framed = _deadline_frame(article, rules, figure, chosen, periods)
    if framed is not None:
        return framed, f"{rule}->frame"
    if _open_deadline(article, rules, chosen, period):
        return (None, period[1]), f"{rule}->no_start"
    anaphor = rules.anaphoric_years.match(text[chosen.start:chosen.end].strip())
    if value.type in ("past_n_years", "relative") and anaphor and (period is None or value.type == "past_n_years"):
        several = anaphor.group(1) is not None
        earlier = [t for t in periods if t.end <= chosen.start and _period_of(t.value)
                   and (_period_of(t.value)[1] > _period_of(t.value)[0]) == several]
        if earlier:
            return _period_of(earlier[-1].value), f"{rule}->refers_to:{earlier[-1].value.rule}"
    if value.type == "relative" and value.rule.startswith("next_n_years:") and period:
        # "a 2015-2017 plan ... over the next three years": the span of that length named before
        length = period[1] - period[0] + 1
        named = [p for t in periods if t.end <= chosen.start and t.value.type in ("range", "fyp")
                 and (p := _period_of(t.value)) and p[1] - p[0] + 1 == length]
        if named and named[-1] != period:
            return named[-1], f"{rule}->refers_to:{named[-1][0]}-{named[-1][1]}"
    if value.type == "past_n_years":
        return period, rule
    if (how in ("paragraph", "article") and period and period[0] == period[1] and article.reference_year
            and article.reference_year > period[0]):
        sentence_start, sentence_end = article.sentences[figure.sentence]
        if _SINCE_THEN.search(text, sentence_start, figure.mention.start) \
                or _SINCE_ADVERB.search(text, figure.mention.end, sentence_end):
            # "In 2011, Shanghai began ... Since then, over 952 buildings have ...": from then to now;
            # "... have had lifts installed since, according to ...": "since" alone says the same
            return (period[0], article.reference_year), f"{rule}+since_then"
        if figure.kind == "outcome" and rules.cumulative.search(text, sentence_start, figure.mention.start,
                                                                 article.folded):
            # "In 2012, Jing'an was a pioneer ... So far, 16 elevators have been installed": the
            # count runs from the year the passage starts in to now
            return (period[0], article.reference_year), f"{rule}+so_far"
    if (value.type == "year" and period and figure.kind == "outcome" and article.reference_year
            and article.reference_year > period[0]):
        own_time = chosen.start >= figure.mention.end and _OWN_PARTICIPLE_TIME.fullmatch(
            text, figure.mention.end, chosen.start)  # "4,834 units started in 2020" is that year's
        if not own_time and rules.since_before.search_slice(text, max(clause[0], chosen.start - 90), chosen.start,
                                                            article.folded):
            cut = _cut_off_year_in(article, figure, chosen)
            if cut is not None and period[0] < cut < article.reference_year:
                # "Since ... 2018, as of the end of 2020, the province has renovated 6,311": to the cut-off
                return (period[0], cut), f"{rule}+since_to_cut_off"
            return (period[0], article.reference_year), f"{rule}+since_to_reference_year"
    return period, rule
