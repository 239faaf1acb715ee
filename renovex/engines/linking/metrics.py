"""The metric of each figure and its head: bare numbers and parts borrow the metric of
the figure they refer to; figures about another subject are dropped; qualifiers find their head.
"""
from __future__ import annotations

import re

from .article import OF_WHOLE, _Article, _Figure, _cut_off_end
from .rules import LinkRules


_WORTH_OF = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s*,?\s*(?:worth|valued at|costing|at a (?:total )?cost of|with (?:an? |a total |total )?"
                       r"(?:investment|value|cost) of)\s+(?:about |around |nearly |more than |over |some |almost )?",
                       re.IGNORECASE)


def _records_only(article: _Article, figures: list[_Figure], rules: LinkRules) -> list[_Figure]:
    """The figures that can be records: with a metric, not about another subject, and not the
    worth of a figure that is not a record ("135 infrastructure projects worth 421 billion yuan")."""
    kept = []
    dropped_before: _Figure | None = None  # the figure just before, when it was dropped
    cut_at = _cut_off_end(article.text)
    for figure in figures:
        reason = ("no_metric" if not figure.metric else "other_subject" if _off_subject(article, figure, rules)
                  else "after_page_end" if figure.mention.end >= cut_at
                  else "below_min_value" if figure.mention.value.value < rules.min_record_value.get(
                      figure.metric, float("-inf")) else None)
        if reason is not None:
            article.dropped.append((figure.mention, reason))
            dropped_before = figure
            continue
        if dropped_before is not None and dropped_before.sentence == figure.sentence and (
                (worth := _WORTH_OF.fullmatch(article.text, dropped_before.mention.end, figure.mention.start))
                or dropped_before.metric and rules.coordinated_figures_gap.fullmatch(
                    article.text, dropped_before.mention.end, figure.mention.start)):
            # "135 infrastructure projects worth 421 billion yuan"; "jurisdiction over two
            # counties and five districts": the worth, or a coordinated peer, of what is not a record
            article.dropped.append((figure.mention, "worth_of_dropped" if worth else "peer_of_dropped"))
            dropped_before = figure
            continue
        kept.append(figure)
        dropped_before = None
    return kept


def _decide_metrics(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """Metric from the unit noun; a bare number borrows the metric of the figure it refers to."""
    place_ends: set[int] | None = None
    for index, figure in enumerate(figures):
        q = figure.mention.value
        if q.metric:
            figure.metric = q.metric
            figure.rules["metric"] = f"unit:{q.unit_text or q.unit}"
            continue
        if q.unit != "count":
            continue
        if q.unit_text is not None:
            _partitive_noun(article, figures, index)
            continue
        before = article.text[max(0, q.number_start - 40):q.start]
        after = article.text[q.end:q.end + 20]
        how = "bare"
        if not (rules.bare_before.search(before) or rules.bare_after.search(after)):
            # "Liaoning will renovate 2,400 communities, Heilongjiang 2,050 and Jilin 1,700":
            # a number right after a place, the verb and noun left out, counts what the
            # sentence's figure before it counts
            if place_ends is None:
                place_ends = {m.end for m in article.mentions if m.label == "PLACE"}
            gap = len(before) - len(before.rstrip())
            if not gap or q.start != q.number_start or q.start - gap not in place_ends:
                continue
            how = "gapped"
        antecedent = _antecedent(article, rules, figures, index)
        parts_lead = how == "gapped" and _PARTS_LEAD.match(article.text, article.sentences[figure.sentence][0], q.start)
        if parts_lead and (antecedent is None or antecedent.sentence != figure.sentence):
            # "Among them, Honghuagang District 78": the whole is the first count (the head, not
            # its qualifiers) of the last of the few sentences before that has one (a sentence
            # about funds may stand between)
            counts = [f for f in figures[max(0, index - 12):index]
                      if figure.sentence - 3 <= f.sentence < figure.sentence and f.metric
                      and f.mention.value.unit == "count" and f.metric not in rules.rate_metrics]
            antecedent = next((f for f in counts if f.sentence == counts[-1].sentence), None) if counts else None
        if antecedent is not None and how == "gapped" and (
                antecedent.sentence != figure.sentence or antecedent.mention.start > q.start) and not parts_lead:
            continue  # (a sentence that opens "Among them, ..." lists parts of a whole before it)
        if antecedent is not None:
            figure.metric = antecedent.metric
            figure.antecedent = antecedent
            figure.rules["metric"] = f"{how}:refers_to:{antecedent.mention.value.value:g}"


_PARTITIVE_NOUN = re.compile(r"\s+of\s+(?:the|these|those)\s+$", re.IGNORECASE)


def _partitive_noun(article: _Article, figures: list[_Figure], index: int) -> None:
    """"So far, 16 of the areas have been completed": a part of a set named before by a
    longer phrase ("27 old residential areas") counts what that phrase counts."""
    figure = figures[index]
    q = figure.mention.value
    noun = q.unit_text.lower()
    if " " in noun or not _PARTITIVE_NOUN.match(article.text[q.number_end:q.end - len(q.unit_text)]):
        return
    for other in reversed(figures[max(0, index - 12):index]):
        text = other.mention.value.unit_text
        if other.metric and text and text.lower().rsplit(None, 1)[-1] == noun:
            figure.metric, figure.antecedent = other.metric, other
            figure.rules["metric"] = f"partitive:refers_to:{other.mention.value.value:g}"
            return


def _is_comparison(article: _Article, rules: LinkRules, figure: _Figure) -> bool:
    """"40,300 communities, exceeding the annual target of 39,000": a figure set beside
    another to compare with it; it is neither what a qualifier nor a bare number refers to."""
    start = figure.mention.start
    return bool(rules.comparison_before.search(article.text, max(0, start - 60), start, article.folded))


def _is_far_qualifier(article: _Article, rules: LinkRules, figures: list[_Figure], index: int,
                      target: _Figure) -> bool:
    """Whether ``figures[index]`` qualifies the figure before it ("..., benefiting 21,500
    households") and lies beyond a clause or sentence break from ``target``: "Heilongjiang
    completed 2,112" after "... 2,616 communities, benefiting 464,000 households, while"
    refers back to the communities, not to the households that qualify them."""
    candidate = figures[index]
    previous = figures[index - 1] if index else None
    if previous is None or previous.sentence != candidate.sentence or not previous.metric \
            or previous.metric == candidate.metric:
        return False
    gap = article.text[previous.mention.end:candidate.mention.start]
    if qualifier_gap(gap, rules) is None:
        # the next item of a qualifier's list ("involving 3,190 buildings and 62,400 households")
        # is a qualifier too
        if not (_NEXT_IN_LIST.fullmatch(gap) and _is_far_qualifier(article, rules, figures, index - 1, target)):
            return False
    return candidate.sentence != target.sentence or bool(
        rules.terminators.search(article.text, candidate.mention.end, target.mention.start)
        # ", and " right before a bare number opens a clause coordinated with the main one:
        # "started 1,342 communities, benefiting 97,500 households, and 1,106 of them have been completed"
        or rules.coordinate_clause_gap.fullmatch(article.text, candidate.mention.end, target.mention.start))


def _antecedent(article: _Article, rules: LinkRules, figures: list[_Figure], index: int) -> _Figure | None:
    """The figure a bare number refers to: the nearest one with a metric before it in the
    sentence, else after it in the sentence, else before it in the paragraph. Figures set
    beside another for comparison, and qualifiers beyond a clause break, are passed over
    when another candidate is left."""
    figure = figures[index]
    # the nearby figures only (a bare number refers to one within a few figures of it), so
    # that an article of one long paragraph does not make this quadratic
    lo = max(0, index - 12)
    candidates = [(i, f) for i, f in enumerate(figures[lo:index + 12], lo) if f is not figure and f.metric
                  and (f.sentence == figure.sentence or (f.paragraph == figure.paragraph and i < index))]
    if len(candidates) > 1:
        kept = [(i, f) for i, f in candidates if not _is_comparison(article, rules, f)
                and not (i < index and _is_far_qualifier(article, rules, figures, i, figure))]
        if kept:
            skipped = {id(f) for _, f in candidates} - {id(f) for _, f in kept}
            if skipped:
                figures = [f for f in figures if id(f) not in skipped]
                index = figures.index(figure)
    # a percentage is never what a bare count refers to ("71.3 percent of the target of 3,010")
    rates = rules.rate_metrics
    same_sentence = [f for f in figures if f.sentence == figure.sentence and f is not figure and f.metric
                     and f.metric not in rates]
    before = [f for f in same_sentence if f.mention.start < figure.mention.start]
    if before:
        return before[-1]
    after = [f for f in same_sentence if f.mention.start > figure.mention.start]
    if after:
        return after[0]
    earlier = [f for f in figures[:index] if f.paragraph == figure.paragraph and f.metric and f.metric not in rates]
    if earlier:
        return earlier[-1]
    # "... 1,528 planned for this year.\n\nOf these, 356 had been completed": the sentence
    # before, across a paragraph break; only a count, which is what a bare number is
    previous = [f for f in figures[max(0, index - 8):index] if f.sentence == figure.sentence - 1
                and f.metric and f.mention.value.unit == "count"]
    # not a qualifier of another ("240,000 communities ..., benefiting more than 40 million
    # households. ... the number is expected to exceed 250,000" counts the communities)
    heads = [f for i, f in enumerate(previous)
             if not (i and f.metric != previous[i - 1].metric and qualifier_gap(
                 article.text[previous[i - 1].mention.end:f.mention.start], rules) is not None)]
    return (heads or previous)[-1] if previous else None


def _off_subject(article: _Article, figure: _Figure, rules: LinkRules) -> bool:
    """Figures that are not records although they have a metric: one in a clause about
    another subject ("GDP reached ...", "a survey of 1,200 residents"), a description of a
    place ("a city of 3.9 million people"), a rate per unit ("150,000 yuan per elevator"),
    a percentage that is not a rate of progress ("grew 2.5 percent year on year")."""
    m = figure.mention
    text = article.text
    if rules.per_unit_after.match(text, m.end, m.end + 40):
        return True
    start, end = _reach(article, rules, figure)
    regex, lowered = rules.not_record_before.on(article)
    if regex.search(lowered, max(start, m.start - 60), m.start):
        return True  # "a municipality of 32 million people", "a population of 1.1 million"
    regex, lowered = rules.not_progress_before.on(article)
    rate = figure.metric in rules.rate_metrics
    if rate and (regex.search(lowered, max(start, m.start - 30), m.start)
                                       or rules.not_progress_after.match(text, m.end, min(end, m.end + 60))):
        return True
    if rate and rules.progress_rate_words is not None \
            and not rules.progress_rate_words.search(text, start, end):
        return True  # "75% of household waste was treated", "30% of the costs": a rate, not of the programme's progress
    cues = article.off_topic_in_sentence(figure.sentence, rules)
    return any(start <= cue < end for cue in cues)


_NEXT_IN_LIST = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:an?|the)\s+)?(?:[a-z-]+\s+){0,3}?(?:of\s+)?",
                           re.IGNORECASE)
_PARTS_LEAD = re.compile(r"\s*(?:among|of)\s+(?:them|these|those|which|this|the total)\b", re.IGNORECASE)


def qualifier_gap(gap: str, rules: LinkRules) -> str | None:
    """How the text between a figure and the next one makes the next a qualifier of the
    first: ``"near"`` (a qualifier cue within ``qualifier_window`` characters: "..., benefiting
    21,500 households"), ``"clause"`` (farther, up to ``qualifier_clause_window``, when the
    gap ends in a participle clause of its own after a comma: "44 areas in Chaoyang have been
    included in the city's list, involving 612 buildings"), or None."""
    if rules.terminators.search(gap):
        return None
    if len(gap) <= rules.settings["qualifier_window"]:
        return "near" if rules.qualifier.search(gap) else None
    comma = gap.rfind(",")
    if comma < 0 or len(gap) > rules.settings.get("qualifier_clause_window", 0):
        return None
    return "clause" if rules.qualifier.fullmatch(gap[comma:].strip(" ,")) else None


def _decide_heads(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """A qualifier ("..., benefiting 203,900 households") hangs on the figure before it."""
    group = 0
    for index, figure in enumerate(figures):
        previous = figures[index - 1] if index else None
        if previous is None or previous.sentence != figure.sentence:
            continue
        gap = article.text[previous.mention.end:figure.mention.start]
        if figure.metric == previous.metric:
            continue  # "followed by Tianshui with 236": a figure of the same metric is a peer
        if previous.head is not None and figure.rules.get("metric", "").startswith("unit:") \
                and _NEXT_IN_LIST.fullmatch(gap) and not rules.find_cues(gap):
            # "involving 612 buildings, a construction area of 1.86 million square meters and
            # 23,500 households": the next items of a qualifier's list qualify the same head
            figure.head, figure.group = previous.head, previous.group
            continue
        reach = qualifier_gap(gap, rules)
        if reach is None:
            continue
        if reach == "clause" and index > 1 and OF_WHOLE.fullmatch(
                article.text, figures[index - 2].mention.end, previous.mention.start):
            continue  # "4,512 of the 5,036 communities that ... plans to renovate, accounting for 89.6 percent"
        if reach == "near" and any(cue.strength == "strong" for _, _, cue in rules.find_cues(gap)):
            # "with a planned investment of": the qualifier states its own kind
            if not rules.qualifier.fullmatch(gap.strip(" ,")):
                continue
        compared = figures[index - 2] if index > 1 else None
        if (compared is not None and compared.sentence == figure.sentence and compared.metric == previous.metric
                and _is_comparison(article, rules, previous)
                and not rules.terminators.search(article.text, compared.mention.end, previous.mention.start)):
            # "40,300 communities, exceeding the annual target of 39,000, benefiting 7.36 million
            # households": the households are those of the figure, not of the target
            previous = compared
        head = previous.head or previous
        figure.head = head
        if head.group is None:
            group += 1
            head.group = group
        figure.group = head.group


def _reach(article: _Article, rules: LinkRules, figure: _Figure) -> tuple[int, int]:
    """The clause around a figure: its sentence cut at terminators (asked for by several rules)."""
    if figure.reach is not None:
        return figure.reach
    start, end = article.sentences[figure.sentence]
    for t_start, t_end in article.terminators_in_sentence(figure.sentence, rules):
        if t_end <= figure.mention.start:
            start = t_end
        elif t_start >= figure.mention.end:
            end = t_start
            break
    figure.reach = (start, end)
    return start, end
