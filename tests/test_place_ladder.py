"""The place decision as a ladder of small named rules (issue 13, step 4), each tested alone
on plain Python objects (no spaCy Doc is made)."""
from types import SimpleNamespace

import pytest

from renovex.engines.gazetteer import CHINA
from renovex.engines.linking.article import _Article
from renovex.engines.linking.place_rules import (PLACE_LADDER, PlaceContext, _PlaceArticle, article_subject, clause_after,
                                         clause_before, in_place_after, inside_figure, no_place,
                                         qualifier_of_head, sentence_before)
from renovex.engines.linking.rules import LinkRules, Mention


@pytest.fixture(scope="module")
def rules():
    return LinkRules.from_pack()


def place(name, start, level="province"):
    value = SimpleNamespace(name=name, code=name, level=level, province=name, parent=None)
    return Mention(start, start + len(name), "PLACE", value)


def context(rules, text, figure_span, chains, subject=None):
    article = _Article(text, [(0, len(text))], [])
    figure = SimpleNamespace(mention=Mention(*figure_span, "QUANTITY", None), head=None, sentence=0, paragraph=0)
    named = {p.value.code: p.value for chain in chains for p in chain}
    shared = _PlaceArticle(article, rules, [figure], chains, named, subject, None, [], [], [], [figure_span[0]])
    return PlaceContext(shared, figure, (0, len(text)), [], chains)


def test_the_ladder_order():
    assert [rung.__name__ for rung in PLACE_LADDER] == [
        "respectively_second_run", "qualifier_of_head", "list_of_places", "respectively", "inside_figure",
        "in_place_after", "clause_before",
        "clause_after", "national_subject_in_clause", "sentence_before", "sentence_after", "previous_figure", "paragraph_previous",
        "article_subject", "no_place"]


def test_qualifier_of_head(rules):
    c = context(rules, "x", (0, 1), [])
    c.figure.head = SimpleNamespace(place="HEAD")
    assert qualifier_of_head(c) == ("HEAD", "qualifier_of_head", None)


def test_clause_before_and_after(rules):
    text = "Hebei renovated 640 old communities with Shanxi"
    hebei, shanxi = place("Hebei", 0), place("Shanxi", 41)
    c = context(rules, text, (16, 35), [[hebei], [shanxi]])
    assert clause_before(c)[1:] == ("clause_before", (0, 5)) and clause_before(c)[0].name == "Hebei"
    assert clause_after(c)[0].name == "Shanxi" and sentence_before(c)[1] == "sentence_before"


def test_inside_the_figure_and_right_after_it(rules):
    text = "It added 2,100 Shanghai households and 2 in Huimin"
    shanghai, huimin = place("Shanghai", 15), place("Huimin", 44, "county")
    assert inside_figure(context(rules, text, (9, 34), [[shanghai]]))[1] == "inside_figure"
    assert in_place_after(context(rules, text, (39, 40), [[huimin]]))[1] == "in_place_after"
    assert inside_figure(context(rules, text, (39, 40), [[huimin]])) is None


def test_the_article_subject_then_nothing(rules):
    assert article_subject(context(rules, "x", (0, 1), [], subject=CHINA)) == (CHINA, "article_subject", None)
    assert article_subject(context(rules, "x", (0, 1), [])) is None
    assert no_place(context(rules, "x", (0, 1), [])) == (None, "none", None)
