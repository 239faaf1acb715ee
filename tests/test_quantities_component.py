"""The ``renovex_quantities`` spaCy component: spans, extension values, save and load."""
from __future__ import annotations

import pytest
import spacy

import renovex.pipeline.components.quantities  # noqa: F401  (registers the factory; entry points may be absent)
from renovex.pipeline.extensions import entities
from renovex.engines.quantities import QuantityMatch

TEXT = (
    "Xinjiang will renovate 1,273 old communities in 2022, benefiting more than 203,900 households.\n\n"
    "Investment came to nearly 2.4 billion yuan (about 330 million U.S. dollars), and the start rate is 91.8%.\n\n"
    "Hotline: 400-828-1019"
)


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("renovex_quantities")
    return pipeline


def _quantities(doc):
    return [(span.text, span._.value.metric, span._.value.value) for span in entities(doc, "QUANTITY")]


def test_component_adds_quantity_spans(nlp):
    doc = nlp(TEXT)
    assert _quantities(doc) == [
        ("1,273 old communities", "communities", 1273),
        ("more than 203,900 households", "households", 203900),
        ("nearly 2.4 billion yuan", "funds_cny", 2.4e9),
        ("about 330 million U.S. dollars", None, 3.3e8),
        ("91.8%", "percent", 91.8),
    ]


def test_span_extensions(nlp):
    doc = nlp("The city added 5,426 new parking spaces.")
    (span,) = entities(doc, "QUANTITY")
    assert span.label_ == "QUANTITY"
    assert isinstance(span._.value, QuantityMatch)
    assert span._.rule == span._.value.rule == "digits|noun:spaces"
    assert (span._.value.unit_text, span._.value.approx) == ("new parking spaces", None)


def test_span_expands_to_token_boundaries(nlp):
    # "5km" is one token: the character span of the number alone is widened to it
    doc = nlp("Crews renewed 5km of gas pipes.")
    (span,) = entities(doc, "QUANTITY")
    assert span.text == "5km of gas pipes"
    assert span._.value.metric == "pipelines_km"


def test_empty_doc(nlp):
    assert entities(nlp(""), "QUANTITY") == []


def test_rules_are_the_pack_files(nlp):
    component = nlp.get_pipe("renovex_quantities")
    assert set(component.rules) == {"metrics", "words"}
    assert "communities" in component.rules["metrics"]["metrics"]
    assert component.rules["words"]["approximations"]["more than"] == "more_than"


def test_unknown_rule_key_is_rejected():
    pipeline = spacy.blank("en")
    component = pipeline.add_pipe("renovex_quantities")
    with pytest.raises(ValueError, match="allowed"):
        component.set_rules({**component.rules, "colours": {}})


def test_to_disk_and_spacy_load_round_trip(tmp_path):
    pipeline = spacy.blank("en")
    component = pipeline.add_pipe("renovex_quantities")
    # a rule changed at run time must come back after saving
    metrics = dict(component.rules["metrics"])
    metrics["metrics"] = {**metrics["metrics"], "trees": {"heads": ["saplings"]}}
    component.set_rules({**component.rules, "metrics": metrics})
    pipeline.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "renovex_quantities" / "rules.json").exists()

    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("Volunteers planted 1,200 saplings and renewed 300 old communities.")
    assert _quantities(doc) == [("1,200 saplings", "trees", 1200), ("300 old communities", "communities", 300)]
