"""The ``renovex`` command line: extract, evaluate, tag."""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Sequence

from ..io.outputs import check_output
from ..core.records import Record, unresolved_period
from ..io.store import Store, StoreWriter
from ..pipeline.time_budget import DEFAULT_SECONDS


# Exit codes (documented in the README): 1 means the run finished but some articles failed.
EXIT_OK, EXIT_ARTICLE_ERRORS, EXIT_USAGE, EXIT_SYSTEM, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class Progress:
    """A one-line progress report on stderr, shown only for runs of more than a few articles."""

    def __init__(self, total: int | None, stream: IO[str] | None = None, min_total: int = 5, every: float = 0.5):
        self.total, self.stream, self.every = total, stream or sys.stderr, every
        self.enabled = total is None or total > min_total
        self.started = self.last = time.monotonic()
        self.done = 0

    def update(self, records: int, errors: int) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self.last >= self.every or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            of = f"/{self.total}" if self.total else ""
            self.stream.write(f"\rrenovex: {self.done}{of} articles, {records} records, {errors} errors, "
                              f"{rate:.1f} articles/s")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")


def _seconds(value: str) -> float:
    """An argparse type: a number of seconds, 0 or more."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or a positive number of seconds, got {value!r}")
    return seconds


def clamped_processes(requested: int, articles: int | None, stderr: IO[str]) -> int:
    """``requested`` workers, at most one per core and one per article (a thousand forked
    pipelines would exhaust the memory); says so on ``stderr`` when it cuts."""
    if requested < 1:
        raise ValueError(f"--n-process must be 1 or more, got {requested}")
    limit = min(os.cpu_count() or 1, articles if articles else requested)
    if requested > limit:
        stderr.write(f"renovex: --n-process {requested} lowered to {max(1, limit)} "
                     f"({os.cpu_count() or 1} cores, {articles if articles is not None else 'unknown'} articles)\n")
    return max(1, min(requested, limit))


def record_writer(handle: IO[str], fmt: str, raw_csv: bool = False) -> Callable[[Record], None]:
    """A function writing one record to ``handle`` as a JSONL line or a CSV row (header first;
    the columns of the record schema). CSV cells that a spreadsheet would run as formulas are
    neutralised unless ``raw_csv``."""
    from ..io.record_files import csv_writer, jsonl_writer

    return csv_writer(handle, raw_csv) if fmt == "csv" else jsonl_writer(handle)


def extract_articles(inputs: Sequence[str], out: IO[str] | Callable[[Record], None] | None, fmt: str = "jsonl", published: str | None = None,
                     pack: str | None = None, stderr: IO[str] | None = None, batch_size: int = 32,
                     n_process: int = 1, store: Store | None = None,
                     counts: dict[str, int] | None = None, exclude: Iterable[str] = (),
                     raw_csv: bool = False, time_budget: float | None = None,
                     keep: Sequence[str] = ()) -> tuple[int, int, int]:
    """Extract records of every article in ``inputs`` to ``out`` (a text handle written in
    ``fmt``, or a function taking each record); returns (articles, records, errors).

    With a ``store``, articles already stored with the same content are not processed
    again (counted in ``counts["skipped"]`` when a ``counts`` dict is given): their stored
    records are written to ``out`` in their place. Results are committed every
    ``batch_size`` articles; ``out`` may then be None. Files in ``exclude`` (the output)
    are skipped when an input folder holds them. Records carry their article's title and url,
    and the input fields named in ``keep`` (under ``meta``). An article that takes over ``time_budget``
    seconds is stopped and reported as an error (see :mod:`renovex.pipeline.time_budget`)."""
    stderr = stderr or sys.stderr
    from ..api import load
    from ..io.inputs import Article, InputError, count_articles, iter_articles, parse_published

    nlp = load(pack) if pack else load()
    default_published = parse_published(published) if published else None
    progress = Progress(count_articles(inputs, exclude=exclude), stderr)
    n_process = clamped_processes(n_process, progress.total, stderr)
    write = out if callable(out) else record_writer(out, fmt, raw_csv) if out is not None else None
    counts = counts if counts is not None else {}
    counts.update(articles=0, records=0, errors=0, skipped=0, unresolved=0)
    stored = StoreWriter(store, batch_size) if store is not None else None

    from ..pipeline.batch import Failure, Job, StoredJob, UnreadJob, extract_jobs, stamped

    def jobs() -> Iterator[Job]:
        for item in iter_articles(inputs, stdin=sys.stdin, exclude=exclude):
            if isinstance(item, InputError):
                # reported in its place among the results, after the articles read before it
                yield UnreadJob(item.article_id, str(item))
                continue
            assert isinstance(item, Article)
            if stored and stored.is_current(item.id, item.text, item.published or default_published):
                # Not processed again, but its records still go to the output, in input order.
                yield StoredJob(item.id, "", None)
                continue
            for warning in getattr(item, "warnings", []) or []:
                stderr.write(f"\nrenovex: warning: {item.source}: {warning}\n")
            yield Job(item.id, item.text, item.published or default_published, item.title, item.url,
                      {name: item.fields[name] for name in keep if name in item.fields} or None)

    for job, records in extract_jobs(nlp, jobs(), batch_size=batch_size, n_process=n_process,
                                     time_budget=time_budget):
        if isinstance(job, UnreadJob):
            counts["errors"] += 1
            stderr.write(f"\nrenovex: error: {job.text}\n")
            if stored and job.article_id:
                stored.unreadable(job.article_id, job.text)
            progress.update(counts["records"], counts["errors"])
            continue
        if isinstance(job, StoredJob):
            assert store is not None
            counts["skipped"] += 1
            for record in store.records_of(job.article_id):
                if write:
                    write(record)
                counts["records"] += 1
            progress.update(counts["records"], counts["errors"])
            continue
        if isinstance(records, Failure):  # reported and skipped, in workers too; the others go on
            counts["errors"] += 1
            stderr.write(f"\nrenovex: error: article {records.article_id}: {records.message}\n")
            if stored:
                stored.failed(records.article_id, records.message)
            progress.update(counts["records"], counts["errors"])
            continue
        counts["articles"] += 1
        for record in stamped(records, job):
            if write:
                write(record)
            counts["records"] += 1
            counts["unresolved"] += unresolved_period(record)
        if stored:
            stored.done(job.article_id, records)
        progress.update(counts["records"], counts["errors"])
    if stored:
        stored.flush()
    progress.close()
    return counts["articles"], counts["records"], counts["errors"]


def cmd_extract(args: argparse.Namespace) -> int:
    from ..io.record_files import PARQUET_EXTRA, format_of, record_sink

    started = time.monotonic()
    fmt = format_of(args.output, args.format)
    if fmt == "parquet" and (args.output is None or args.output == "-"):
        sys.stderr.write("renovex extract: error: parquet is binary: give an output file with -o\n")
        return 2
    if fmt == "parquet" and not parquet_available():
        sys.stderr.write(f"renovex extract: error: parquet output needs pandas and pyarrow: {PARQUET_EXTRA}\n")
        return 2
    check_output(args.output, args.inputs, args.db)
    # With --db alone the records go to the store only.
    to_stdout = args.output is None and not args.db
    counts: dict[str, int] = {}
    store = Store(args.db) if args.db else None
    try:
        with record_sink(args.output, fmt, args.raw_csv) if args.output or to_stdout else _nowhere() as write:
            articles, records, errors = extract_articles(
                args.inputs, write, fmt, args.published, args.pack,
                n_process=args.n_process, time_budget=args.time_budget or None, keep=_field_names(args.keep),
                store=store, counts=counts, exclude=[args.output] if args.output else [], raw_csv=args.raw_csv)
    finally:
        if store:
            store.close()
    seconds = time.monotonic() - started
    skipped = f", {counts['skipped']} skipped (unchanged: records from the store)" if args.db else ""
    sys.stderr.write(f"renovex: {articles} articles, {records} records, {errors} errors{skipped}, {seconds:.2f} s\n")
    if counts.get("unresolved"):
        sys.stderr.write(f"renovex: note: {counts['unresolved']} records have no period because their time is "
                         "relative (\"this year\") and their article has no publication date: give --published, "
                         "or a \"published\" field per article\n")
    return 1 if errors else 0


def _field_names(given: list[str] | None) -> list[str]:
    """``--keep a --keep b,c`` -> ["a", "b", "c"]."""
    return [name.strip() for value in given or () for name in value.split(",") if name.strip()]


def parquet_available() -> bool:
    """Whether pandas and pyarrow, which Parquet output needs, are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("pandas", "pyarrow"))


@contextmanager
def _nowhere() -> Iterator[None]:
    yield None


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..analysis.evaluate import (by_field, by_metric, format_by_metric, format_errors, format_table,
                           read_records, score, scores_to_json)

    if args.corpus:
        corpus = Path(args.corpus)
        gold_path, articles_path = corpus / "gold.jsonl", corpus / "articles.jsonl"
        import io
        buffer = io.StringIO()
        extract_articles([str(articles_path)], buffer, "jsonl", None, args.pack)
        pred = [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]
    else:
        if not (args.gold and args.pred):
            sys.stderr.write("renovex evaluate: give a CORPUS folder, or --gold and --pred\n")
            return 2
        gold_path, articles_path = Path(args.gold), Path(args.articles) if args.articles else None
        pred = read_records(args.pred)
    gold = read_records(gold_path)
    docs = {g["doc"] for g in gold}
    if articles_path is not None and articles_path.exists():
        from ..io.inputs import Article, iter_articles

        # the ids extraction gives them (a line without "id" too); unreadable lines add none
        docs |= {item.id for item in iter_articles([articles_path]) if isinstance(item, Article)}
    scores = score(gold, pred, docs)
    fields = by_field(scores)
    metrics = by_metric(gold, pred, docs) if args.by_metric else None
    if args.json:
        out = scores_to_json(scores)
        if metrics is not None:
            out = {"levels": out, "by_field": fields, "by_metric": scores_to_json(metrics)}
        print(json.dumps(out))
    else:
        print(format_table(scores))
        print("wrong on quantity-level matches: " + ", ".join(f"{name} {count}" for name, count in fields.items()))
        if metrics is not None:
            print(format_by_metric(metrics))
    if args.show_errors:
        print(format_errors(scores))
    if args.fail_under is not None and scores["full"].f1 < args.fail_under:
        sys.stderr.write(f"renovex evaluate: full F1 {scores['full'].f1:.3f} is under {args.fail_under}\n")
        return 1
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    """Print the entities of each article with their normalised values."""
    from ..api import load, make_doc
    from ..pipeline.extensions import entities
    from ..io.inputs import InputError, iter_articles
    from ..pipeline.pieces import PIECE_CHARS, split_text

    nlp = load(args.pack) if args.pack else load()
    status = 0
    for item in iter_articles(args.inputs, stdin=sys.stdin):
        if isinstance(item, InputError):
            sys.stderr.write(f"renovex: error: {item.source}: {item.message}\n")
            status = 1
            continue
        # a long text in pieces, as extract reads it: offsets are the whole text's
        for number, (start, end) in enumerate(split_text(item.text, min(PIECE_CHARS, nlp.max_length))):
            doc = nlp(make_doc(nlp, item.text[start:end], item.published, item.id))
            if number == 0:
                print(f"# {item.id} (published: {doc._.published})")
            for span in entities(doc):
                print(f"{span.start_char + start:>6} {span.label_:<12} {span.text!r:<45} {_describe(span._.value)}")
    return status


def _describe(value: object) -> str:
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value):
        hidden = ("start", "end", "number_start", "number_end", "phrases", "patterns", "pattern", "note")
        data = {k: v for k, v in asdict(value).items() if v not in (None, "", [], ()) and k not in hidden}
        return " ".join(f"{k}={v}" for k, v in data.items())
    return str(value)


def add_raw_csv(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-csv", action="store_true",
                        help="write CSV cells as they are; by default a cell starting with = + - @ (text a "
                             "spreadsheet would run as a formula) gets a leading apostrophe")


def add_article_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """The inputs and article options of the commands that read articles one by one (show, why)."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files, folders, .jsonl files or - (stdin)")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for articles that give none")
    parser.add_argument("--pack", help="rule pack: a bundled name or a folder (default: renovation)")
    parser.add_argument("--id", dest="ids", action="append", metavar="ID",
                        help=f"{verb} only the article with this id (repeatable; for .jsonl inputs)")


def processed_articles(args: argparse.Namespace, errors: list, exclude: Sequence[str] = ()) -> Iterator[tuple]:
    """``(article, processed Doc or None)`` for each input article that ``--id`` asks for (each,
    without it), through the pipeline of ``--pack`` with ``--published`` as the default date
    (the arguments of :func:`add_article_arguments`). A bad input is reported on stderr and
    appended to ``errors``; an article's warnings are reported as it comes."""
    from ..api import load, process
    from ..io.inputs import InputError, iter_articles, parse_published

    nlp = load(args.pack) if args.pack else load()
    default_published = parse_published(args.published) if args.published else None
    wanted = set(args.ids or ())
    for item in iter_articles(args.inputs, stdin=sys.stdin, exclude=list(exclude)):
        if isinstance(item, InputError):
            errors.append(item)
            sys.stderr.write(f"renovex: error: {item.source}: {item.message}\n")
            continue
        if wanted and item.id not in wanted:
            continue
        for warning in item.warnings:
            sys.stderr.write(f"renovex: warning: {item.source}: {warning}\n")
        yield item, process(nlp, item.text, item.published or default_published, item.id)


def build_parser() -> argparse.ArgumentParser:
    from ..core.version import __version__

    parser = argparse.ArgumentParser(prog="renovex", description="Plan and outcome records from policy news.")
    parser.add_argument("--version", action="version", version=f"renovex {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract records from .txt files, folders, .jsonl files or - (stdin)")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--output", help="output file (default: standard output; - too); never one of the "
                   "inputs or the store; written whole at the end, so a failed run leaves the old file")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"),
                   help="default: from the output's suffix (.csv, .parquet), else jsonl; every format has the "
                   "columns of the record schema (docs/records.md); parquet needs the pandas and parquet extras")
    add_raw_csv(p)
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for articles that give none")
    p.add_argument("--pack", help="rule pack: a bundled name or a folder (default: renovation)")
    p.add_argument("--n-process", type=int, default=1,
                   help="worker processes, each holding the pipeline (default 1: this process)")
    p.add_argument("--keep", action="append", metavar="FIELD",
                   help="a field of the input JSONL lines to keep on each record, under meta (repeat it, or "
                   "give several separated by commas); title and url are always kept")
    p.add_argument("--time-budget", type=_seconds, default=DEFAULT_SECONDS, metavar="SECONDS",
                   help=f"stop an article that takes longer and report it as an error (default {DEFAULT_SECONDS:g}; "
                   "0: no limit)")
    p.add_argument("--db", metavar="PATH", help="SQLite store: keep articles and records there, skip articles "
                   "already stored with the same content (their records are read back into -o; without -o, "
                   "records go only to the store)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "evaluate", help="score records against gold records (docs/evaluating.md)",
        description="Score predicted records against gold records at four levels: quantity (doc, metric, "
                    "value within 0.5%), +kind, +location, full (+period). A gold line may be optional "
                    "(\"optional\": true: never a miss) and list other admissible readings "
                    "(\"also\": [{\"location\": ...}]). The guide: docs/evaluating.md.")
    p.add_argument("corpus", nargs="?", help="a corpus folder with articles.jsonl and gold.jsonl: extract and score")
    p.add_argument("--gold")
    p.add_argument("--pred")
    p.add_argument("--articles", help="articles.jsonl of the corpus (distractor articles count)")
    p.add_argument("--show-errors", action="store_true", help="list false positives and negatives (full level)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--fail-under", type=float, metavar="F1", help="exit 1 when full F1 is below this")
    p.add_argument("--by-metric", action="store_true", help="also the full-level score of each metric")
    p.add_argument("--pack")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("tag", help="print the entities found, with their normalised values")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--pack")
    p.set_defaults(func=cmd_tag)

    from importlib import import_module

    from .commands import MODULES
    for name in MODULES:
        import_module(f"renovex.cli.commands.{name}").register(sub)
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as error:
        sys.stderr.write(f"renovex {args.command}: error: {error}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except (OSError, sqlite3.Error) as error:  # a full disk, a read-only folder, a locked store
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        what = getattr(error, "strerror", None) or str(error) or type(error).__name__
        sys.stderr.write(f"renovex {args.command}: error: {where}{what}\n")
        return EXIT_SYSTEM
    except KeyboardInterrupt:
        sys.stderr.write(f"\nrenovex {args.command}: interrupted; outputs were left as they were\n")
        return EXIT_INTERRUPTED
