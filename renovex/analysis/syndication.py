"""Copies of one story across articles: a syndicated news item appears on many sites, some
copies dated and some not, so one sentence resolves "this year" in some and not in others.
Before facts are keyed, every mention of the same statement (the same sentence, figure,
metric and value) takes the fields its copies agree on most, so that all copies join one fact.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Iterable, TypeVar

__all__ = ["unify_copies"]

M = TypeVar("M")

_SPACE = re.compile(r"\s+")
_FIELDS = ("kind", "location", "province", "period", "as_of")


def _statement(mention: Any) -> tuple | None:
    sentence = _SPACE.sub(" ", mention.sentence or "").strip().lower()
    if not sentence:
        return None  # nothing to tell a copy from a different statement of the same number
    return (sentence, (mention.text or "").lower(), mention.metric, mention.value, mention.value_max)


def unify_copies(mentions: Iterable[M]) -> list[M]:
    """``mentions`` with the copies of each statement made alike: each field the most common
    known value among the copies (a period over none; the first seen on a tie)."""
    mentions = list(mentions)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for number, mention in enumerate(mentions):
        key = _statement(mention)
        if key is not None:
            groups[key].append(number)
    for members in groups.values():
        copies = [mentions[number] for number in members]
        if len(members) < 2 or len({m.doc for m in copies}) < 2:
            continue
        agreed = {name: _most_common([getattr(m, name) for m in copies]) for name in _FIELDS}
        for number in members:
            mentions[number] = replace(mentions[number], **agreed)
    return mentions


def _most_common(values: list[Any]) -> Any:
    known = [v for v in values if v is not None]
    if not known:
        return None
    counts = Counter(known)
    best = max(counts.values())
    return next(v for v in known if counts[v] == best)
