"""Why and why not (issue 14): each quantity that is not a record says why, in doc._.dropped
and in `renovex why`, beside the records with their rules and words."""
import json

import pytest

import renovex
from renovex.api import process
from renovex.cli import main
from renovex.engines.linking import DROP_REASONS

TEXT = ("Hebei held 3 meetings. In 2022, Hebei plans to renovate 1,200 old communities, benefiting "
        "150,000 households. Hebei will renovate 1,200 old communities in 2022, the report said. "
        "GDP grew by 5 percent.")


def dropped(text, **kwargs):
    doc = process(renovex.load(), text, **kwargs)
    return [(d["text"], d["reason"]) for d in doc._.dropped]


def test_each_quantity_that_is_not_a_record_has_its_reason():
    assert dropped(TEXT) == [("3 meetings", "no_metric"), ("1,200 old communities", "repeat"),
                             ("5 percent", "other_subject")]


def test_a_page_about_something_else_drops_every_figure():
    text = " ".join(f"The team scored {n} goals in the match." for n in range(2, 9))
    reasons = {reason for _, reason in dropped(text)}
    assert reasons == {"off_topic_page"}


def test_dropped_offsets_survive_a_text_in_pieces():
    filler = "The weather was fine and the market was busy. " * 2500
    text = filler + "\n\n" + TEXT
    doc = process(renovex.load(), text)
    assert [d["text"] for d in doc._.dropped] == ["3 meetings", "1,200 old communities", "5 percent"]
    assert all(text[d["start"]:d["end"]] == d["text"] for d in doc._.dropped)


def test_every_reason_is_explained_in_the_docs():
    from pathlib import Path

    glossary = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"| `{reason}` |" in glossary for reason in DROP_REASONS)


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": TEXT, "published": "2022-03-01"}) + "\n", encoding="utf-8")
    return path


def test_why_prints_records_with_their_words_and_the_others_with_their_reason(feed, capsys):
    assert main(["why", str(feed)]) == 0
    out = capsys.readouterr().out
    assert "a1  (published 2022-03-01)" in out
    assert "'3 meetings' at 11: not a record: no_metric" in out
    assert "'1,200 old communities' at 56: plan record" in out
    assert 'cue:plan.plans_to' in out and '"plans to" at 38' in out
    assert "not a record: repeat" in out and "not a record: other_subject" in out


def test_why_json_for_one_figure(feed, capsys):
    assert main(["why", str(feed), "--figure", "HOUSEHOLDS", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    figure = json.loads(line)
    assert figure["doc"] == "a1" and figure["status"] == "record" and figure["text"] == "150,000 households"
    assert figure["fields"]["kind"] == {"value": "plan", "rule": "qualifier_of_head",
                                        "words": {"start": 38, "end": 46, "text": "plans to"}}


def test_why_says_when_nothing_matched(feed, capsys):
    assert main(["why", str(feed), "--figure", "elevators"]) == 0
    assert "no figure matched" in capsys.readouterr().err
