"""The ``renovex_times`` spaCy component: a thin wrapper over ``renovex.engines.timex``."""
from __future__ import annotations

import copy
from datetime import date

import pytest
import spacy

import renovex.pipeline.components.times  # noqa: F401  (registers the factory; entry points may be absent)
from renovex.pipeline.extensions import SPAN_GROUP, entities
from renovex.engines.timex import TimeMatch

TEXT = ("Xinhua | September 14, 2023\n\n"
        "The city renovated 300 estates last year and plans 400 in 2023. "
        "From 2021 to 2025 it will renovate 1,500; as of the end of June, 250 were done. "
        "Over the past two years, 30,000 parking spaces were added.")


@pytest.fixture(scope="module")
def times_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("renovex_times")
    return nlp


def test_spans_carry_value_and_rule(times_nlp) -> None:
    doc = times_nlp(TEXT)
    assert doc._.published == date(2023, 9, 14)
    found = {(s.text, s.label_): s for s in entities(doc)}
    assert set(found) == {
        ("September 14, 2023", "DATE"), ("last year", "PERIOD"), ("2023", "PERIOD"),
        ("From 2021 to 2025", "PERIOD"), ("as of the end of June", "DATE"), ("the past two years", "PERIOD")}
    last_year = found[("last year", "PERIOD")]
    assert isinstance(last_year._.value, TimeMatch)
    assert last_year._.value.period == (2022, 2022)
    assert last_year._.rule == last_year._.value.rule == "relative_year:last_year"
    assert found[("as of the end of June", "DATE")]._.value.as_of == date(2023, 6, 30)
    assert found[("the past two years", "PERIOD")]._.value.period is None


def test_given_publication_date_is_kept(times_nlp) -> None:
    doc = times_nlp.make_doc("This year the city will renovate 90 estates.")
    doc._.published = date(2020, 3, 12)
    doc = times_nlp(doc)
    (span,) = entities(doc, "PERIOD")
    assert (span.text, span._.value.period) == ("This year", (2020, 2020))


def test_no_publication_date_and_no_year_leaves_relative_years_open(times_nlp) -> None:
    doc = times_nlp("This year the city will renovate 90 estates.")
    assert doc._.published is None and doc._.reference_year is None
    assert [s._.value.period for s in entities(doc, "PERIOD")] == [None]


def test_undated_article_takes_the_latest_year_it_names(times_nlp) -> None:
    doc = times_nlp("This year the city will renovate 90 estates; in 2021 it did 80.")
    assert doc._.published is None and doc._.reference_year == 2021
    values = {s.text: s._.value.period for s in entities(doc)}
    assert values == {"This year": (2021, 2021), "2021": (2021, 2021)}


def test_spans_expand_to_tokens(times_nlp) -> None:
    doc = times_nlp("Starts rose in Jan.-Oct.2023 and the 2022's plan, so far.")
    texts = [s.text for s in entities(doc)]
    assert "so far" in texts
    for span in entities(doc):
        value = span._.value
        assert span.start_char <= value.start and value.end <= span.end_char


def test_no_entities_no_error(times_nlp) -> None:
    doc = times_nlp("Residents of the 14th National People's Congress district enjoy 15-minute living circles.")
    assert entities(doc) == []
    empty = times_nlp("")
    assert SPAN_GROUP not in empty.spans or len(empty.spans[SPAN_GROUP]) == 0


def test_round_trip_keeps_rules(tmp_path) -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_times")
    rules = copy.deepcopy(component.rules)
    rules["relative_years"]["the current fiscal year"] = 0
    component.set_rules(rules)
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "renovex_times" / "rules.json").is_file()

    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["renovex_times"]
    assert loaded.get_pipe("renovex_times").rules == rules
    doc = loaded.make_doc("Figures for the current fiscal year and 2019-2023.")
    doc._.published = date(2022, 5, 1)
    doc = loaded(doc)
    assert [(s.text, s._.value.period) for s in entities(doc)] == [
        ("the current fiscal year", (2022, 2022)), ("2019-2023", (2019, 2023))]


def test_add_entities_matches_add_entity() -> None:
    from renovex.pipeline.extensions import add_entities, add_entity, register_extensions

    register_extensions()
    nlp = spacy.blank("en")
    one, many = nlp("In 2021 and 2022 the city renewed 40 estates."), nlp("In 2021 and 2022 the city renewed 40 estates.")
    triples = [((1, 2), "PERIOD", "a", "r1"), ((3, 4), "PERIOD", "b", "r2"), ((7, 9), "QUANTITY", "c", "r3")]
    for (start, end), label, value, rule in triples:
        span = one[start:end]
        span.label_ = label
        span._.value, span._.rule = value, rule
        add_entity(one, span)
    add_entities(many, [(many.char_span(one[s:e].start_char, one[s:e].end_char, label=label), value, rule)
                        for (s, e), label, value, rule in triples])
    add_entities(many, [])
    read = lambda doc: [(s.start, s.end, s.label_, s._.value, s._.rule) for s in doc.spans[SPAN_GROUP]]  # noqa: E731
    assert read(many) == read(one)
