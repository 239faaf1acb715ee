"""SeenIds: a compact id -> int map that behaves like a dict's setdefault/get/in."""
import random

from renovex.io.seen_ids import SeenIds


def test_behaves_like_a_dict_across_many_flushes_and_merges() -> None:
    rng = random.Random(3)
    ids = [f"article-{rng.randrange(30_000)}" for _ in range(20_000)]  # about 1 in 3 repeats
    seen, reference = SeenIds(), {}
    for number, article_id in enumerate(ids):
        assert seen.setdefault(article_id, number) == reference.setdefault(article_id, number)
    assert len(seen) == len(reference)
    for article_id in ("article-5", "article-29999", "never-seen", "", "İd\u2019s ünïcode"):
        assert seen.get(article_id) == reference.get(article_id)
        assert (article_id in seen) == (article_id in reference)


def test_odd_ids_and_large_values() -> None:
    seen = SeenIds()
    assert seen.setdefault("\ud800lone surrogate", (7 << 32) | 12) == (7 << 32) | 12
    assert seen.get("\ud800lone surrogate") == (7 << 32) | 12
    assert seen.setdefault("\ud800lone surrogate", 1) == (7 << 32) | 12
