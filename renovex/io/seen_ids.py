"""The article ids of a run, kept compactly, for telling duplicate ids apart.

A dict of id strings costs about 150 bytes an article, which a feed of millions of
articles turns into a growing process. Here each id is a 64-bit hash (blake2b; two
different ids collide with odds of about n²/2⁶⁵, one in a few billion for 100,000 ids)
with a 64-bit value, in sorted numpy runs: 16 bytes an id. New ids wait in a small
dict; when it fills it becomes a sorted run, and runs of similar size are merged
(a log-structured merge), so adding n ids costs O(n log n) and a lookup one binary
search per run (about log2(n / 4096) runs).
"""
from __future__ import annotations

import hashlib

import numpy

_BUFFER = 4096  # ids held in the dict before they become a sorted run


def _key(article_id: str) -> int:
    data = article_id.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


class SeenIds:
    """A set of ids, each with an int (e.g. where it was first seen)."""

    def __init__(self) -> None:
        self._recent: dict[int, int] = {}
        self._runs: list[tuple[numpy.ndarray, numpy.ndarray]] = []  # (sorted uint64 keys, int64 values)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, article_id: str) -> bool:
        return self._find(_key(article_id)) is not None

    def get(self, article_id: str) -> int | None:
        return self._find(_key(article_id))

    def setdefault(self, article_id: str, value: int) -> int:
        """The value of ``article_id``, after storing ``value`` for it if it was new."""
        key = _key(article_id)
        found = self._find(key)
        if found is not None:
            return found
        self._recent[key] = value
        self._count += 1
        if len(self._recent) >= _BUFFER:
            self._flush()
        return value

    def _find(self, key: int) -> int | None:
        found = self._recent.get(key)
        if found is not None:
            return found
        probe = numpy.uint64(key)
        for keys, values in self._runs:
            at = int(numpy.searchsorted(keys, probe))
            if at < len(keys) and keys[at] == probe:
                return int(values[at])
        return None

    def _flush(self) -> None:
        keys = numpy.fromiter(self._recent.keys(), dtype=numpy.uint64, count=len(self._recent))
        values = numpy.fromiter(self._recent.values(), dtype=numpy.int64, count=len(self._recent))
        order = numpy.argsort(keys)
        self._runs.append((keys[order], values[order]))
        self._recent = {}
        # merge the newest run into the one before while it is as large: sizes halve down the list
        while len(self._runs) > 1 and len(self._runs[-1][0]) >= len(self._runs[-2][0]):
            (k2, v2), (k1, v1) = self._runs.pop(), self._runs.pop()
            keys, values = numpy.concatenate((k1, k2)), numpy.concatenate((v1, v2))
            order = numpy.argsort(keys, kind="stable")
            self._runs.append((keys[order], values[order]))
