"""The period decision as a ladder of small named rules (issue 13, step 4): the order, and
rungs tried alone on articles built from plain Python mentions (no spaCy Doc)."""
from types import SimpleNamespace

import pytest

from renovex.engines.linking.article import _Article, _Figure
from renovex.engines.linking.period_ladder import (PERIOD_LADDER, PeriodContext, _shared, clause, comparison,
                                           cumulative_to_date, no_period, paragraph, sentence)
from renovex.engines.linking.rules import LinkRules, Mention


@pytest.fixture(scope="module")
def rules():
    return LinkRules.from_pack()


def year(start, text, y):
    value = SimpleNamespace(type="year", period=(y, y), rule="year", relative=False)
    return Mention(start, start + len(text), "PERIOD", value)


def quantity(start, text):
    value = SimpleNamespace(value=1.0, value_max=None, number_end=start + len(text.split()[0]), metric="x",
                            unit="count", rule="digits")
    return Mention(start, start + len(text), "QUANTITY", value)


def setup(rules, text, sentences, mentions, figure_at):
    article = _Article(text, sentences, mentions)
    figures = [_Figure(m, article.sentence_of(m.start), article.paragraph_of(m.start), metric="x", kind="plan")
               for m in article.mentions if m.label == "QUANTITY"]
    shared = _shared(article, figures, rules)
    figure = next(f for f in figures if f.mention.start == figure_at)
    shared.done.append(figure)
    return PeriodContext(shared, figure)


def test_the_ladder_order():
    assert [rung.__name__ for rung in PERIOD_LADDER] == [
        "comparison", "next_years_of_sentence", "level_deadline", "own_clause_time", "clause", "sentence",
        "cumulative_in_frame", "paragraph", "deadline", "list_lead_in", "cumulative_since",
        "cumulative_to_date", "stock", "as_of_year", "future_frame_not_for_outcome", "history_not_a_frame",
        "month_not_an_article_frame", "article", "as_of_only", "no_period"]


def test_the_clause_frame_before_the_sentence_one(rules):
    text = "In 2022, it built 10 roads. It will build 20 roads in 2024."
    mentions = [year(3, "2022", 2022), quantity(18, "10 roads"), quantity(42, "20 roads"), year(54, "2024", 2024)]
    c = setup(rules, text, [(0, 27), (28, len(text))], mentions, 42)
    chosen, how, _ = clause(c)
    assert (chosen.value.period, how) == ((2024, 2024), "clause")
    assert comparison(c) is None


def test_a_later_sentence_takes_the_paragraphs_frame(rules):
    text = "In 2022, the county set to work. It built 10 roads."
    mentions = [year(3, "2022", 2022), quantity(42, "10 roads")]
    c = setup(rules, text, [(0, 32), (33, len(text))], mentions, 42)
    assert clause(c) is None and sentence(c) is None
    chosen, how, _ = paragraph(c)
    assert (chosen.value.period, how) == ((2022, 2022), "paragraph")


def test_a_figure_with_no_time_and_no_frame(rules):
    text = "It built 10 roads."
    c = setup(rules, text, [(0, len(text))], [quantity(9, "10 roads")], 9)
    assert all(rung(c) is None for rung in PERIOD_LADDER[:-1]) and no_period(c) == (None, "none", None)
    assert cumulative_to_date(c) is None


def test_as_of_only_period_is_pack_data_per_metric_role(rules):
    from renovex.engines.linking.period_ladder import as_of_only

    text = "As of the end of June, 92 percent of villages had tap water."
    cut = SimpleNamespace(type="as_of", period=None, rule="end_of_month", relative=True,
                          as_of=__import__("datetime").date(2023, 6, 30))
    mentions = [Mention(0, 21, "DATE", cut), quantity(23, "92 percent")]
    c = setup(rules, text, [(0, len(text))], mentions, 23)
    c.figure.kind, c.figure.metric = "outcome", "percent"
    c.shared.cut_offs.of = lambda figure, *own: cut.as_of  # the cut-off the as_of index would find
    assert as_of_only(c) is None  # the bundled pack: no setting, no period
    for how, period in (("deadline", (None, 2023)), ("year", (2023, 2023))):
        rules.settings["as_of_only_period"] = {"rate": how}
        try:
            assert as_of_only(c) == (None, f"as_of_only:{how}", period)
        finally:
            del rules.settings["as_of_only_period"]
