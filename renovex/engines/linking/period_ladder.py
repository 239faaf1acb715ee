"""The period decision as a ladder of small named rules (tried in order; the first that
decides wins). Each rung chooses the time expression whose period the figure takes (then
adjusted by ``periods._adjusted_period``: deadlines, "since", "over the two years"), or decides
that no time applies, or sets the period itself (``as_of_year``, ``refers_to``).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
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

    @staticmethod
    def between(items: list[Mention], starts: list[int], lo: int, hi: int) -> list[Mention]:
        return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


@dataclass
class PeriodContext:
    """What the rungs of the period ladder see of one figure."""

    shared: _PeriodArticle
    figure: _Figure

    @cached_property
    def clause(self) -> tuple[int, int]:
        return _reach(self.shared.article, self.shared.rules, self.figure)

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

    @cached_property
    def last_frame(self) -> Mention | None:
        """The last frame before the figure's paragraph (or its list's lead-in)."""
        shared = self.shared
        start = self.paragraph_start if self.lead is None else shared.article.paragraph_starts[self.lead]
        before = bisect.bisect_left(shared.frame_starts, start)
        return shared.frames[before - 1] if before else None

    @cached_property
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


def clause(c: PeriodContext) -> PeriodDecision | None:
    """The nearest frame in the figure's clause."""
    found = c.shared.between(c.shared.frames, c.shared.frame_starts, *c.clause)
    return (min(found, key=c.distance), "clause", None) if found else None


def sentence(c: PeriodContext) -> PeriodDecision | None:
    """The nearest frame in the figure's sentence ("In 2022, ..., and ...")."""
    found = c.shared.between(c.shared.frames, c.shared.frame_starts, *c.sentence)
    return (min(found, key=c.distance), "sentence", None) if found else None


def paragraph(c: PeriodContext) -> PeriodDecision | None:
    """The frame that governs the paragraph before the sentence ("From 2019 to 2023, ...")."""
    starts = c.shared.frame_starts
    lo, hi = bisect.bisect_left(starts, c.paragraph_start), bisect.bisect_left(starts, c.sentence[0])
    return (c.shared.governing.of(lo, hi), "paragraph", None) if lo < hi else None


def deadline(c: PeriodContext) -> PeriodDecision | None:
    """A deadline of the sentence ("by the end of 2025"), when no frame is there."""
    found = c.shared.between(c.shared.periods, c.shared.period_starts, *c.sentence)
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
    cut = c.shared.cut_offs.of(figure)
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
    return last, "article", None


AS_OF_ONLY_PERIODS = ("year", "deadline")
"""linking.json ``as_of_only_period``, per metric role: what an outcome with a cut-off date and
no time of its own gets ("92 percent as of the end of April" in a 2023 article): ``year`` the
cut-off's year, ``deadline`` ``{"start": null, "end": YEAR}`` (a level reached by that date);
without the setting, no period."""


def as_of_only(c: PeriodContext) -> PeriodDecision | None:
    """An outcome with only a cut-off date, for the metric roles the pack names (see
    :data:`AS_OF_ONLY_PERIODS`)."""
    figure, rules = c.figure, c.shared.rules
    how = rules.settings.get("as_of_only_period", {}).get(rules.metric_roles.get(figure.metric or "", "count"))
    if how is None or figure.kind != "outcome":
        return None
    cut = c.shared.cut_offs.of(figure)
    if cut is None:
        return None
    return None, f"as_of_only:{how}", (cut.year, cut.year) if how == "year" else (None, cut.year)


def no_period(c: PeriodContext) -> PeriodDecision | None:
    """No time expression applies."""
    return None, "none", None


PERIOD_LADDER: tuple[Callable[[PeriodContext], PeriodDecision | None], ...] = (
    comparison, clause, sentence, paragraph, deadline, list_lead_in, cumulative_since, cumulative_to_date, stock,
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
            figure.as_of = shared.cut_offs.of(figure)


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
