"""components.base.doc_value / set_doc_value behave like ``doc._`` attribute access."""
from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from renovex.pipeline.components.base import doc_value, set_doc_value
from renovex.pipeline.extensions import register_extensions


@pytest.fixture(scope="module")
def blank():
    register_extensions()
    return spacy.blank("en")


def test_doc_value_reads_and_writes_like_the_underscore(blank):
    doc = blank.make_doc("A short text.")
    assert doc_value(doc, "published") is None
    set_doc_value(doc, "published", date(2021, 5, 4))
    assert doc._.published == date(2021, 5, 4)
    doc._.reference_year = 2020
    assert doc_value(doc, "reference_year") == 2020
    with pytest.raises(AttributeError):
        doc_value(doc, "no_such_attribute")
    with pytest.raises(AttributeError):
        set_doc_value(doc, "no_such_attribute", 1)


def test_doc_value_goes_through_getters_and_setters(blank):
    # an attribute another package defines with a getter/setter is not read from user_data
    stored: dict[int, str] = {}
    Doc.set_extension("renovex_test_computed", getter=lambda d: f"{len(d)} tokens",
                      setter=lambda d, v: stored.__setitem__(id(d), v), force=True)
    try:
        doc = blank.make_doc("Three short words")
        assert doc_value(doc, "renovex_test_computed") == "3 tokens"
        set_doc_value(doc, "renovex_test_computed", "set")
        assert stored[id(doc)] == "set"
        assert ("._.", "renovex_test_computed", None, None) not in doc.user_data
    finally:
        Doc.remove_extension("renovex_test_computed")
