"""Memory benchmark (not a test): `renovex extract` streams a 100,000-article JSONL file in
constant memory.

Generates short articles (from the sentences of bench.py) into a temporary folder, runs
``renovex.cli.extract_articles`` over the file (the function behind ``renovex extract``),
and samples the process's current and peak RSS after 1k, 10k, 50k and 100k articles.

    python benchmarks/stream_memory.py [--articles 100000] [--keep]

The numbers in the articles come from a bounded pool, as the words of real news do: spaCy's
vocabulary keeps every distinct string it meets, and the "strings" column shows it level off.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import FILLER, PLACES, TEMPLATES

CHECKPOINTS = (1_000, 10_000, 50_000, 100_000)
ID_WIDTH = 7


def write_feed(path: Path, count: int, seed: int = 11) -> int:
    """``count`` short articles (2-4 sentences, at least one figure) as JSONL; returns the words."""
    rng = random.Random(seed)
    pools = {key: [rng.randint(low, high) for _ in range(300)]
             for key, (low, high) in {"n": (100, 9000), "m": (1000, 900000), "k": (10, 999)}.items()}
    words = 0
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            sentences = [rng.choice(TEMPLATES[:4]).format(
                year=rng.randint(2019, 2025), place=rng.choice(PLACES), n=rng.choice(pools["n"]),
                m=rng.choice(pools["m"]), k=rng.choice(pools["k"]), p=rng.randint(50, 99),
                b=rng.randint(1, 90))]
            sentences += rng.sample(FILLER, rng.randint(1, 3))
            rng.shuffle(sentences)
            text = " ".join(sentences)
            words += len(text.split())
            handle.write(json.dumps({"id": f"a{number:0{ID_WIDTH}d}", "text": text,
                                     "published": f"{rng.randint(2019, 2025)}-06-30"}) + "\n")
    return words


def rss_mb() -> float:
    """Current resident set size (Linux /proc; elsewhere the peak)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


class Sampler(io.TextIOBase):
    """The output of the run: discards the records, and samples memory when the first record
    of a checkpoint article (or a later one) goes by."""

    def __init__(self, checkpoints: tuple[int, ...], vocab):
        self.todo = list(checkpoints)
        self.vocab = vocab
        self.rows: list[tuple[int, float, float, int, float]] = []
        self.started = time.perf_counter()

    def write(self, line: str) -> int:
        # Records are JSONL with "doc" first: {"doc": "a0001234", ...}
        if self.todo and line.startswith('{"doc": "a'):
            done = int(line[10:10 + ID_WIDTH]) + 1
            if done >= self.todo[0]:
                self.todo.pop(0)
                self.rows.append((done, rss_mb(), peak_mb(), len(self.vocab.strings),
                                  time.perf_counter() - self.started))
        return len(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=CHECKPOINTS[-1])
    parser.add_argument("--keep", action="store_true", help="keep the generated feed (its path is printed)")
    args = parser.parse_args()

    import renovex
    from renovex.cli import extract_articles

    folder = Path(tempfile.mkdtemp(prefix="renovex-stream-"))
    try:
        feed = folder / "feed.jsonl"
        words = write_feed(feed, args.articles)
        size = feed.stat().st_size / 2**20
        print(f"feed: {args.articles:,} articles, {words:,} words, {size:,.1f} MB ({feed})")

        nlp = renovex.load()
        print(f"pipeline loaded: RSS {rss_mb():,.0f} MB")
        checkpoints = tuple(c for c in CHECKPOINTS if c <= args.articles) or (args.articles,)
        sampler = Sampler(checkpoints, nlp.vocab)
        articles, records, errors = extract_articles([str(feed)], sampler, stderr=io.StringIO())
        print(f"extracted: {articles:,} articles, {records:,} records, {errors} errors\n")

        print("| articles | RSS MB | peak RSS MB | vocab strings | seconds |")
        print("|---:|---:|---:|---:|---:|")
        for done, rss, peak, strings, seconds in sampler.rows:
            print(f"| {done:,} | {rss:,.0f} | {peak:,.0f} | {strings:,} | {seconds:,.1f} |")
        if len(sampler.rows) >= 2:
            first, last = sampler.rows[0], sampler.rows[-1]
            growth = last[2] - first[2]
            verdict = "flat" if growth < 0.1 * first[2] else "GROWING"
            print(f"\npeak RSS from {first[0]:,} to {last[0]:,} articles: {growth:+,.0f} MB "
                  f"({growth / first[2]:+.1%}): {verdict}; input file {size:,.0f} MB")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
