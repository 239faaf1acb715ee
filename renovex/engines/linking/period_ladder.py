"""The period decision as a ladder of small named rules (tried in order; the first that
decides wins). Each rung chooses the time expression whose period the figure takes (then
adjusted by ``periods._adjusted_period``: deadlines, "since", "over the two years"), or decides
that no time applies, or sets the period itself (``as_of_year``, ``refers_to``).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from ...core.lazy import cached
from typing import Callable

from .article import _Article, _Figure, _period_of
from .as_of import _CutOffs
from .kinds import _is_partitive, _whole_of_part
from .metrics import _reach
from .period_rules import _is_deadline, _is_stock
from .periods import (_MORE_THEN_TIME, _OWN_PARTICIPLE_TIME, _adjusted_period, _comparison_times, _Governing,
                      _opens)
from .rules import LinkRules, Mention

PeriodDecision = tuple["Mention | None", str, "tuple[int, int] | None"]
"""(the chosen time expression or None, how it was chosen, a period set directly or None)."""


@dataclass
class _PeriodArticle:
    """What every figure's period rules share: the article's times, frames (periods that are
    not deadlines) and their indexes, found once."""

    article: _Article
    rules: LinkRules
    times: list[Mention]
    periods: list[Mention]
    period_starts: list[int]
    frames: list[Mention]
    frame_starts: list[int]
    governing: _Governing
    cut_offs: _CutOffs
    compared_by: dict[int, Mention]
    figure_sentences: set[int]
    done: list[_Figure]

    @cached
    def next_years(self) -> list[Mention]:
        """The frames of "over the next N years" (most articles have none: the rung is skipped)."""
        return [t for t in self.frames if t.value.rule.startswith("next_n_years:")]

    @staticmethod
    def between(items: list[Mention], starts: list[int], lo: int, hi: int) -> list[Mention]:
        return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


@dataclass
class PeriodContext:
    """What the rungs of the period ladder see of one figure."""

    shared: _PeriodArticle
    figure: _Figure

    @cached
    def clause(self) -> tuple[int, int]:
        return _reach(self.shared.article, self.shared.rules, self.figure)

    @cached
    def own_clause(self) -> tuple[int, int]:
        """The figure's clause narrowed where ", and" (linking.json ``coordinate_clause_gap``)
        opens a clause of its own: "In 2022, the county built 500 km of roads, *and by 2025*
        tap water will reach 95 percent"."""
        article, rules, m = self.shared.article, self.shared.rules, self.figure.mention
        start, end = self.clause
        for match in rules.coordinate_clause_gap.finditer(article.text, start, end):
            if match.end() <= m.start:
                start = match.end()
            elif match.start() >= m.end:
                end = match.start()
                break
        return start, end

    @cached
    def own_time_end(self) -> int | None:
        """The last year of the periods the figure's own clause names (not cut-off dates), or None."""
        spans = [_period_of(t.value) for t in self.shared.between(self.shared.periods, self.shared.period_starts,
                                                                   *self.own_clause)]
        ends = [span[1] for span in spans if span is not None and span[1] is not None]
        return max(ends) if ends else None

    @cached
    def cut_off(self) -> "date | None":
        """The figure's cut-off date: one of its own clause, else one before it in the sentence
        unless its clause names a period that ended before that date's year ("As of the end of
        June, ..., while 150 were completed in 2022"), never one of a later clause; else the
        paragraph's in force (see ``as_of``)."""
        return self.shared.cut_offs.of(self.figure, self.own_clause, self.own_time_end)

    def role_setting(self, key: str) -> str | None:
        """linking.json ``key`` (an object of metric role -> how) for the figure's metric."""
        rules = self.shared.rules
        return (rules.settings.get(key) or {}).get(rules.metric_roles.get(self.figure.metric or "", "count"))

    @property
    def sentence(self) -> tuple[int, int]:
        return self.shared.article.sentences[self.figure.sentence]

    @property
    def paragraph_start(self) -> int:
        return self.shared.article.paragraph_starts[self.figure.paragraph]

    @property
    def lead(self) -> int | None:
        """The paragraph of the lead-in line of the figure's list, if it is a list item."""
        return self.shared.article.lead_ins.get(self.figure.paragraph)

    @cached
    def last_frame(self) -> Mention | None:
        """The last frame before the figure's paragraph (or its list's lead-in)."""
        shared = self.shared
        start = self.paragraph_start if self.lead is None else shared.article.paragraph_starts[self.lead]
        before = bisect.bisect_left(shared.frame_starts, start)
        return shared.frames[before - 1] if before else None

    @cached
    def cumulative(self) -> bool:
        """An outcome in a "to date", "in total", "so far" context."""
        return self.figure.kind == "outcome" and self.shared.article.cumulative_context(
            self.figure.sentence, self.paragraph_start, self.shared.rules)

    def distance(self, t: Mention) -> float:
        """How far a time is from the figure, for choosing the nearest: one right after the
        figure's own participle is its own; one that opens the sentence frames all of it."""
        article, rules, m = self.shared.article, self.shared.rules, self.figure.mention
        text, settings = article.text, rules.settings
        if t.start >= m.end and (_OWN_PARTICIPLE_TIME.fullmatch(text, m.end, t.start)
                                 or _MORE_THEN_TIME.fullmatch(text, m.end, t.start)):
            return -1  # "4,834 units started in 2020", "add 3,000 more during 2021-2025": its own time
        d = m.start - t.end if t.end <= m.start else t.start - m.end + settings["after_penalty"]
        if t.end <= m.start and _opens(article, t, self.clause[0] if t.start >= self.clause[0] else self.sentence[0]):
            d = min(d, settings["opener_distance"])  # "In 2021, ..." frames its whole sentence
        return d + (settings["deadline_penalty"] if _is_deadline(article, rules, t) else 0)


def comparison(c: PeriodContext) -> PeriodDecision | None:
    """"up from 268 last year": a compared figure's own time."""
    own = c.shared.compared_by.get(c.figure.mention.start)
    return (own, "comparison", None) if own is not None else None


def next_years_of_sentence(c: PeriodContext) -> PeriodDecision | None:
    """"In 2022, Hefei pledged to renovate 600 communities over the next three years": the
    N years after the year the sentence names before them, not after the article's year."""
    shared, (start, end) = c.shared, c.clause
    if not shared.next_years:
        return None
    ahead = [t for t in shared.between(shared.frames, shared.frame_starts, start, end)
             if t.value.rule.startswith("next_n_years:") and (span := _period_of(t.value)) is not None]
    if not ahead:
        return None
    nxt = ahead[0]
    years = [t for t in shared.between(shared.frames, shared.frame_starts, c.sentence[0], nxt.start)
             if t.value.type == "year" and (span := _period_of(t.value)) is not None and span[0] == span[1]]
    if not years:
        return None
    year, (first, last) = _period_of(years[-1].value)[0], _period_of(nxt.value)
    return None, f"next_n_years_from:{year}", (year + 1, year + 1 + last - first)


def level_deadline(c: PeriodContext) -> PeriodDecision | None:
    """A figure of a role whose deadlines are open (linking.json ``deadline_period``: ``open``,
    a level to reach) takes the deadline of its own clause over a frame: "This year the region
    plans to raise tap water coverage to 89 percent by the end of the year" is {null, YEAR}."""
    if c.role_setting("deadline_period") != "open":
        return None
    shared = c.shared
    found = [t for t in shared.between(shared.periods, shared.period_starts, *c.own_clause)
             if _is_deadline(shared.article, shared.rules, t)]
    return (min(found, key=c.distance), "level_deadline", None) if found else None


def own_clause_time(c: PeriodContext) -> PeriodDecision | None:
    """A time of the figure's own coordinated clause, a deadline too, before any of the rest of
    its sentence: "In 2022, ... built 500 km, and by 2025 tap water coverage will reach 95
    percent" (the 95 percent is due by 2025, not a 2022 figure)."""
    lo, hi = c.own_clause
    if (lo, hi) == c.clause:
        return None
    found = c.shared.between(c.shared.periods, c.shared.period_starts, lo, hi)
    if not found:
        return None
    own = min(found, key=c.distance)
    wider = clause(c)
    return None if wider is not None and wider[0] is own else (own, "own_clause", None)


def clause(c: PeriodContext) -> PeriodDecision | None:
    """The nearest frame in the figure's clause."""
    found = c.shared.between(c.shared.frames, c.shared.frame_starts, *c.clause)
    return (min(found, key=c.distance), "clause", None) if found else None


def sentence(c: PeriodContext) -> PeriodDecision | None:
    """The nearest frame in the figure's sentence ("In 2022, ..., and ..."), not one of a later
    clause ("As of the end of June, 420 had been renovated, while 150 were completed in 2022":
    the 2022 is the 150's)."""
    found = c.shared.between(c.shared.frames, c.shared.frame_starts, c.sentence[0], c.clause[1])
    return (min(found, key=c.distance), "sentence", None) if found else None


CUMULATIVE_PERIODS = ("to_reference_year", "frame")
"""linking.json ``cumulative_period``, per metric role: the period of a "so far" / "to date"
outcome under a frame of several years that runs past the article's year: ``to_reference_year``
from the frame's start to the article's year, ``frame`` the whole frame (as without the setting)."""


def cumulative_in_frame(c: PeriodContext) -> PeriodDecision | None:
    """"During the 14th Five-Year Plan period, ... So far, 6,200 have been renovated" (a 2023
    article): 2021-2023, for the metric roles the pack names (see :data:`CUMULATIVE_PERIODS`)."""
    year = c.shared.article.reference_year
    if year is None or not c.cumulative or c.role_setting("cumulative_period") != "to_reference_year":
        return None
    starts = c.shared.frame_starts
    lo, hi = bisect.bisect_left(starts, c.paragraph_start), bisect.bisect_left(starts, c.sentence[0])
    frame = c.shared.governing.of(lo, hi) if lo < hi else c.last_frame
    span = _period_of(frame.value) if frame is not None else None
    if span is None or not span[0] <= year < span[1]:
        return None
    return None, f"cumulative_in_frame:{frame.value.rule}", (span[0], year)


def paragraph(c: PeriodContext) -> PeriodDecision | None:
    """The frame that governs the paragraph before the sentence ("From 2019 to 2023, ...")."""
    starts = c.shared.frame_starts
    lo, hi = bisect.bisect_left(starts, c.paragraph_start), bisect.bisect_left(starts, c.sentence[0])
    return (c.shared.governing.of(lo, hi), "paragraph", None) if lo < hi else None


def deadline(c: PeriodContext) -> PeriodDecision | None:
    """A deadline of the sentence ("by the end of 2025"), when no frame is there (a frame of a
    later clause is that clause's: see ``sentence``)."""
    shared, end = c.shared, c.clause[1]
    found = [t for t in shared.between(shared.periods, shared.period_starts, *c.sentence)
             if t.start < end or _is_deadline(shared.article, shared.rules, t)]
    return (min(found, key=c.distance), "deadline", None) if found else None


def list_lead_in(c: PeriodContext) -> PeriodDecision | None:
    """A list item takes the time of its lead-in line, never one named in an earlier item."""
    if c.lead is None:
        return None
    starts = c.shared.article.paragraph_starts
    found = c.shared.between(c.shared.frames, c.shared.frame_starts, starts[c.lead], starts[c.lead + 1])
    return (found[-1], "list_lead_in", None) if found else None


def cumulative_since(c: PeriodContext) -> PeriodDecision | None:
    """"renovated 108 compounds since last year ... So far, 62 elevators have been installed":
    a cumulative figure's open frame runs to now."""
    last = c.last_frame
    if c.cumulative and last is not None and last.value.type == "since" \
            and c.shared.article.sentence_of(last.start) in c.shared.figure_sentences:
        return last, "cumulative_since", None
    return None


def cumulative_to_date(c: PeriodContext) -> PeriodDecision | None:
    """A "to date" total with no start named has no period (a part, "so far, 16 of the
    areas", counts in the frame of its set: see ``article``)."""
    return (None, "cumulative_to_date", None) if c.cumulative and c.figure.antecedent is None else None


def stock(c: PeriodContext) -> PeriodDecision | None:
    """"there are 1,200 old communities in the city": a stock has no period."""
    if c.last_frame is not None and _is_stock(c.shared.article, c.shared.rules, c.figure, c.clause[0]):
        return None, "stock", None
    return None


def as_of_year(c: PeriodContext) -> PeriodDecision | None:
    """"By the end of June, Anhui had started 1,480": a progress figure with a cut-off and no
    frame of its own counts in the cut-off's year, not in an older open frame of an earlier paragraph."""
    figure = c.figure
    if c.last_frame is None or figure.kind != "outcome" or figure.antecedent is not None:
        return None
    cut = c.cut_off
    return (None, "as_of_year", (cut.year, cut.year)) if cut is not None else None


def future_frame_not_for_outcome(c: PeriodContext) -> PeriodDecision | None:
    """What has been done is not in "the next five years"."""
    last, year = c.last_frame, c.shared.article.reference_year
    if last is not None and c.figure.kind == "outcome" and year is not None \
            and (span := _period_of(last.value)) is not None and span[0] > year:
        return None, "future_frame_not_for_outcome", None
    return None


def history_not_a_frame(c: PeriodContext) -> PeriodDecision | None:
    """"built in 1995", "50 years ago": background, not the figure's time."""
    last, year = c.last_frame, c.shared.article.reference_year
    if last is not None and year is not None and (span := _period_of(last.value)) is not None \
            and span[1] < year - 10:
        return None, "history_not_a_frame", None
    return None


def month_not_an_article_frame(c: PeriodContext) -> PeriodDecision | None:
    """"In March, ..." dates its own passage, not the rest of the article."""
    last = c.last_frame
    return (None, "month_not_an_article_frame", None) if last is not None and last.value.rule == "month" else None


def article(c: PeriodContext) -> PeriodDecision | None:
    """The article's last frame before the figure; a bare number or a part ("410 of the
    communities") without a time of its own counts in the frame of the figure it refers to."""
    last = c.last_frame
    if last is None:
        return None
    figure = c.figure
    source = figure.antecedent
    if source is None and _is_partitive(c.shared.article, figure):
        source = _whole_of_part(figure, c.shared.done[:-1])
    if source is not None and source.period is not None:
        return None, f"refers_to:{source.mention.value.value:g}", source.period
    year = c.shared.article.reference_year
    if figure.kind == "plan" and c.lead is not None and year is not None and _ended_before(last, year):
        # a task list under a lead-in ("Next step, our bureau will do the following work:") is not
        # in a past year named before it ("In 2021, the city completed ..."): the last frame that
        # has not ended yet, if any
        shared = c.shared
        index = bisect.bisect_left(shared.frame_starts, last.start)
        last = next((f for f in reversed(shared.frames[:index]) if not _ended_before(f, year)), None)
        if last is None:
            return None
        return last, "article_not_past", None
    return last, "article", None


def _ended_before(frame: Mention, year: int) -> bool:
    period = getattr(frame.value, "period", None)
    return bool(period) and period[1] is not None and period[1] < year


AS_OF_ONLY_PERIODS = ("year", "deadline")
"""linking.json ``as_of_only_period``, per metric role: what an outcome with a cut-off date and
no time of its own gets ("92 percent as of the end of April" in a 2023 article): ``year`` the
cut-off's year, ``deadline`` ``{"start": null, "end": YEAR}`` (a level reached by that date);
without the setting, no period."""


def as_of_only(c: PeriodContext) -> PeriodDecision | None:
    """An outcome with only a cut-off date, for the metric roles the pack names (see
    :data:`AS_OF_ONLY_PERIODS`)."""
    figure = c.figure
    how = c.role_setting("as_of_only_period")
    if how is None or figure.kind != "outcome":
        return None
    cut = c.cut_off
    if cut is None:
        return None
    return None, f"as_of_only:{how}", (cut.year, cut.year) if how == "year" else (None, cut.year)


def no_period(c: PeriodContext) -> PeriodDecision | None:
    """No time expression applies."""
    return None, "none", None


PERIOD_LADDER: tuple[Callable[[PeriodContext], PeriodDecision | None], ...] = (
    comparison, next_years_of_sentence, level_deadline, own_clause_time, clause, sentence, cumulative_in_frame, paragraph, deadline, list_lead_in, cumulative_since, cumulative_to_date, stock,
    as_of_year, future_frame_not_for_outcome, history_not_a_frame, month_not_an_article_frame, article, as_of_only,
    no_period)
"""The period rungs in order (after a qualifier's, which takes its head's): the first that decides wins."""


def _decide_periods(article_: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """Period: the clause's, else the sentence's, else the paragraph's frame, else a deadline
    of the sentence, else the article's last frame (not for cumulative "to date" outcomes)."""
    shared = _shared(article_, figures, rules)
    for figure in figures:
        shared.done.append(figure)
        if figure.head is not None:
            figure.period, figure.as_of = figure.head.period, figure.head.as_of
            figure.rules["period"] = "qualifier_of_head"
            continue
        context = PeriodContext(shared, figure)
        for rung in PERIOD_LADDER:
            decision = rung(context)
            if decision is not None:
                break
        chosen, how, period = decision  # (the last rung always decides)
        if period is not None:
            figure.period, figure.rules["period"] = period, how
        elif chosen is None:
            figure.period, figure.rules["period"] = None, how
        else:
            figure.period, figure.rules["period"] = _adjusted_period(article_, rules, figure, chosen,
                                                                     shared.periods, context.clause, how)
            figure.evidence["period"] = (chosen.start, chosen.end)
        if figure.kind == "outcome":
            figure.as_of = context.cut_off


def _shared(article_: _Article, figures: list[_Figure], rules: LinkRules) -> _PeriodArticle:
    text = article_.text
    times = [t for t in article_.mentions if t.label in ("PERIOD", "DATE")]
    compared = _comparison_times(article_, rules, times)
    periods = [t for t in times if t.label == "PERIOD" and t.value.type != "as_of" and t.start not in compared
               and not rules.period_excluded_before.search_slice(text, max(0, t.start - 60), t.start, article_.folded)]
    # sorted starts, so each figure looks up its clause, sentence and paragraph by bisection
    # (a scan of every period per figure is quadratic in the article's length)
    frames = [t for t in periods if not _is_deadline(article_, rules, t)]
    return _PeriodArticle(
        article_, rules, times, periods, [t.start for t in periods], frames, [t.start for t in frames],
        _Governing(article_, frames), _CutOffs(article_, times),
        {compared[t.start]: t for t in times if t.start in compared}, {f.sentence for f in figures}, [])
