"""Sentence boundaries for news text: end punctuation and line breaks.

spaCy's rule-based sentencizer ignores line breaks, but in this genre a headline, a
dateline or a bullet ends at the line break without a full stop.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import DEFAULT_PACK, data_file, read_json
from .base import RuleComponent


class SentenceSplitter(RuleComponent):
    def compile(self) -> None:
        self._enders = set(self.rules["enders"])
        self._closers = set(self.rules["closers"])

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        doc[0].is_sent_start = True
        after_end = False
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.text or "\n" in previous.whitespace_:
                start = True
            elif previous.text in self._enders or (after_end and previous.text in self._closers):
                start = token.text not in self._closers and token.text not in self._enders
            else:
                start = False
            after_end = previous.text in self._enders or (after_end and previous.text in self._closers)
            token.is_sent_start = start
        return doc


@Language.factory("renovex_sentences", default_config={"pack": DEFAULT_PACK})
def make_sentences(nlp: Language, name: str, pack: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name, read_json(data_file("sentences.json")))
