"""Relation linking: entities of one article -> plan and outcome records.

Pure Python (no spaCy): the ``renovex_records`` component turns a Doc into the
``Mention`` and ``Sentence`` views below and calls :func:`link`. Every decision is
made by a named rule, kept in ``Record.rules``.

Decisions, per quantity that has a metric of the spec:
- metric: the quantity's unit noun; a bare number ("completed 1,481,") borrows the
  metric of the figure it refers to in the same sentence or paragraph.
- kind: a qualifier ("benefiting 203,900 households") takes its head's kind; else the
  nearest ConText cue in reach (forward cues before the figure, backward cues after,
  no terminator between; weak cues lose to strong ones); else the paragraph's last kind;
  else, in a list item, the cue of the list's lead-in line ("the city will:").
- location: the nearest place chain before the figure in its sentence, else after it,
  else the paragraph's last place, else the article's subject (its first place).
- period: the nearest period expression in the sentence, else the paragraph's frame,
  else the article's last frame (unless the sentence is a cumulative "to date" figure); a
  list item falls back on its lead-in's frame, then on the frame before the list. A time
  of a compared figure ("up from 268 last year") dates that figure only.
"""
from __future__ import annotations

from typing import Iterable

from ...core.records import Record
from .article import _Article, _figures, _list_lead_ins, _outside_furniture
from .kinds import _decide_kinds
from .metrics import _decide_heads, _decide_metrics, _records_only
from .output import _one_per_fact, _to_record
from .period_rules import _past_periods_are_outcomes
from .period_ladder import _decide_periods
from .place_rules import _decide_places
from .rules import DIRECTIONS, KINDS, STRENGTHS, KindCue, LinkRules, Mention

__all__ = ["DIRECTIONS", "DROP_REASONS", "KINDS", "STRENGTHS", "KindCue", "LinkRules", "Mention", "link",
           "rule_explanation", "rule_family", "rule_glossary"]


def link(text: str, sentences: list[tuple[int, int]], mentions: Iterable[Mention], rules: LinkRules,
         doc_id: str | None = None, term_ids_by_sentence: dict[int, list[str]] | None = None,
         reference_year: int | None = None, dropped: list[dict] | None = None) -> list[Record]:
    """Link the mentions of one article into records (see the module docstring).

    ``reference_year`` is the article's current year (from its publication date), used to
    close open periods ("since 2019") and to tell past periods from future ones. With a
    ``dropped`` list, each quantity that is not a record is appended to it as
    ``{"start", "end", "text", "reason"}`` (the reasons: docs/rules.md, "why not")."""
    mentions = list(mentions)
    usable = _outside_furniture(text, mentions, rules)
    article = _Article(text, sentences, usable, reference_year)
    if dropped is not None and len(usable) < len(mentions):
        kept = set(map(id, usable))
        article.dropped += [(m, "furniture") for m in mentions if m.label == "QUANTITY" and id(m) not in kept]
    if rules.topic_re is not None and len(sentences) >= rules.topic_min_sentences:
        regex, searched = rules.topic_re.on(article)
        if regex.search(searched, 0, len(searched)) is None:
            # a page about something else (a shorter text was chosen by its user)
            article.dropped += [(m, "off_topic_page") for m in article.mentions if m.label == "QUANTITY"]
            _report(article, dropped)
            return []
    article.lead_ins = _list_lead_ins(article, rules)
    figures = _figures(article)
    _decide_metrics(article, figures, rules)
    figures = _records_only(article, figures, rules)
    _decide_heads(article, figures, rules)
    _decide_kinds(article, figures, rules)
    _decide_places(article, figures, rules)
    _decide_periods(article, figures, rules)
    _past_periods_are_outcomes(article, figures, rules)
    figures = _one_per_fact(article, figures)
    _report(article, dropped)
    return [_to_record(article, f, doc_id, term_ids_by_sentence or {}) for f in figures]


DROP_REASONS = {
    "furniture": "in page furniture (a menu, a caption, a related-news list): never a record",
    "off_topic_page": "the page is not about the pack's topic (none of its topic words)",
    "no_metric": "the number counts nothing the pack measures, and refers to no figure that does",
    "other_subject": "about another subject in its clause (GDP, a survey, lending, a ranking)",
    "after_page_end": "after the article's end (a related-articles list, a cut-off page)",
    "below_min_value": "below the smallest value the pack takes for its metric",
    "worth_of_dropped": "the worth of a figure that is not a record (\"135 projects worth 421 billion yuan\")",
    "peer_of_dropped": "coordinated with a figure that is not a record (\"two counties and five districts\")",
    "repeat": "the same fact stated elsewhere in the article (a headline repeating the body, a later repeat): one record for it",
    "headline_rounding": "a headline rounding a figure of the body",
}
"""Why a quantity is not a record: reason -> explanation (also in docs/rules.md)."""


def _report(article: _Article, dropped: list[dict] | None) -> None:
    if dropped is not None:
        dropped += [{"start": m.start, "end": m.end, "text": article.text[m.start:m.end], "reason": reason}
                    for m, reason in sorted(article.dropped, key=lambda pair: pair[0].start)]


def rule_family(rule_id: str) -> str:
    """The family of a rule id: ``cue`` of ``cue:plan.will``, ``clause`` of ``clause:year->frame``."""
    return rule_id.split(":")[0].split("+")[0].split("->")[0]


def rule_glossary() -> list[tuple[str, str, str]]:
    """Every rule family a record's ``rules`` can name, as ``(field, family, explanation)``, in
    ladder order (what a review page lists; docs/rules.md says more)."""
    from .kinds import KIND_LADDER
    from .period_ladder import PERIOD_LADDER
    from .place_rules import PLACE_LADDER

    entries = [("metric", family, rule_explanation("metric", family)) for family in ("unit", "bare", "gapped", "partitive")]
    families = {"kind": ["cue", "lead_in"] + [rung.__name__ for rung in KIND_LADDER],
                "location": [rung.__name__ for rung in PLACE_LADDER],
                "period": [rung.__name__ for rung in PERIOD_LADDER]}
    for field, names in families.items():
        entries += [(field, name, rule_explanation(field, name)) for name in dict.fromkeys(names)]
    return [entry for entry in entries if entry[2]]


def rule_explanation(field: str, rule_id: str) -> str:
    """One line saying what a rule id of ``record.rules[field]`` means (the full glossary is
    docs/rules.md): the docstring of the ladder rung of that name, or a line of its family."""
    from .kinds import KIND_LADDER
    from .period_ladder import PERIOD_LADDER
    from .place_rules import PLACE_LADDER

    ladders = {"kind": KIND_LADDER, "location": PLACE_LADDER, "period": PERIOD_LADDER}
    family = rule_family(rule_id)
    if field == "kind" and family == "cue":
        return "the nearest plan or outcome cue in reach (its id in the pack's kind_cues.jsonl)"
    if field == "kind" and family == "lead_in":
        return "a list item takes the cue of the line that leads the list"
    if field == "metric":
        return {"unit": "the figure's own unit or counted noun",
                "bare": "a bare number takes the metric of the figure it refers to",
                "gapped": "a number whose noun comes after a gap takes the metric of the next figure",
                "partitive": "a part takes the metric of the set it is taken from"}.get(family, "")
    for rung in ladders.get(field, ()):
        if rung.__name__ == family or (field == "location" and family == "none" and rung.__name__ == "no_place") \
                or (field == "period" and family == "none" and rung.__name__ == "no_period"):
            return " ".join((rung.__doc__ or "").split())
    return ""
