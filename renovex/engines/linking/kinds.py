"""The kind of each figure (plan or outcome): the head's kind, the nearest cue in reach,
the paragraph's last kind, a list's lead-in; a whole stated with its done part is the plan.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

from .article import _Article, _Figure, _imperative_item, _lead_in_cue
from .metrics import _reach
from .rules import KindCue, LinkRules


@dataclass
class KindContext:
    """What the rungs of the kind ladder see of one figure."""

    article: _Article
    rules: LinkRules
    figure: _Figure
    nearest: tuple[float, KindCue, int, int] | None
    """The nearest cue in the figure's reach: (distance, cue, start, end); see _nearest_cue."""
    last_kind_in_paragraph: dict[int, str]
    lead_in_cues: dict[int, KindCue | None]


KindDecision = tuple[str, str, "tuple[int, int] | None"]
"""(kind, rule id, the span of the cue that decided it when one did)."""


def qualifier_of_head(c: KindContext) -> KindDecision | None:
    """"..., benefiting 203,900 households": a qualifier takes its head's kind, unless a strong
    cue touches the qualifier itself."""
    head = c.figure.head
    if head is not None and (c.nearest is None or c.nearest[0] > 0 or c.nearest[1].strength == "weak"):
        return head.kind, "qualifier_of_head", None
    return None


def nearest_cue(c: KindContext) -> KindDecision | None:
    """The nearest cue in reach ("plans to", "has completed"): forward cues before the figure,
    backward cues after it, weak ones ("should") penalised."""
    if c.nearest is None:
        return None
    _, cue, start, end = c.nearest
    return cue.kind, f"cue:{cue.id}", (start, end)


def part_of_whole(c: KindContext) -> KindDecision | None:
    """No cue: a part drawn from a whole named before ("Of the 2,613 communities, 1,095 are in
    Nanning"; "Among them, Honghuagang District 78, ...") shares the whole's kind."""
    whole = c.figure.antecedent
    return (whole.kind, "part_of_whole", None) if whole is not None and whole.kind is not None else None


def paragraph_previous(c: KindContext) -> KindDecision | None:
    """No cue: the kind of the figure before it in its paragraph."""
    kind = c.last_kind_in_paragraph.get(c.figure.paragraph)
    return (kind, "paragraph_previous", None) if kind is not None else None


def imperative_item(c: KindContext) -> KindDecision | None:
    """A list of tasks: "- Renew 1,200 kilometres of pipes;" is a plan."""
    return ("plan", "imperative_item", None) if _imperative_item(c.article, c.rules, c.figure.paragraph) else None


def lead_in(c: KindContext) -> KindDecision | None:
    """A list item takes the cue of the line that leads the list ("The city will:\n- install 120 elevators")."""
    lead = c.article.lead_ins.get(c.figure.paragraph)
    if lead is None:
        return None
    if lead not in c.lead_in_cues:
        c.lead_in_cues[lead] = _lead_in_cue(c.article, c.rules, lead)
    cue = c.lead_in_cues[lead]
    return (cue.kind, f"lead_in:{cue.id}", None) if cue is not None else None


def gerund_item(c: KindContext) -> KindDecision | None:
    """"- Raising capital for 67,000 sets": a task (tried after a lead-in's cue)."""
    return ("plan", "gerund_item", None) if _imperative_item(c.article, c.rules, c.figure.paragraph,
                                                             gerund=True) else None


def default_outcome(c: KindContext) -> KindDecision | None:
    """Nothing says otherwise: a figure reported is something done."""
    return "outcome", "default_outcome", None


KIND_LADDER = (qualifier_of_head, nearest_cue, part_of_whole, paragraph_previous, imperative_item, lead_in, gerund_item,
               default_outcome)
"""The kind rungs in order: the first that decides wins (the last always does)."""


def _decide_kinds(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    weak_penalty = rules.settings["weak_penalty"]
    last_kind_in_paragraph: dict[int, str] = {}
    lead_in_cues: dict[int, KindCue | None] = {}
    # "1,734 elevators, of which 206 have been completed": a cue after a part is the part's
    # verb, not its whole's (the starts of the parts that refer back to each figure)
    parts_of: dict[int, list[int]] = {}
    for figure in figures:
        if figure.antecedent is not None:
            parts_of.setdefault(id(figure.antecedent), []).append(figure.mention.start)
    # "987 communities, with a planned investment of 14.5 billion yuan": a cue in the lead-in of
    # the next figure is that figure's (the starts of all figures, for _in_lead_in_of_next)
    starts = [f.mention.start for f in figures]
    for figure in figures:
        nearest = _nearest_cue(article, rules, figure, parts_of.get(id(figure), ()), starts, weak_penalty)
        context = KindContext(article, rules, figure, nearest, last_kind_in_paragraph, lead_in_cues)
        for rung in KIND_LADDER:
            decision = rung(context)
            if decision is not None:
                figure.kind, figure.rules["kind"], cue_span = decision
                if cue_span is not None:
                    figure.cue_start = cue_span[0]
                    figure.evidence["kind"] = cue_span
                break
        last_kind_in_paragraph[figure.paragraph] = figure.kind
    _totals_are_plans(article, figures, rules)
    for figure in figures:  # a whole found to be a plan after its part was decided
        if figure.rules.get("kind") == "part_of_whole" and figure.antecedent is not None:
            figure.kind = figure.antecedent.kind


def _nearest_cue(article: _Article, rules: LinkRules, figure: _Figure, parts: Iterable[int], starts: list[int],
                 weak_penalty: float) -> tuple[float, KindCue, int, int] | None:
    """The nearest cue in the figure's reach that can be its own, as (distance, cue, start, end)."""
    m = figure.mention
    start, end = _reach(article, rules, figure)
    best: tuple[float, KindCue, int, int] | None = None
    for c_start, c_end, cue in article.cues_in_sentence(figure.sentence, rules):
        if c_start < start or c_end > end:
            continue
        if parts and c_start >= m.end and any(m.end <= p < c_start for p in parts):
            continue
        if c_start >= m.end and _in_lead_in_of_next(article, rules, starts, m.end, c_start, c_end):
            continue
        if m.start <= c_start and c_end <= m.end and not cue.inside:
            continue
        if c_start >= m.end and cue.kind == "plan" and figure.metric in rules.rate_metrics:
            continue  # "78 percent of the 1,528 planned": the plan is what the rate is of
        if c_end <= m.start and cue.direction in ("forward", "both"):
            distance = m.start - c_end
        elif c_start >= m.end and cue.direction in ("backward", "both"):
            distance = c_start - m.end
        elif m.start <= c_start and c_end <= m.end:
            distance = 0
        else:
            continue
        if cue.strength == "weak":
            distance += weak_penalty
        if best is None or distance < best[0]:
            best = (distance, cue, c_start, c_end)
    return best


_LEAD_IN = 40  # characters from a cue to the figure whose lead-in it is in


def _in_lead_in_of_next(article: _Article, rules: LinkRules, starts: list[int], figure_end: int,
                        c_start: int, c_end: int) -> bool:
    """"987 communities, with a planned investment of 14.5 billion yuan": a cue in the phrase
    that introduces the next figure ("with", "benefiting", ...) is that figure's, not the one before."""
    i = bisect.bisect_left(starts, c_end)
    if i == len(starts) or starts[i] - c_end > _LEAD_IN or (i and starts[i - 1] >= figure_end):
        return False  # (no figure after the cue, or another one stands between)
    return rules.qualifier.search(article.text, figure_end, c_start) is not None


_PARTITIVE = re.compile(r"\s+of\s+(?:the|these|those|them|all)\b", re.IGNORECASE)
_BARE_PARTITIVE = re.compile(r"\s+of\s+(?:these|those|them)\b", re.IGNORECASE)


def _is_partitive(article: _Article, figure: _Figure) -> bool:
    """"410 of the communities": a part of a set named before."""
    return bool(_PARTITIVE.match(article.text, figure.mention.value.number_end, figure.mention.end + 1))


def _whole_of_part(figure: _Figure, done: list[_Figure]) -> _Figure | None:
    """The set a part ("410 of the communities") is taken from: the nearest earlier planned
    figure of its metric that is larger."""
    value = figure.mention.value.value
    for other in reversed(done):
        if other.metric == figure.metric and other.kind == "plan" and other.mention.value.value > value:
            return other
    return None


def _totals_are_plans(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """In "1,037 of the 1,130 communities" or "1,506 communities ... had completed 1,481",
    the whole is the plan the part is measured against."""
    of_sentence: dict[int, list[_Figure]] = {}
    for figure in figures:
        of_sentence.setdefault(figure.sentence, []).append(figure)
    for part in figures:
        if part.kind != "outcome":
            continue
        for whole in of_sentence[part.sentence]:
            if whole is part or whole.metric != part.metric:
                continue
            if whole.mention.value.value <= part.mention.value.value or _is_partitive(article, whole):
                continue  # "started on 211 of the compounds, and 74 ...": 211 is itself a part
            if whole.mention.start < part.mention.start and _leads_sentence_as_whole(article, rules, whole) \
                    and not _own_outcome_cue_before_part(whole, part):
                # "Of the 210 km slated for this year, 126 km had been replaced": the set the
                # sentence opens with is the plan its later part is measured against
                whole.kind = "plan"
                whole.rules["kind"] = "leading_whole"
            elif whole.mention.start > part.mention.start:
                between = article.text[part.mention.end:whole.mention.start]
                if rules.total_between.match(between):
                    whole.kind = "plan"
                    whole.rules["kind"] = "total_of_part"
            elif part.rules.get("metric", "").startswith("bare:") and whole.head is None and not (
                    whole.kind == "outcome" and whole.cue_start is not None and (
                        whole.cue_start < whole.mention.start
                        or whole.cue_start != part.cue_start and whole.cue_start < part.mention.start
                        or _part_follows_own_verb(article, whole, part))
                    and whole.rules.get("kind", "").startswith("cue:")):
                # "started work on 1,706 ..., and 1,129 (of them) had been completed", "63 have
                # been put into use, and another 40 are under construction": a set with an
                # outcome cue of its own is not the plan its part is measured against
                gap = article.text[whole.mention.end:part.mention.start]
                # "486 and 371 respectively" coordinates peers, it does not measure a part
                if not rules.terminators.search(gap) and not rules.parallel_gap.fullmatch(gap):
                    whole.kind = "plan"
                    whole.rules["kind"] = "total_of_part"


def _own_outcome_cue_before_part(whole: _Figure, part: _Figure) -> bool:
    """"Of the 20 communities being renovated, 15 have been completed": the set is itself
    under way (an outcome cue of its own, between it and its part), not a plan."""
    return whole.kind == "outcome" and whole.cue_start is not None and \
        whole.mention.end <= whole.cue_start < part.mention.start and whole.cue_start != part.cue_start


_WITH_PHRASE = re.compile(r",\s*with\b", re.IGNORECASE)


def _part_follows_own_verb(article: _Article, whole: _Figure, part: _Figure) -> bool:
    """"265 elevators had been installed in Putuo, with 249 in operation": the cue right after
    the whole is its own verb and the part hangs on it in a "with" phrase (unlike "1,277
    communities have started to renovate 959", where the part is the verb's object)."""
    if whole.cue_start < whole.mention.end or article.text[whole.mention.end:whole.cue_start].strip():
        return False
    return _WITH_PHRASE.search(article.text, whole.cue_start, part.mention.start) is not None


def _leads_sentence_as_whole(article: _Article, rules: LinkRules, figure: _Figure) -> bool:
    """Whether the sentence opens with "Of the" right before ``figure`` (linking.json "leading_whole")."""
    s_start = article.sentences[figure.sentence][0]
    start = figure.mention.start
    return start - s_start < 40 and rules.leading_whole.fullmatch(article.text, s_start, start) is not None
