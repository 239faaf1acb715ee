"""A time budget per article: a Doc whose components take longer is stopped, reported and skipped.

Why: every input shape renovex knows of costs linear time (``benchmarks/adversarial.py``), but a
rule a user adds to a pack, or a shape nobody has met yet, may not; one such article must not
hold up a batch of thousands. The budget is a ``SIGALRM`` timer (``signal.setitimer``): it
interrupts Python code and the regular-expression engine alike.

Where a timer cannot be set (another thread than the main one, a platform without
``setitimer``, or a timer the caller already runs), :func:`time_limit` does not interrupt:
the article runs to its end, as without a budget.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["DEFAULT_SECONDS", "Alarm", "OverBudget", "OverBudgetWarning", "alarms", "time_limit"]

DEFAULT_SECONDS = 60.0
"""The command line's budget: a news article takes milliseconds; a minute is far past any."""


class OverBudget(Exception):
    """Raised inside the code :func:`time_limit` guards when its time is up."""


class OverBudgetWarning(UserWarning):
    """Issued by :func:`renovex.extract_many` for an article stopped by its time budget."""


class _Timer:
    active = False


def _interrupt(signum: int, frame: object) -> None:
    if _Timer.active:  # a late signal after the block ended is ignored
        _Timer.active = False
        raise OverBudget()


def _can_interrupt() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0 and not _Timer.active)


class Alarm:
    """Arms and disarms the timer while :func:`alarms` holds the signal handler (two system
    calls a step, where installing a handler each time would cost four times as much)."""

    def start(self, seconds: float) -> None:
        _Timer.active = True
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-6))  # 0 would disarm it

    def stop(self) -> None:
        _Timer.active = False
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def alarms(seconds: float | None) -> Iterator[Alarm | None]:
    """An :class:`Alarm` for steps of a budget of ``seconds``, or None where there is no budget
    or no timer can be set (see the module); the caller's ``SIGALRM`` handler is put back."""
    if seconds is None or seconds <= 0 or not _can_interrupt():
        yield None
        return
    previous = signal.signal(signal.SIGALRM, _interrupt)
    alarm = Alarm()
    try:
        yield alarm
    finally:
        alarm.stop()
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block if it runs over ``seconds`` (None or <= 0: no limit)."""
    with alarms(seconds) as alarm:
        if alarm is None:
            yield
            return
        alarm.start(seconds)  # type: ignore[arg-type]
        try:
            yield
        finally:
            alarm.stop()
