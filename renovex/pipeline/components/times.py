"""``renovex_times``: PERIOD and DATE entities, resolved against the publication date.

A thin wrapper over the pure ``renovex.engines.timex``: the rules are the contents of
``renovex/data/time_words.json`` (a pack may override them with its own
``time_words.json``), so ``nlp.to_disk`` -> ``spacy.load`` keeps them.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import add_entities
from ...engines.reference_year import infer_reference_year
from ...core.resources import pack_file, read_json
from ...engines.timex import TIME_WORDS_FILE, TimeGrammar, load_time_words
from .base import RuleComponent, doc_text, doc_value, set_doc_value


class TimesComponent(RuleComponent):
    """Sets ``doc._.published`` when unset (from the article's furniture) and
    ``doc._.reference_year``, then adds one span per time expression."""

    def compile(self) -> None:
        self.grammar = TimeGrammar(self.rules)
        self._label_ids: dict[str, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)  # joined once per Doc, shared with the other components
        scan = self.grammar.scan(text)  # folded text, anchors and matches shared by every call
        reference = doc_value(doc, "published")
        if reference is None or getattr(reference, "precision", "day") != "day":
            # no date, or only a year or month ("2023-05"): the furniture's full date, if it agrees
            found = self.grammar.publication_date(text, scan)
            if found is not None and (reference is None or _falls_in(found, reference)):
                reference = found
                set_doc_value(doc, "published", reference)
        if reference is None:
            year, _ = infer_reference_year(text, lambda t, p: self._year_evidence(t, p, scan))
            if year is not None:
                reference = date(year, 12, 31)  # "as of the end of June" -> June of that year
        set_doc_value(doc, "reference_year", reference.year if reference else None)
        found = []
        labels = self._label_ids
        for match in self.grammar.find(text, reference, scan):
            label = labels.get(match.label)
            if label is None:  # char_span looks a label string up each time: pass its id
                label = labels[match.label] = self.nlp.vocab.strings.add(match.label)
            span = doc.char_span(match.start, match.end, label=label, alignment_mode="expand")
            if span is not None:
                found.append((span, match, match.rule))
        add_entities(doc, found)
        return doc

    def _year_evidence(self, text: str, published: date | None, scan: Any) -> list:
        """Time matches that can tell an undated article's year: not "by 2025" or "before
        2005", which name a deadline or a boundary (time_words.json "deadline_prepositions")."""
        deadline = self.grammar.deadline_pre
        return [m for m in self.grammar.find(text, published, scan)
                if m.relative or m.type != "year" or _word_before(text, m.start) not in deadline]


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 20):start].split()
    return words[-1].lower() if words and text[start - 1:start].isspace() else ""


def default_rules(pack: str | None = "renovation") -> dict[str, Any]:
    """The pack's ``time_words.json`` when it has one, else the bundled word lists."""
    if pack:
        try:
            path = pack_file(pack, TIME_WORDS_FILE)
        except FileNotFoundError:
            path = None
        if path is not None and path.is_file():
            return read_json(path)
    return load_time_words()


@Language.factory("renovex_times", default_config={"pack": "renovation"},
                  assigns=["doc.spans", "doc._.published"], requires=[])
def make_times(nlp: Language, name: str, pack: str) -> TimesComponent:
    return TimesComponent(nlp, name, default_rules(pack))


def _falls_in(day: date, partial: date) -> bool:
    """Whether ``day`` lies in the year (or month) a partial publication date names."""
    return day.year == partial.year and (getattr(partial, "precision", "day") == "year" or day.month == partial.month)
