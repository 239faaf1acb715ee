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
    ``doc._.article_id``; and the msgpack codecs of their values, so
    that processed Docs survive ``Doc.to_bytes`` (multiprocessing, ``DocBin``)."""
    serialize.register()
    for name, default in (("value", None), ("rule", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in (("published", None), ("reference_year", None), ("records", None), ("article_id", None),
                          ("dropped", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


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
    and ``span._.rule`` and calling :func:`add_entity` for each, in that order.

    Why: ``span._`` builds an object per access and costs several µs a span, more than
    finding most entities. spaCy keeps a span's extension values in ``doc.user_data`` under
    ``("._.", name, start_char, end_char)``; the first span goes through ``span._`` and the
    rest are written directly only if that key scheme is confirmed on it.
    """
    spans: list[Span] = []
    user_data = doc.user_data
    direct = False
    for span, value, rule in entities:
        if direct:
            start, end = span.start_char, span.end_char
            user_data[("._.", "value", start, end)] = value
            user_data[("._.", "rule", start, end)] = rule
        else:
            extra = span._
            extra.value = value
            extra.rule = rule
            start, end = span.start_char, span.end_char
            value_key, rule_key = ("._.", "value", start, end), ("._.", "rule", start, end)
            direct = (value_key in user_data and user_data[value_key] is value
                      and rule_key in user_data and user_data[rule_key] is rule)
        spans.append(span)
    if not spans:
        return
    if SPAN_GROUP in doc.spans:
        doc.spans[SPAN_GROUP].extend(spans)
    else:
        doc.spans[SPAN_GROUP] = spans
    user_data.setdefault(_INDEX_KEY, []).extend((s.start_char, s.end_char, s.label_) for s in spans)


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
    """``(start_char, end_char, label, value)`` of every entity, in the order of :func:`entities`.

    The same as reading ``span._.value`` of each, without building a ``span._`` object per
    span (see :func:`add_entities`): values are read from ``doc.user_data`` once the key
    scheme is confirmed on the first span.
    """
    user_data = doc.user_data
    index = user_data.get(_INDEX_KEY)
    if index is not None and SPAN_GROUP in doc.spans and len(index) == len(doc.spans[SPAN_GROUP]):
        probe = doc.spans[SPAN_GROUP][0]
        value = probe._.value
        if value is None or user_data.get(("._.", "value", probe.start_char, probe.end_char)) is value:
            rows = [(start, end, label, user_data.get(("._.", "value", start, end))) for start, end, label in index]
            return sorted(rows, key=lambda row: (row[0], -row[1]))
    rows = []
    direct = False
    for span in entities(doc):
        start, end = span.start_char, span.end_char
        if direct:
            value = user_data.get(("._.", "value", start, end))
        else:
            value = span._.value
            direct = value is not None and user_data.get(("._.", "value", start, end)) is value
        rows.append((start, end, span.label_, value))
    return rows
