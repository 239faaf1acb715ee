"""spaCy conventions (issue 14): the pipeline says what it is, entities reach the tools that
read doc.ents, and the package ships its type information."""
import typing
from importlib import resources

import spacy
from spacy import displacy

import renovex
from renovex.api import build
from renovex.core.records import Record

TEXT = "In 2022, Xinjiang plans to start the renovation of 1,273 old communities."


def test_the_pipeline_meta_names_renovex_and_its_version(tmp_path):
    nlp = renovex.load()
    assert (nlp.meta["name"], nlp.meta["version"]) == ("renovex", renovex.__version__)
    assert "renovation" in nlp.meta["description"]
    nlp.to_disk(tmp_path / "pipeline")
    assert spacy.load(tmp_path / "pipeline").meta["name"] == "renovex"


def test_renovex_ents_fills_doc_ents_for_displacy():
    nlp = build()
    nlp.add_pipe("renovex_ents")
    doc = nlp(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("2022", "PERIOD"), ("Xinjiang", "PLACE"), ("1,273 old communities", "QUANTITY")]
    html = displacy.render(doc, style="ent")
    assert "Xinjiang" in html and "PLACE" in html
    assert [r.value for r in doc._.records] == [1273]  # the records are untouched


def test_overlapping_entities_keep_the_longest_in_doc_ents():
    nlp = build()
    nlp.add_pipe("renovex_ents", config={"labels": ["QUANTITY", "POLICY_TERM"]})
    doc = nlp(TEXT)  # the term "old communities" lies inside the quantity
    assert [e.label_ for e in doc.ents] == ["QUANTITY"]


def test_the_default_pipeline_shows_every_entity_with_the_span_style():
    doc = renovex.load()(TEXT)
    assert doc.ents == ()  # not filled by default: see renovex_ents
    html = displacy.render(doc, style="span", options={"spans_key": "renovex"})
    assert "Xinjiang" in html and "POLICY_TERM" in html


def test_the_package_ships_its_types():
    assert resources.files("renovex").joinpath("py.typed").is_file()
    hints = typing.get_type_hints(Record)
    assert hints["kind"] == typing.Literal["plan", "outcome"]
    assert typing.get_args(hints["approx"])[0] == typing.Literal[
        "more_than", "at_least", "about", "nearly", "up_to", "less_than"]
