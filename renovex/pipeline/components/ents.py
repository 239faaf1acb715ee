"""``renovex_ents``: copies renovex's entities into ``doc.ents``, for tools that read only
``doc.ents`` (``displacy.render(doc, style="ent")``, spaCy's ``Doc.to_json``, ``Span.ents``).

Opt-in (``nlp.add_pipe("renovex_ents")``), not in the default pipeline: ``doc.ents`` cannot
hold overlapping spans, so the longest of overlapping entities is kept, and filling it costs
about 4% of the pipeline's time, which a batch run does not need. renovex's own entities stay
in ``doc.spans["renovex"]`` (overlaps kept), and ``displacy.render(doc, style="span",
spans_key="renovex")`` shows them all without this component.
"""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

SPANS_KEY = "renovex"
DEFAULT_LABELS = ("PLACE", "DATE", "PERIOD", "QUANTITY")


class EntsFromSpans:
    def __init__(self, labels: Iterable[str] = DEFAULT_LABELS):
        self.labels = frozenset(labels)

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else ()
        doc.ents = filter_spans([span for span in spans if span.label_ in self.labels])
        return doc


@Language.factory("renovex_ents", default_config={"labels": list(DEFAULT_LABELS)})
def make_ents(nlp: Language, name: str, labels: list[str]) -> EntsFromSpans:
    return EntsFromSpans(labels)
