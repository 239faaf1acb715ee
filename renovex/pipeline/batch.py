"""Run the pipeline over a stream of articles, in order, without one bad article stopping
the rest: in this process, or in worker processes (``n_process``).

In one process (the usual case) :func:`run_in_batches` replaces ``nlp.pipe``: each batch
goes through one component after another, so a component's code and rules stay in the
CPU's caches across the batch (about 15% faster than a Doc through all components at a
time), and a failing article is reported where it failed.

With workers, :func:`extract_jobs` sends articles (id, text, date) and gets back
records, not Docs. spaCy's ``nlp.pipe(n_process=N)`` ships every Doc across processes as
bytes, both ways, and srsly looks up its msgpack codecs (an entry-point scan) on every
call: the main process spent 3x more time packing and unpacking Docs than a worker spent
extracting one, and two processes ran 3x slower than one. Here each worker holds the
pipeline (forked, or unpickled once under "spawn": the components pickle), runs
:func:`run_in_batches` on its batch and returns records and failures, which pickle small.
"""
from __future__ import annotations

import logging
import multiprocessing
import time
from collections import deque
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .time_budget import Alarm, OverBudget, alarms

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """An article a component could not process; ``message`` names the component and error."""

    article_id: str | None
    message: str


class Job(NamedTuple):
    """One article to extract: what :func:`extract_jobs` sends to a worker."""

    article_id: str | None
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    meta: dict | None = None
    """Fields of the input article its records carry (see :func:`stamped`)."""


class StoredJob(Job):
    """An article whose records are known already (stored by an earlier run): it keeps its
    place in the order of results, with no records, and is not processed."""


class UnreadJob(Job):
    """An input line that gave no article (``text`` holds why): it keeps its place in the
    order of results, so what a store keeps for an id follows input order, and comes out as
    a :class:`Failure` without being processed."""


_NOT_RUN = (StoredJob, UnreadJob)


def extract_jobs(nlp: Language, jobs: Iterable[Job], batch_size: int = 32, n_process: int = 1,
                 catch: bool = True, time_budget: float | None = None) -> Iterator[tuple[Job, list | Failure]]:
    """``(job, records)`` per article of ``jobs``, in input order; ``records`` is a
    :class:`Failure` instead when a component raised (with ``catch``; without, the error
    propagates, from a worker too).

    Texts over 100,000 characters go through in pieces (:mod:`renovex.pipeline.pieces`). With
    ``n_process`` > 1, at most ``2 * n_process`` batches are in flight, so memory does not
    grow with the input; if a worker process dies, its batch and the rest are done in this
    process (a warning is logged) and nothing is lost. With ``time_budget`` (seconds), an
    article that takes longer is stopped and comes back as a :class:`Failure`.
    """
    if n_process < 1:
        raise ValueError(f"n_process must be 1 or more, got {n_process}")
    batches = (list(batch) for batch in minibatch(jobs, batch_size))
    if n_process == 1:
        for batch in batches:
            yield from zip(batch, _extract_batch(nlp, batch, catch, time_budget))
        return
    yield from _extract_in_workers(nlp, batches, n_process, catch, time_budget)


def stamped(records: list, job: Job) -> list:
    """``records`` with the article's title, address and kept fields of ``job`` on each."""
    if job.title is not None or job.url is not None or job.meta:
        for record in records:
            record.title, record.url, record.meta = job.title, job.url, dict(job.meta or {})
    return records


def _extract_batch(nlp: Language, batch: list[Job], catch: bool,
                   time_budget: float | None = None) -> list[list | Failure]:
    from .pieces import Pieces

    pieces = Pieces()
    to_run = [job for job in batch if not isinstance(job, _NOT_RUN)]
    docs = (doc for job in to_run for doc in pieces.docs(nlp, job.text, job.published, job.article_id))
    outputs = iter(pieces.join(run_in_batches(nlp, docs, max(len(to_run), 1), catch=catch,
                                                   time_budget=time_budget)))
    return [[] if isinstance(job, StoredJob) else Failure(job.article_id, job.text) if isinstance(job, UnreadJob)
            else _records_or_failure(next(outputs)) for job in batch]


def _records_or_failure(output: Doc | Failure) -> list | Failure:
    return output if isinstance(output, Failure) else list(output._.records or [])


_WORKER_NLP: Language | None = None  # the pipeline of this worker process


def _start_worker(nlp: Language) -> None:
    global _WORKER_NLP
    _WORKER_NLP = nlp


def _worker_batch(batch: list[Job], catch: bool, time_budget: float | None) -> list[list | Failure]:
    assert _WORKER_NLP is not None, "worker started without a pipeline"
    return _extract_batch(_WORKER_NLP, batch, catch, time_budget)


def _extract_in_workers(nlp: Language, batches: Iterator[list[Job]], n_process: int, catch: bool,
                        time_budget: float | None) -> Iterator[tuple[Job, list | Failure]]:
    pending: deque[tuple[list[Job], Future]] = deque()
    pool = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context(),
                               initializer=_start_worker, initargs=(nlp,))
    broken = False
    try:
        for batch in batches:
            if not broken:
                try:
                    pending.append((batch, pool.submit(_worker_batch, batch, catch, time_budget)))
                except (BrokenProcessPool, RuntimeError) as error:
                    # a worker died between two results: the pool refuses new work
                    broken = True
                    logger.warning("a worker process stopped (%s); the remaining articles are done in "
                                   "this process", error)
                    pending.append((batch, None))
                    continue
                if len(pending) < 2 * n_process:
                    continue  # keep every worker busy with one batch queued behind it
            else:
                pending.append((batch, None))
            broken = yield from _drain(nlp, pending, 1, catch, broken, time_budget)
        yield from _drain(nlp, pending, len(pending), catch, broken, time_budget)
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(nlp: Language, pending: deque, count: int, catch: bool, broken: bool,
           time_budget: float | None = None) -> Iterator[tuple[Job, list | Failure]]:
    """Yield the results of the ``count`` oldest pending batches; returns whether the pool broke."""
    for _ in range(count):
        batch, future = pending.popleft()
        outcomes = None
        if future is not None and not broken:
            try:
                outcomes = future.result()
            except BrokenProcessPool as error:
                broken = True
                logger.warning("a worker process stopped (%s); the remaining articles are done in this process",
                               error)
        if outcomes is None:
            outcomes = _extract_batch(nlp, batch, catch, time_budget)
        yield from zip(batch, outcomes)
    return broken


def run_in_batches(nlp: Language, docs: Iterable[Doc], batch_size: int = 64,
                   catch: bool = False, time_budget: float | None = None) -> Iterator[Doc | Failure]:
    """``nlp.pipe`` in this process, component by component over batches of ``docs``, in order.

    With ``catch`` an article whose component raises becomes a :class:`Failure` (later
    components skip it) and the others go on; without, the error propagates. A component
    with its own ``pipe`` (a statistical one a user added) gets the batch at once.
    With ``time_budget`` (seconds), a Doc whose components take longer in all is stopped and
    becomes a :class:`Failure` (with or without ``catch``; see :mod:`renovex.pipeline.time_budget`).
    """
    components = nlp.pipeline
    for batch in minibatch(docs, batch_size):
        with alarms(time_budget) as alarm:
            outputs = _run_batch(components, list(batch), batch_size, catch, time_budget, alarm)
        yield from outputs


def _run_batch(components: list, outputs: list[Doc | Failure], batch_size: int, catch: bool,
               time_budget: float | None, alarm: Alarm | None) -> list[Doc | Failure]:
    spent = [0.0] * len(outputs)  # seconds each Doc has taken so far
    for name, component in components:
        if _batched(component):
            try:
                with _armed(alarm, _left(time_budget, sum(spent)) * len(outputs)):
                    done = iter(component.pipe([d for d in outputs if isinstance(d, Doc)], batch_size=batch_size))
                    outputs = [next(done) if isinstance(d, Doc) else d for d in outputs]
                continue
            except Exception:  # noqa: BLE001 - retried Doc by Doc below to find the culprit
                if not catch and not alarm:
                    raise
        for i, doc in enumerate(outputs):
            if isinstance(doc, Failure):
                continue
            started = time.perf_counter() if alarm else 0.0
            try:
                if alarm is None:  # no budget: no timer, and no context manager per call either
                    outputs[i] = component(doc)
                else:
                    with _armed(alarm, _left(time_budget, spent[i])):
                        outputs[i] = component(doc)
            except OverBudget:
                outputs[i] = Failure(doc._.article_id, f"{name}: over the time budget of {time_budget:g} s "
                                                       "for one article; skipped")
            except Exception as error:  # any component error: the article is reported, the run goes on
                if not catch:
                    raise
                outputs[i] = Failure(doc._.article_id, _message(name, error))
            if alarm:
                spent[i] += time.perf_counter() - started
    return outputs


@contextmanager
def _armed(alarm: Alarm | None, seconds: float) -> Iterator[None]:
    """The timer runs for ``seconds`` in the block; its signal may end the block, or the disarming
    (then as OverBudget too: the time was up), never the code after it."""
    if alarm is None:
        yield
        return
    alarm.start(seconds)
    try:
        yield
    finally:
        alarm.stop()


def _left(budget: float | None, spent: float) -> float:
    """Seconds left of ``budget`` (a tiny positive number when none: the timer must still fire)."""
    return max((budget or 0.0) - spent, 1e-6)


def _batched(component: object) -> bool:
    """Whether ``component`` works on batches (a statistical one has a ``pipe``; renovex's
    rule components work Doc by Doc)."""
    return hasattr(component, "pipe")


def _message(component_name: str, error: Exception) -> str:
    return f"{component_name} failed: {type(error).__name__}: {error}"
