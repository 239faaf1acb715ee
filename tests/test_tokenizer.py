"""renovex's tokenizer drops spaCy's plain whitespace special cases: same tokens, more caching."""
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import renovex
from renovex.pipeline.tokenizer import is_plain_whitespace_case, keep_cache_over_whitespace

SPACY = spacy.blank("en").tokenizer


def _tokens(doc):
    return [(t.text, t.idx, t.whitespace_, t.norm_, t.is_space, t.is_punct) for t in doc]


# one instance for all tests, so its cache carries chunks from one text to the next
OURS = keep_cache_over_whitespace(spacy.blank("en").tokenizer)


def test_only_plain_whitespace_cases_are_dropped():
    dropped = set(SPACY.rules) - set(OURS.rules)
    assert dropped == {"\n", "\t", " "}
    assert "\xa0" in OURS.rules  # it sets a norm, so it is kept
    assert "Mr." in OURS.rules and "don't" in OURS.rules


def test_loaded_pipeline_uses_it():
    rules = renovex.load().tokenizer.rules
    assert "\n" not in rules and "Mr." in rules


def test_recognises_plain_whitespace_cases():
    assert is_plain_whitespace_case("\n", [{65: "\n"}])
    assert not is_plain_whitespace_case("\xa0", [{65: "\xa0", 67: "  "}])
    assert not is_plain_whitespace_case("Mr.", [{65: "Mr."}])
    assert not is_plain_whitespace_case(" ", [{65: "x"}])


LAYOUTS = [
    "Renewal plans\n\nThe city will renovate 120 old communities this year.\nMr. Wang said so.",
    "Headline\r\n\r\nFirst paragraph.\r\nSecond\tparagraph  with  double spaces.\n",
    "\n leading and trailing \n",
    "A\n\n\nB \n C\t\tD\n\t\nE",
    "Don't stop: 3.5 km of pipes (U.S.-style)\n-- e.g. 1,200 households\n\xa0next",
    " ",
    "",
    "\n",
]


def test_same_tokens_as_spacy_on_layouts():
    for text in LAYOUTS:
        assert _tokens(OURS(text)) == _tokens(SPACY(text)), repr(text)
        # a second pass is served from the cache the first one filled
        assert _tokens(OURS(text)) == _tokens(SPACY(text)), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\t", " ", "  ", "\r\n", "\xa0", "Mr.", "don't", "(", ")", "3.5",
                                 "1,200", "km", "U.S.", "-", "—", ":)", "e.g.", "it's", "Li", "."]),
                max_size=30))
def test_same_tokens_as_spacy_on_any_mix(pieces):
    text = "".join(pieces)
    # twice: the cache ours keeps must give what spaCy computes
    assert _tokens(OURS(text)) == _tokens(SPACY(text))
    assert _tokens(OURS(text)) == _tokens(SPACY(text))


def test_a_stop_glued_between_a_digit_and_a_capitalised_word_is_split(nlp):
    assert [t.text for t in nlp.make_doc("in 2025.At last")] == ["in", "2025", ".", "At", "last"]
    # decimals, versions and abbreviations stay whole
    assert [t.text for t in nlp.make_doc("2.5 and 3.5mm and No.1 and 2025.at")] == \
        [t.text for t in SPACY("2.5 and 3.5mm and No.1 and 2025.at")]
