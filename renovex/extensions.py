"""All custom spaCy attributes of renovex, registered in one place.

Registration is idempotent and never forces over an attribute another package owns.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_GROUP = "renovex"
"""Every entity renovex finds, overlapping ones included, lives in ``doc.spans[SPAN_GROUP]``."""

LABELS = ("PLACE", "PERIOD", "DATE", "QUANTITY", "POLICY_TERM")


def register_extensions() -> None:
    """Register ``span._.value``, ``span._.rule``, ``doc._.published``, ``doc._.reference_year``
    (the article's current year: the publication year, or inferred for undated articles),
    ``doc._.records`` and ``doc._.article_id``."""
    for name, default in (("value", None), ("rule", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in (("published", None), ("reference_year", None), ("records", None), ("article_id", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def add_entity(doc: Doc, span: Span) -> None:
    """Add ``span`` to the renovex span group (overlaps allowed)."""
    group = doc.spans[SPAN_GROUP] if SPAN_GROUP in doc.spans else None
    if group is None:
        doc.spans[SPAN_GROUP] = [span]
    else:
        group.append(span)


def entities(doc: Doc, label: str | None = None) -> list[Span]:
    """The renovex entities of ``doc`` in text order, optionally of one label."""
    if SPAN_GROUP not in doc.spans:
        return []
    spans = [s for s in doc.spans[SPAN_GROUP] if label is None or s.label_ == label]
    return sorted(spans, key=lambda s: (s.start_char, -s.end_char))
