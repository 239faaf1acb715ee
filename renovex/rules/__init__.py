"""Rule packs: the files of a pack folder, their validation, and new packs.

A pack is one folder (see ``docs/rule-packs.md``). One check per file type collects every
problem it finds as ``"FILE:LINE: message"`` (for nested JSON, the line of the offending
key); :func:`check_pack` runs them all and cross-checks the files (a metric's unit must be
a unit of ``quantity_words.json``, a place's parent a known place); :func:`ensure_valid`
raises :class:`~renovex.core.resources.RuleFileError` with all of them. The components read
the files themselves; this module only says whether they are right.
"""
from __future__ import annotations

from .checks import (check_kind_cues, check_linking, check_metrics, check_patterns, check_places_jsonl,  # noqa: F401
                     check_places_tsv, check_policy_terms, check_quantity_words, check_time_words)
from .files import PACK_FILES, SKELETON, PackFile, _regex_error, key_lines  # noqa: F401
from .pack import PackReport, check_pack, ensure_valid, list_packs, new_pack, pack_place_rows  # noqa: F401

__all__ = ["PACK_FILES", "PackReport", "check_pack", "ensure_valid", "new_pack", "list_packs", "key_lines",
           "check_metrics", "check_quantity_words", "check_linking", "check_kind_cues", "check_policy_terms",
           "check_places_tsv", "check_places_jsonl", "check_patterns", "check_time_words", "pack_place_rows"]
