"""Run the pipeline over a stream of articles, in order, without one bad article stopping
the rest: in this process or in spaCy's worker processes (``n_process``).

spaCy's error handler runs where the component failed: in a worker it cannot report
back, and the failing Doc is simply missing from the worker's output. So each Doc goes
through ``nlp.pipe`` with its sequence number as context; an article whose number is
skipped in the output failed somewhere, and it is re-run here, component by component,
to name the component and the error (or, if it now passes, to keep its records: a worker
that lost a whole batch loses nothing). The same path serves ``n_process=1``, so the
messages are the same whatever the process count.
"""
from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ignore_error

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """An article a component could not process; ``message`` names the component and error."""

    article_id: str | None
    message: str


def pipe_docs(nlp: Language, docs: Iterable[Doc], batch_size: int = 32,
              n_process: int = 1) -> Iterator[Doc | Failure]:
    """One processed Doc or one :class:`Failure` per Doc of ``docs``, in input order.

    ``docs`` are made by :func:`renovex.api.make_doc`. Only the Docs in flight are held
    (about ``3 * n_process * batch_size`` with workers), so memory does not grow with the input.
    """
    pending: deque[tuple[int, Doc]] = deque()

    def numbered() -> Iterator[tuple[Doc, int]]:
        for number, doc in enumerate(docs):
            pending.append((number, doc))
            yield doc, number

    previous = nlp.default_error_handler
    # ignore_error (a module function) pickles, so workers started with "spawn" get it too;
    # a failing Doc is dropped where it failed and found missing below.
    nlp.set_error_handler(ignore_error)
    try:
        for doc, number in nlp.pipe(numbered(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            while pending and pending[0][0] != number:
                yield rerun(nlp, pending.popleft()[1])
            if pending:
                pending.popleft()
            yield doc
        while pending:
            yield rerun(nlp, pending.popleft()[1])
    finally:
        nlp.set_error_handler(previous)


def rerun(nlp: Language, doc: Doc) -> Doc | Failure:
    """Process a fresh copy of ``doc``'s article component by component: the processed Doc,
    or a Failure naming the first component that raised."""
    from .api import make_doc

    article_id = doc._.article_id
    fresh = make_doc(nlp, doc.text, doc._.published, article_id)
    for name, component in nlp.pipeline:
        try:
            fresh = component(fresh)
        except Exception as error:  # any component error: the article is reported, the run goes on
            return Failure(article_id, f"{name} failed: {type(error).__name__}: {error}")
    logger.warning("article %s was missing from the pipeline's output and passed when re-run", article_id)
    return fresh
