"""The whole pack: every file checked and cross-checked (``check_pack``, ``ensure_valid``),
the pack's extra places, and new packs from the skeleton or another pack.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..core.pack_extends import PackExtendError
from ..engines.patterns import PATTERNS_FILE
from ..core.resources import DEFAULT_PACK, RuleFileError, bundled_packs, pack_path
from ..engines.terms import TERMS_FILE
from .checks import (check_kind_cues, check_linking, check_metrics, check_patterns, check_places_jsonl,
                     check_places_tsv, check_policy_terms, check_quantity_words, check_time_words)
from .choices import choice_notes
from .files import PACK_FILES, SKELETON, _NAME, _TIME_PATTERNS


# --------------------------------------------------------------------------- the whole pack
@dataclass
class PackReport:
    """What ``renovex pack check`` prints: every error, and counts when there are none."""

    pack: str
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    inherited: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """How the pack will behave where a reader might wonder (metrics sharing a unit or a head)."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = [f"{n} {what[:-1] if n == 1 else what}" for what, n in self.counts.items()]
        text = f"{self.pack}: {', '.join(parts)}"
        if self.inherited:
            text += f"; {', '.join(self.inherited)} from the bundled {DEFAULT_PACK!r} pack"
        return text


def check_pack(pack: str | Path, time_patterns: bool = True) -> PackReport:
    """Check every file of a pack (a bundled name or a folder) and how they refer to each other;
    with ``time_patterns`` every regular expression is also timed on hostile probe texts."""
    token = _TIME_PATTERNS.set(time_patterns)
    try:
        return _check_pack(pack)
    finally:
        _TIME_PATTERNS.reset(token)


def _check_pack(pack: str | Path) -> PackReport:
    report = PackReport(str(pack))
    errors = report.errors
    try:
        root = pack_path(pack)
    except (FileNotFoundError, PackExtendError) as error:
        errors.append(str(error))
        return report
    present = {item.name for item in root.iterdir() if item.is_file()}
    known = {f.name for f in PACK_FILES}
    for name in sorted(present):
        if name not in known and name.endswith((".json", ".jsonl", ".tsv")):
            errors.append(f"{root.joinpath(name)}: not a pack file (pack files: {', '.join(sorted(known))})")
    for spec in PACK_FILES:
        if spec.required and spec.name not in present:
            errors.append(f"{root.joinpath(spec.name)}: missing: every pack needs its {spec.name} ({spec.summary})")

    def own_or_inherited(name: str):
        if name in present:
            return root.joinpath(name)
        report.inherited.append(name)
        return pack_path(DEFAULT_PACK).joinpath(name)

    words_path = own_or_inherited("quantity_words.json")
    units = check_quantity_words(words_path, errors)
    try:
        words = json.loads(words_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        words = None
    linking_path = own_or_inherited("linking.json")
    if "linking.json" in present:
        check_linking(linking_path, errors)
    if "metrics.json" in present:
        report.counts["metrics"] = len(check_metrics(root.joinpath("metrics.json"), errors, units, words))
        if not errors:
            table = json.loads(root.joinpath("metrics.json").read_text(encoding="utf-8")).get("metrics") or {}
            report.notes = choice_notes(table)
    if "kind_cues.jsonl" in present:
        report.counts["cues"] = check_kind_cues(root.joinpath("kind_cues.jsonl"), errors)
    if TERMS_FILE in present:
        report.counts["policy terms"] = check_policy_terms(root.joinpath(TERMS_FILE), errors)
    extra = 0
    if "places.tsv" in present:
        extra += len(check_places_tsv(root.joinpath("places.tsv"), errors))
    if "places.jsonl" in present:
        extra += check_places_jsonl(root.joinpath("places.jsonl"), errors)
    if extra or {"places.tsv", "places.jsonl"} & present:
        report.counts["extra places"] = extra
    if PATTERNS_FILE in present:
        report.counts["token patterns"] = check_patterns(root.joinpath(PATTERNS_FILE), errors)
    if "time_words.json" in present:
        check_time_words(root.joinpath("time_words.json"), errors)
    return report


def ensure_valid(pack: str | Path) -> None:
    """Raise :class:`RuleFileError` listing every error of ``pack`` (each ``FILE:LINE: message``);
    patterns are not timed here (a busy machine must not stop a pipeline from loading)."""
    report = check_pack(pack, time_patterns=False)
    if report.errors:
        count = len(report.errors)
        raise RuleFileError(f"rule pack {str(pack)!r} has {count} error{'s' if count > 1 else ''}:\n"
                            + "\n".join(report.errors))


def pack_place_rows(pack: str | Path) -> list[dict[str, str]]:
    """Gazetteer rows of a pack's optional ``places.tsv``; [] when it has none."""
    try:
        path = pack_path(pack).joinpath("places.tsv")
    except FileNotFoundError:
        return []
    if not path.is_file():
        return []
    errors: list[str] = []
    rows = check_places_tsv(path, errors)
    if errors:
        raise RuleFileError("\n".join(errors))
    return rows


# --------------------------------------------------------------------------- new packs
def new_pack(name: str, directory: str | Path = ".", source: str | Path | None = None) -> Path:
    """Write a new pack folder ``directory/name``: a copy of ``source`` (a pack to extend),
    else the bundled skeleton (one commented example in each file). Returns the folder."""
    if not _NAME.match(name):
        raise ValueError(f"bad pack name {name!r}: use letters, digits, '_', '-' and '.'")
    target = Path(directory) / name
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} already exists and is not empty")
    origin = pack_path(source if source is not None else SKELETON)
    target.mkdir(parents=True, exist_ok=True)
    for item in origin.iterdir():
        if item.is_file() and not item.name.startswith((".", "__")):
            (target / item.name).write_bytes(item.read_bytes())
    return target


def list_packs() -> list[str]:
    """Names of the bundled packs (``renovex pack list``)."""
    return bundled_packs()
