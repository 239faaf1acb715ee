"""``renovex export``: the records of a store (``renovex extract --db``) as CSV, JSONL or Parquet."""
from __future__ import annotations

import argparse
import os
import sys
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..records import SPEC_FIELDS, Record

FORMATS = ("jsonl", "csv", "parquet")
PARQUET_EXTRA = "pip install 'renovex[parquet]'"
_ROW_GROUP = 10_000  # records per Parquet row group: memory stays bounded on large stores


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("export", help="write the records of a store (extract --db) as jsonl, csv or parquet")
    p.add_argument("--db", required=True, metavar="PATH", help="the SQLite store written by `renovex extract --db`")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="default: from the output's suffix (.csv, .parquet), else jsonl; jsonl and csv as `renovex extract` writes them; parquet needs the parquet extra")
    p.add_argument("-o", "--output", help="output file (default: standard output; required for parquet)")
    from ..cli import add_raw_csv
    add_raw_csv(p)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from ..cli import output_format, record_writer
    from ..outputs import check_output, replacing, temporary_path
    from ..store import Store

    args.format = output_format(args.format, args.output, FORMATS)
    if args.format == "parquet" and not args.output:
        sys.stderr.write("renovex export: error: parquet is binary: give an output file with -o\n")
        return 2
    if args.format == "parquet" and not parquet_available():
        sys.stderr.write(f"renovex export: error: parquet output needs pyarrow: {PARQUET_EXTRA}\n")
        return 2
    check_output(args.output, store=args.db)
    count = 0
    with Store(args.db, create=False) as store:
        if args.format == "parquet":
            temporary = temporary_path(args.output)
            try:
                count = write_parquet(store.iter_records(), temporary)
                os.replace(temporary, args.output)
            finally:
                temporary.unlink(missing_ok=True)
        else:
            with replacing(args.output) as handle:
                write = record_writer(handle, args.format, args.raw_csv)
                for record in store.iter_records():
                    write(record)
                    count += 1
    sys.stderr.write(f"renovex: exported {count} records from {args.db}\n")
    return 0


def parquet_available() -> bool:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _parquet_schema() -> Any:
    import pyarrow as pa

    types = {"value": pa.float64(), "value_max": pa.float64(), "start": pa.int64(), "end": pa.int64()}
    columns = []
    for name in SPEC_FIELDS:
        if name == "period":
            columns += [("period_start", pa.int64()), ("period_end", pa.int64())]
        else:
            columns.append((name, types.get(name, pa.string())))
    columns += [("group", pa.int64()), ("terms", pa.list_(pa.string())), ("rules", pa.map_(pa.string(), pa.string()))]
    return pa.schema(columns)


def _parquet_row(record: Record) -> dict[str, Any]:
    row = record.to_dict()
    period = row.pop("period") or {}
    row["period_start"], row["period_end"] = period.get("start"), period.get("end")
    row["rules"] = list(row["rules"].items())
    return row


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    records = iter(records)
    while chunk := list(islice(records, size)):
        yield chunk


def write_parquet(records: Iterable[Record], path: Path) -> int:
    """Write ``records`` to a Parquet file (spec columns, the period as period_start/period_end,
    then group, terms and rules); returns the number written. Needs pyarrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(records, _ROW_GROUP):
            writer.write_table(pa.Table.from_pylist([_parquet_row(r) for r in chunk], schema=schema))
            count += len(chunk)
    return count
