"""Metrics chosen by words elsewhere in the figure's clause (issue 15, item 1 / obstacle 4):
verbs in all their forms, words that count only before or only after the figure, a head noun
that several metrics share, a clause that ends at ", and", and the tie-break pack check explains."""
import json
import re

import pytest

from renovex.api import build
from renovex.engines.metric_choice import Chooser, choose, verb_forms
from renovex.rules import check_pack

METRICS = {"metrics": {"$replace": {
    "roads_built": {"unit": "km", "words": ["built", "new"]},
    "roads_kept": {"unit": "km", "verbs": ["resurface", "patch"]},
    "tap_water_coverage": {"unit": "percent", "words": ["tap water"]},
    "toilet_share": {"unit": "percent", "words": ["sanitary toilets"]},
    "toilets": {"heads": ["toilets", "households"],
                "clause_words": {"before": ["toilet renovation", "toilet reform"]}},
    "households": {"heads": ["households"]},
}}}


def make_pack(root, metrics):
    root.mkdir()
    (root / "pack.json").write_text(json.dumps({"extends": "renovation"}), encoding="utf-8")
    (root / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    (root / "linking.json").write_text(json.dumps({"progress_rate_words": None}), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    return build(str(make_pack(tmp_path_factory.mktemp("packs") / "choice", METRICS)))


def metrics_of(nlp, text):
    return [(r.text, r.metric) for r in nlp(text)._.records]


def test_a_verb_chooses_in_any_of_its_forms(nlp):
    assert metrics_of(nlp, "In 2023, crews were resurfacing 300 km of village roads.") == [
        ("300 km of village roads", "roads_kept")]
    assert metrics_of(nlp, "In 2023, 45 km of roads were patched.") == [("45 km of roads", "roads_kept")]
    assert set(verb_forms("patch")) == {"patch", "patches", "patched", "patching"}


def test_a_head_noun_two_metrics_share_goes_by_the_words_before_it(nlp):
    assert metrics_of(nlp, "In 2023, the county carried out toilet renovation for 12,000 households.") == [
        ("12,000 households", "toilets")]
    assert metrics_of(nlp, "In 2023, 12,000 households in the county gained tap water.") == [
        ("12,000 households", "households")]


def test_clause_words_before_do_not_count_after_the_figure(nlp):
    assert metrics_of(nlp, "In 2023, 8,000 households joined the toilet reform.") == [
        ("8,000 households", "households")]


def test_a_clause_ends_at_comma_and(nlp):
    text = "In 2023, tap water reached 92 percent of villages, and 75 percent of households had sanitary toilets."
    assert metrics_of(nlp, text) == [("92 percent", "tap_water_coverage"), ("75 percent", "toilet_share")]


def test_the_tie_break_is_the_metric_declared_first():
    word = re.compile(r"roads")
    first, second = Chooser("first", word, None, None), Chooser("second", word, None, None)
    assert choose("repaired roads 20 km", 15, 20, [first, second]) == ("first", "roads")
    assert choose("repaired roads 20 km", 15, 20, [second, first]) == ("second", "roads")


def test_pack_check_explains_the_choice(tmp_path, capsys):
    from renovex.cli.commands.pack import cmd_check

    pack = make_pack(tmp_path / "choice", METRICS)
    assert cmd_check(__import__("argparse").Namespace(pack=str(pack))) == 0
    out = capsys.readouterr().out
    assert "head 'households': households by default; toilets (by 'toilet renovation' before" in out
    assert "unit 'km': roads_built by default; roads_kept (by verb 'resurface'" in out
    assert "tie-break: the metric whose word stands nearest the figure in its clause wins" in out


def test_pack_check_names_file_and_key_of_bad_choice_words(tmp_path):
    bad = {"metrics": {"$replace": {
        "households": {"heads": ["households"]},
        "toilets": {"heads": ["households"], "clause_words": {"inside": ["toilet"]}},
        "villages": {"heads": ["villages"], "verbs": ["connect"]},
    }}}
    report = check_pack(str(make_pack(tmp_path / "bad", bad)))
    assert any("metrics.json" in e and "metrics.toilets.clause_words" in e and "inside" in e for e in report.errors)
    assert any("metrics.villages.verbs" in e and "shares neither" in e for e in report.errors)
