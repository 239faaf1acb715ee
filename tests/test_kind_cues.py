"""Kind cues are validated rule objects loaded from the pack."""
import pytest

from renovex.pipeline.components.records import load_link_rules
from renovex.engines.linking import KindCue, LinkRules


def test_bundled_cues_load_and_round_trip():
    rules = load_link_rules()
    cues = [KindCue.from_dict(c) for c in rules["cues"]]
    assert {c.kind for c in cues} == {"plan", "outcome"}
    assert all(KindCue.from_dict(c.to_dict()) == c for c in cues)
    assert LinkRules.from_dict(rules).weak_cue_ids == {c.id for c in cues if c.strength == "weak"}


@pytest.mark.parametrize("data,message", [
    ({"id": "x", "kind": "plan", "direction": "forward", "pattern": "will", "scope": "clause"}, "unknown keys"),
    ({"id": "x", "kind": "plan", "pattern": "will"}, "missing keys"),
    ({"id": "x", "kind": "maybe", "direction": "forward", "pattern": "will"}, "kind must be one of"),
    ({"id": "x", "kind": "plan", "direction": "forward", "pattern": "(unclosed"}, "bad pattern"),
])
def test_bad_cues_are_refused_with_the_reason(data, message):
    with pytest.raises(ValueError, match=message):
        KindCue.from_dict(data, "kind_cues.jsonl:3")


def test_a_cue_counts_inside_the_figure_only_when_it_says_so():
    cue = KindCue.from_dict({"id": "x", "kind": "plan", "direction": "both", "pattern": "planned"})
    assert cue.inside is False and cue.strength == "strong"
