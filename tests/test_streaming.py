"""Batch extraction keeps nothing per article: memory after a run does not grow with its length."""
import gc
import io
import json
import os
import tracemalloc

from renovex.cli import extract_articles
from renovex.io.inputs import count_articles

PLACES = ["Shenyang city", "Hebei Province", "Wuhu", "Jilin", "Xinjiang"]
DISTINCT = 40  # texts repeat, so that spaCy's string store (which keeps every new word) is full after warm-up


def _feed(path, count):
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            j = i % DISTINCT
            text = f"In {2019 + j % 5}, {PLACES[j % 5]} plans to renovate {100 + j} old communities."
            handle.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    return str(path)


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def _retained_after(feed: str) -> int:
    """Bytes still allocated after extracting ``feed`` (allocations made during the run only)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        articles, records, errors = extract_articles([feed], _Discard(), stderr=_Discard())
        assert errors == 0 and records >= articles > 0
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_memory_retained_by_a_run_does_not_grow_with_the_article_count(nlp, tmp_path):
    extract_articles([_feed(tmp_path / "warm.jsonl", DISTINCT)], _Discard(), stderr=_Discard())
    # tracemalloc slows the pipeline several times: a few hundred articles keep this test short
    small = _retained_after(_feed(tmp_path / "small.jsonl", 100))
    large = _retained_after(_feed(tmp_path / "large.jsonl", 400))
    # A Record or a Doc kept per article would add well over 100 bytes for each of the 300 extra articles
    # (measured: a few kB in all, the same at 1,000 vs 3,000).
    assert large - small < 300 * 100, (small, large)


def test_counting_articles_for_progress_reads_in_chunks(tmp_path):
    feed = _feed(tmp_path / "feed.jsonl", 50_000)  # about 4 MB
    tracemalloc.start()
    try:
        assert count_articles([feed]) == 50_000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = os.path.getsize(feed)
    assert size > 4 * (1 << 20) and peak < 2.5 * (1 << 20)  # a 1 MB read buffer and its copy, not the file
