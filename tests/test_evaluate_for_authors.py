"""Scoring for pack authors (issue 15, item 4): malformed gold lines are named, not tracebacks;
scores per metric and the fields that went wrong are shown."""
import json

import pytest

from renovex.cli import main
from renovex.analysis.evaluate import RecordFileError, by_field, by_metric, read_records, score

ARTICLE = {"id": "a", "text": "In 2023, Hebei plans to renovate 1,250 old communities and install 300 elevators."}


def gold_line(**change):
    record = {"doc": "a", "kind": "plan", "metric": "communities", "value": 1250, "location": "Hebei",
              "period": {"start": 2023, "end": 2023}}
    record.update(change)
    return record


@pytest.mark.parametrize("change, message", [
    ({"period": [2023, 2023]}, 'period must be {"start": YEAR or null, "end": YEAR} or null, got [2023, 2023]'),
    ({"period": {"start": 2023}}, 'period must be {"start": YEAR or null, "end": YEAR} or null'),
    ({"period": {"start": "2023", "end": 2023}}, "period must be"),
    ({"kind": "goal"}, 'kind must be "plan" or "outcome", got "goal"'),
    ({"metric": None}, "metric must be a string, got null"),
    ({"also": {"location": "Shijiazhuang"}}, 'also must be a list of objects'),
    ({"optional": "yes"}, "optional must be true or false"),
])
def test_a_malformed_gold_line_is_named(tmp_path, change, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_line()) + "\n" + json.dumps(gold_line(**change)) + "\n", encoding="utf-8")
    with pytest.raises(RecordFileError) as error:
        read_records(path)
    assert str(error.value).startswith(f"{path}:2: ") and message in str(error.value)


def test_evaluate_reports_a_malformed_gold_line_without_a_traceback(tmp_path, capsys):
    (tmp_path / "articles.jsonl").write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold_line(period=[2023, 2023])) + "\n", encoding="utf-8")
    assert main(["evaluate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "gold.jsonl:1: period must be" in err and "Traceback" not in err


def test_scores_per_metric_and_the_fields_that_went_wrong():
    gold = [gold_line(), gold_line(metric="elevators", value=300), gold_line(metric="households", value=9)]
    pred = [gold_line(), gold_line(metric="elevators", value=300, location="Hubei")]
    metrics = by_metric(gold, pred)
    assert [(m, s.tp, s.fp, s.fn) for m, s in metrics.items()] == [
        ("communities", 1, 0, 0), ("elevators", 0, 1, 1), ("households", 0, 0, 1)]
    assert by_field(score(gold, pred)) == {"kind": 0, "location": 1, "period": 0}


def test_the_command_line_prints_both(tmp_path, capsys):
    (tmp_path / "articles.jsonl").write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(
        json.dumps(gold_line()) + "\n" + json.dumps(gold_line(metric="elevators", value=300)) + "\n",
        encoding="utf-8")
    assert main(["evaluate", str(tmp_path), "--by-metric"]) == 0
    out = capsys.readouterr().out
    assert "metric" in out and "communities" in out and "elevators" in out
    assert "wrong on quantity-level matches: kind 0, location 0, period 0" in out
