"""Records as tables: to_frame (pandas), to_csv (no pandas), to_parquet (pyarrow)."""
import csv
import io
import json
import subprocess
import sys

import pytest

import renovex
from renovex.io.frames import COLUMNS, DTYPES, rows, to_csv
from renovex.core.records import Record


def record(**changes) -> Record:
    base = dict(doc="d1", kind="plan", metric="communities", value=120.0, value_max=None, approx=None,
                location="Xining", province="Qinghai", period={"start": 2024, "end": 2024}, as_of=None,
                text="120 old communities", start=30, end=49,
                sentence="Xining plans to renovate 120 old communities in 2024.", group=None,
                terms=["programme.old_community_renovation"], rules={"kind": "cue:plan.plans_to"})
    return Record(**(base | changes))


RECORDS = [
    record(),
    record(kind="outcome", metric="households", value=8800.0, approx="more_than", period=None,
           as_of="2023-06-30", text="more than 8,800 households", start=60, end=86, group=3, terms=[],
           rules={}),
    record(doc="d2", metric="elevators", value=1.0, value_max=2.0, location=None, province=None,
           period={"start": 2021, "end": 2025}, text="1-2 elevators", start=0, end=13),
]


def test_rows_flatten_period_terms_and_rules_without_pandas():
    flat = list(rows(RECORDS))
    assert [tuple(r) for r in flat] == [COLUMNS] * 3
    assert (flat[0]["period_start"], flat[0]["period_end"]) == (2024, 2024)
    assert (flat[1]["period_start"], flat[1]["period_end"]) == (None, None)
    assert flat[0]["terms"] == "programme.old_community_renovation" and flat[1]["terms"] == ""
    assert json.loads(flat[0]["rules"]) == {"kind": "cue:plan.plans_to"}


def test_to_csv_writes_the_frame_columns(tmp_path):
    path = tmp_path / "sub" / "records.csv"
    assert to_csv(RECORDS, path) == 3
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert tuple(table[0]) == COLUMNS
    assert table[0]["value"] == "120" and table[0]["period_start"] == "2024" and table[0]["approx"] == ""
    assert table[1]["as_of"] == "2023-06-30" and table[1]["group"] == "3"
    assert table[2]["value_max"] == "2" and table[2]["period_end"] == "2025"
    buffer = io.StringIO()
    assert to_csv([], buffer) == 0 and buffer.getvalue().strip() == ",".join(COLUMNS)


def test_importing_renovex_and_writing_csv_do_not_import_pandas(tmp_path):
    code = ("import sys, renovex\n"
            "from renovex.core.records import Record\n"
            "assert 'pandas' not in sys.modules\n"
            f"renovex.to_csv([], {str(tmp_path / 'x.csv')!r})\n"
            "assert 'pandas' not in sys.modules, 'to_csv imported pandas'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_bad_input_names_the_record():
    with pytest.raises(TypeError, match="iterable of records"):
        list(rows(RECORDS[0]))
    with pytest.raises(TypeError, match="record 1: expected a Record or a dict, got str"):
        list(rows([RECORDS[0], "oops"]))
    with pytest.raises(ValueError, match="record 0: unknown fields colour"):
        list(rows([RECORDS[0].to_dict() | {"colour": "red"}]))
    with pytest.raises(ValueError, match="record 1: period must be"):
        list(rows([RECORDS[0], RECORDS[0].to_dict() | {"period": "soon"}]))
    with pytest.raises(ValueError, match="record 0: as_of must be a YYYY-MM-DD date"):
        list(rows([RECORDS[0].to_dict() | {"as_of": "June"}]))


def test_to_frame_types_every_column():
    pd = pytest.importorskip("pandas")
    frame = renovex.to_frame(RECORDS)
    assert tuple(frame.columns) == COLUMNS and len(frame) == 3
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == DTYPES
    assert list(frame["kind"].cat.categories) == ["plan", "outcome"]
    assert frame["period_start"].tolist()[0] == 2024 and frame["period_start"].isna().tolist() == [False, True, False]
    assert frame["as_of"][1] == pd.Timestamp("2023-06-30") and frame["as_of"].isna().sum() == 2
    assert frame["value_max"].isna().tolist() == [True, True, False]
    assert frame["location"].isna().tolist() == [False, False, True]
    assert frame.loc[frame.metric == "households", "approx"].item() == "more_than"


def test_to_frame_accepts_dicts_and_lists_per_article():
    pd = pytest.importorskip("pandas")
    expected = renovex.to_frame(RECORDS)
    from_json = [json.loads(json.dumps(r.to_dict())) for r in RECORDS]
    pd.testing.assert_frame_equal(renovex.to_frame(from_json), expected)
    pd.testing.assert_frame_equal(renovex.to_frame(iter([RECORDS[:2], [], RECORDS[2:]])), expected)
    flat_rows = list(rows(RECORDS))  # the flat rows of to_csv come back too
    pd.testing.assert_frame_equal(renovex.to_frame(flat_rows), expected)


def test_to_frame_of_extract_many(nlp):
    pytest.importorskip("pandas")
    articles = ["In 2023, Xining plans to renovate 150 old communities.",
                "No figures here.",
                {"id": "q", "text": "Last year, Qinghai completed 40 old communities.", "published": "2024-01-05"}]
    per_article = list(renovex.extract_many(articles, nlp=nlp))
    frame = renovex.to_frame(per_article)
    assert len(frame) == sum(len(r) for r in per_article) == 2
    assert frame["doc"].tolist() == ["0", "q"] and frame["kind"].tolist() == ["plan", "outcome"]
    assert frame["period_start"].tolist() == [2023, 2023]


def test_empty_input_gives_an_empty_frame_with_the_same_columns():
    pytest.importorskip("pandas")
    empty = renovex.to_frame([])
    assert len(empty) == 0 and tuple(empty.columns) == COLUMNS
    assert {name: str(dtype) for name, dtype in empty.dtypes.items()} == DTYPES
    assert renovex.to_frame(iter([[], []])).shape == (0, len(COLUMNS))


def test_missing_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match=r"renovex\.to_frame needs pandas.*renovex\[pandas\]"):
        renovex.to_frame(RECORDS)
    with pytest.raises(ImportError, match=r"renovex\.to_parquet needs pandas"):
        renovex.to_parquet(RECORDS, "unused.parquet")


def test_missing_pyarrow_names_the_extra(monkeypatch, tmp_path):
    pytest.importorskip("pandas")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"needs pyarrow.*renovex\[pandas,parquet\]"):
        renovex.to_parquet(RECORDS, tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()


def test_parquet_round_trip_keeps_values_and_dtypes(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = tmp_path / "out" / "records.parquet"
    assert renovex.to_parquet(RECORDS, path) == 3
    pd.testing.assert_frame_equal(pd.read_parquet(path), renovex.to_frame(RECORDS))
    renovex.to_parquet([], path)
    back = pd.read_parquet(path)
    assert len(back) == 0 and {n: str(d) for n, d in back.dtypes.items()} == DTYPES


def test_a_deadline_with_no_start_survives_every_layout(tmp_path):
    """{"start": null, "end": 2025} (RECORDS: a deadline with no start): CSV cells "" and 2025,
    read back by read_records; the old one-cell form "by 2025" still reads."""
    import csv
    import io

    import renovex
    from renovex.cli import record_writer
    from renovex.analysis.facts import _period as fact_period
    from renovex.io.frames import _period as frame_period
    from renovex.core.records import Record

    record = Record.from_dict({"doc": "d", "kind": "plan", "metric": "parking_spaces", "value": 10000,
                               "value_max": None, "approx": None, "location": "Fujian", "province": "Fujian",
                               "period": {"start": None, "end": 2025}, "as_of": None, "text": "10,000 spaces",
                               "start": 0, "end": 13, "sentence": "By 2025, 10,000 spaces."})
    handle = io.StringIO()
    record_writer(handle, "csv")(record)
    row = next(csv.DictReader(io.StringIO(handle.getvalue())))
    assert (row["period_start"], row["period_end"]) == ("", "2025")
    path = tmp_path / "r.csv"
    path.write_text(handle.getvalue(), encoding="utf-8")
    assert renovex.read_records(path)[0].period == {"start": None, "end": 2025}
    assert frame_period("by 2025", "row 1") == (None, 2025)
    assert fact_period("by 2025", "row 1") == fact_period({"start": None, "end": 2025}, "row 1") == (None, 2025)