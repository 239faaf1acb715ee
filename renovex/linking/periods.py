"""The period of each figure: the nearest period in its sentence, else the governing frame
of its paragraph or article, adjusted for deadlines, comparisons and cumulative figures.
"""
from __future__ import annotations

import bisect
import re

from .article import _Article, _Figure, _period_of
from .as_of import _CutOffs
from .kinds import _is_partitive, _whole_of_part
from .metrics import _reach
from .period_rules import (_SINCE_ADVERB, _SINCE_THEN, _cut_off_year_in, _deadline_frame, _is_deadline, _is_stock,
                           _open_deadline)
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


def _decide_periods(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """Period: the clause's, else the sentence's, else the paragraph's frame, else a deadline
    of the sentence, else the article's last frame (not for cumulative "to date" outcomes)."""
    text = article.text
    times = [t for t in article.mentions if t.label in ("PERIOD", "DATE")]
    compared = _comparison_times(article, rules, times)
    periods = [t for t in times if t.label == "PERIOD" and t.value.type != "as_of" and t.start not in compared
               and not rules.period_excluded_before.search_slice(text, max(0, t.start - 60), t.start, article.folded)]
    penalty = rules.settings["deadline_penalty"]
    after_penalty = rules.settings["after_penalty"]
    opener_distance = rules.settings["opener_distance"]
    # sorted starts, so each figure looks up its clause, sentence and paragraph by bisection
    # (a scan of every period per figure is quadratic in the article's length)
    period_starts = [t.start for t in periods]
    frames = [t for t in periods if not _is_deadline(article, rules, t)]
    frame_starts = [t.start for t in frames]
    time_starts = [t.start for t in times]

    def between(items: list[Mention], starts: list[int], lo: int, hi: int) -> list[Mention]:
        return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    governing = _Governing(article, frames)
    cut_offs = _CutOffs(article, times)

    compared_by = {compared[t.start]: t for t in times if t.start in compared}
    figure_sentences = {f.sentence for f in figures}
    done: list[_Figure] = []
    for figure in figures:
        m = figure.mention
        done.append(figure)
        if figure.head is not None:
            figure.period, figure.as_of = figure.head.period, figure.head.as_of
            figure.rules["period"] = "qualifier_of_head"
            continue
        c_start, c_end = _reach(article, rules, figure)
        s_start, s_end = article.sentences[figure.sentence]
        p_start = article.paragraph_starts[figure.paragraph]
        own = compared_by.get(m.start)

        def distance(t: Mention) -> float:
            if t.start >= m.end and (_OWN_PARTICIPLE_TIME.fullmatch(text, m.end, t.start)
                                     or _MORE_THEN_TIME.fullmatch(text, m.end, t.start)):
                return -1  # "4,834 units started in 2020", "add 3,000 more during 2021-2025": its own time
            d = m.start - t.end if t.end <= m.start else t.start - m.end + after_penalty
            if t.end <= m.start and _opens(article, t, c_start if t.start >= c_start else s_start):
                d = min(d, opener_distance)  # "In 2021, ..." frames its whole sentence
            return d + (penalty if _is_deadline(article, rules, t) else 0)

        # each candidate is looked for only when those preferred to it are missing
        lead = article.lead_ins.get(figure.paragraph)
        chosen, how = None, "none"
        if own is not None:
            chosen, how = own, "comparison"  # "up from 268 last year": the compared figure's own time
        elif in_clause := between(frames, frame_starts, c_start, c_end):
            chosen, how = min(in_clause, key=distance), "clause"
        elif framing := between(frames, frame_starts, s_start, s_end):
            chosen, how = min(framing, key=distance), "sentence"
        elif (lo := bisect.bisect_left(frame_starts, p_start)) < (hi := bisect.bisect_left(frame_starts, s_start)):
            chosen, how = governing.of(lo, hi), "paragraph"
        elif in_sentence := between(periods, period_starts, s_start, s_end):
            chosen, how = min(in_sentence, key=distance), "deadline"
        # a list item falls back on its lead-in's frame, then on the one in force before the
        # list, never on a time named in an earlier item
        elif lead is not None and (in_lead := between(frames, frame_starts, article.paragraph_starts[lead],
                                                       article.paragraph_starts[lead + 1])):
            chosen, how = in_lead[-1], "list_lead_in"
        else:
            lead_start = p_start if lead is None else article.paragraph_starts[lead]
            # the last frame before (no list of them: an article may name many)
            before_lead = bisect.bisect_left(frame_starts, lead_start)
            last = frames[before_lead - 1] if before_lead else None
            cumulative = figure.kind == "outcome" and article.cumulative_context(figure.sentence, p_start, rules)
            if cumulative and last is not None and last.value.type == "since" \
                    and article.sentence_of(last.start) in figure_sentences:
                # "renovated 108 compounds since last year ... So far, 62 elevators have been
                # installed": a figure's open frame runs to now, as a "to date" figure does
                chosen, how = last, "cumulative_since"
            elif cumulative and figure.antecedent is None:
                # (a part, "so far, 16 of the areas", counts in the frame of its set: below)
                how = "cumulative_to_date"
            elif last is not None and _is_stock(article, rules, figure, c_start):
                how = "stock"
            elif last is not None and figure.kind == "outcome" and figure.antecedent is None and (
                    cut := cut_offs.of(figure)) is not None:
                # "By the end of June, Anhui had started 1,480": a progress figure with a cut-off
                # and no frame of its own counts in the cut-off's year, not in an older open
                # frame ("Since 2019, ...") of an earlier paragraph
                figure.period, how = (cut.year, cut.year), "as_of_year"
            elif last is not None and figure.kind == "outcome" and article.reference_year is not None \
                    and (span := _period_of(last.value)) is not None and span[0] > article.reference_year:
                how = "future_frame_not_for_outcome"  # what has been done is not in "the next five years"
            elif last is not None and article.reference_year is not None \
                    and (span := _period_of(last.value)) is not None and span[1] < article.reference_year - 10:
                how = "history_not_a_frame"  # "built in 1995", "50 years ago": background, not the figure's time
            elif last is not None and last.value.rule == "month":
                how = "month_not_an_article_frame"  # "In March, ..." dates its own passage, not the article
            elif last is not None:
                chosen, how = last, "article"
                # a bare number or a part ("410 of the communities") without a time of its own
                # counts in the frame of the figure it refers to, not the article's last one
                source = figure.antecedent
                if source is None and _is_partitive(article, figure):
                    source = _whole_of_part(figure, done[:-1])
                if source is not None and source.period is not None:
                    chosen, how = None, f"refers_to:{source.mention.value.value:g}"
                    figure.period = source.period
        if how.startswith("refers_to:") or how == "as_of_year":
            figure.rules["period"] = how
        elif chosen is None:
            figure.period, figure.rules["period"] = None, how
        else:
            figure.period, figure.rules["period"] = _adjusted_period(article, rules, figure, chosen, periods,
                                                                     (c_start, c_end), how)
            figure.evidence["period"] = (chosen.start, chosen.end)
        if figure.kind == "outcome":
            figure.as_of = cut_offs.of(figure)


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
