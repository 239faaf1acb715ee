"""The cross-article fact table: renovex.consolidate and `renovex consolidate`."""
import csv
import io
import json
import runpy
from pathlib import Path

import pytest

import renovex
from renovex.cli import main
from renovex.analysis.facts import CSV_COLUMNS, consolidate, last_digit_unit, value_interval
from renovex.core.records import Record


def rec(doc="a", kind="plan", metric="communities", value=1000, location="Anhui", period=(2023, 2023), **extra):
    """A record dict as `renovex extract` writes it, with only what a test needs."""
    data = {"doc": doc, "kind": kind, "metric": metric, "value": value, "value_max": None, "approx": None,
            "location": location, "province": location, "as_of": None, "text": f"{value:,}", "start": 0,
            "end": len(f"{value:,}"), "sentence": ""}
    data["period"] = {"start": period[0], "end": period[1]} if period else None
    data.update(extra)
    return data


def in_sentence(doc, sentence, figures):
    """Records of one sentence: ``figures`` are (text, metric, value, extra) with text found in the sentence."""
    out = []
    for text, metric, value, extra in figures:
        start = sentence.index(text)
        out.append(rec(doc=doc, kind=extra.pop("kind", "outcome"), metric=metric, value=value, text=text,
                       start=start, end=start + len(text), sentence=sentence, **extra))
    return out


# ---------------------------------------------------------------- values

@pytest.mark.parametrize("value, unit", [
    (230000, 10000), (1022400, 100), (1020000, 10000), (1506, 1), (98.34, 0.01), (90, 10), (2.5, 0.1), (0, 1),
])
def test_last_digit_unit(value, unit):
    assert last_digit_unit(value) == pytest.approx(unit)


@pytest.mark.parametrize("value, approx, interval", [
    (230000, None, (230000, 230000)),
    (230000, "more_than", (230000, 240000)),
    (230000, "at_least", (230000, 240000)),
    (230000, "nearly", (220000, 230000)),
    (230000, "up_to", (220000, 230000)),
    (230000, "less_than", (220000, 230000)),
    (230000, "about", (225000, 235000)),
])
def test_value_interval_follows_the_approx_direction(value, approx, interval):
    assert value_interval(value, None, approx) == pytest.approx(interval)


# ---------------------------------------------------------------- merging

def test_same_fact_in_two_wordings_is_one_agreed_fact_with_the_precise_value():
    table = consolidate([rec(doc="a", metric="households", value=1020000, text="1.02 million households"),
                         rec(doc="b", metric="households", value=1022400, text="1,022,400 households")])
    [fact] = table.facts
    assert (fact.status, fact.value, fact.docs) == ("agreed", 1022400, ["a", "b"])
    assert [s.text for s in fact.sources] == ["1.02 million households", "1,022,400 households"]


@pytest.mark.parametrize("approx, rounded, precise, status", [
    ("more_than", 230000, 231500, "agreed"),
    ("more_than", 230000, 250000, "conflict"),    # 250,000 would be "more than 250,000"
    ("about", 230000, 233000, "agreed"),
    ("nearly", 230000, 226000, "agreed"),
    ("nearly", 230000, 231500, "agreed"),          # 0.65% above: within the 1% tolerance
    ("nearly", 230000, 240000, "conflict"),
])
def test_an_approximation_matches_precise_values_on_its_side(approx, rounded, precise, status):
    table = consolidate([rec(doc="a", value=rounded, approx=approx), rec(doc="b", value=precise)])
    assert [f.status for f in table] == [status]
    if status == "agreed":
        assert table[0].value == precise and table[0].approx is None


def test_tolerance_is_configurable():
    records = [rec(doc="a", value=1000000), rec(doc="b", value=1022400)]
    assert consolidate(records)[0].status == "conflict"
    assert consolidate(records, tolerance=0.05)[0].status == "agreed"
    assert consolidate([rec(doc="a", value=1000), rec(doc="b", value=1001)], tolerance=0)[0].status == "conflict"


def test_conflict_keeps_the_majority_value_and_lists_the_others():
    table = consolidate([rec(doc="a", value=1250), rec(doc="b", value=1250, approx="about"),
                         rec(doc="c", value=1400)])
    [fact] = table.facts
    assert (fact.status, fact.value, fact.approx) == ("conflict", 1250, None)
    assert [(g.value, g.docs) for g in fact.conflicts] == [(1400, ["c"])]
    assert len(fact.sources) == 3
    assert fact.to_row()["conflicting_values"] == "1400 (c)"


def test_one_article_repeating_a_figure_is_single_with_both_sources():
    [fact] = consolidate([rec(doc="a", start=0, end=5), rec(doc="a", start=90, end=95)])
    assert fact.status == "single" and len(fact.sources) == 2


@pytest.mark.parametrize("change", [
    {"location": "Hubei"}, {"metric": "households"}, {"kind": "outcome"}, {"period": (2022, 2022)},
    {"as_of": "2023-06-30"},
])
def test_a_different_place_metric_kind_period_or_cutoff_is_another_fact(change):
    table = consolidate([rec(doc="a"), rec(doc="b", **change)])
    assert len(table) == 2 and all(f.status == "single" for f in table)


def test_figures_without_a_place_are_not_merged_across_articles():
    unknown = {"location": None}
    table = consolidate([rec(doc="a", **unknown), rec(doc="b", **unknown), rec(doc="b", **unknown)])
    assert sorted(len(f.sources) for f in table) == [1, 2]


def test_figures_of_a_place_without_a_time_merge_only_on_the_same_value():
    # (issue 14: undated copies of one figure are one fact; another value is another fact)
    table = consolidate([rec(doc="a", period=None), rec(doc="b", period=None), rec(doc="c", period=None, value=2000)])
    assert sorted(len(f.sources) for f in table) == [1, 2]


def test_facts_are_sorted_by_place_metric_period_and_plan_first():
    table = consolidate([rec(location="Yunnan"), rec(kind="outcome", location="Anhui"), rec(location=None),
                         rec(location="Anhui")])
    assert [(f.id, f.place, f.kind) for f in table] == [("F1", "Anhui", "plan"), ("F2", "Anhui", "outcome"),
                                                         ("F3", "Yunnan", "plan"), ("F4", None, "plan")]


# ---------------------------------------------------------------- outcome -> plan

def test_outcome_of_the_same_period_is_linked_with_its_completion():
    table = consolidate([rec(doc="a", value=1506), rec(doc="b", value=1506),
                         rec(doc="c", kind="outcome", value=1481, as_of="2021-12-31")])
    outcome = table.select(kind="outcome")[0]
    assert (outcome.plan_id, outcome.link_rule) == ("F1", "same_period")
    assert outcome.completion == pytest.approx(1481 / 1506)


def test_cutoff_date_links_to_the_plan_of_its_year_before_the_five_year_plan():
    table = consolidate([rec(value=8000, period=(2021, 2025)), rec(value=1500, period=(2023, 2023)),
                         rec(doc="b", kind="outcome", value=1200, period=None, as_of="2023-08-31")])
    outcome = table.select(kind="outcome")[0]
    assert (outcome.plan_value, outcome.link_rule, outcome.completion) == (1500, "as_of_in_period", 0.8)


def test_midway_cutoff_is_not_compared_with_a_five_year_plan_but_its_last_year_is():
    plan = rec(value=8000, period=(2021, 2025))
    midway = consolidate([plan, rec(doc="b", kind="outcome", value=1200, period=None, as_of="2023-08-31")])
    assert midway.select(kind="outcome")[0].plan_id is None
    final = consolidate([plan, rec(doc="b", kind="outcome", value=7900, period=None, as_of="2025-12-31")])
    assert final.select(kind="outcome")[0].completion == pytest.approx(7900 / 8000)


def test_cumulative_outcome_from_the_plans_first_year_is_linked():
    table = consolidate([rec(value=8000, period=(2021, 2025)),
                         rec(doc="b", kind="outcome", value=5000, period=(2021, 2023)),
                         rec(doc="c", kind="outcome", value=900, period=(2022, 2023))])
    linked = {f.value: (f.link_rule, f.completion) for f in table.select(kind="outcome")}
    assert linked == {5000: ("cumulative", 0.625), 900: (None, None)}


def test_outcome_and_plan_without_period_link_only_within_one_article():
    table = consolidate([rec(doc="e", value=1500, period=None),
                         rec(doc="e", kind="outcome", value=1200, period=None, as_of="2023-08-31"),
                         rec(doc="f", kind="outcome", value=700, period=None, as_of="2023-09-30")])
    by_value = {f.value: f for f in table.select(kind="outcome")}
    assert (by_value[1200].link_rule, by_value[1200].completion) == ("same_article", 0.8)
    assert by_value[700].plan_id is None


def test_no_link_across_places_or_metrics():
    table = consolidate([rec(value=1500), rec(doc="b", kind="outcome", value=1200, location="Hubei"),
                         rec(doc="c", kind="outcome", value=1200, metric="buildings")])
    assert [f.plan_id for f in table.select(kind="outcome")] == [None, None]
    assert table.summary()["linked_outcomes"] == 0


# ---------------------------------------------------------------- percentage checks

PART_OF_WHOLE = "By the end of June, 1,481 of the 1,506 old communities in Anhui had started work, {pct}."


@pytest.mark.parametrize("pct, value, approx, agrees", [
    ("98.34%", 98.34, None, True),
    ("98.3%", 98.3, None, True),         # 98.34 rounds to 98.3
    ("98%", 98, None, True),
    ("98.4%", 98.4, None, False),        # beyond half a unit of the last digit (0.05)
    ("98.33%", 98.33, None, False),
    ("99%", 99, None, False),
    ("more than 98%", 98, "more_than", True),
    ("more than 99%", 99, "more_than", False),
    ("nearly 99%", 99, "nearly", True),
    ("about 98.3%", 98.3, "about", True),
])
def test_stated_percentage_is_checked_against_part_of_whole(pct, value, approx, agrees):
    sentence = PART_OF_WHOLE.format(pct=f"a start rate of {pct}")
    records = in_sentence("a", sentence, [("1,481", "communities", 1481, {}),
                                          ("1,506 old communities", "communities", 1506, {"kind": "plan"}),
                                          (pct, "percent", value, {"approx": approx})])
    table = consolidate(records)
    [check] = table.percent_checks
    assert check.rule == "part_whole_between"
    assert (check.part, check.whole) == (1481, 1506)
    assert check.computed == pytest.approx(98.33997, abs=1e-4)
    assert check.agrees is agrees
    percent_fact = table[check.fact_id]
    assert percent_fact.metric == "percent"
    assert percent_fact.percent_check == ("agrees" if agrees else "disagrees")
    assert table.summary()["percent_disagreements"] == (0 if agrees else 1)


def test_whole_first_and_of_them_patterns():
    first = in_sentence("a", "Of the 1,500 old communities in Anhui, 1,200 were finished, 85% of the total.",
                        [("1,500 old communities", "communities", 1500, {"kind": "plan"}),
                         ("1,200", "communities", 1200, {}), ("85%", "percent", 85, {})])
    plan = "Anhui plans to renovate 1,506 old communities in 2021."
    progress = "Work had started on 1,481 of them, accounting for 98.34% of the target."
    anaphora = in_sentence("b", plan, [("1,506 old communities", "communities", 1506, {"kind": "plan"})])
    shifted = in_sentence("b", progress, [("1,481", "communities", 1481, {"rules": {"metric": "bare:refers_to:1506"}}),
                                          ("98.34%", "percent", 98.34, {})])
    for r in shifted:
        r["start"] += len(plan) + 1
        r["end"] += len(plan) + 1
    checks = {c.doc: c for c in consolidate(first + anaphora + shifted).percent_checks}
    assert (checks["a"].rule, checks["a"].part, checks["a"].whole, checks["a"].agrees) == (
        "whole_part_before", 1200, 1500, False)
    assert (checks["b"].rule, checks["b"].whole, checks["b"].agrees) == ("part_anaphora_after", 1506, True)


def test_no_check_without_an_of_phrase_or_with_an_approximate_part():
    unrelated = in_sentence("a", "Anhui renovated 1,200 old communities and 300 old buildings, up 85%.",
                            [("1,200 old communities", "communities", 1200, {}),
                             ("300 old buildings", "buildings", 300, {}), ("85%", "percent", 85, {})])
    rough = in_sentence("b", "More than 1,200 of the 1,500 old communities are done, 85% of the plan.",
                        [("More than 1,200", "communities", 1200, {"approx": "more_than"}),
                         ("1,500 old communities", "communities", 1500, {"kind": "plan"}),
                         ("85%", "percent", 85, {})])
    of_without_clause = in_sentence(
        "c", "Anhui had started renovation of 2,205 old communities and finished 1,800 old communities, 90% done.",
        [("2,205 old communities", "communities", 2205, {}), ("1,800 old communities", "communities", 1800, {}),
         ("90%", "percent", 90, {})])
    assert consolidate(unrelated + rough + of_without_clause).percent_checks == []


@pytest.mark.parametrize("change, message", [
    ({"extra": 1}, "unknown keys"),
    ({"approx": {"about": "sideways"}}, "direction 'sideways'"),
    ({"part_whole_between": "(of"}, "part_whole_between: not a valid regular expression"),
])
def test_bad_rule_files_are_named(change, message):
    from renovex.analysis.facts import FactRules
    from renovex.core.resources import data_file, read_json

    data = read_json(data_file("facts.json"))
    data.update(change)
    with pytest.raises(ValueError, match=f"my.json: .*{message}"):
        FactRules.from_dict(data, "my.json")


def test_each_pair_takes_the_nearest_percentage():
    sentence = ("1,200 of the 1,500 old communities (80%) and 300 of the 400 old buildings (70%) were renovated "
                "in Anhui.")
    records = in_sentence("a", sentence, [("1,200", "communities", 1200, {}),
                                          ("1,500 old communities", "communities", 1500, {"kind": "plan"}),
                                          ("80%", "percent", 80, {}), ("300", "buildings", 300, {}),
                                          ("400 old buildings", "buildings", 400, {"kind": "plan"}),
                                          ("70%", "percent", 70, {})])
    checks = consolidate(records).percent_checks
    assert [(c.part, c.stated, c.agrees) for c in checks] == [(1200, 80, True), (300, 70, False)]


# ---------------------------------------------------------------- input and output

def test_accepts_records_and_csv_style_rows():
    record = Record(doc="a", kind="plan", metric="communities", value=1000.0, value_max=None, approx=None,
                    location="Anhui", province="Anhui", period={"start": 2023, "end": 2023}, as_of=None,
                    text="1,000 communities", start=0, end=17, sentence="")
    csv_row = {k: ("" if v is None else str(v)) for k, v in rec(doc="b", value=1000).items()}
    csv_row["period"] = "2023-2023"
    [fact] = consolidate([record, csv_row])
    assert (fact.status, fact.docs, fact.period) == ("agreed", ["a", "b"], {"start": 2023, "end": 2023})


@pytest.mark.parametrize("change, message", [
    ({"metric": None}, "record 2: missing 'metric'"),
    ({"value": "many"}, "record 2: value is not a number: 'many'"),
    ({"approx": "roughly"}, "record 2: approx 'roughly' is not one of"),
    ({"period": "soon"}, "record 2: period must be"),
    ({"period": {"start": 2025, "end": 2021}}, "record 2: period starts after it ends"),
    ({"start": 1.5}, "record 2: start must be a whole number"),
])
def test_bad_records_are_named(change, message):
    bad = rec()
    bad.update(change)
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        consolidate([rec(), bad])


@pytest.mark.parametrize("tolerance", [-0.1, 1, 5, "0.01", True])
def test_bad_tolerance_is_rejected(tolerance):
    with pytest.raises(ValueError, match="tolerance"):
        consolidate([rec()], tolerance=tolerance)


def test_csv_and_jsonl_output():
    table = consolidate([rec(doc="a"), rec(doc="b", value=1001), rec(doc="c", kind="outcome", value=500)])
    buffer = io.StringIO()
    table.write_csv(buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert (rows[0]["status"], rows[0]["value"], rows[0]["docs"], rows[0]["sources"]) == (
        "agreed", "1001", "a; b", "a[0:5]; b[0:5]")  # the value with more significant digits
    assert (rows[1]["plan_id"], rows[1]["completion"], rows[1]["link_rule"]) == ("F1", "0.4995", "same_period")
    buffer = io.StringIO()
    table.write_jsonl(buffer)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert lines[0]["sources"][1] == {"doc": "b", "start": 0, "end": 5, "text": "1,001", "value": 1001,
                                      "value_max": None, "approx": None, "agrees": True, "published": None}
    assert lines[1]["completion"] == 500 / 1001 and lines[1]["period"] == {"start": 2023, "end": 2023}


# ---------------------------------------------------------------- end to end

ARTICLES = [  # made up for these tests
    ("plan-a", "2024-01-20", "Ningxia will renovate 1,250 old residential communities in 2024, benefiting 1.02 "
                             "million households, the regional housing department announced on Tuesday."),
    ("plan-b", "2024-02-01", "According to its work plan for this year, Ningxia aims to upgrade about 1,250 "
                             "ageing residential compounds, which will benefit 1,022,400 households."),
    ("progress-c", "2024-11-05", "As of the end of October, Ningxia had started renovation of 1,125 old "
                                 "communities, the regional housing department said."),
]
CONFLICTING = ("plan-d", "2024-03-10", "Ningxia plans to renovate 1,400 old communities in 2024.")
WRONG_RATE = ("progress-e", "2024-07-08", "By the end of June, 600 of the 1,250 old communities in Ningxia "
                                          "had been renovated, a completion rate of 52%.")


def extract_all(nlp, articles):
    return [r for doc_id, published, text in articles
            for r in renovex.extract(text, published=published, doc_id=doc_id, nlp=nlp)]


def test_end_to_end_two_wordings_of_a_plan_and_an_outcome(nlp):
    table = renovex.consolidate(extract_all(nlp, ARTICLES))
    [plan] = table.select(kind="plan", metric="communities")
    assert (plan.status, plan.value, plan.period, plan.docs) == (
        "agreed", 1250, {"start": 2024, "end": 2024}, ["plan-a", "plan-b"])
    assert len(plan.sources) == 2
    [households] = table.select(metric="households")
    assert (households.status, households.value) == ("agreed", 1022400)
    [outcome] = table.select(kind="outcome")
    assert (outcome.as_of, outcome.plan_id, outcome.link_rule) == ("2024-10-31", plan.id, "as_of_in_period")
    assert outcome.completion == pytest.approx(0.9)
    assert table.summary() == {"records": 5, "facts": 3, "agreed": 2, "single": 1, "conflicts": 0,
                               "differs_in_article": 0, "outcomes": 1,
                               "linked_outcomes": 1, "percent_checks": 0, "percent_disagreements": 0}


def test_end_to_end_conflict_and_percentage_disagreement(nlp):
    table = renovex.consolidate(extract_all(nlp, ARTICLES + [CONFLICTING, WRONG_RATE]))
    [plan] = table.select(kind="plan", metric="communities", period={"start": 2024, "end": 2024})
    assert (plan.status, plan.value, [(g.value, g.docs) for g in plan.conflicts]) == (
        "conflict", 1250, [(1400, ["plan-d"])])
    [check] = table.percent_checks
    assert (check.doc, check.stated, check.computed, check.agrees) == ("progress-e", 52, 48, False)
    assert table[check.fact_id].percent_check == "disagrees"


def test_cli_consolidate(nlp, tmp_path, capsys):
    records = extract_all(nlp, ARTICLES + [WRONG_RATE])
    half = len(records) // 2
    for name, part in (("one.jsonl", records[:half]), ("two.jsonl", records[half:])):
        (tmp_path / name).write_text("".join(json.dumps(r.to_dict()) + "\n" for r in part), encoding="utf-8")
    out = tmp_path / "facts.csv"
    assert main(["consolidate", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "facts (2 agreed" in err and "2 of 3 outcomes linked" in err and "1 of 1 percentage checks disagree" in err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["link_rule"] for r in rows if r["kind"] == "outcome" and r["metric"] == "communities"} == {
        "as_of_in_period", "same_article"}
    jsonl = tmp_path / "facts.jsonl"
    assert main(["consolidate", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"), "-o", str(jsonl),
                 "--tolerance", "0.05"]) == 0
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == len(rows)


def test_cli_errors_name_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rec()) + "\n\n" + json.dumps({"kind": "plan", "value": 3}) + "\n", encoding="utf-8")
    assert main(["consolidate", str(bad)]) == 2
    assert f"{bad}:3: missing 'metric'" in capsys.readouterr().err
    bad.write_text("{oops\n", encoding="utf-8")
    assert main(["consolidate", str(bad)]) == 2
    assert f"{bad}:1: not JSON" in capsys.readouterr().err
    assert main(["consolidate", str(tmp_path / "missing.jsonl")]) == 2
    bad.write_text(json.dumps(rec()) + "\n", encoding="utf-8")
    assert main(["consolidate", str(bad), "--tolerance", "2"]) == 2
    assert "tolerance must be a fraction" in capsys.readouterr().err


def test_fact_table_example_prints_the_table(nlp, capsys):
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "fact_table.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "conflict" in out and "completion" in out and "disagrees" in out
