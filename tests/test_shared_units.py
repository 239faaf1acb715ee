"""A unit several metrics share (issue 15, item 1): roads built and roads maintained are both
km, tap-water coverage and toilet share both percent; each is chosen by its words in the
figure's clause, the first declared being the default."""
import json

import pytest

from renovex.api import build
from renovex.rules import check_pack

METRICS = {"metrics": {"$replace": {
    "roads_built": {"unit": "km", "description": "km of rural road built", "words": ["built", "new", "constructed"]},
    "roads_maintained": {"unit": "km", "words": ["maintained", "maintenance", "repaired"]},
    "tap_water_coverage": {"unit": "percent", "words": ["tap water"]},
    "toilet_share": {"unit": "percent", "words": ["sanitary toilets", "toilets"]},
    "villages": {"heads": ["villages"]},
}}}


@pytest.fixture(scope="module")
def rural(tmp_path_factory):
    pack = tmp_path_factory.mktemp("packs") / "rural"
    pack.mkdir()
    (pack / "pack.json").write_text(json.dumps({"extends": "renovation"}), encoding="utf-8")
    (pack / "metrics.json").write_text(json.dumps(METRICS), encoding="utf-8")
    (pack / "linking.json").write_text(json.dumps({"progress_rate_words": None}), encoding="utf-8")
    return pack


def metrics_of(nlp, text):
    return [(r.text, r.metric) for r in nlp(text)._.records]


def test_the_clause_words_choose_among_metrics_of_one_unit(rural):
    assert check_pack(str(rural)).ok
    nlp = build(str(rural))
    assert metrics_of(nlp, "In 2023, the county built 120 km of rural roads and maintained 2,000 km.") == [
        ("120 km of rural roads", "roads_built"), ("2,000 km", "roads_maintained")]
    assert metrics_of(nlp, "In 2023, tap water reached 92 percent of villages, and sanitary toilets 75 percent.") \
        == [("92 percent", "tap_water_coverage"), ("75 percent", "toilet_share")]


def test_without_its_words_a_figure_takes_the_first_declared_metric(rural):
    nlp = build(str(rural))
    assert metrics_of(nlp, "In 2023, the county finished 300 km of rural roads.") == [("300 km of rural roads", "roads_built")]


def test_pack_check_wants_words_on_a_metric_that_shares_a_unit(tmp_path):
    pack = tmp_path / "bad"
    pack.mkdir()
    (pack / "pack.json").write_text(json.dumps({"extends": "renovation"}), encoding="utf-8")
    bad = {"metrics": {"$replace": {"a_km": {"unit": "km"}, "b_km": {"unit": "km"}}}}
    (pack / "metrics.json").write_text(json.dumps(bad), encoding="utf-8")
    report = check_pack(str(pack))
    assert not report.ok and any("needs 'words' (or 'nouns'" in e for e in report.errors)


def test_words_after_a_comma_belong_to_the_next_clause(rural):
    nlp = build(str(rural))
    text = "In 2023, the county completed 1,620 km of rural roads, and maintenance teams were set up."
    assert metrics_of(nlp, text) == [("1,620 km of rural roads", "roads_built")]
