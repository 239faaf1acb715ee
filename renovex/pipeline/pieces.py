"""Long articles in pieces: a text over :data:`PIECE_CHARS` characters goes through the
pipeline as several Docs, and their records come back as one article's, with offsets into
the whole text.

Why: spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) outright, and a
Doc's memory (tokens, spans, the linker's indexes) grows with the text while a piece's is
freed as soon as its records are out. News articles run
to a few thousand characters; a text over 100,000 is a dump or a concatenation, where
context across a cut matters little. Cuts fall at a paragraph break, else a line break, a
sentence end or a space, in the second half of the piece, so sentences stay whole. Each
piece resolves "this year" by itself: from the publication date given, else from its own text.
"""
from __future__ import annotations

from collections import deque
from datetime import date
from typing import Iterable, Iterator, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["PIECE_CHARS", "Pieces", "split_text"]

PIECE_CHARS = 100_000
_CUTS = ("\n\n", "\n", ". ", " ")

Other = TypeVar("Other")


def split_text(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of the pieces of ``text``, none longer than ``limit``; one piece when it fits."""
    if limit < 2:
        raise ValueError(f"piece limit must be at least 2 characters, got {limit}")
    bounds = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, stop: int) -> int:
    floor = start + (stop - start) // 2
    for separator in _CUTS:
        at = text.rfind(separator, floor, stop)
        if at != -1:
            return at + len(separator)
    return stop  # no space in half a piece: not prose; cut anywhere


class Pieces:
    """Cuts articles into Docs on the way into the pipeline and joins their records on the way out.

    Call :meth:`docs` for each article as the pipeline pulls its input, and wrap the
    pipeline's output in :meth:`join`. The output must hold one item per input Doc, in
    input order (``nlp.pipe`` and :func:`renovex.pipeline.batch.run_in_batches` do): a processed Doc, or
    anything else (a failure), which is passed through. ``join`` yields one Doc per article
    (its first piece, whose ``doc._.records`` then holds the records of all pieces) and the
    failures; an article of one piece passes untouched.
    """

    def __init__(self, limit: int = PIECE_CHARS):
        self.limit = limit
        self._sent: deque[tuple[int, bool]] = deque()  # per Doc sent: (offset in its article, last piece?)

    def docs(self, nlp: Language, text: str, published: date | None = None,
             doc_id: str | None = None) -> Iterator[Doc]:
        """The Docs of one article: one, or one per piece of a long text."""
        from ..api import make_doc

        bounds = split_text(text, min(self.limit, nlp.max_length))
        for number, (start, end) in enumerate(bounds):
            self._sent.append((start, number == len(bounds) - 1))
            yield make_doc(nlp, text if len(bounds) == 1 else text[start:end], published, doc_id)

    def join(self, outputs: Iterable[Doc | Other]) -> Iterator[Doc | Other]:
        """One Doc per article from the pipeline's ``outputs`` (see the class)."""
        first: Doc | None = None
        records: list = []
        dropped: list = []
        groups = 0  # the highest group id of the article so far
        for output in outputs:
            offset, last = self._sent.popleft()
            if isinstance(output, Doc):
                if first is None and last and offset == 0:  # a whole article: the usual case
                    yield output
                    continue
                found = list(output._.records or [])
                top = groups
                for record in found:
                    record.start += offset
                    record.end += offset
                    for words in record.evidence.values():  # the cue, place and time offsets too
                        words["start"] += offset
                        words["end"] += offset
                    if record.group is not None:  # group ids count from 1 in each Doc: continue them
                        record.group += groups
                        top = max(top, record.group)
                groups = top
                records.extend(found)
                for figure in output._.dropped or []:
                    dropped.append({**figure, "start": figure["start"] + offset, "end": figure["end"] + offset})
                if first is None:
                    first = output
            else:
                yield output
            if last:
                if first is not None:
                    first._.records = records
                    first._.dropped = dropped
                    yield first
                first, records, dropped, groups = None, [], [], 0
