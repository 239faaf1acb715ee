"""Every (surface form -> code, output name, province) pair of ``tests/data/place_pairs.tsv``
resolves as listed in its sentence (sentences written for this table; issue 12).

The table covers every provincial-level unit and its aliases, every county-level unit of the five
autonomous regions by its output name, the conventional names and old spellings pages use, new
areas, and collisions (``code`` = ``none``: the surface form names no place there)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy

from renovex.pipeline.components.places import make_places  # noqa: F401  (registers the factory)
from renovex.pipeline.extensions import entities

PAIRS = Path(__file__).resolve().parent / "data" / "place_pairs.tsv"


def read_pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("renovex_places")
    return nlp


def test_the_table_is_large_and_covers_every_province() -> None:
    pairs = read_pairs()
    assert len(pairs) >= 400
    provinces = {p["province"] for p in pairs if p["kind"] == "province"}
    assert len(provinces) == 34
    regions = {p["province"] for p in pairs if p["kind"] == "autonomous region county"}
    assert regions == {"Inner Mongolia", "Guangxi", "Tibet", "Ningxia", "Xinjiang"}


@pytest.mark.parametrize("pair", read_pairs(), ids=lambda p: f"{p['surface']}-{p['code']}")
def test_each_surface_form_resolves_as_listed(nlp, pair: dict[str, str]) -> None:
    spans = entities(nlp(pair["sentence"]), "PLACE")
    if pair["code"] == "none":
        assert all(pair["surface"] not in s.text and s.text not in pair["surface"] for s in spans), \
            [(s.text, s._.value.name) for s in spans]
        return
    hits = [s for s in spans if s.text == pair["surface"]]
    assert len(hits) == 1, [(s.text, s._.value.name) for s in spans]
    place = hits[0]._.value
    assert (place.code, place.name, place.province) == (pair["code"], pair["name"], pair["province"])
