"""Regular expressions of a pack that would cost more than linear time (issue 16).

``pack check`` runs every pattern of a pack through :func:`cost_problem`: a static check for
nested unbounded repeats ("(a+)+", the usual shape of catastrophic backtracking), then a
timing on hostile probe texts of growing length. Neither is a proof (a pattern may be slow
only on text the probes do not contain), but together they catch the common mistakes
before a pack costs seconds per article.
"""
from __future__ import annotations

import re
import time

__all__ = ["cost_problem"]


def cost_problem(pattern: str, compiled: re.Pattern, timed: bool = True) -> str | None:
    """Why ``pattern`` may take more than linear time, or None. ``timed=False`` skips the
    timing: loading a pipeline checks its pack too, and a busy machine must not make a sound
    pattern fail to load (``pack check`` times them)."""
    if _nested_unbounded(pattern):
        return ("a repeated group holds an unbounded repeat, e.g. (a+)+: it can take exponential time "
                "on some texts; bound the inner repeat ({1,20}) or rewrite it")
    return _slow_on_probes(compiled) if timed else None


def _nested_unbounded(pattern: str) -> bool:
    """Whether an unbounded repeat holds another unbounded repeat ("(a+)+", "(?:\\w*\\s)*"):
    the shape behind catastrophic backtracking."""
    import re._constants as c
    import re._parser as parser

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, high, sub = arg
                unbounded = high == c.MAXREPEAT and op != c.POSSESSIVE_REPEAT
                if unbounded and inside:
                    return True
                if walk(sub, inside or unbounded):
                    return True
            elif op == c.SUBPATTERN and walk(arg[-1], inside):
                return True
            elif op == c.BRANCH and any(walk(branch, inside) for branch in arg[1]):
                return True
            elif op in (c.ASSERT, c.ASSERT_NOT) and walk(arg[1], inside):
                return True
        return False

    try:
        return walk(parser.parse(pattern), False)
    except Exception:  # noqa: BLE001 - the compile above already accepted it
        return False


_PROBE_UNITS = ("a", "1,", " ", "ab ", "(", "aa")
_PROBE_LENGTHS = (*range(8, 65, 4), 128, 512, 2048, 4096)
_PROBE_BUDGET = 0.25  # seconds for all probes; a linear pattern takes well under a millisecond
_SHORT_PROBE_LIMIT = 0.02  # seconds on one probe of at most 64 characters


def _slow_on_probes(compiled: re.Pattern) -> str | None:
    """A pattern that takes seconds per article shows it on hostile texts: each probe is
    tried at lengths growing by 4 characters, so an exponential pattern is caught while it
    still takes milliseconds (at about 30 characters, before it hangs at 60), and at its
    start, as the pipeline tries a pattern at a position."""
    started = time.perf_counter()
    for unit in _PROBE_UNITS:
        for length in _PROBE_LENGTHS:
            probe = unit * (length // len(unit)) + "!"
            took = _time_match(compiled, probe)
            if length <= 64 and took > _SHORT_PROBE_LIMIT:
                took = min(took, _time_match(compiled, probe))  # a second try: not a pause of the machine
            if time.perf_counter() - started > _PROBE_BUDGET or (length <= 64 and took > _SHORT_PROBE_LIMIT):
                return (f"too slow: {took:.3f} s on a test text of {len(probe):,} characters; "
                        "a pattern must take time in proportion to the text")
    return None


def _time_match(compiled: re.Pattern, text: str) -> float:
    before = time.perf_counter()
    compiled.match(text)
    return time.perf_counter() - before


