"""One record schema everywhere: every writer gives its columns and types, every reader takes
them back (issue 14: the same records came out in five layouts)."""
import csv
import dataclasses
import io
import json

import pytest

import renovex
from renovex.cli import main
from renovex.core.records import SPEC_FIELDS, Record
from renovex.core.schema import COLUMNS, PANDAS_DTYPES, RecordError, check_record, record_schema

FEED = [
    {"id": "a1", "text": "In 2023, Hebei plans to renovate 1,250 old communities, benefiting 180,000 households.",
     "published": "2023-02-10"},
    {"id": "a2", "text": "As of the end of June, Hubei had renovated 640 old residential areas.",
     "published": "2022-07-15"},
    {"id": "a3", "text": "By 2025, Fujian will add 10,000 parking spaces in old communities.",
     "published": "2023-03-01"},
]


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in FEED), encoding="utf-8")
    return path


@pytest.fixture
def records(feed, capsys):
    assert main(["extract", str(feed)]) == 0
    found = [Record.from_dict(json.loads(line)) for line in capsys.readouterr().out.splitlines()]
    assert len(found) >= 4 and any(r.as_of for r in found) and any(r.period and r.period["start"] is None
                                                                  for r in found)
    return found


def test_the_schema_declares_exactly_the_fields_of_a_record():
    schema = record_schema()
    assert list(schema["properties"]) == [f.name for f in dataclasses.fields(Record)]
    assert tuple(schema["required"]) == SPEC_FIELDS
    assert set(COLUMNS) == (set(schema["properties"]) - {"period"}) | {"period_start", "period_end"}


def test_every_record_renovex_writes_fits_the_schema(records):
    for number, record in enumerate(records):
        check_record(record.to_dict(), f"record {number}")


@pytest.mark.parametrize("change, message", [
    ({"kind": "goal"}, "f.jsonl:3: kind must be one of plan, outcome, got \"goal\""),
    ({"value": "12"}, "f.jsonl:3: value must be number, got \"12\""),
    ({"period": {"start": 2021}}, "f.jsonl:3: period lacks end"),
    ({"terms": ["a", 3]}, "f.jsonl:3: terms[1] must be string, got 3"),
    ({"colour": "red"}, "f.jsonl:3: unknown field 'colour'"),
    ({"start": -1}, "f.jsonl:3: start must be at least 0, got -1"),
])
def test_a_record_that_does_not_fit_is_named_with_its_field(records, change, message):
    with pytest.raises(RecordError) as error:
        check_record(records[0].to_dict() | change, "f.jsonl:3")
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_extract_writes_each_format_by_suffix_and_read_records_gives_the_records_back(
        feed, records, tmp_path, capsys, suffix):
    if suffix == "parquet":
        pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
    out = tmp_path / f"records.{suffix}"
    assert main(["extract", str(feed), "-o", str(out)]) == 0
    assert renovex.read_records(out) == records
    if suffix == "csv":
        assert tuple(next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))) == COLUMNS


def test_the_table_writers_agree_column_for_column(feed, records, tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    assert main(["extract", str(feed), "-o", str(tmp_path / "cli.csv")]) == 0
    assert main(["extract", str(feed), "-o", str(tmp_path / "cli.parquet")]) == 0
    renovex.to_csv(records, tmp_path / "api.csv")
    renovex.to_parquet(records, tmp_path / "api.parquet")
    assert (tmp_path / "cli.csv").read_bytes() == (tmp_path / "api.csv").read_bytes()
    frame = renovex.to_frame(records)
    assert {c: str(t) for c, t in frame.dtypes.items()} == PANDAS_DTYPES
    for path in ("cli.parquet", "api.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / path), frame, check_categorical=False)
    # to_frame takes a file of any format, and a frame, and types them the same
    for path in ("cli.csv", "cli.parquet"):
        pd.testing.assert_frame_equal(renovex.to_frame(tmp_path / path), frame)
    pd.testing.assert_frame_equal(renovex.to_frame(pd.read_csv(tmp_path / "cli.csv")), frame)


def test_a_formula_guarded_cell_reads_back_as_it_was(records, tmp_path):
    record = dataclasses.replace(records[0], text="=HYPERLINK(1)", location="-Hebei")
    renovex.to_csv([record], tmp_path / "r.csv")
    assert "'=HYPERLINK(1)" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert renovex.read_records(tmp_path / "r.csv") == [record]


def test_the_one_cell_period_of_older_csv_still_reads(records, tmp_path):
    old = tmp_path / "old.csv"
    with open(old, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(SPEC_FIELDS))
        writer.writeheader()
        row = records[0].to_dict(spec_only=True)
        row["period"] = "2023-2023"
        writer.writerow(row)
    back = renovex.read_records(old)[0]
    assert back.period == {"start": 2023, "end": 2023} and back.value == records[0].value and back.rules == {}


def test_read_records_names_the_line_and_field(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "a"}\n', encoding="utf-8")
    with pytest.raises(RecordError, match=r"bad\.jsonl:1: the record lacks kind"):
        renovex.read_records(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"bad\.jsonl:1: not a JSON line"):
        renovex.read_records(bad)
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(",".join(COLUMNS) + "\n" + "a,plan,households,lots" + "," * (len(COLUMNS) - 4) + "\n",
                       encoding="utf-8")
    with pytest.raises(RecordError, match=r"bad\.csv:2 value must be a number, got 'lots'"):
        renovex.read_records(bad_csv)


def test_parquet_to_standard_output_is_a_usage_error(feed, capsys):
    assert main(["extract", str(feed), "--format", "parquet"]) == 2
    assert "parquet is binary" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_consolidate_reads_every_record_format_renovex_writes(feed, tmp_path, capsys, suffix):
    if suffix == "parquet":
        pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
    assert main(["extract", str(feed), "-o", str(tmp_path / "r.jsonl")]) == 0
    assert main(["extract", str(feed), "-o", str(tmp_path / f"r.{suffix}")]) == 0
    assert main(["consolidate", str(tmp_path / "r.jsonl"), "-o", str(tmp_path / "a.jsonl")]) == 0
    assert main(["consolidate", str(tmp_path / f"r.{suffix}"), "-o", str(tmp_path / "b.jsonl")]) == 0
    facts = (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    assert '"period": {"start": null, "end": 2025}' in facts.replace('"period_start": null, "period_end": 2025',
                                                                   '"period": {"start": null, "end": 2025}')
    assert (tmp_path / "b.jsonl").read_text(encoding="utf-8") == facts
