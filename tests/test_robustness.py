"""Extraction never raises on arbitrary text, and evidence offsets always slice the text."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renovex

PIECES = ["1,273", "0.1 billion", "98.34%", " yuan", " households", " old communities", " in 2021", "this year",
          "by the end of June", " of the ", "Beijing", "Jilin city", " km of pipelines", "-", "–", "\n", "\u00a0",
          " will renovate ", " has completed ", "İ", "中国", ". ", ", benefiting ", "400-828-1019"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_extract_never_raises_and_offsets_slice_the_text(nlp, text):
    for record in renovex.extract(text, nlp=nlp):
        assert text[record.start:record.end] == record.text
        assert record.kind in ("plan", "outcome")
