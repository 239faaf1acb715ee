"""The golden snapshot: every entity (label, offsets, rule, value) and every record renovex gives
on every corpus of ours, each article run dated (its ``published``) and undated.

A refactor keeps the snapshot identical; an accuracy change updates it on purpose, and the diff
(``git diff tests/golden/``) is read before the commit::

    python tests/golden.py            # compare, print the first differences (exit 1 if any)
    python tests/golden.py --update   # rewrite tests/golden/*.jsonl from the current code

``tests/test_golden.py`` runs the comparison. Only articles we wrote are snapshotted: the
real pages' texts are third-party and stay out of git.
"""
from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = Path(__file__).resolve().parent / "golden"
EXAMPLE_PACKS = ROOT / "examples" / "packs"


def corpora() -> list[tuple[str, Path, str | None]]:
    """(name, articles.jsonl, pack folder or None for the bundled pack) of every corpus with texts."""
    found = [(folder.name, folder / "articles.jsonl", None)
             for folder in sorted((ROOT / "tests" / "corpus").iterdir())
             if (folder / "articles.jsonl").is_file()]
    for pack in sorted(EXAMPLE_PACKS.iterdir()):
        if (pack / "corpus" / "articles.jsonl").is_file():
            found.append((f"pack-{pack.name}", pack / "corpus" / "articles.jsonl", str(pack)))
    return found


RULE_BODIES = frozenset({"patterns", "pattern", "phrases", "note"})
"""Fields of an entity value that repeat the rule's own data: the value's rule id already names it."""


def plain(value: Any) -> Any:
    """A JSON-ready, deterministic form of an entity value (dataclasses, dates, enums, sets)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)
                if field.name not in RULE_BODIES}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(item) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def snapshot_rows(name: str, articles_path: Path, pack: str | None) -> Iterator[dict]:
    from renovex.api import load, make_doc
    from renovex.pipeline.extensions import entities

    nlp = load(pack) if pack else load()
    for line in articles_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        for mode, published in (("dated", article.get("published")), ("undated", None)):
            if mode == "undated" and not article.get("published"):
                continue  # the dated run already is the undated one
            doc = nlp(make_doc(nlp, article["text"], published, article["id"]))
            where = {"id": article["id"], "mode": mode}
            yield {**where, "article": True}  # present even when nothing is found
            for span in entities(doc):
                yield {**where, "entity": [span.start_char, span.end_char, span.label_, span._.rule,
                                           plain(span._.value)]}
            for record in doc._.records:
                yield {**where, "record": record.to_dict()}


def current() -> dict[str, list[str]]:
    """File name -> snapshot lines, one file per corpus."""
    return {f"{name}.jsonl": [json.dumps(row, ensure_ascii=False, sort_keys=True)
                              for row in snapshot_rows(name, path, pack)]
            for name, path, pack in corpora()}


def committed() -> dict[str, list[str]]:
    return {path.name: path.read_text(encoding="utf-8").splitlines()
            for path in sorted(SNAPSHOT_DIR.glob("*.jsonl"))}


def differences(old: dict[str, list[str]], new: dict[str, list[str]], limit: int = 10) -> list[str]:
    """The lines that went (-) and came (+), file by file, in snapshot order."""
    out: list[str] = []
    for name in sorted(set(old) | set(new)):
        if name not in new or name not in old:
            out.append(f"{name}: {'no longer produced' if name not in new else 'new corpus, not in the snapshot'}")
            continue
        if old[name] == new[name]:
            continue
        was, now = set(old[name]), set(new[name])
        changed = [f"{name} - {line}" for line in old[name] if line not in now]
        changed += [f"{name} + {line}" for line in new[name] if line not in was]
        out += changed or [f"{name}: the same lines in another order or number"]
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot from the current code")
    args = parser.parse_args(argv)
    new = current()
    if args.update:
        SNAPSHOT_DIR.mkdir(exist_ok=True)
        for path in SNAPSHOT_DIR.glob("*.jsonl"):
            if path.name not in new:
                path.unlink()
        for name, lines in new.items():
            (SNAPSHOT_DIR / name).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        print(f"snapshot written: {sum(map(len, new.values()))} lines in {len(new)} files")
        return 0
    diff = differences(committed(), new, limit=40)
    print("\n".join(diff) if diff else "snapshot identical")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
