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

from ...core.regex_prefixes import trie_pattern
from ...core.resources import DEFAULT_PACK, data_file, read_json
from .base import RuleComponent, doc_text


_NOT_START = numpy.uint64(2**64 - 1)  # -1 as uint64


class SentenceSplitter(RuleComponent):
    def compile(self) -> None:
        enders = "".join(re.escape(c) for c in self.rules["enders"])
        closers = "".join(re.escape(c) for c in self.rules["closers"])
        # a sentence starts after a line break, or after end punctuation (and closing
        # quotes or brackets) and a space, unless the word before the stop is an abbreviation
        # and a stop glued to the next sentence ("in 2025.At the same time", "done.Then"),
        # which the tokenizer splits
        glued = r"(?<=[a-z0-9][.!?])(?=[A-Z][a-z])"
        self._boundary = re.compile(rf"\n\s*(?=\S)|(?<=[{enders}])[{closers}]*\s+(?=[^\s{enders}])|{glued}")
        # A boundary can only start at a line break or just after end punctuation (and then
        # closers and a space follow). Python's re would try the lookbehind at every
        # character; a pattern that opens with a character class is scanned for in C, so
        # the boundary is tried only where one of these characters is.
        self._candidates = re.compile(rf"[\n{enders}](?:(?<=\n)|(?=[{closers}]*\s)|(?<=[a-z0-9][.!?])(?=[A-Z][a-z]))")
        # "<abbreviation>." at the end of the 12 characters before a boundary, at their start or
        # after a space or "(": matched on those characters reversed, so that it is tried at
        # one position instead of searched for through the window (as a trie: re tries
        # case-insensitive alternatives one by one)
        abbreviations = trie_pattern({a[::-1] for a in self.rules["abbreviations"]})
        self._abbreviation_reversed = re.compile(rf"\.{abbreviations}(?:[\s(]|$)", re.IGNORECASE)
        self._lower_start = re.compile(r"[a-z]")
        self.max_chars = int(self.rules.get("max_sentence_chars", 2000))

    def boundaries(self, text: str) -> list[int]:
        """Character offsets where a new sentence starts (after the first)."""
        starts = []
        match_at = self._boundary.match
        resume = 0  # as finditer: no match starts inside the previous one
        for candidate in self._candidates.finditer(text):
            position = candidate.start()
            if text[position] != "\n":
                position += 1  # an ender: a boundary starts after it
            if position < resume:
                continue
            match = match_at(text, position)
            if match is None:
                continue
            start, end = match.span()
            resume = end
            if "\n" not in match.group():
                if text[start - 1] == "." and self._abbreviation_reversed.match(text[max(0, start - 12):start][::-1]):
                    continue
                if self._lower_start.match(text, end):
                    continue  # "about 72.3 per cent. of" and other stops that do not end a sentence
            starts.append(end)
        return self._capped(text, starts)

    def _capped(self, text: str, starts: list[int]) -> list[int]:
        """``starts`` with a cut in every sentence over ``max_sentence_chars`` (after its last
        ";" or "," in reach, else its last space): the linker's work grows with a sentence's
        length for each figure in it, so a 60,000-character "sentence" of figures cost
        quadratic time. The longest sentence of our real pages is under 1,900 characters."""
        cap = self.max_chars
        if len(text) <= cap:
            return starts
        capped: list[int] = []
        previous = 0
        for end in [*starts, len(text)]:
            while end - previous > cap:
                window = text[previous + cap // 2:previous + cap]
                cut = max(window.rfind("; "), window.rfind(", "))
                cut = cut + 2 if cut >= 0 else window.rfind(" ") + 1
                previous = previous + cap // 2 + cut if cut > 0 else previous + cap
                capped.append(previous)
            if end < len(text):
                capped.append(end)
            previous = end
        return capped

    def __call__(self, doc: Doc) -> Doc:
        length = len(doc)
        if not length:
            return doc
        # spaCy: 1 starts a sentence, -1 (as uint64, the type from_array wants) does not
        sent_starts = numpy.empty((length, 1), dtype=numpy.uint64)
        sent_starts.fill(_NOT_START)
        sent_starts[0] = 1
        boundaries = self.boundaries(doc_text(doc))
        if boundaries:
            positions = doc.to_array(IDX).searchsorted(boundaries)
            sent_starts[positions[positions < length]] = 1
        doc.from_array([SENT_START], sent_starts)
        return doc


@Language.factory("renovex_sentences", default_config={"pack": DEFAULT_PACK})
def make_sentences(nlp: Language, name: str, pack: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name, read_json(data_file("sentences.json")))
