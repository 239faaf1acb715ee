"""``renovex_patterns``: entities from a pack's token patterns (``patterns.jsonl``).

Each match becomes a span in ``doc.spans["renovex"]`` with the pattern's label,
``span._.value`` = the :class:`~renovex.engines.patterns.PatternRule` and ``span._.rule`` = its id.
Of overlapping matches the longest wins (then the earlier, then the earlier rule), as in
spaCy's ``EntityRuler``. A pack without patterns makes this component a no-op.
"""
from __future__ import annotations

from typing import Any, Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..extensions import add_entities
from ...engines.patterns import PatternRule, load_patterns
from ...core.resources import DEFAULT_PACK
from .base import RuleComponent


@Language.factory("renovex_patterns", default_config={"pack": DEFAULT_PACK}, assigns=["doc.spans"])
def make_patterns(nlp: Language, name: str, pack: str) -> "PatternsComponent":
    """Factory: the token patterns of ``pack`` (a bundled pack name or a folder path)."""
    return PatternsComponent(nlp, name, {"patterns": [rule.to_dict() for rule in load_patterns(pack)]})


class PatternsComponent(RuleComponent):
    """Adds a span per pattern match; ``self.rules`` = {"patterns": [pattern dicts]}."""

    def compile(self) -> None:
        unknown = set(self.rules) - {"patterns"}
        if unknown:
            raise ValueError(f"{self.name}: unknown rule keys {sorted(unknown)}; allowed: ['patterns']")
        self.patterns = [PatternRule.from_dict(data, where=f"{self.name} rules, pattern {number}")
                         for number, data in enumerate(self.rules.get("patterns", []), 1)]
        vocab = self.nlp.vocab
        self.matcher = Matcher(vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
        self._by_key: dict[int, tuple[int, PatternRule]] = {}
        for rank, rule in enumerate(self.patterns):
            key = vocab.strings.add(rule.id)
            self._by_key[key] = (rank, rule)
            vocab.strings.add(rule.label)
            if isinstance(rule.pattern, str):
                self.phrase_matcher.add(rule.id, [self.nlp.make_doc(rule.pattern)])
                continue
            try:
                self.matcher.add(rule.id, [[dict(spec) for spec in rule.pattern]])
            except ValueError as error:
                raise ValueError(f"{self.name}: bad token pattern {rule.id!r}: {error}") from None

    def add_patterns(self, patterns: Iterable[PatternRule | dict[str, Any]]) -> None:
        """Add patterns (or replace those with the same id) at run time; ``nlp.to_disk`` keeps them."""
        new = [p.to_dict() if isinstance(p, PatternRule) else PatternRule.from_dict(p).to_dict() for p in patterns]
        ids = {data["id"] for data in new}
        kept = [data for data in self.rules.get("patterns", []) if data.get("id") not in ids]
        self.set_rules({**self.rules, "patterns": kept + new})

    def __call__(self, doc: Doc) -> Doc:
        if not self.patterns or not len(doc):
            return doc
        found = set(self.phrase_matcher(doc))
        if len(self.matcher):
            found.update(self.matcher(doc))
        ranked = sorted(found, key=lambda m: (m[1] - m[2], m[1], self._by_key[m[0]][0]))
        taken: set[int] = set()
        kept = []
        for key, start, end in ranked:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                rule = self._by_key[key][1]
                kept.append((Span(doc, start, end, label=rule.label), rule, rule.id))
        add_entities(doc, sorted(kept, key=lambda k: k[0].start))
        return doc
