"""Every entity and record on our corpora equals the committed snapshot (tests/golden/).

A refactor must keep it identical. An accuracy change updates it on purpose with
``python tests/golden.py --update`` and the diff is read before committing."""
from __future__ import annotations

import json

import golden


def test_snapshot_is_unchanged(nlp) -> None:
    diff = golden.differences(golden.committed(), golden.current())
    assert not diff, "output changed; if intended, run python tests/golden.py --update and read the diff:\n" + \
        "\n".join(diff)


def test_snapshot_covers_every_corpus_dated_and_undated() -> None:
    files = golden.committed()
    assert set(files) == {f"{name}.jsonl" for name, _, _ in golden.corpora()}
    modes = {row["mode"] for lines in files.values() for row in map(json.loads, lines)}
    assert modes == {"dated", "undated"}


def test_differences_name_the_lines_that_went_and_came() -> None:
    old = {"c.jsonl": ['{"a": 1}', '{"b": 2}']}
    assert golden.differences(old, {"c.jsonl": ['{"a": 1}', '{"b": 3}']}) == \
        ['c.jsonl - {"b": 2}', 'c.jsonl + {"b": 3}']
    assert golden.differences(old, {"c.jsonl": ['{"b": 2}', '{"a": 1}']}) == \
        ["c.jsonl: the same lines in another order or number"]
    assert golden.differences(old, {}) == ["c.jsonl: no longer produced"]
    assert golden.differences(old, old) == []
