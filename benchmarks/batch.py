"""Batch benchmark (not a test): `renovex extract` on 1,000 and 10,000 generated articles,
with one and two processes, writing JSONL or the SQLite store (`--db`).

    python benchmarks/batch.py [--sizes 1000 10000] [--n-process 1 2] [--one-line]

Articles come from the generator of bench.py, written in paragraphs as real ones are
(`--one-line`: the earlier layout, one-line bodies). Each run is a fresh Python process that loads
the pipeline, then times ``renovex extract`` (``renovex.cli.main``) alone; this script
samples the memory of that process and its workers meanwhile (the sum of their RSS: forked
workers share pages, so with several processes this overstates a little). The tokenizer
column is the bare ``spacy.blank("en")`` tokenizer on the same texts, in one process: the
issue's target is extraction at 25% or more of it. Equal articles/s across sizes means cost
grows linearly with input.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import corpus

HERE = Path(__file__).resolve().parent
WORDS_PER_ARTICLE = 400  # more than bench.corpus averages, so one call gives enough articles


def articles(count: int, paragraphs: bool = False) -> list[str]:
    texts = corpus(count * WORDS_PER_ARTICLE, paragraphs=paragraphs)
    assert len(texts) >= count, "bench.corpus made fewer articles than expected"
    return texts[:count]


def write_feed(path: Path, texts: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            handle.write(json.dumps({"id": f"b{number}", "text": text, "published": "2023-06-30"}) + "\n")


def store_available() -> bool:
    """Whether this renovex's `extract` has `--db` (added by the incremental-store work)."""
    from renovex.cli import build_parser

    parsed, _ = build_parser().parse_known_args(["extract", "feed.jsonl", "--db", "probe.sqlite"])
    return getattr(parsed, "db", None) == "probe.sqlite"


def tokenizer_rate(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("en")
    list(nlp.pipe(texts[:50]))  # warm up, as bench.py does
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return words / (time.perf_counter() - started)


# --- one run, in a child process ------------------------------------------------------

def child(argv: list[str]) -> None:
    """Load the pipeline, warm it up, then time `renovex extract argv` alone."""
    import renovex
    from renovex.cli import main

    list(renovex.extract_many(corpus(5000, seed=99)))  # warm up on other texts than the feed's
    started = time.perf_counter()
    status = main(["extract", *argv])
    print(json.dumps({"seconds": time.perf_counter() - started, "status": status}))


def _tree_rss(root: int) -> int:
    """Sum of the RSS (bytes) of ``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: parent pid
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # fields[21]: rss in pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(argv: list[str]) -> tuple[float, int, float]:
    """(seconds, exit status, peak MB) of `renovex extract argv` in a fresh process."""
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", *argv],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.2):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode != 0 or not out.strip():
        sys.exit(f"renovex extract {' '.join(argv)} failed:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["status"], peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--one-line", action="store_true",
                        help="bodies on one line after the headline, the layout before 2026-11-22 (see bench.corpus); "
                             "by default articles are written in paragraphs, one per line, as real ones are")
    parser.add_argument("--paragraphs", action="store_true", help=argparse.SUPPRESS)  # the default since 2026-11-22
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    if not Path("/proc/self/stat").exists():
        sys.exit("batch.py samples memory through /proc: run it on Linux")

    stores = [False, True] if store_available() else [False]
    notes = [] if len(stores) == 2 else ["`renovex extract` has no --db here: store rows skipped."]
    rows = []
    with tempfile.TemporaryDirectory(prefix="renovex-batch-") as folder:
        for size in args.sizes:
            texts = articles(size, paragraphs=not args.one_line)
            words = sum(len(t.split()) for t in texts)
            feed = Path(folder, f"feed{size}.jsonl")
            write_feed(feed, texts)
            tok_rate = tokenizer_rate(texts)
            for n_process in args.n_process:
                for store in stores:
                    target = ["--db", str(Path(folder, f"store{size}-{n_process}.sqlite"))] if store else \
                             ["-o", str(Path(folder, f"out{size}-{n_process}.jsonl"))]
                    seconds, status, peak = run([str(feed), "--n-process", str(n_process), *target])
                    if status != 0:
                        notes.append(f"{size} articles, n_process {n_process}: exit status {status}")
                    rows.append((size, n_process, "on" if store else "off", seconds, size / seconds,
                                 words / seconds, peak, tok_rate))
                    print(f"  {size} articles, n_process {n_process}, store {'on' if store else 'off'}: "
                          f"{seconds:.1f} s", file=sys.stderr)

    print(f"| articles | n_process | store | seconds | articles/s | words/s | peak RSS MB "
          f"| tokenizer words/s | % of tokenizer |")
    print("|---:|---:|:---:|---:|---:|---:|---:|---:|---:|")
    for size, n_process, store, seconds, art_rate, word_rate, peak, tok_rate in rows:
        print(f"| {size:,} | {n_process} | {store} | {seconds:,.1f} | {art_rate:,.0f} | {word_rate:,.0f} "
              f"| {peak:,.0f} | {tok_rate:,.0f} | {word_rate / tok_rate:.0%} |")
    for note in notes:
        print(f"\nNote: {note}")


if __name__ == "__main__":
    main()
