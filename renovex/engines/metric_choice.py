"""Choosing among metrics that share a unit or a head noun, by their words in the figure's
clause (issue 15, item 1 and obstacle 4).

A metric of ``metrics.json`` may give three kinds of *choosing words*:

- ``words``: phrases anywhere in the figure's clause ("maintained 2,000 km", "2,000 km were
  maintained");
- ``verbs``: verbs, each also in its inflected forms ("maintain" finds "maintains",
  "maintained", "maintaining"), anywhere in the clause;
- ``clause_words``: ``{"before": [...], "after": [...]}``, phrases that count only on that side
  of the figure ("*toilet renovation* for 12,000 households").

They choose among the metrics that share the figure's unit ("km") or its head noun
("households"); the default is the first metric of that unit or head declared without choosing
words (else the first declared). The tie-break, explained by ``renovex pack check``: the word
nearest the figure wins; at equal distance the metric declared first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

CHOICE_KEYS = ("words", "verbs", "clause_words")
"""The metric keys that hold choosing words."""
CLAUSE_SIDES = ("before", "after")

CLAUSE_LOOKBACK = 300  # characters searched before a figure for its clause's words
CLAUSE_LOOKAHEAD = 60  # and after it
_STOPS_BEFORE = ".;!?\n"
_STOPS_AFTER = ".,;!?\n"  # after the figure a comma ends its clause ("..., and maintenance teams ...")

TIE_BREAK = ("the metric whose word stands nearest the figure in its clause wins; "
             "at equal distance, the one declared first")


@dataclass(frozen=True)
class Chooser:
    """One metric's choosing words, compiled for lower-cased text (None: none of that kind)."""

    metric: str
    anywhere: re.Pattern | None
    before: re.Pattern | None
    after: re.Pattern | None


def has_choice_words(spec: dict[str, Any]) -> bool:
    """Whether a metric of metrics.json gives any choosing words."""
    clause = spec.get("clause_words") or {}
    return bool(spec.get("words") or spec.get("verbs") or any(clause.get(side) for side in CLAUSE_SIDES))


def verb_forms(verb: str) -> list[str]:
    """A verb and its regular forms: "maintain" -> maintain, maintains, maintained, maintaining;
    "pave" -> paves, paved, paving; "repair" ...; "upgrade" ...; irregular forms ("built") are
    listed by the pack as further verbs."""
    verb = " ".join(verb.lower().split())
    head, _, rest = verb.partition(" ")  # "keep up": the first word takes the ending
    rest = f" {rest}" if rest else ""
    forms = {head}
    if head.endswith("e"):
        forms |= {head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        forms |= {head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    elif head.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms |= {head + "es", head + "ed", head + "ing"}
    else:
        forms |= {head + "s", head + "ed", head + "ing"}
    return sorted(form + rest for form in forms)


def compile_chooser(metric: str, spec: dict[str, Any], alternation: Callable[[Iterable[str]], str]) -> Chooser:
    """The compiled choosing words of one metric (``alternation``: the quantity layer's phrase regex)."""
    def regex(phrases: list[str]) -> re.Pattern | None:
        return re.compile(rf"(?<![\w-])(?:{alternation(phrases)})(?![\w-])") if phrases else None

    anywhere = list(spec.get("words") or []) + [form for verb in spec.get("verbs") or [] for form in verb_forms(verb)]
    clause = spec.get("clause_words") or {}
    return Chooser(metric, regex(anywhere), regex(clause.get("before") or []), regex(clause.get("after") or []))


def shared_heads(table: dict[str, Any], normalise: Callable[[str], str]) -> dict[str, list[str]]:
    """Head phrase -> the metrics that declare it, in order, for phrases declared by more than
    one metric (a head string or a head object's ``head``)."""
    owners: dict[str, list[str]] = {}
    for metric, spec in table.items():
        for entry in spec.get("heads") or []:
            phrase = entry if isinstance(entry, str) else entry.get("head") if isinstance(entry, dict) else None
            if isinstance(phrase, str) and phrase.strip():
                metrics = owners.setdefault(normalise(phrase), [])
                if metric not in metrics:
                    metrics.append(metric)
    return {phrase: metrics for phrase, metrics in owners.items() if len(metrics) > 1}


def default_of(metrics: list[str], table: dict[str, Any]) -> str:
    """Of metrics sharing a unit or a head: the first declared without choosing words, else the first."""
    return next((m for m in metrics if not has_choice_words(table[m])), metrics[0])


def clause_around(low: str, start: int, end: int, breaks: re.Pattern | None) -> tuple[int, int]:
    """The clause of a figure at ``low[start:end]`` for its choosing words: back to the last
    sentence stop (or a clause break of quantity_words.json ``clause_breaks``: ", and", ", while"),
    on to the next comma or stop."""
    lo = max(0, start - CLAUSE_LOOKBACK)
    clause_start = max(max(low.rfind(c, lo, start) for c in _STOPS_BEFORE) + 1, lo)
    if breaks is not None:
        for match in breaks.finditer(low, clause_start, start):
            clause_start = match.end()
    hi = min(len(low), end + CLAUSE_LOOKAHEAD)
    stops = [i for i in (low.find(c, end, hi) for c in _STOPS_AFTER) if i != -1]
    return clause_start, min(stops) if stops else hi


def choose(low: str, start: int, end: int, choosers: list[Chooser],
           breaks: re.Pattern | None = None) -> tuple[str, str] | None:
    """(metric, the word that chose it) of the chooser whose word stands nearest the figure at
    ``low[start:end]`` in its clause; ties go to the chooser listed first; None when no word is there."""
    clause_start, clause_end = clause_around(low, start, end, breaks)
    best: tuple[int, int, str, str] | None = None
    for order, chooser in enumerate(choosers):
        for side, regex in (("any", chooser.anywhere), ("before", chooser.before), ("after", chooser.after)):
            if regex is None:
                continue
            lo, hi = (clause_start, start) if side == "before" else (end, clause_end) if side == "after" \
                else (clause_start, clause_end)
            for match in regex.finditer(low, lo, hi):
                distance = start - match.end() if match.end() <= start else match.start() - end
                if distance >= 0 and (best is None or (distance, order) < best[:2]):
                    best = (distance, order, chooser.metric, match.group())
    return (best[2], best[3]) if best else None


def explain(table: dict[str, Any], normalise: Callable[[str], str]) -> list[str]:
    """What ``renovex pack check`` says about metrics that share a unit or a head: the default,
    the others with their choosing words, and the tie-break."""
    groups: dict[str, list[str]] = {}
    for metric, spec in table.items():
        if isinstance(spec, dict) and isinstance(spec.get("unit"), str):
            groups.setdefault(f"unit {spec['unit']!r}", []).append(metric)
    groups = {k: v for k, v in groups.items() if len(v) > 1}
    # (heads told apart by their own conditions, "requires_any" or "forbids", are not a choice by words)
    groups.update({f"head {phrase!r}": metrics for phrase, metrics in shared_heads(table, normalise).items()
                   if any(has_choice_words(table[m]) for m in metrics)})
    lines = []
    for what, metrics in groups.items():
        default = default_of(metrics, table)
        chosen = [f"{m} (by {', '.join(_words_of(table[m]))})" for m in metrics if m != default]
        lines.append(f"{what}: {default} by default; {'; '.join(chosen)}")
    if lines:
        lines.append(f"tie-break: {TIE_BREAK}")
    return lines


def _words_of(spec: dict[str, Any], shown: int = 3) -> list[str]:
    clause = spec.get("clause_words") or {}
    parts = [f"'{w}'" for w in (spec.get("words") or [])[:shown]]
    parts += [f"verb '{v}'" for v in (spec.get("verbs") or [])[:shown]]
    parts += [f"'{w}' {side}" for side in CLAUSE_SIDES for w in (clause.get(side) or [])[:shown]]
    return parts or ["nouns"]
