"""Entity values in a table keyed by offsets and label (issue 13, step 3): spaCy keys span
extension values by offsets alone, so a pack pattern over exactly a quantity's characters
took the quantity's value and its record was lost (1 record -> 0)."""
from spacy.tokens import Doc

from renovex.api import build
from renovex.pipeline.extensions import SPAN_GROUP, entities, register_extensions

TEXT = "In 2022, Xinjiang plans to start the renovation of 1,273 old communities."
OVER_THE_QUANTITY = {"id": "p1", "label": "PROJECT",
                     "pattern": [{"LOWER": "1,273"}, {"LOWER": "old"}, {"LOWER": "communities"}]}


def test_a_pattern_over_a_quantitys_characters_keeps_the_record():
    nlp = build()
    nlp.get_pipe("renovex_patterns").add_patterns([OVER_THE_QUANTITY])
    doc = nlp(TEXT)
    assert [(r.text, r.value) for r in doc._.records] == [("1,273 old communities", 1273)]
    same = [s for s in entities(doc) if s.text == "1,273 old communities"]
    assert {s.label_: type(s._.value).__name__ for s in same} == {"QUANTITY": "QuantityMatch",
                                                                 "PROJECT": "PatternRule"}
    assert {s.label_: s._.rule for s in same} == {"QUANTITY": "digits|noun:communities", "PROJECT": "p1"}


def test_both_values_survive_to_bytes():
    nlp = build()
    nlp.get_pipe("renovex_patterns").add_patterns([OVER_THE_QUANTITY])
    doc = Doc(nlp.vocab).from_bytes(nlp(TEXT).to_bytes())
    same = {s.label_: s._.value for s in doc.spans[SPAN_GROUP] if s.text == "1,273 old communities"}
    assert same["QUANTITY"].value == 1273 and same["PROJECT"].id == "p1"


def test_a_doc_saved_with_values_under_spacys_own_keys_still_reads():
    register_extensions()
    nlp = build()
    doc = nlp.make_doc("Hebei renovated 640 old communities.")
    span = doc.char_span(6, 15, label="QUANTITY")
    doc.spans[SPAN_GROUP] = [span]
    doc.user_data[("._.", "value", 6, 15)] = "an old value"
    doc.user_data[("._.", "rule", 6, 15)] = "an old rule"
    assert (span._.value, span._.rule) == ("an old value", "an old rule")
