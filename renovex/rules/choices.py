"""``pack check`` for the words that choose among metrics sharing a unit or a head noun
(``words``, ``verbs``, ``clause_words`` of metrics.json; ``renovex.engines.metric_choice``)."""
from __future__ import annotations

from typing import Any

from ..engines.metric_choice import CLAUSE_SIDES, explain, has_choice_words, shared_heads
from .files import _JsonFile


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def check_choice_words(f: _JsonFile, table: dict[str, Any]) -> None:
    """Each metric's choosing words have their shape, and choose among metrics that share
    something with it: a unit, or a head noun."""
    units: dict[str, list[str]] = {}
    for metric, spec in table.items():
        if isinstance(spec, dict) and isinstance(spec.get("unit"), str):
            units.setdefault(spec["unit"], []).append(metric)
    heads = shared_heads({m: s for m, s in table.items() if isinstance(s, dict)}, _norm)
    sharing = {m for metrics in [*units.values(), *heads.values()] if len(metrics) > 1 for m in metrics}
    for metric, spec in table.items():
        if not isinstance(spec, dict):
            continue
        p = ("metrics", metric)
        for key in ("words", "verbs"):
            if key in spec:
                f.strings(spec[key], p + (key,), key)
        if "clause_words" in spec and f.keys(spec["clause_words"], p + ("clause_words",), CLAUSE_SIDES,
                                             "clause_words (side -> phrases)"):
            for side, words in spec["clause_words"].items():
                f.strings(words, p + ("clause_words", side), f"clause_words.{side}")
        if has_choice_words(spec) and metric not in sharing and "unit" not in spec:
            key = next(k for k in ("words", "verbs", "clause_words") if spec.get(k))
            f.error(p + (key,), f"'{key}' choose among metrics that share a unit or a head noun; metric "
                    f"{metric!r} shares neither: give it a 'unit' or a head another metric has")
    # a head phrase (a string: an object's conditions may tell them apart) of two metrics, neither chosen by words
    strings = {m: {"heads": [h for h in s.get("heads") or [] if isinstance(h, str)]}
               for m, s in table.items() if isinstance(s, dict)}
    for phrase, metrics in shared_heads(strings, _norm).items():
        plain = [m for m in metrics if not has_choice_words(table[m])]
        if len(plain) > 1:
            index = next(i for i, h in enumerate(table[plain[1]]["heads"]) if isinstance(h, str) and _norm(h) == phrase)
            f.error(("metrics", plain[1], "heads", index), f"head {phrase!r} already names metric {plain[0]!r}: "
                    "a metric that shares a head needs 'words', 'verbs' or 'clause_words' that choose it")


def choice_notes(table: dict[str, Any]) -> list[str]:
    """The metrics that share a unit or a head: default, the words of the others, the tie-break."""
    return explain({m: s for m, s in table.items() if isinstance(s, dict)}, _norm)
