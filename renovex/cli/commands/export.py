"""``renovex export``: the records of a store (``renovex extract --db``) as CSV, JSONL or Parquet."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from ...io.record_files import FORMATS


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("export", help="write the records of a store (extract --db) as jsonl, csv or parquet")
    p.add_argument("--db", required=True, metavar="PATH", help="the SQLite store written by `renovex extract --db`")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="default: from the output's suffix (.csv, .parquet), else jsonl; as `renovex extract` writes them; parquet needs the pandas and parquet extras")
    p.add_argument("-o", "--output", help="output file (default: standard output; required for parquet)")
    from .. import add_raw_csv
    add_raw_csv(p)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from .. import parquet_available
    from ...io.outputs import check_output
    from ...io.record_files import PARQUET_EXTRA, format_of, record_sink
    from ...io.store import Store

    args.format = format_of(args.output, args.format, FORMATS)
    if args.format == "parquet" and not args.output:
        sys.stderr.write("renovex export: error: parquet is binary: give an output file with -o\n")
        return 2
    if args.format == "parquet" and not parquet_available():
        sys.stderr.write(f"renovex export: error: parquet output needs pandas and pyarrow: {PARQUET_EXTRA}\n")
        return 2
    check_output(args.output, store=args.db)
    count = 0
    with Store(args.db, create=False) as store, record_sink(args.output, args.format, args.raw_csv) as write:
        for record in store.iter_records():
            write(record)
            count += 1
    sys.stderr.write(f"renovex: exported {count} records from {args.db}\n")
    return 0
