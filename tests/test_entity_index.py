"""entity_values reads a transient index when it matches the span group, else the spans."""
from renovex.api import make_doc
from renovex.pipeline.extensions import SPAN_GROUP, _INDEX_KEY, entities, entity_values

TEXT = "In 2024, Hebei Province plans to renovate about 1,200 old communities, adding 300 elevators."


def run_entity_components(nlp, text: str):
    doc = make_doc(nlp, text)
    for name, component in nlp.pipeline:
        if name != "renovex_records":
            doc = component(doc)
    return doc


def from_spans(doc):
    return [(s.start_char, s.end_char, s.label_, s._.value) for s in entities(doc)]


def test_index_gives_what_the_spans_give(nlp) -> None:
    doc = run_entity_components(nlp, TEXT)
    assert _INDEX_KEY in doc.user_data
    assert entity_values(doc) == from_spans(doc)
    assert {row[2] for row in entity_values(doc)} >= {"PLACE", "PERIOD", "QUANTITY"}


def test_a_group_changed_by_someone_else_is_read_from_the_spans(nlp) -> None:
    doc = run_entity_components(nlp, TEXT)
    doc.spans[SPAN_GROUP] = [s for s in doc.spans[SPAN_GROUP] if s.label_ != "PLACE"]
    rows = entity_values(doc)
    assert rows == from_spans(doc)
    assert "PLACE" not in {row[2] for row in rows}


def test_the_records_component_drops_the_index(nlp) -> None:
    doc = nlp(make_doc(nlp, TEXT))
    assert _INDEX_KEY not in doc.user_data
    assert doc._.records and doc._.records[0].value == 1200


def test_has_label_reads_the_index_or_the_spans(nlp) -> None:
    from renovex.pipeline.extensions import has_label

    doc = run_entity_components(nlp, TEXT)
    assert has_label(doc, "QUANTITY") and has_label(doc, "PLACE") and not has_label(doc, "NO_SUCH_LABEL")
    doc.spans[SPAN_GROUP] = [s for s in doc.spans[SPAN_GROUP] if s.label_ != "QUANTITY"]  # index out of step
    assert not has_label(doc, "QUANTITY") and has_label(doc, "PLACE")


def test_a_doc_without_figures_gets_no_records_and_no_leftovers(nlp) -> None:
    doc = nlp(make_doc(nlp, "In 2024, Hebei Province renewed its pledge to old communities."))
    assert doc._.records == []
    assert _INDEX_KEY not in doc.user_data and ("renovex", "text") not in doc.user_data
