"""Score predicted records against gold records (RECORDS.md, "Matching").

The semantics agree exactly with the corpus scorer ``eval/score.py``:

* a prediction counts only when its ``doc`` is a document of the corpus (a gold
  document, or one of ``docs``: distractor articles without gold records);
* predictions are de-duplicated per level on the level key plus ``value`` and
  ``value_max`` rounded to 6 significant digits;
* a prediction matches an unused gold record with the same level key whose
  ``value`` and ``value_max`` are within 0.5% (None matches only None);
* optional gold records are tried last, absorb a prediction without counting a
  true positive, and are never false negatives;
* a gold record's ``also`` lists admissible second readings (``[{"location": "Taiyuan"}]``):
  a prediction that matches any reading matches the record, once.

Only the standard library is used, so the module is cheap to import.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

__all__ = [
    "LEVELS",
    "LevelScore",
    "RecordFileError",
    "brief",
    "by_field",
    "by_metric",
    "format_by_metric",
    "format_errors",
    "format_table",
    "normalise_place",
    "read_records",
    "score",
    "scores_to_json",
]

LEVELS = ("quantity", "+kind", "+location", "full")

TOLERANCE = 0.005
"""Relative tolerance on values: 0.5% of the larger magnitude."""

# Administrative suffixes dropped before places are compared, so that
# "Liaoning Province" == "liaoning" and "Xinjiang Uygur Autonomous Region" == "Xinjiang".
_PLACE_SUFFIX = re.compile(
    r"\b(uygur|uyghur|zhuang|hui)?\s*(autonomous region|autonomous prefecture|"
    r"special administrative region|province|municipality|city|district|county|"
    r"prefecture|region|league|banner|new area)\b"
)
_LEADING_THE = re.compile(r"^the\s+")
_NON_LETTERS = re.compile(r"[^a-z]+")


class RecordFileError(ValueError):
    """A record file could not be read; the message is ``path:line: message``."""


@dataclass
class LevelScore:
    """Counts and rates of one matching level, with the unmatched records."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    false_positives: list[dict] = field(default_factory=list)
    false_negatives: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        """The numbers only (no record lists), as the scorer's ``--json`` prints them."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


# --- normalisation -----------------------------------------------------------------

def normalise_place(value: Any) -> str | None:
    """Lower-case letters of a place name without its administrative suffix; None if nothing is left."""
    if value is None:
        return None
    text = _PLACE_SUFFIX.sub(" ", str(value).lower())
    text = _LEADING_THE.sub("", text)
    return _NON_LETTERS.sub(" ", text).strip() or None


def _six_digits(value: Any) -> float | None:
    """A number rounded to 6 significant digits: the identity of a predicted value."""
    if value is None:
        return None
    return float(f"{float(value):.6g}")


def _period_key(period: Any) -> tuple | None:
    # An empty period ({} or null) means "unknown", like null.
    if not period:
        return None
    return (period.get("start"), period.get("end"))


def _close(a: Any, b: Any) -> bool:
    """Values within 0.5% of each other; None is close only to None."""
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


def _level_key(record: Mapping, level: str) -> tuple:
    """The fields that must be equal for a match at ``level`` (each level adds one)."""
    depth = LEVELS.index(level)
    key: tuple = (record.get("doc"), record.get("metric"))
    if depth >= 1:
        key += (record.get("kind"),)
    if depth >= 2:
        key += (normalise_place(record.get("location")),)
    if depth >= 3:
        key += (_period_key(record.get("period")),)
    return key


# --- scoring -------------------------------------------------------------------------

def _rates(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _readings(record: Mapping) -> Iterable[Mapping]:
    """A gold record and each admissible second reading it lists under "also"."""
    yield record
    for alternative in record.get("also") or ():
        yield {**record, **alternative}


def _unique_predictions(pred: Iterable[Mapping], level: str, docs: set) -> list[Mapping]:
    """Predictions of corpus documents, first occurrence of each (key, value, value_max)."""
    seen: set = set()
    unique = []
    for record in pred:
        if record.get("doc") not in docs:
            continue
        identity = _level_key(record, level) + (
            _six_digits(record.get("value")), _six_digits(record.get("value_max")))
        if identity not in seen:
            seen.add(identity)
            unique.append(record)
    return unique


def _score_level(gold: list[Mapping], pred: list[Mapping], level: str, docs: set) -> LevelScore:
    candidates: dict[tuple, list[Mapping]] = defaultdict(list)
    for record in gold:
        for key in {_level_key(reading, level) for reading in _readings(record)}:
            candidates[key].append(record)
    for bucket in candidates.values():
        # Stable sort: required records first, so an optional one only absorbs leftovers.
        bucket.sort(key=lambda record: bool(record.get("optional")))

    used: set[int] = set()
    tp = 0
    false_positives = []
    for record in _unique_predictions(pred, level, docs):
        match = next(
            (g for g in candidates.get(_level_key(record, level), ())
             if id(g) not in used
             and _close(g.get("value"), record.get("value"))
             and _close(g.get("value_max"), record.get("value_max"))),
            None,
        )
        if match is None:
            false_positives.append(record)
        else:
            used.add(id(match))
            if not match.get("optional"):
                tp += 1

    false_negatives = [g for g in gold if not g.get("optional") and id(g) not in used]
    fp, fn = len(false_positives), len(false_negatives)
    return LevelScore(tp, fp, fn, *_rates(tp, fp, fn),
                      false_positives=list(false_positives), false_negatives=false_negatives)


def score(gold: list[dict], pred: list[dict], docs: set[str] | None = None) -> dict[str, LevelScore]:
    """Score ``pred`` against ``gold`` at every level of :data:`LEVELS`.

    ``docs`` names the documents of the corpus besides those with gold records
    (the ids of all its articles): predictions for them count, and since they
    have no gold record they are false positives. Predictions for any other
    document are ignored.
    """
    corpus = {record.get("doc") for record in gold} | set(docs or ())
    gold, pred = list(gold), list(pred)
    return {level: _score_level(gold, pred, level, corpus) for level in LEVELS}


def by_metric(gold: list[dict], pred: list[dict], docs: set[str] | None = None) -> dict[str, LevelScore]:
    """The full-level score of each metric, the gold's and the predictions' metrics in name order."""
    corpus = {record.get("doc") for record in gold} | set(docs or ())
    metrics = sorted({str(r.get("metric")) for r in gold} | {str(r.get("metric")) for r in pred
                                                              if r.get("doc") in corpus})
    return {metric: _score_level([g for g in gold if str(g.get("metric")) == metric],
                                 [p for p in pred if str(p.get("metric")) == metric], "full", corpus)
            for metric in metrics}


def by_field(scores: Mapping[str, LevelScore]) -> dict[str, int]:
    """How many figures matched at the quantity level lose their match at each next level: the
    kind, location and period errors (each counted at the first field that is wrong)."""
    tps = [scores[level].tp for level in LEVELS]
    return {name: tps[i] - tps[i + 1] for i, name in enumerate(("kind", "location", "period"))}


# --- reports -------------------------------------------------------------------------

def format_table(scores: Mapping[str, LevelScore]) -> str:
    """The table the corpus scorer prints: one line per level with P, R, F1, tp, fp, fn."""
    lines = [f"{'level':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for level, s in scores.items():
        lines.append(f"{level:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                     f"{s.tp:5d} {s.fp:5d} {s.fn:5d}")
    return "\n".join(lines)


def brief(record: Mapping) -> str:
    """One line for a record: ``doc: kind metric=value[-max] @location (start, end) [text]``."""
    value_max = record.get("value_max")
    span = f" [{record['text']}]" if record.get("text") else ""
    return (f"{record.get('doc')}: {record.get('kind')} {record.get('metric')}={record.get('value')}"
            f"{'-' + str(value_max) if value_max is not None else ''}"
            f" @{record.get('location')} {_period_key(record.get('period'))}{span}")


def format_by_metric(metrics: Mapping[str, LevelScore]) -> str:
    """One line a metric: full-level P, R, F1, tp, fp, fn."""
    width = max([len("metric")] + [len(m) for m in metrics])
    lines = [f"{'metric':<{width}} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for metric, s in metrics.items():
        lines.append(f"{metric:<{width}} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    return "\n".join(lines)


def format_errors(scores: Mapping[str, LevelScore], level: str = "full") -> str:
    """False positives (``+``) and false negatives (``-``) of one level, one per line."""
    result = scores[level]
    lines = [f"false positives ({level}):"]
    lines += [f"  + {brief(record)}" for record in result.false_positives]
    lines.append(f"false negatives ({level}):")
    lines += [f"  - {brief(record)}" for record in result.false_negatives]
    return "\n".join(lines)


def scores_to_json(scores: Mapping[str, LevelScore]) -> dict:
    """``{level: {tp, fp, fn, precision, recall, f1}}``, as the scorer's ``--json`` prints it."""
    return {level: s.counts() for level, s in scores.items()}


# --- files ---------------------------------------------------------------------------

def read_records(path: str | Path) -> list[dict]:
    """Records of a JSONL file (blank lines skipped); errors raise :class:`RecordFileError`."""
    records = []
    try:
        handle = open(path, "rb")  # binary, so that a decoding error has a line number
    except OSError as error:
        raise RecordFileError(f"{path}: cannot read: {error.strerror or error}") from error
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as error:
                raise RecordFileError(f"{path}:{number}: not UTF-8: {error.reason}") from error
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise RecordFileError(f"{path}:{number}: not JSON: {error}") from error
            if not isinstance(record, dict):
                raise RecordFileError(f"{path}:{number}: not a JSON object (got {type(record).__name__})")
            if not isinstance(record.get("doc"), (str, int)) or isinstance(record.get("doc"), bool):
                raise RecordFileError(f'{path}:{number}: no "doc" (the id of the article the record is from)')
            _check_numbers(record, path, number)
            _check_fields(record, f"{path}:{number}")
            records.append(record)
    return records


def _check_fields(record: dict, where: str) -> None:
    """The fields the matching reads, of the types RECORDS.md gives them (a gold file written
    by hand may have a period as a list, a kind misspelt, ``also`` as one object)."""
    kind = record.get("kind")
    if kind is not None and kind not in ("plan", "outcome"):
        raise RecordFileError(f'{where}: kind must be "plan" or "outcome", got {json.dumps(kind)}')
    if "metric" in record and not isinstance(record["metric"], str):
        raise RecordFileError(f"{where}: metric must be a string, got {json.dumps(record['metric'])}")
    for reading in [record] + [r for r in record.get("also") or () if isinstance(r, dict)]:
        period = reading.get("period")
        if period not in (None, {}) and not (
                isinstance(period, dict) and set(period) == {"start", "end"} and _year_or_none(period["start"])
                and isinstance(period["end"], int) and not isinstance(period["end"], bool)):
            raise RecordFileError(f'{where}: period must be {{"start": YEAR or null, "end": YEAR}} or null, '
                                  f"got {json.dumps(period)}")
    also = record.get("also")
    if also is not None and not (isinstance(also, list) and all(isinstance(r, dict) for r in also)):
        raise RecordFileError(f'{where}: also must be a list of objects (other readings, e.g. '
                              f'[{{"location": "Taiyuan"}}]), got {json.dumps(also)}')
    if "optional" in record and not isinstance(record["optional"], bool):
        raise RecordFileError(f"{where}: optional must be true or false, got {json.dumps(record['optional'])}")


def _year_or_none(value: Any) -> bool:
    return value is None or isinstance(value, int) and not isinstance(value, bool)


def _check_numbers(record: dict, path: str | Path, number: int) -> None:
    # The scorer converts values with float(); reject what it would choke on, with the line.
    for name in ("value", "value_max"):
        value = record.get(name)
        if value is None:
            continue
        try:
            ok = math.isfinite(float(value))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise RecordFileError(f"{path}:{number}: {name} is not a number: {value!r}")
