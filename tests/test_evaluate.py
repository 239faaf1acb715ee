"""The evaluator: one table per matching rule, and agreement with the corpus scorer."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from renovex.analysis.evaluate import (
    LEVELS,
    LevelScore,
    RecordFileError,
    format_errors,
    format_table,
    normalise_place,
    read_records,
    score,
    scores_to_json,
)

REFERENCE_SCORER = Path("/work/shared/eval/score.py")


def rec(doc="d1", kind="plan", metric="communities", value=100, value_max=None,
        location="Shenyang", period=(2022, 2022), **extra) -> dict:
    record = {"doc": doc, "kind": kind, "metric": metric, "value": value, "value_max": value_max,
              "location": location,
              "period": None if period is None else {"start": period[0], "end": period[1]}}
    record.update(extra)
    return record


def counts(scores: dict[str, LevelScore]) -> dict[str, tuple[int, int, int]]:
    return {level: (s.tp, s.fp, s.fn) for level, s in scores.items()}


def full(scores: dict[str, LevelScore]) -> tuple[int, int, int]:
    return counts(scores)["full"]


# --- one rule at a time: (gold, pred, expected (tp, fp, fn) at the full level) ----------

VALUE_CASES = [
    ("equal", rec(value=1273), rec(value=1273), (1, 0, 0)),
    ("within 0.5%", rec(value=1000), rec(value=1005), (1, 0, 0)),
    ("just outside 0.5%", rec(value=1000), rec(value=1005.1), (0, 1, 1)),
    ("tolerance relative to larger", rec(value=1005), rec(value=1000), (1, 0, 0)),
    ("rounded million", rec(value=1022400), rec(value=1020000), (1, 0, 0)),
    ("percent", rec(metric="percent", value=98.34), rec(metric="percent", value=98.3), (1, 0, 0)),
    ("zero equals zero", rec(value=0), rec(value=0), (1, 0, 0)),
    ("int vs float", rec(value=5761), rec(value=5761.0), (1, 0, 0)),
    ("other metric", rec(metric="households"), rec(metric="communities"), (0, 1, 1)),
    ("other value", rec(value=100), rec(value=7), (0, 1, 1)),
    ("doc not in corpus ignored", rec(doc="d1"), rec(doc="d2"), (0, 0, 1)),
]

VALUE_MAX_CASES = [
    ("range equal", rec(value=1, value_max=2), rec(value=1, value_max=2), (1, 0, 0)),
    ("range max within 0.5%", rec(value=1000, value_max=2000), rec(value=1000, value_max=2009), (1, 0, 0)),
    ("range max off", rec(value=1, value_max=2), rec(value=1, value_max=3), (0, 1, 1)),
    ("gold range, pred single", rec(value=1, value_max=2), rec(value=1), (0, 1, 1)),
    ("gold single, pred range", rec(value=1), rec(value=1, value_max=2), (0, 1, 1)),
]

LOCATION_CASES = [
    ("suffix province", rec(location="Liaoning"), rec(location="Liaoning Province"), (1, 0, 0)),
    ("case", rec(location="liaoning"), rec(location="LIAONING"), (1, 0, 0)),
    ("autonomous region", rec(location="Xinjiang"), rec(location="Xinjiang Uygur Autonomous Region"), (1, 0, 0)),
    ("leading the", rec(location="Inner Mongolia"), rec(location="the Inner Mongolia Autonomous Region"), (1, 0, 0)),
    ("district", rec(location="Shijingshan"), rec(location="Shijingshan District"), (1, 0, 0)),
    ("null vs null", rec(location=None), rec(location=None), (1, 0, 0)),
    ("null vs place", rec(location=None), rec(location="China"), (0, 1, 1)),
    ("place vs null", rec(location="China"), rec(location=None), (0, 1, 1)),
    ("empty string is null", rec(location=None), rec(location=""), (1, 0, 0)),
    ("other place", rec(location="Shenyang"), rec(location="Dalian"), (0, 1, 1)),
]

PERIOD_CASES = [
    ("same", rec(period=(2021, 2025)), rec(period=(2021, 2025)), (1, 0, 0)),
    ("other end", rec(period=(2021, 2025)), rec(period=(2021, 2022)), (0, 1, 1)),
    ("null vs null", rec(period=None), rec(period=None), (1, 0, 0)),
    ("null vs year", rec(period=None), rec(period=(2022, 2022)), (0, 1, 1)),
    ("empty dict is null", rec(period=None), rec() | {"period": {}}, (1, 0, 0)),
]

KIND_CASES = [
    ("same kind", rec(kind="outcome"), rec(kind="outcome"), (1, 0, 0)),
    ("other kind", rec(kind="plan"), rec(kind="outcome"), (0, 1, 1)),
]


@pytest.mark.parametrize("name,gold,pred,expected",
                         VALUE_CASES + VALUE_MAX_CASES + LOCATION_CASES + PERIOD_CASES + KIND_CASES,
                         ids=lambda v: v if isinstance(v, str) else "")
def test_single_pair(name, gold, pred, expected):
    assert full(score([gold], [pred])) == expected


def test_levels_add_one_field_each():
    gold = [rec(kind="plan", location="Shenyang", period=(2022, 2022))]
    cases = {
        "kind wrong": (rec(kind="outcome"), {"quantity": 1, "+kind": 0, "+location": 0, "full": 0}),
        "location wrong": (rec(location="Dalian"), {"quantity": 1, "+kind": 1, "+location": 0, "full": 0}),
        "period wrong": (rec(period=(2021, 2025)), {"quantity": 1, "+kind": 1, "+location": 1, "full": 0}),
    }
    for name, (pred, tps) in cases.items():
        result = score(gold, [pred])
        assert {level: s.tp for level, s in result.items()} == tps, name
    assert tuple(score(gold, []).keys()) == LEVELS


def test_optional_records_count_neither_tp_nor_fn():
    gold = [rec(value=10, optional=True)]
    assert counts(score(gold, [rec(value=10)]))["full"] == (0, 0, 0)   # found: no tp, no fp
    assert counts(score(gold, []))["full"] == (0, 0, 0)                 # missed: no fn


def test_required_gold_is_matched_before_optional():
    # Same key and value: the required record must take the prediction, the optional one is ignored.
    gold = [rec(value=10, optional=True), rec(value=10)]
    assert full(score(gold, [rec(value=10)])) == (1, 0, 0)


def test_a_second_reading_under_also_matches_once():
    gold = [rec(location="Taiyuan", also=[{"location": "Shanxi"}, {"period": {"start": None, "end": 2022}}])]
    assert full(score(gold, [rec(location="Shanxi")])) == (1, 0, 0)
    assert full(score(gold, [rec(location="Taiyuan", period=(None, 2022))])) == (1, 0, 0)
    # one gold record, two readings predicted: the second prediction finds it used
    assert full(score(gold, [rec(location="Taiyuan"), rec(location="Shanxi")])) == (1, 1, 0)
    # a reading changes only what it names: Shanxi with another period matches neither
    assert full(score(gold, [rec(location="Shanxi", period=(2021, 2021))])) == (0, 1, 1)


def test_each_gold_matched_once():
    gold = [rec(value=100)]
    # 100.3 and 100 differ at 6 digits: two distinct predictions, one is a false positive.
    assert full(score(gold, [rec(value=100), rec(value=100.3)])) == (1, 1, 0)


def test_two_equal_gold_records_need_two_predictions():
    gold = [rec(value=100, text="a"), rec(value=100, text="b")]
    assert full(score(gold, [rec(value=100)])) == (1, 0, 1)


@pytest.mark.parametrize("pred,expected", [
    ([rec(value=100), rec(value=100)], (1, 0, 0)),                   # exact duplicate
    ([rec(value=100), rec(value=100.0000001)], (1, 0, 0)),           # equal at 6 significant digits
    ([rec(value=100.0004), rec(value=100)], (1, 0, 0)),              # "100" both at 6 digits
    ([rec(value=100), rec(value=100, text="other span")], (1, 0, 0)),  # extra fields do not matter
    ([rec(value=100), rec(value=100.01)], (1, 1, 0)),                # differ at 6 digits
    ([rec(value=100), rec(value=100, value_max=200)], (1, 1, 0)),    # value_max is part of identity
])
def test_predictions_deduplicated(pred, expected):
    assert full(score([rec(value=100)], pred)) == expected


def test_dedup_is_per_level():
    # Two predictions differing only in location: one at "quantity" (duplicate), two at "+location".
    gold = [rec(location="Shenyang")]
    pred = [rec(location="Shenyang"), rec(location="Dalian")]
    result = counts(score(gold, pred))
    assert result["quantity"] == (1, 0, 0)
    assert result["+location"] == (1, 1, 0)


def test_docs_outside_corpus_ignored_and_distractors_count():
    gold = [rec(doc="d1")]
    stray = rec(doc="elsewhere")
    assert full(score(gold, [rec(doc="d1"), stray])) == (1, 0, 0)
    assert full(score(gold, [rec(doc="d1"), stray], docs={"elsewhere"})) == (1, 1, 0)
    # docs adds to the gold documents, it does not replace them
    assert full(score(gold, [rec(doc="d1")], docs={"other"})) == (1, 0, 0)


def test_rates():
    gold = [rec(value=v) for v in (1, 2, 3, 4)]
    pred = [rec(value=v) for v in (1, 2, 3, 9)]
    s = score(gold, pred)["full"]
    assert (s.tp, s.fp, s.fn) == (3, 1, 1)
    assert s.precision == pytest.approx(0.75) and s.recall == pytest.approx(0.75) and s.f1 == pytest.approx(0.75)
    empty = score([], [])["full"]
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)


def test_false_positive_and_negative_lists():
    gold = [rec(value=1, text="1 old community"), rec(value=2, optional=True)]
    pred = [rec(value=5, text="5 old communities")]
    s = score(gold, pred)["full"]
    assert s.false_positives == [pred[0]]
    assert s.false_negatives == [gold[0]]  # optional record not listed


@pytest.mark.parametrize("raw,expected", [
    ("Liaoning Province", "liaoning"),
    ("liaoning", "liaoning"),
    ("Guangxi Zhuang Autonomous Region", "guangxi"),
    ("Ningxia Hui Autonomous Region", "ningxia"),
    ("Hong Kong Special Administrative Region", "hong kong"),
    ("Pudong New Area", "pudong"),
    ("Beijing Municipality", "beijing"),
    ("Xilingol League", "xilingol"),
    ("The Inner Mongolia Autonomous Region", "inner mongolia"),
    ("Xi'an", "xi an"),
    ("City", None),
    ("", None),
    (None, None),
])
def test_normalise_place(raw, expected):
    assert normalise_place(raw) == expected


def test_reports():
    gold = [rec(value=1, text="1 community"), rec(value=2, value_max=3)]
    pred = [rec(value=7, location=None, period=None)]
    scores = score(gold, pred)
    table = format_table(scores).splitlines()
    assert table[0].split() == ["level", "P", "R", "F1", "tp", "fp", "fn"]
    assert [line.split()[0] for line in table[1:]] == list(LEVELS)
    assert table[1].split()[1:] == ["0.000", "0.000", "0.000", "0", "1", "2"]
    errors = format_errors(scores)
    assert errors.splitlines() == [
        "false positives (full):",
        "  + d1: plan communities=7 @None None",
        "false negatives (full):",
        "  - d1: plan communities=1 @Shenyang (2022, 2022) [1 community]",
        "  - d1: plan communities=2-3 @Shenyang (2022, 2022)",
    ]
    assert "(quantity)" in format_errors(scores, level="quantity")
    as_json = scores_to_json(scores)
    assert set(as_json) == set(LEVELS)
    assert as_json["full"] == {"tp": 0, "fp": 1, "fn": 2, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    json.dumps(as_json)


# --- reading record files ------------------------------------------------------------

def test_read_records(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(rec()) + "\n\n  \n" + json.dumps(rec(value=2)) + "\n", encoding="utf-8")
    assert [r["value"] for r in read_records(path)] == [100, 2]


@pytest.mark.parametrize("content,line,message", [
    ('{"doc": "a"}\n{"doc": \n', 2, "not JSON"),
    ('\n[1, 2]\n', 2, "not a JSON object"),
    ('{"doc": "a", "value": "many"}\n', 1, "value is not a number"),
    ('{"doc": "a", "value": 1, "value_max": [2]}\n', 1, "value_max is not a number"),
])
def test_read_records_errors_name_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordFileError, match=message) as info:
        read_records(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert isinstance(info.value, ValueError)


def test_read_records_missing_and_non_utf8(tmp_path):
    with pytest.raises(RecordFileError, match="cannot read"):
        read_records(tmp_path / "absent.jsonl")
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"doc": "a"}\n{"doc": "\xe9"}\n')
    with pytest.raises(RecordFileError, match=r"latin.jsonl:2: not UTF-8"):
        read_records(path)


# --- agreement with the corpus scorer -----------------------------------------------------

PLACES = ["Shenyang", "Liaoning Province", "liaoning", "Xinjiang", "Xinjiang Uygur Autonomous Region",
          "Beijing", "China", None]
METRICS = ["communities", "households", "residents", "funds_cny", "percent"]
PERIODS = [None, {"start": 2022, "end": 2022}, {"start": 2021, "end": 2025}, {}, {"start": None, "end": 2025}]


def synthetic(seed: int, n: int = 200) -> tuple[list[dict], list[dict], list[str]]:
    """Gold records, predictions perturbed in every field, and distractor documents."""
    rng = random.Random(seed)
    docs = [f"doc{i}" for i in range(12)]
    gold = []
    for _ in range(n):
        value = rng.choice([rng.randint(0, 50), rng.randint(100, 10**6), round(rng.uniform(0, 100), 2)])
        record = {"doc": rng.choice(docs), "kind": rng.choice(["plan", "outcome"]),
                  "metric": rng.choice(METRICS), "value": value,
                  "value_max": rng.choice([None] * 5 + [value * 2]),
                  "location": rng.choice(PLACES), "period": rng.choice(PERIODS)}
        if rng.random() < 0.15:
            record["optional"] = True
        if rng.random() < 0.2:  # admissible second readings
            record["also"] = [rng.choice([{"location": rng.choice(PLACES)}, {"period": rng.choice(PERIODS)},
                                          {"kind": "outcome" if record["kind"] == "plan" else "plan"}])
                              for _ in range(rng.randint(1, 2))]
        gold.append(record)
    pred = []
    for g in gold:
        if rng.random() < 0.15:
            continue  # missed
        p = dict(g)
        p.pop("optional", None)
        roll = rng.random()
        if roll < 0.1:
            p["value"] = g["value"] * rng.choice([1.004, 0.996, 1.006, 0.994, 1.0000001])
        elif roll < 0.2:
            p["kind"] = "outcome" if g["kind"] == "plan" else "plan"
        elif roll < 0.3:
            p["location"] = rng.choice(PLACES)
        elif roll < 0.4:
            p["period"] = rng.choice(PERIODS)
        elif roll < 0.45:
            p["value_max"] = None if g["value_max"] is not None else g["value"] + 1
        pred.append(p)
        if rng.random() < 0.1:
            pred.append(dict(p))  # duplicate
    for _ in range(40):  # spurious ones, some in distractor and unknown documents
        p = dict(rng.choice(gold))
        p.pop("optional", None)
        p["doc"] = rng.choice(docs + ["distractor1", "distractor2", "unknown"])
        p["value"] = rng.randint(1, 1000)
        pred.append(p)
    rng.shuffle(pred)
    articles = docs + ["distractor1", "distractor2"]
    return gold, pred, articles


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="the corpus scorer is not available")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_reference_scorer(tmp_path, seed):
    gold, pred, articles = synthetic(seed)
    gold_path = write_jsonl(tmp_path / "gold.jsonl", gold)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    articles_path = write_jsonl(tmp_path / "articles.jsonl", [{"id": a, "text": "x"} for a in articles])
    for extra in ([], ["--articles", str(articles_path)]):
        out = subprocess.run(
            [sys.executable, str(REFERENCE_SCORER), "--gold", str(gold_path), "--pred", str(pred_path),
             "--json", *extra], capture_output=True, text=True, check=True).stdout
        reference = json.loads(out)
        ours = scores_to_json(score(read_records(gold_path), read_records(pred_path),
                                    docs=set(articles) if extra else None))
        for level in LEVELS:
            assert {k: ours[level][k] for k in ("tp", "fp", "fn")} == \
                   {k: reference[level][k] for k in ("tp", "fp", "fn")}, (level, extra)
            for k in ("precision", "recall", "f1"):
                assert ours[level][k] == pytest.approx(reference[level][k])


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="the corpus scorer is not available")
def test_table_and_errors_match_reference_output(tmp_path):
    gold, pred, articles = synthetic(7, n=60)
    for g in gold[:10]:
        g["text"] = f"{g['value']} units"
    gold_path = write_jsonl(tmp_path / "gold.jsonl", gold)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    out = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), "--gold", str(gold_path), "--pred", str(pred_path),
         "--show-errors"], capture_output=True, text=True, check=True).stdout
    scores = score(read_records(gold_path), read_records(pred_path))
    assert out == format_table(scores) + "\n\n" + format_errors(scores) + "\n"


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="the corpus scorer is not available")
def test_agrees_with_reference_scorer_in_process():
    # Many seeds are cheap in process; the lists of errors must be the same records in the same order.
    import importlib.util

    spec = importlib.util.spec_from_file_location("_reference_score", REFERENCE_SCORER)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    for seed in range(100, 140):
        gold, pred, articles = synthetic(seed, n=80)
        ours = score(gold, pred, docs=set(articles))
        corpus = {g["doc"] for g in gold} | set(articles)
        for level in LEVELS:
            theirs = reference.score_level(gold, pred, level, corpus)
            mine = ours[level]
            assert (mine.tp, mine.fp, mine.fn) == (theirs["tp"], theirs["fp"], theirs["fn"]), (seed, level)
            assert [id(r) for r in mine.false_positives] == [id(r) for r in theirs["false_positives"]]
            assert [id(r) for r in mine.false_negatives] == [id(r) for r in theirs["false_negatives"]]
