"""Sentence boundaries for news text: end punctuation and line breaks.

spaCy's rule-based sentencizer ignores line breaks, but in this genre a headline, a
dateline or a bullet ends at the line break without a full stop. Boundaries are found
with one regex over the text (per-token Python would cost more than the tokenizer).
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import DEFAULT_PACK, data_file, read_json
from .base import RuleComponent, doc_text


class SentenceSplitter(RuleComponent):
    def compile(self) -> None:
        enders = "".join(re.escape(c) for c in self.rules["enders"])
        closers = "".join(re.escape(c) for c in self.rules["closers"])
        # a sentence starts after a line break, or after end punctuation (and closing
        # quotes or brackets) and a space, unless the word before the stop is an abbreviation
        self._boundary = re.compile(rf"\n\s*(?=\S)|(?<=[{enders}])[{closers}]*\s+(?=[^\s{enders}])")
        self._abbreviation = re.compile(rf"(?:^|[\s(])(?:{'|'.join(re.escape(a) for a in self.rules['abbreviations'])})\.$",
                                        re.IGNORECASE)
        self._lower_start = re.compile(r"[a-z]")

    def boundaries(self, text: str) -> list[int]:
        """Character offsets where a new sentence starts (after the first)."""
        starts = []
        for match in self._boundary.finditer(text):
            end = match.end()
            if "\n" not in match.group():
                if self._abbreviation.search(text[max(0, match.start() - 12):match.start()]):
                    continue
                if self._lower_start.match(text, end):
                    continue  # "about 72.3 per cent. of" and other stops that do not end a sentence
            starts.append(end)
        return starts

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        sent_starts = numpy.full((len(doc), 1), -1, dtype="int32")  # spaCy: 1 starts, -1 does not
        sent_starts[0] = 1
        offsets = doc.to_array([IDX]).reshape(-1)
        positions = numpy.searchsorted(offsets, self.boundaries(doc_text(doc)))
        sent_starts[positions[positions < len(doc)]] = 1
        doc.from_array([SENT_START], sent_starts.astype("uint64"))
        return doc


@Language.factory("renovex_sentences", default_config={"pack": DEFAULT_PACK})
def make_sentences(nlp: Language, name: str, pack: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name, read_json(data_file("sentences.json")))
