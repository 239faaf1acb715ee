"""``renovex consolidate RECORDS... -o facts.csv``: the cross-article fact table."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import IO, Iterator

from ...analysis.facts import DEFAULT_TOLERANCE, Mention, as_mention, consolidate, default_rules


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "consolidate", help="merge records of many articles into a fact table (conflicts, completion, %% checks)",
        description="Merge the records of many articles (as written by `renovex extract`) into facts: one per "
                    "place, metric, kind, period and cut-off date, with every source. Flags conflicts, links "
                    "outcomes to plans (completion ratio) and checks stated percentages against their parts.")
    p.add_argument("inputs", nargs="+", metavar="RECORDS",
                   help="records files: .jsonl, .csv or .parquet from `renovex extract`, or - for standard input (JSONL)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--format", choices=("csv", "jsonl"),
                   help="output format (default: from the output's suffix, else csv)")
    p.add_argument("--pack", help="the rule pack the records were extracted with: its rate metrics are the levels "
                   "(default: the metrics of renovex/data/facts.json)")
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, metavar="FRACTION",
                   help=f"largest relative gap between values of the same fact (default {DEFAULT_TOLERANCE}, i.e. 1%%)")
    from .. import add_raw_csv
    add_raw_csv(p)
    p.set_defaults(func=cmd_consolidate)


def read_mentions(inputs: list[str], stdin: IO[str] | None = None) -> Iterator[Mention]:
    """Records of every input, checked; errors name the file and line."""
    rules = default_rules()
    index = 0
    for name in inputs:
        for where, data in _rows(name, stdin or sys.stdin):
            yield as_mention(data, index, where, rules)
            index += 1


def _rows(name: str, stdin: IO[str]) -> Iterator[tuple[str, dict]]:
    from ...io.frames import record_of_row
    from ...io.record_files import unneutralised, iter_records

    if name == "-":
        yield from _jsonl_rows("<stdin>", stdin)
        return
    path = Path(name)
    if path.is_dir():
        raise ValueError(f"{path}: is a folder; give records files (.jsonl or .csv)")
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise FileNotFoundError(f"{path}: cannot read: {error.strerror or error}") from None
    with handle:
        try:
            if path.suffix.lower() == ".csv":
                # the columns of the record schema (or an older one-cell period): as records
                reader = csv.DictReader(handle)
                for row in reader:
                    where = f"{path}:{reader.line_num}"
                    yield where, record_of_row({k: unneutralised(v) for k, v in row.items()}, where)
            elif path.suffix.lower() == ".parquet":
                for number, record in enumerate(iter_records(path, "parquet"), 1):
                    yield f"{path}: row {number}", record.to_dict()
            else:
                yield from _jsonl_rows(str(path), handle)
        except UnicodeDecodeError as error:
            raise ValueError(f"{path}: not UTF-8: {error.reason}") from None


def _jsonl_rows(name: str, handle: IO[str]) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{name}:{number}: not JSON: {error.msg}") from None
        except (ValueError, RecursionError) as error:  # a number of 5,000 digits, nesting too deep
            raise ValueError(f"{name}:{number}: not usable JSON: {error}") from None
        if not isinstance(data, dict):
            raise ValueError(f"{name}:{number}: not a JSON object (got {type(data).__name__})")
        yield f"{name}:{number}", data


def cmd_consolidate(args: argparse.Namespace) -> int:
    from ...io.outputs import check_output, replacing

    check_output(args.output, args.inputs)
    table = consolidate(list(read_mentions(args.inputs)), tolerance=args.tolerance, pack=args.pack)
    out_path = Path(args.output) if args.output and args.output != "-" else None
    fmt = args.format or ("jsonl" if out_path is not None and out_path.suffix.lower() in (".jsonl", ".json")
                          else "csv")
    with replacing(out_path) as handle:
        if fmt == "jsonl":
            table.write_jsonl(handle)
        else:
            table.write_csv(handle, raw=args.raw_csv)
    sys.stderr.write(f"renovex: {table.summary_line()}\n")
    return 0
