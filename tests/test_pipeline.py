"""The pipeline as a spaCy object: factories, entry points, saving and loading, bundled data."""
from importlib import resources
from importlib.metadata import entry_points

import spacy

import renovex
from renovex.api import PIPELINE
from renovex.pipeline.extensions import entities

TEXT = ("Ningxia to renovate 310 old communities\n\nYINCHUAN, May 4 -- In 2023, Ningxia Hui Autonomous Region "
        "plans to renovate 310 old communities, benefiting 42,000 households, and install 260 elevators.")


def test_pipeline_is_rules_on_a_blank_english_model(nlp):
    assert nlp.pipe_names == list(PIPELINE)
    assert nlp.lang == "en" and not nlp.meta.get("vectors", {}).get("width")


def test_every_factory_is_an_entry_point():
    declared = {ep.name for ep in entry_points(group="spacy_factories")}
    assert set(PIPELINE) <= declared
    for ep in entry_points(group="spacy_factories"):
        if ep.name.startswith("renovex_"):
            assert callable(ep.load())


def test_saved_pipeline_loads_with_spacy_load_and_gives_the_same_records(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    for name in PIPELINE[1:]:
        assert (tmp_path / "model" / name / "rules.json").is_file()
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    before = [r.to_dict() for r in renovex.extract(TEXT, published="2023-05-04", nlp=nlp)]
    after = [r.to_dict() for r in renovex.extract(TEXT, published="2023-05-04", nlp=loaded)]
    assert before and before == after


def test_entities_carry_values_and_rules(nlp):
    doc = nlp(TEXT)
    labels = {s.label_ for s in entities(doc)}
    assert {"PLACE", "PERIOD", "QUANTITY", "POLICY_TERM"} <= labels
    for span in entities(doc):
        assert span._.value is not None and span._.rule


def test_bundled_rule_files_ship_in_the_package():
    root = resources.files("renovex")
    for name in ("places.tsv", "place_words.json", "time_words.json", "sentences.json"):
        assert root.joinpath("data").joinpath(name).is_file(), name
    pack = root.joinpath("packs").joinpath("renovation")
    for name in ("metrics.json", "quantity_words.json", "kind_cues.jsonl", "linking.json", "policy_terms.jsonl"):
        assert pack.joinpath(name).is_file(), name


def test_load_is_cached():
    assert renovex.load() is renovex.load()


def test_version_is_the_package_version():
    assert renovex.__version__ and renovex.__version__ != "0+unknown"
