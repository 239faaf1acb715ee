"""Read the rule data that ships inside the package (``importlib.resources``, never ``__file__``)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

DEFAULT_PACK = "renovation"


class RuleFileError(ValueError):
    """A rule file could not be read; the message names the file and the line."""


def check_object(data: Any, where: str, what: str, allowed: tuple[str, ...]) -> None:
    """Reject a rule that is not a JSON object or has keys outside ``allowed`` (named in the
    message, with ``where``: file:line)."""
    if not isinstance(data, dict):
        raise RuleFileError(f"{where}: a {what} must be a JSON object, not {type(data).__name__}")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise RuleFileError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
                            f"{', '.join(map(repr, unknown))} in {what} (allowed: {', '.join(allowed)})")


def pack_path(pack: str | Path = DEFAULT_PACK):
    """A bundled pack by name, or a folder on disk by path; a folder whose ``pack.json``
    extends another pack is merged over it first (:mod:`renovex.core.pack_extends`)."""
    folder = _pack_folder(pack)
    if isinstance(folder, Path) and folder.joinpath("pack.json").is_file():
        from .pack_extends import merged_pack

        return merged_pack(folder, _pack_folder)
    return folder


def _pack_folder(pack: str | Path):
    """The folder of a pack as it is on disk or in the package (nothing merged)."""
    candidate = Path(pack)
    if candidate.is_dir():
        return candidate
    name = str(pack)
    if not name or name.startswith(".") or any(sep in name for sep in ("/", "\\", ":")):
        # a bundled pack is a plain name: "../x" must not reach outside renovex/packs
        raise FileNotFoundError(f"no rule pack folder {name!r}, and it is not the name of a bundled pack "
                                f"({', '.join(bundled_packs())})")
    bundled = resources.files("renovex").joinpath("packs").joinpath(str(pack))
    if not bundled.is_dir():
        raise FileNotFoundError(f"no rule pack named {pack!r} (bundled packs: {', '.join(bundled_packs())})")
    return bundled


def bundled_packs() -> list[str]:
    root = resources.files("renovex").joinpath("packs")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def data_file(name: str):
    """A file of ``renovex/data`` (shared by all packs: the gazetteer)."""
    return resources.files("renovex").joinpath("data").joinpath(name)


def read_json(path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RuleFileError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None


def read_jsonl(path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, object)`` for each non-blank, non-comment line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("//"):
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise RuleFileError(f"{path}:{number}: not valid JSON: {error.msg}") from None


def parse_unique(lines: Iterable[tuple[int, dict]], source: str, make: Callable[..., T]) -> list[T]:
    """``make(data, where=FILE:LINE)`` for each ``(line number, object)`` of a JSONL rule file;
    two rules with one id are an error naming both lines."""
    made: list[T] = []
    seen: dict[str, int] = {}
    for number, data in lines:
        item = make(data, where=f"{source}:{number}")
        item_id = getattr(item, "id")
        if item_id in seen:
            raise RuleFileError(f"{source}:{number}: duplicate id {item_id!r} (first on line {seen[item_id]})")
        seen[item_id] = number
        made.append(item)
    return made


INHERITED_FILES = ("quantity_words.json", "linking.json")
"""Pack files that hold domain-free English (number words, units, clause boundaries): a pack
without its own copy uses the bundled default pack's."""


def pack_file(pack: str | Path, name: str):
    """File ``name`` of ``pack``; for ``INHERITED_FILES`` the default pack's when the pack has none."""
    path = pack_path(pack).joinpath(name)
    if name in INHERITED_FILES and not path.is_file():
        return pack_path(DEFAULT_PACK).joinpath(name)
    return path
