"""``renovex_terms`` tries a term's regex only where its first two tokens can stand:
the second-token tables must never hide a match."""
from __future__ import annotations

import pytest
import spacy

from renovex.pipeline.components.terms import LABEL, TermsComponent, _bounds, _second_chars
from renovex.pipeline.extensions import entities

INF = float("inf")
A, B, C = frozenset("a"), frozenset("b"), frozenset("c")


@pytest.mark.parametrize("units, expected", [
    ([(A, 1, 1), (B, 1, 1)], B),
    ([(A, 1, 1)], None),  # a one-token match: any token may follow
    ([(A, 1, 1), (B, 0, 1)], None),
    ([(A, 1, 1), (B, 0, 1), (C, 1, 1)], B | C),
    ([(A, 0, INF), (B, 1, 1), (C, 1, 1)], A | B | C),
    ([(A, 2, 2)], A),
    ([(A, 1, 1), (None, 1, 1)], None),  # a negated test takes any token
])
def test_second_chars(units, expected):
    assert _second_chars(units) == expected


@pytest.mark.parametrize("op, bounds", [
    (None, (1, 1)), ("?", (0, 1)), ("*", (0, INF)), ("+", (1, INF)),
    ("{2}", (2, 2)), ("{2,3}", (2, 3)), ("{,3}", (0, 3)), ("{2,}", (2, INF)),
])
def test_bounds(op, bounds):
    assert _bounds(op) == bounds


TERMS = [
    {"id": "works.roofs", "category": "works",
     "patterns": [[{"LOWER": "very", "OP": "*"}, {"LOWER": {"IN": ["old", "leaky"]}}, {"LOWER": "roofs"}]]},
    {"id": "works.gates", "category": "works", "phrases": ["gate", "smart gate system"]},
    {"id": "works.lamps", "category": "works",
     "patterns": [[{"LOWER": "street"}, {"LOWER": "solar", "OP": "?"}, {"LOWER": "lamps"}]]},
    {"id": "works.not_the_walls", "category": "works",
     "patterns": [[{"LOWER": {"NOT_IN": ["the"]}}, {"LOWER": "walls"}]]},
]


@pytest.mark.parametrize("text, found", [
    ("They fixed very very old roofs.", [("very very old roofs", "works.roofs")]),
    ("They fixed leaky roofs and a smart gate system.",
     [("leaky roofs", "works.roofs"), ("smart gate system", "works.gates")]),
    ("A gate, then street lamps and street solar lamps.",
     [("gate", "works.gates"), ("street lamps", "works.lamps"), ("street solar lamps", "works.lamps")]),
    ("Paint the walls; paint outer walls.", [("outer walls", "works.not_the_walls")]),
    ("street\nsolar lamps at the gate", [("street\nsolar lamps", "works.lamps"), ("gate", "works.gates")]),
])
def test_terms_found_through_the_tables(text, found):
    nlp = spacy.blank("en")
    component = TermsComponent(nlp, "terms", {"terms": TERMS})
    doc = component(nlp.make_doc(text))
    assert [(s.text, s._.rule) for s in entities(doc, LABEL)] == found
