"""The sentence splitter: where boundaries fall, and that its candidate-first scan finds
exactly what the plain boundary regex (with the abbreviation and lower-case checks) finds."""
from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from renovex.pipeline.components.sentences import SentenceSplitter
from renovex.core.resources import data_file, read_json


@pytest.fixture(scope="module")
def splitter() -> SentenceSplitter:
    return SentenceSplitter(spacy.blank("en"), "renovex_sentences", read_json(data_file("sentences.json")))


def plain_boundaries(splitter: SentenceSplitter, text: str) -> list[int]:
    """The definition: every boundary match, minus stops after an abbreviation and stops
    followed by a lower-case letter."""
    words = "|".join(re.escape(a) for a in splitter.rules["abbreviations"])
    abbreviation = re.compile(rf"(?:^|[\s(])(?:{words})\.$", re.IGNORECASE)
    starts = []
    for match in splitter._boundary.finditer(text):
        if "\n" not in match.group():
            if abbreviation.search(text[max(0, match.start() - 12):match.start()]):
                continue
            if re.match(r"[a-z]", text[match.end():]):
                continue
        starts.append(match.end())
    return starts


@pytest.mark.parametrize("text, expected", [
    ("The city acted. Residents agreed.", ["Residents agreed."]),
    ("Headline without a stop\nBody text here.", ["Body text here."]),
    ("Mr. Wang spoke. Then he left!  Really?", ["Then he left!  ", "Really?"]),
    ("It rose 72.3 per cent. of the total.", []),
    ("The U.S. side and the No. 3 team met. (Work starts soon.) Done.", ["(Work starts soon.) ", "Done."]),
    ("He said: \u201cWe will finish.\u201d Officials nodded.", ["Officials nodded."]),
    ("Wait\u2026 More came. e.g. this one. Next.", ["More came. e.g. this one. ", "Next."]),
])
def test_boundaries(splitter: SentenceSplitter, text: str, expected: list[str]) -> None:
    starts = splitter.boundaries(text)
    pieces = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    assert pieces == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "No", "U.S", "e.g", "the", "Plan", "a", "72", ".", "!", "?", "\u2026",
                                 "\u3002", "\"", "\u201d", ")", " ", "  ", "\n", "\t", "("]), max_size=30))
def test_candidate_scan_is_the_plain_scan(splitter: SentenceSplitter, parts: list[str]) -> None:
    text = "".join(parts)
    assert splitter.boundaries(text) == plain_boundaries(splitter, text)
