"""All custom spaCy attributes of renovex, registered in one place.

Registration is idempotent and never forces over an attribute another package owns.
"""
from __future__ import annotations

from typing import Any, Iterable

from spacy.tokens import Doc, Span

from . import serialize  # noqa: F401  (registers the msgpack codecs of renovex values)

SPAN_GROUP = "renovex"
"""Every entity renovex finds, overlapping ones included, lives in ``doc.spans[SPAN_GROUP]``."""

LABELS = ("PLACE", "PERIOD", "DATE", "QUANTITY", "POLICY_TERM")


def register_extensions() -> None:
    """Register ``span._.value``, ``span._.rule``, ``doc._.published``, ``doc._.reference_year``
    (the article's current year: the publication year, or inferred for undated articles),
    ``doc._.records``, ``doc._.dropped`` (quantities that are not records, with the reason) and
    ``doc._.article_id``; and the msgpack codecs of their values, so that processed Docs
    survive ``Doc.to_bytes`` (multiprocessing, ``DocBin``)."""
    serialize.register()
    if not Span.has_extension("value"):
        Span.set_extension("value", getter=_get_value, setter=_set_value)
    if not Span.has_extension("rule"):
        Span.set_extension("rule", getter=_get_rule, setter=_set_rule)
    for name, default in (("published", None), ("reference_year", None), ("records", None), ("article_id", None),
                          ("dropped", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


_ENTITY = "renovex.entity"
"""First part of renovex's ``doc.user_data`` keys of entity values: ``(_ENTITY, start_char,
end_char, label) -> (value, rule)``. spaCy keeps a span extension's value under ``("._.",
name, start_char, end_char)``, so two entities over the same characters (a quantity and a
pack pattern's PROJECT) shared one value and the quantity's record was lost; here the label
is part of the key. (Top-level keys: ``Doc.to_bytes`` round-trips them as tuples.)"""


def _get_value(span: Span) -> Any:
    entry = span.doc.user_data.get((_ENTITY, span.start_char, span.end_char, span.label_))
    if entry is not None:
        return entry[0]
    # a Doc saved by renovex before this table: spaCy's own key for the extension
    return span.doc.user_data.get(("._.", "value", span.start_char, span.end_char))


def _get_rule(span: Span) -> str | None:
    entry = span.doc.user_data.get((_ENTITY, span.start_char, span.end_char, span.label_))
    if entry is not None:
        return entry[1]
    return span.doc.user_data.get(("._.", "rule", span.start_char, span.end_char))


def _set_value(span: Span, value: Any) -> None:
    key = (_ENTITY, span.start_char, span.end_char, span.label_)
    span.doc.user_data[key] = (value, span.doc.user_data.get(key, (None, None))[1])


def _set_rule(span: Span, rule: str | None) -> None:
    key = (_ENTITY, span.start_char, span.end_char, span.label_)
    span.doc.user_data[key] = (span.doc.user_data.get(key, (None, None))[0], rule)


_INDEX_KEY = ("renovex", "entities")
"""``doc.user_data`` key of a transient list of ``(start_char, end_char, label)``, one per span
of the group in the same order: reading it costs nothing, while reading the group builds a
Span object per entity. It is trusted only while it has as many rows as the group."""


def add_entity(doc: Doc, span: Span) -> None:
    """Add ``span`` to the renovex span group (overlaps allowed)."""
    group = doc.spans[SPAN_GROUP] if SPAN_GROUP in doc.spans else None
    if group is None:
        doc.spans[SPAN_GROUP] = [span]
    else:
        group.append(span)
    doc.user_data.setdefault(_INDEX_KEY, []).append((span.start_char, span.end_char, span.label_))


def forget_entity_index(doc: Doc) -> None:
    """Drop the transient index (the last component does, so serialised Docs do not carry it)."""
    doc.user_data.pop(_INDEX_KEY, None)


def add_entities(doc: Doc, entities: Iterable[tuple[Span, Any, str | None]]) -> None:
    """Add ``(span, value, rule)`` triples at once: the same result as setting ``span._.value``
    and ``span._.rule`` and calling :func:`add_entity` for each, in that order (``span._``
    builds an object per access and costs several µs a span, more than finding most entities:
    the table is written directly)."""
    spans: list[Span] = []
    user_data = doc.user_data
    rows = []
    for span, value, rule in entities:
        row = (span.start_char, span.end_char, span.label_)
        user_data[(_ENTITY, *row)] = (value, rule)
        rows.append(row)
        spans.append(span)
    if not spans:
        return
    if SPAN_GROUP in doc.spans:
        doc.spans[SPAN_GROUP].extend(spans)
    else:
        doc.spans[SPAN_GROUP] = spans
    doc.user_data.setdefault(_INDEX_KEY, []).extend(rows)


def entities(doc: Doc, label: str | None = None) -> list[Span]:
    """The renovex entities of ``doc`` in text order, optionally of one label."""
    if SPAN_GROUP not in doc.spans:
        return []
    spans = [s for s in doc.spans[SPAN_GROUP] if label is None or s.label_ == label]
    return sorted(spans, key=lambda s: (s.start_char, -s.end_char))


def has_label(doc: Doc, label: str) -> bool:
    """Whether ``doc`` has an entity labelled ``label`` (read from the transient index when
    it is in step with the group: reading the group builds a Span per entity)."""
    if SPAN_GROUP not in doc.spans:
        return False
    group = doc.spans[SPAN_GROUP]
    index = doc.user_data.get(_INDEX_KEY)
    if index is not None and len(index) == len(group):
        return any(row[2] == label for row in index)
    return any(span.label_ == label for span in group)


def entity_values(doc: Doc) -> list[tuple[int, int, str, Any]]:
    """``(start_char, end_char, label, value)`` of every entity, in the order of :func:`entities`:
    the same as reading ``span._.value`` of each, from the table, without a Span per entity
    while the transient index is in step with the group."""
    user_data = doc.user_data
    index = user_data.get(_INDEX_KEY)
    if index is not None and SPAN_GROUP in doc.spans and len(index) == len(doc.spans[SPAN_GROUP]):
        rows = [(start, end, label, user_data.get((_ENTITY, start, end, label), (None,))[0])
                for start, end, label in index]
        return sorted(rows, key=lambda row: (row[0], -row[1]))
    return [(span.start_char, span.end_char, span.label_, span._.value) for span in entities(doc)]
