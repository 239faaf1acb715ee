"""Policy terms: the taxonomy of programmes, works, finance and governance words.

A term is one line of a pack's ``policy_terms.jsonl``::

    {"id": "works.elevator_installation", "category": "works",
     "label": "elevator installation",
     "phrases": ["elevator installation", "installation of elevators"],
     "patterns": [[{"LOWER": {"IN": ["install", "installing"]}}, {"LOWER": "elevators"}]]}

``phrases`` are matched case-insensitively as whole tokens; ``patterns`` are spaCy
``Matcher`` token patterns for variant families. This module does not import spaCy:
it validates and loads the data, the component in ``renovex.pipeline.components.terms`` matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.resources import DEFAULT_PACK, RuleFileError, check_object, pack_file, parse_unique, read_jsonl

TERMS_FILE = "policy_terms.jsonl"

ALLOWED_KEYS = ("id", "category", "label", "phrases", "patterns", "note")
"""Keys a term may have; anything else is a typo and is rejected."""

CATEGORIES = ("programme", "works", "finance", "governance")
"""Categories of the bundled pack. A user's pack may add its own."""

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class PolicyTerm:
    """One canonical policy term and the surface forms that express it."""

    id: str
    category: str
    label: str
    phrases: tuple[str, ...] = ()
    # Token patterns hold dicts, so they take no part in hashing (equality still compares them).
    patterns: tuple[tuple[dict[str, Any], ...], ...] = field(default=(), hash=False)
    note: str = field(default="", compare=False, hash=False)

    @classmethod
    def from_dict(cls, data: Any, where: str = "policy term") -> "PolicyTerm":
        """Validate ``data`` (one JSON object); errors start with ``where`` (file:line)."""

        def fail(message: str) -> RuleFileError:
            return RuleFileError(f"{where}: {message}")

        check_object(data, where, "policy term", ALLOWED_KEYS)
        term_id = data.get("id")
        if not term_id:
            raise fail("policy term has no 'id'")
        if not isinstance(term_id, str) or not _ID.match(term_id):
            raise fail(f"bad id {term_id!r}: use lowercase words joined by '_' and '.', e.g. 'works.parking'")
        where = f"{where} ({term_id})"
        category = data.get("category")
        if not category:
            raise fail("policy term has no 'category'")
        if not isinstance(category, str) or not _CATEGORY.match(category):
            raise fail(f"bad category {category!r}: use one lowercase word, e.g. {', '.join(CATEGORIES)}")
        label = data.get("label", term_id.rsplit(".", 1)[-1].replace("_", " "))
        if not isinstance(label, str) or not label.strip():
            raise fail("'label' must be a non-empty string")
        phrases = _string_list(data.get("phrases", []), "phrases", fail)
        patterns = _patterns(data.get("patterns", []), fail)
        if not phrases and not patterns:
            raise fail("policy term needs at least one phrase or pattern")
        note = data.get("note", "")
        if not isinstance(note, str):
            raise fail("'note' must be a string")
        return cls(term_id, category, label.strip(), phrases, patterns, note)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict` (round trip)."""
        data: dict[str, Any] = {"id": self.id, "category": self.category, "label": self.label}
        if self.phrases:
            data["phrases"] = list(self.phrases)
        if self.patterns:
            data["patterns"] = [[dict(spec) for spec in pattern] for pattern in self.patterns]
        if self.note:
            data["note"] = self.note
        return data


def _string_list(value: Any, key: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(f"'{key}' must be a list of strings")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise fail(f"'{key}' holds {item!r}; every entry must be a non-empty string")
        text = " ".join(item.split())
        if text not in out:
            out.append(text)
    return tuple(out)


def _patterns(value: Any, fail) -> tuple[tuple[dict[str, Any], ...], ...]:
    # Only the shape is checked here; spaCy's Matcher validates the token attributes.
    if not isinstance(value, list):
        raise fail("'patterns' must be a list of spaCy token patterns (lists of dicts)")
    out = []
    for number, pattern in enumerate(value, 1):
        if not isinstance(pattern, list) or not pattern or not all(isinstance(s, dict) and s for s in pattern):
            raise fail(f"pattern {number} must be a non-empty list of non-empty token dicts, e.g. [{{\"LOWER\": \"parking\"}}]")
        out.append(tuple(pattern))
    return tuple(out)


def load_terms(pack: str | Path = DEFAULT_PACK) -> list[PolicyTerm]:
    """Read ``policy_terms.jsonl`` of a bundled pack (by name) or a user's pack folder;
    [] when the pack has none (the file is optional)."""
    path = pack_file(pack, TERMS_FILE)
    if not path.is_file():
        return []
    return parse_terms(read_jsonl(path), str(path))


def parse_terms(lines, source: str) -> list[PolicyTerm]:
    """Validate ``(line number, object)`` pairs; duplicate ids are an error."""
    return parse_unique(lines, source, PolicyTerm.from_dict)
