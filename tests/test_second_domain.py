"""A second, unrelated domain -- school construction -- from a rule pack alone.

``examples/packs/school_construction`` is a pack folder (metrics, cues, terms, an extra
place, token patterns); ``corpus/`` holds four articles written for it and their expected
records in the gold format of the evaluation corpus. Nothing in ``renovex/`` knows schools:
the records below come from the pack files through the same code as renovation records.
"""
import json
from pathlib import Path

import pytest

import renovex
from renovex.cli import main
from renovex.pipeline.extensions import entities
from renovex.rules import check_pack

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "examples" / "packs" / "school_construction"
CORPUS = PACK / "corpus"
ARTICLES = [json.loads(line) for line in (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
GOLD = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
FIELDS = ("kind", "location", "province", "period", "approx", "value_max")


@pytest.fixture(scope="module")
def school_nlp():
    return renovex.load(str(PACK))  # by path; the CLI test below reuses this cached pipeline


@pytest.fixture(scope="module")
def predicted(school_nlp):
    return [record.to_dict() for records in renovex.extract_many(ARTICLES, nlp=school_nlp) for record in records]


def _same_fact(gold: dict, record: dict) -> bool:
    """Same article, metric and value (within the scorer's 0.5%)."""
    close = abs(gold["value"] - record["value"]) <= 0.005 * max(abs(gold["value"]), abs(record["value"]))
    return (gold["doc"], gold["metric"]) == (record["doc"], record["metric"]) and close


def test_the_pack_is_valid_and_inherits_the_domain_free_files():
    report = check_pack(PACK)
    assert report.ok, report.errors
    assert report.counts == {"metrics": 8, "cues": 11, "policy terms": 3, "extra places": 1, "token patterns": 2}
    # linking.json is its own: the bundled one's without progress_rate_words (a percentage is
    # a level to reach in this domain, not only a rate of progress)
    assert report.inherited == ["quantity_words.json"]


@pytest.mark.parametrize("gold", GOLD, ids=[f"{g['doc']}:{g['metric']}={g['value']:g}" for g in GOLD])
def test_each_expected_record_is_extracted(gold, predicted):
    found = [r for r in predicted if _same_fact(gold, r)]
    assert len(found) == 1, found
    assert {k: found[0][k] for k in FIELDS} == {k: gold[k] for k in FIELDS}, found[0]["rules"]


def test_no_record_beyond_the_expected_ones(predicted):
    extra = [r for r in predicted if not any(_same_fact(g, r) for g in GOLD)]
    assert extra == [] and len(predicted) == len(GOLD)


def test_records_say_which_pack_rules_decided(predicted):
    by_value = {r["value"]: r for r in predicted}
    assert by_value[12]["rules"]["kind"] == "cue:plan.will" and by_value[12]["terms"] == ["programme.school_construction"]
    assert by_value[1350]["rules"]["kind"] == "cue:outcome.perfect"
    assert by_value[9]["rules"]["location"] == "clause_before"  # "the new area": Xiong'an from places.tsv


def test_evaluate_command_scores_the_example_corpus(school_nlp, capsys):
    assert main(["evaluate", str(CORPUS), "--pack", str(PACK), "--json", "--fail-under", "0.95"]) == 0
    scores = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert scores["full"]["f1"] == 1.0


def test_pack_entities_extra_place_and_project_name(school_nlp):
    doc = school_nlp(ARTICLES[0]["text"])
    places = {(s.text, s._.value.code) for s in entities(doc, "PLACE")}
    assert ("Xiong'an New Area", "U13001") in places
    assert [(s.text, s._.rule) for s in entities(doc, "PROJECT")] == [("Beijing Support Schools Project", "project.named")]


def test_the_pack_replaces_the_renovation_metrics(school_nlp):
    text = "In 2024, Hebei will renovate 300 old communities and build 20 schools."
    records = renovex.extract(text, published="2024-01-01", nlp=school_nlp)
    assert [(r.metric, r.value, r.kind, r.location) for r in records] == [("schools", 20, "plan", "Hebei")]


def test_no_code_names_the_example_domain():
    words = ("school", "classroom", "kindergarten", "teacher", "pupil")
    for path in (ROOT / "renovex").rglob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        assert not [w for w in words if w in text], path
