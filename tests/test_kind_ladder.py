"""The kind decision as a ladder of small named rules (issue 13, step 4), each tested alone,
on plain Python objects: no spaCy Doc is made here."""
from types import SimpleNamespace

import pytest

from renovex.engines.linking.article import _Article, _list_lead_ins
from renovex.engines.linking.kinds import (KIND_LADDER, KindContext, default_outcome, gerund_item, imperative_item,
                                   lead_in, nearest_cue, paragraph_previous, qualifier_of_head)
from renovex.engines.linking.rules import KindCue, LinkRules


@pytest.fixture(scope="module")
def rules():
    return LinkRules.from_pack()


def cue(kind="plan", strength="strong", cue_id="plan.test"):
    return KindCue.from_dict({"id": cue_id, "kind": kind, "pattern": "x", "direction": "forward",
                              "strength": strength})


def context(rules, text="", figure=None, nearest=None, last=None, lead_ins=None):
    article = _Article(text, [(0, len(text))], [])
    if lead_ins is not None:
        article.lead_ins = lead_ins
    figure = figure or SimpleNamespace(head=None, paragraph=0)
    return KindContext(article, rules, figure, nearest, last or {}, {})


def test_the_ladder_order():
    assert [rung.__name__ for rung in KIND_LADDER] == [
        "qualifier_of_head", "nearest_cue", "part_of_whole", "paragraph_previous", "imperative_item", "lead_in", "gerund_item",
        "default_outcome"]


def test_qualifier_of_head_takes_the_heads_kind_unless_a_strong_cue_touches_it(rules):
    figure = SimpleNamespace(head=SimpleNamespace(kind="plan"), paragraph=0)
    assert qualifier_of_head(context(rules, figure=figure)) == ("plan", "qualifier_of_head", None)
    assert qualifier_of_head(context(rules, figure=figure, nearest=(0, cue("outcome"), 5, 9))) is None
    assert qualifier_of_head(context(rules, figure=figure, nearest=(0, cue("outcome", "weak"), 5, 9))) is not None
    assert qualifier_of_head(context(rules, figure=figure, nearest=(3, cue("outcome"), 5, 9))) is not None
    assert qualifier_of_head(context(rules)) is None  # no head


def test_nearest_cue_gives_the_cues_kind_id_and_words(rules):
    assert nearest_cue(context(rules, nearest=(4, cue("outcome", cue_id="outcome.done"), 17, 26))) == (
        "outcome", "cue:outcome.done", (17, 26))
    assert nearest_cue(context(rules)) is None


def test_paragraph_previous(rules):
    figure = SimpleNamespace(head=None, paragraph=2)
    assert paragraph_previous(context(rules, figure=figure, last={2: "plan"})) == ("plan", "paragraph_previous", None)
    assert paragraph_previous(context(rules, figure=figure, last={1: "plan"})) is None


def test_imperative_and_gerund_items(rules):
    text = "Tasks\n- Renew 1,200 kilometres of pipes;\n- Raising capital for 67,000 sets;\nIt renewed 40 km."
    item = SimpleNamespace(head=None, paragraph=1)
    gerund = SimpleNamespace(head=None, paragraph=2)
    prose = SimpleNamespace(head=None, paragraph=3)
    assert imperative_item(context(rules, text, item)) == ("plan", "imperative_item", None)
    assert imperative_item(context(rules, text, gerund)) is None
    assert gerund_item(context(rules, text, gerund)) == ("plan", "gerund_item", None)
    assert imperative_item(context(rules, text, prose)) is None and gerund_item(context(rules, text, prose)) is None


def test_lead_in_hands_its_cue_to_the_items(rules):
    text = "This year, the city will:\n- 120 elevators in old buildings;\n- 30 parks."
    article = _Article(text, [(0, 25), (26, 58), (59, len(text))], [])
    lead_ins = _list_lead_ins(article, rules)
    assert lead_ins == {1: 0, 2: 0}
    kind, rule, _ = lead_in(context(rules, text, SimpleNamespace(head=None, paragraph=2), lead_ins=lead_ins))
    assert kind == "plan" and rule.startswith("lead_in:plan.")
    assert lead_in(context(rules, text, SimpleNamespace(head=None, paragraph=0), lead_ins=lead_ins)) is None


def test_default_outcome_always_decides(rules):
    assert default_outcome(context(rules)) == ("outcome", "default_outcome", None)
