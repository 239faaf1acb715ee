"""Packs that extend another key by key (issue 15, item 3): a pack holds only what it changes."""
import json

import pytest

from renovex.api import build
from renovex.core.pack_extends import PackExtendError, merge_json
from renovex.core.resources import pack_path
from renovex.rules import check_pack


def test_merge_replaces_removes_adds_and_recurses():
    base = {"a": 1, "b": [1, 2, 3], "c": {"x": 1, "y": 2}, "d": "gone"}
    own = {"a": 5, "b": {"$add": [4], "$remove": [1]}, "c": {"y": 3, "z": 4}, "d": None, "e": [9]}
    assert merge_json(base, own, "f") == {"a": 5, "b": [2, 3, 4], "c": {"x": 1, "y": 3, "z": 4}, "e": [9]}
    assert merge_json({"c": {"x": 1}}, {"c": {"$replace": {"q": 1}}}, "f") == {"c": {"q": 1}}
    with pytest.raises(PackExtendError, match=r"f\.b: \$remove: not in the base: \[7\]"):
        merge_json(base, {"b": {"$remove": [7]}}, "f")
    with pytest.raises(PackExtendError, match=r"f\.a: \$add and \$remove change a list"):
        merge_json(base, {"a": {"$add": [1]}}, "f")


def write(folder, name, content):
    folder.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def bridges(tmp_path):
    pack = tmp_path / "bridges"
    write(pack, "pack.json", {"extends": "renovation"})
    write(pack, "metrics.json", {"metrics": {"bridges": {"heads": ["bridges"], "description": "bridges"}}})
    write(pack, "kind_cues.jsonl",
          json.dumps({"id": "plan.slated", "kind": "plan", "pattern": "slated for repair", "direction": "backward",
                      "strength": "strong"}) + "\n")
    write(pack, "linking.json", {"weak_penalty": 90})
    return pack


def test_an_extending_pack_adds_a_metric_and_keeps_everything_else(bridges):
    assert check_pack(str(bridges)).ok
    merged = pack_path(str(bridges))
    metrics = json.loads((merged / "metrics.json").read_text(encoding="utf-8"))["metrics"]
    assert "bridges" in metrics and "communities" in metrics
    linking = json.loads((merged / "linking.json").read_text(encoding="utf-8"))
    assert linking["weak_penalty"] == 90 and "terminators" in linking
    nlp = build(str(bridges))
    records = nlp("In 2023, Hebei will renovate 300 old communities. 120 bridges are slated for repair.")._.records
    assert [(r.metric, r.kind) for r in records] == [("communities", "plan"), ("bridges", "plan")]


def test_a_line_can_remove_a_base_cue(bridges):
    base = pack_path("renovation").joinpath("kind_cues.jsonl").read_text(encoding="utf-8")
    first_id = next(json.loads(line)["id"] for line in base.splitlines() if line.startswith("{"))
    write(bridges, "kind_cues.jsonl", json.dumps({"id": first_id, "remove": True}) + "\n")
    merged = pack_path(str(bridges)).joinpath("kind_cues.jsonl").read_text(encoding="utf-8")
    assert f'"id": "{first_id}"' not in merged and merged.count("\n") == base.count('{"id"') - 1
    write(bridges, "kind_cues.jsonl", json.dumps({"id": "no.such.cue", "remove": True}) + "\n")
    report = check_pack(str(bridges))
    assert not report.ok and "kind_cues.jsonl:1: removes 'no.such.cue', which the base does not have" in report.errors[0]


def test_circles_and_bad_pack_files_are_named(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write(a, "pack.json", {"extends": "../b"})
    write(b, "pack.json", {"extends": "../a"})
    report = check_pack(str(a))
    assert not report.ok and "extend each other in a circle" in report.errors[0]
    write(a, "pack.json", {"extend": "renovation"})
    report = check_pack(str(a))
    assert not report.ok and 'must be {"extends": "PACK"}' in report.errors[0]
