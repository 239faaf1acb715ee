"""Packs that extend another pack key by key (``pack.json``: ``{"extends": "renovation"}``).

A pack that extends a base holds only what it changes:

- a JSON file (``metrics.json``, ``quantity_words.json``, ``linking.json``, ``time_words.json``)
  is merged over the base's key by key, objects recursively: a key's value replaces the base's;
  ``null`` removes the key; ``{"$add": [...]}`` / ``{"$remove": [...]}`` add items to or remove
  them from the base's list; ``{"$replace": {...}}`` replaces an object whole;
- a JSONL file (``kind_cues.jsonl``, ``policy_terms.jsonl``, ``patterns.jsonl``,
  ``places.jsonl``): the base's lines, then the pack's; a line with the ``id`` of a base line
  replaces it, and ``{"id": ID, "remove": true}`` removes it;
- ``places.tsv``: the base's rows, then the pack's;
- a file the pack does not have is the base's.

The merged pack is written to a folder under the system's temporary directory (one per pack
and content, reused), so that every reader and ``pack check`` work on it as on any pack.
A base may itself extend another (at most :data:`MAX_DEPTH` levels; no circles).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["EXTENDS_FILE", "MAX_DEPTH", "PackExtendError", "merge_json", "merged_pack"]

EXTENDS_FILE = "pack.json"
MAX_DEPTH = 5
_JSON_FILES = ("metrics.json", "quantity_words.json", "linking.json", "time_words.json")
_JSONL_FILES = ("kind_cues.jsonl", "policy_terms.jsonl", "patterns.jsonl", "places.jsonl")
_TSV_FILES = ("places.tsv",)


class PackExtendError(ValueError):
    """A ``pack.json`` or a merge that cannot be done; the message names the file."""


def merge_json(base: Any, own: Any, where: str) -> Any:
    """``own`` merged over ``base`` (see the module for the operators)."""
    if isinstance(own, dict) and set(own) & {"$add", "$remove", "$replace"}:
        return _operator(base, own, where)
    if isinstance(own, dict) and isinstance(base, dict):
        merged = dict(base)
        for key, value in own.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = merge_json(merged[key], value, f"{where}.{key}")
            else:
                merged[key] = _plain(value, f"{where}.{key}")
        return merged
    return _plain(own, where)


def _operator(base: Any, own: dict, where: str) -> Any:
    unknown = set(own) - {"$add", "$remove", "$replace"}
    if unknown:
        raise PackExtendError(f"{where}: an operator object takes only $add, $remove or $replace, not {sorted(unknown)}")
    if "$replace" in own:
        if len(own) > 1:
            raise PackExtendError(f"{where}: $replace stands alone")
        return own["$replace"]
    if not isinstance(base, list):
        raise PackExtendError(f"{where}: $add and $remove change a list, but the base has {type(base).__name__}")
    removed = own.get("$remove", [])
    added = own.get("$add", [])
    if not isinstance(removed, list) or not isinstance(added, list):
        raise PackExtendError(f"{where}: $add and $remove take a list")
    missing = [item for item in removed if item not in base]
    if missing:
        raise PackExtendError(f"{where}: $remove: not in the base: {json.dumps(missing, ensure_ascii=False)}")
    return [item for item in base if item not in removed] + [item for item in added if item not in base]


def _plain(value: Any, where: str) -> Any:
    """A value with no operator left in it (an operator needs a base to work on)."""
    if isinstance(value, dict):
        if set(value) & {"$add", "$remove"}:
            raise PackExtendError(f"{where}: $add/$remove on a key the base does not have")
        if "$replace" in value:
            return value["$replace"]
        return {key: _plain(item, f"{where}.{key}") for key, item in value.items() if item is not None}
    return value


def _extends(folder: Path) -> str | None:
    path = folder / EXTENDS_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PackExtendError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("extends"), str) or set(data) - {"extends", "_doc"}:
        raise PackExtendError(f'{path}: must be {{"extends": "PACK"}} (a bundled pack name, or a folder '
                              f"relative to this pack), got {json.dumps(data)[:80]}")
    return data["extends"]


def merged_pack(folder: Path, resolve: Any, chain: tuple[str, ...] = ()) -> Path:
    """The folder of ``folder``'s pack merged over its base (``folder`` itself when it extends
    nothing). ``resolve(name_or_path)`` finds a base pack's folder (as ``renovex.core.resources.pack_path``)."""
    base_name = _extends(folder)
    if base_name is None:
        return folder
    key = str(folder.resolve())
    if key in chain:
        raise PackExtendError(f"{folder / EXTENDS_FILE}: packs extend each other in a circle: "
                              f"{' -> '.join(chain + (key,))}")
    if len(chain) >= MAX_DEPTH:
        raise PackExtendError(f"{folder / EXTENDS_FILE}: more than {MAX_DEPTH} levels of extends")
    relative = folder / base_name
    base = Path(str(resolve(relative if relative.is_dir() else base_name)))
    base = merged_pack(base, resolve, chain + (key,))
    return _materialise(folder, base)


def _materialise(folder: Path, base: Path) -> Path:
    files = sorted({p.name for p in base.iterdir() if p.is_file()} | {p.name for p in folder.iterdir() if p.is_file()})
    files = [name for name in files if name != EXTENDS_FILE]
    digest = hashlib.sha256()
    for root in (base, folder):
        for name in files:
            path = root / name
            if path.is_file():
                digest.update(f"{root}/{name}\0".encode())
                digest.update(path.read_bytes())
    target = Path(tempfile.gettempdir()) / "renovex-packs" / f"{folder.name}-{digest.hexdigest()[:16]}"
    if (target / ".complete").is_file():
        return target
    staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}-", dir=_parent(target)))
    for name in files:
        own, inherited = folder / name, base / name
        text = _merged_text(name, inherited if inherited.is_file() else None, own if own.is_file() else None)
        (staging / name).write_text(text, encoding="utf-8")
    (staging / ".complete").write_text("", encoding="utf-8")
    try:
        os.replace(staging, target)  # another process may have made it first: then use theirs
    except OSError:
        pass
    return target if (target / ".complete").is_file() else staging


def _parent(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent


def _merged_text(name: str, base: Path | None, own: Path | None) -> str:
    if own is None:
        return base.read_text(encoding="utf-8")  # type: ignore[union-attr]
    if base is None:
        return own.read_text(encoding="utf-8")
    if name in _JSON_FILES:
        merged = merge_json(_load(base), _load(own), str(own))
        return json.dumps(merged, ensure_ascii=False, indent=1) + "\n"
    if name in _JSONL_FILES:
        return _merged_lines(base, own)
    if name in _TSV_FILES:
        own_lines = own.read_text(encoding="utf-8").splitlines()
        return base.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(own_lines[1:]) + "\n"
    return own.read_text(encoding="utf-8")


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PackExtendError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None


def _merged_lines(base: Path, own: Path) -> str:
    entries: dict[Any, str] = {}
    order: list[Any] = []
    for path in (base, own):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "//")):
                continue
            try:
                data = json.loads(stripped)
            except json.JSONDecodeError as error:
                raise PackExtendError(f"{path}:{number}: not valid JSON: {error.msg}") from None
            key = data.get("id") if isinstance(data, dict) and data.get("id") is not None else (path, number)
            if path == own and isinstance(data, dict) and data.get("remove") is True:
                if key not in entries:
                    raise PackExtendError(f"{path}:{number}: removes {key!r}, which the base does not have")
                del entries[key]
                continue
            if key not in entries:
                order.append(key)
            entries[key] = stripped
    return "".join(entries[key] + "\n" for key in order if key in entries)
