"""Token patterns of a pack: entities with a label of the pack's choosing (project names ...).

A pattern is one line of a pack's optional ``patterns.jsonl``, in the shape of spaCy's
``EntityRuler`` with a required ``id`` (the rule that ``span._.rule`` names)::

    {"id": "project.named", "label": "PROJECT",
     "pattern": [{"IS_TITLE": true, "OP": "+"}, {"LOWER": "project"}]}
    {"id": "policy.double_reduction", "label": "POLICY", "pattern": "double reduction"}

A string pattern matches those words case-insensitively; a list is a spaCy ``Matcher``
token pattern. This module does not import spaCy: it validates and loads the data, the
component in ``renovex.pipeline.components.patterns`` matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.resources import DEFAULT_PACK, RuleFileError, check_object, pack_file, parse_unique, read_jsonl

PATTERNS_FILE = "patterns.jsonl"

ALLOWED_KEYS = ("id", "label", "pattern", "note")
"""Keys a pattern may have; anything else is a typo and is rejected."""

RESERVED_LABELS = ("PLACE", "PERIOD", "DATE", "QUANTITY", "POLICY_TERM")
"""Labels set by renovex's own components, with values the linker reads: not for patterns."""

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_LABEL = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class PatternRule:
    """One token pattern and the label of the entities it finds."""

    id: str
    label: str
    # A phrase, or a token pattern (dicts take no part in hashing; equality still compares them).
    pattern: str | tuple[dict[str, Any], ...] = field(hash=False)
    note: str = field(default="", compare=False, hash=False)

    @classmethod
    def from_dict(cls, data: Any, where: str = "pattern") -> "PatternRule":
        """Validate ``data`` (one JSON object); errors start with ``where`` (file:line)."""

        def fail(message: str) -> RuleFileError:
            return RuleFileError(f"{where}: {message}")

        check_object(data, where, "pattern", ALLOWED_KEYS)
        missing = [key for key in ("id", "label", "pattern") if key not in data]
        if missing:
            raise fail(f"pattern has no {', '.join(map(repr, missing))}")
        rule_id, label, pattern = data["id"], data["label"], data["pattern"]
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            raise fail(f"bad id {rule_id!r}: use lowercase words joined by '_' and '.', e.g. 'project.named'")
        if not isinstance(label, str) or not _LABEL.match(label):
            raise fail(f"bad label {label!r}: use upper-case letters, digits and '_', e.g. 'PROJECT'")
        if label in RESERVED_LABELS:
            raise fail(f"label {label!r} is set by renovex itself (reserved: {', '.join(RESERVED_LABELS)}); "
                       "add places in places.tsv and terms in policy_terms.jsonl instead")
        if isinstance(pattern, str):
            if not pattern.strip():
                raise fail("'pattern' is an empty string")
            pattern = " ".join(pattern.split())
        elif isinstance(pattern, list) and pattern and all(isinstance(s, dict) and s for s in pattern):
            pattern = tuple(pattern)
        else:
            raise fail("'pattern' must be a phrase or a non-empty list of non-empty token dicts, "
                       'e.g. [{"LOWER": "sunshine"}, {"LOWER": "project"}]')
        note = data.get("note", "")
        if not isinstance(note, str):
            raise fail("'note' must be a string")
        return cls(rule_id, label, pattern, note)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict` (round trip)."""
        pattern = self.pattern if isinstance(self.pattern, str) else [dict(spec) for spec in self.pattern]
        data: dict[str, Any] = {"id": self.id, "label": self.label, "pattern": pattern}
        if self.note:
            data["note"] = self.note
        return data


def parse_patterns(lines, source: str) -> list[PatternRule]:
    """Validate ``(line number, object)`` pairs; duplicate ids are an error."""
    return parse_unique(lines, source, PatternRule.from_dict)


def load_patterns(pack: str | Path = DEFAULT_PACK) -> list[PatternRule]:
    """The patterns of a pack; [] when it has no ``patterns.jsonl`` (the file is optional)."""
    path = pack_file(pack, PATTERNS_FILE)
    if not path.is_file():
        return []
    return parse_patterns(read_jsonl(path), str(path))
