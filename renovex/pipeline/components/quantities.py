"""``renovex_quantities``: QUANTITY entities (number + unit + counted noun, with its metric).

A thin wrapper: ``renovex.engines.quantities.find_quantities`` runs a few compiled regexes over
``doc.text`` (no per-token Python work); each match becomes a span whose ``_.value`` is
the :class:`~renovex.engines.quantities.QuantityMatch` and whose ``_.rule`` says which rules decided.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import add_entities
from ...engines.quantities import METRICS_FILE, WORDS_FILE, QuantityRules, find_quantities
from ...core.resources import DEFAULT_PACK, pack_file, read_json
from .base import RuleComponent, doc_text

LABEL = "QUANTITY"


@Language.factory(
    "renovex_quantities",
    default_config={"pack": DEFAULT_PACK},
    assigns=["doc.spans"],
)
def make_quantities(nlp: Language, name: str, pack: str) -> "QuantitiesComponent":
    """Factory: the metric table and quantity words of ``pack`` (a bundled pack name or a folder)."""
    rules = {"metrics": read_json(pack_file(pack, METRICS_FILE)), "words": read_json(pack_file(pack, WORDS_FILE))}
    return QuantitiesComponent(nlp, name, rules)


class QuantitiesComponent(RuleComponent):
    """Adds QUANTITY spans; ``self.rules`` = {"metrics": metrics.json, "words": quantity_words.json}."""

    def compile(self) -> None:
        unknown = set(self.rules) - {"metrics", "words"}
        if unknown:
            raise ValueError(f"{self.name}: unknown rule keys {sorted(unknown)}; allowed: ['metrics', 'words']")
        self._label = self.nlp.vocab.strings.add(LABEL)  # an id: char_span looks a string up each time
        self.quantity_rules = QuantityRules.from_dicts(self.rules.get("metrics", {}), self.rules.get("words", {}))

    def __call__(self, doc: Doc) -> Doc:
        found = []
        label = self._label
        for match in find_quantities(doc_text(doc), self.quantity_rules):
            span = doc.char_span(match.start, match.end, label=label, alignment_mode="expand")
            if span is not None and len(span):
                found.append((span, match, match.rule))
        add_entities(doc, found)
        return doc
