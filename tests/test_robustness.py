"""Extraction never raises on arbitrary text, and evidence offsets always slice the text."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renovex
from renovex.pipeline.pieces import Pieces, split_text

PIECES = ["1,273", "0.1 billion", "98.34%", " yuan", " households", " old communities", " in 2021", "this year",
          "by the end of June", " of the ", "Beijing", "Jilin city", " km of pipelines", "-", "–", "\n", "\u00a0",
          " will renovate ", " has completed ", "İ", "中国", ". ", ", benefiting ", "400-828-1019",
          # the unicode a scraped feed carries: line and paragraph separators, CRLF, tabs, zero-width and
          # bidi marks, right-to-left scripts, emoji with modifiers, other digits, combining accents
          "\r\n", "\t", "\u2028", "\u2029", "\u200b", "\u200f", "\ufeff", "مدينة ", "שיפוץ ", "🏘️", "👍🏽",
          "١٢٣", "１２３", "²", "½", "e\u0301", "\ufffd", "\x00", "2,100\u00a0households", "3\u202f000"]

# st.text() draws from all of unicode except surrogates (which no decoded text holds).
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join),
)


@pytest.mark.filterwarnings("ignore::renovex.io.inputs.InputWarning")  # empty or non-English texts warn
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_extract_never_raises_and_offsets_slice_the_text(nlp, text):
    for record in renovex.extract(text, nlp=nlp):
        assert text[record.start:record.end] == record.text
        assert record.kind in ("plan", "outcome")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, limit=st.integers(min_value=2, max_value=120))
def test_long_articles_in_pieces_keep_offsets_into_the_whole_text(nlp, text, limit):
    bounds = split_text(text, limit)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= limit for start, end in bounds) or text == ""
    pieces = Pieces(limit)
    [doc] = pieces.join(nlp(doc) for doc in pieces.docs(nlp, text, None, "a"))
    for record in doc._.records:
        assert text[record.start:record.end] == record.text
