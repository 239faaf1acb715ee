"""Records as a table: a typed pandas DataFrame, CSV (no pandas needed) and Parquet.

Input is anything a user holds records in: :class:`~renovex.records.Record` objects, dicts
as read back from ``renovex extract`` JSONL, or the lists per article that
``renovex.extract_many`` yields (flattened, in order). The table has one row per record and
the flat columns of :data:`COLUMNS`: the period becomes ``period_start``/``period_end``,
``terms`` a ``;``-joined string and ``rules`` a JSON object string.

pandas and pyarrow are optional (extras ``renovex[pandas]`` and ``renovex[parquet]``) and
imported only when a frame is asked for.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from .records import Record

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["COLUMNS", "DTYPES", "rows", "to_csv", "to_frame", "to_parquet"]

DTYPES: dict[str, str] = {
    "doc": "string",
    "kind": "category",
    "metric": "category",
    "value": "float64",
    "value_max": "float64",
    "approx": "category",
    "location": "string",
    "province": "string",
    "period_start": "Int64",
    "period_end": "Int64",
    "as_of": "datetime64[ns]",
    "text": "string",
    "start": "Int64",
    "end": "Int64",
    "sentence": "string",
    "group": "Int64",
    "terms": "string",
    "rules": "string",
}
"""Column -> pandas dtype of :func:`to_frame`, in column order."""

COLUMNS: tuple[str, ...] = tuple(DTYPES)

KINDS = ("plan", "outcome")
"""Categories of ``kind`` always present, so frames of different batches concatenate cleanly."""

_PERIOD_TEXT = re.compile(r"\s*(\d{4})\s*(?:[-\u2013/]\s*(\d{4})\s*)?")
_DEADLINE_TEXT = re.compile(r"\s*(?:by\s+|[-\u2013/]\s*)(\d{4})\s*", re.IGNORECASE)  # "by 2025": no start
_RECORD_KEYS = frozenset(Record.__dataclass_fields__)
_FLAT_KEYS = frozenset(COLUMNS)


# --- rows (no pandas) ------------------------------------------------------------------

def _records(items: Iterable[Any]) -> Iterator[tuple[int, Record | Mapping[str, Any]]]:
    """Records and record dicts of ``items`` with their row number; one level of lists flattened."""
    if isinstance(items, (Record, Mapping, str, bytes)):
        raise TypeError(f"give an iterable of records, not a single {type(items).__name__}")
    number = 0
    for item in items:
        inner = item if isinstance(item, (list, tuple)) else (item,)
        for record in inner:
            if not isinstance(record, (Record, Mapping)):
                raise TypeError(f"record {number}: expected a Record or a dict, got {type(record).__name__}")
            yield number, record
            number += 1


def _period(value: Any, where: str) -> tuple[int | None, int | None]:
    """``{"start", "end"}``, ``(start, end)``, ``"2021-2025"``/``"2022"``/``"by 2025"`` (no start) or None."""
    if value is None or value == "":
        return None, None
    if isinstance(value, Mapping) and "start" in value and "end" in value:
        return _int(value["start"], f"{where} period start"), _int(value["end"], f"{where} period end")
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return _int(value[0], f"{where} period start"), _int(value[1], f"{where} period end")
    if isinstance(value, str) and (match := _PERIOD_TEXT.fullmatch(value)):
        return int(match[1]), int(match[2] or match[1])
    if isinstance(value, str) and (match := _DEADLINE_TEXT.fullmatch(value)):
        return None, int(match[1])
    raise ValueError(f'{where}: period must be {{"start": YYYY, "end": YYYY}}, "YYYY-YYYY" or null, got {value!r}')


def _int(value: Any, where: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{where} must be an integer, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{where} must be an integer, got {value!r}") from None
    if not number.is_integer():
        raise ValueError(f"{where} must be an integer, got {value!r}")
    return int(number)


def _float(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{where} must be a number, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where} must be a number, got {value!r}") from None


def _as_of(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{where}: as_of must be a YYYY-MM-DD date, got {value!r}") from None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _row(number: int, record: Record | Mapping[str, Any]) -> dict[str, Any]:
    where = f"record {number}"
    data = record.to_dict() if isinstance(record, Record) else dict(record)
    unknown = set(data) - _RECORD_KEYS - _FLAT_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown fields {', '.join(sorted(unknown))}; "
                         f"allowed: {', '.join(sorted(_RECORD_KEYS | _FLAT_KEYS))}")
    if "period" in data:
        period_start, period_end = _period(data["period"], where)
    else:  # a flat row, as to_csv writes it
        period_start = _int(data.get("period_start"), f"{where} period_start")
        period_end = _int(data.get("period_end"), f"{where} period_end")
    terms = data.get("terms") or []
    rules = data.get("rules") or {}
    return {
        "doc": _text(data.get("doc")),
        "kind": _text(data.get("kind")) or None,
        "metric": _text(data.get("metric")) or None,
        "value": _float(data.get("value"), f"{where} value"),
        "value_max": _float(data.get("value_max"), f"{where} value_max"),
        "approx": _text(data.get("approx")) or None,
        "location": _text(data.get("location")) or None,
        "province": _text(data.get("province")) or None,
        "period_start": period_start,
        "period_end": period_end,
        "as_of": _as_of(data.get("as_of"), where),
        "text": _text(data.get("text")),
        "start": _int(data.get("start"), f"{where} start"),
        "end": _int(data.get("end"), f"{where} end"),
        "sentence": _text(data.get("sentence")),
        "group": _int(data.get("group"), f"{where} group"),
        "terms": terms if isinstance(terms, str) else ";".join(terms),
        "rules": rules if isinstance(rules, str) else json.dumps(rules, ensure_ascii=False),
    }


def rows(records: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Flat rows (plain Python values, keys :data:`COLUMNS`) of ``records``; no pandas needed.

    Raises TypeError or ValueError naming the record number for input that is not a record.
    """
    for number, record in _records(records):
        yield _row(number, record)


# --- CSV -------------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(records: Iterable[Any], path: str | Path | IO[str], raw: bool = False) -> int:
    """Write ``records`` as CSV with the columns of :func:`to_frame` (header first, empty
    cells for nulls); ``path`` is a file name or an open text file. Returns the rows written.
    A cell a spreadsheet would run as a formula gets a leading apostrophe unless ``raw``."""
    from .outputs import neutralised, replacing

    if isinstance(path, (str, Path)):
        with replacing(Path(path)) as handle:  # the old file stays if writing fails
            return to_csv(records, handle, raw)
    writer = csv.writer(path)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows(records):
        cells = [_cell(row[column]) for column in COLUMNS]
        writer.writerow(cells if raw else [neutralised(cell) for cell in cells])
        count += 1
    return count


# --- pandas ----------------------------------------------------------------------------

def _pandas(caller: str = "to_frame"):
    try:
        import pandas
    except ImportError as error:
        raise ImportError(f"renovex.{caller} needs pandas, which is optional: "
                          "pip install 'renovex[pandas]'") from error
    return pandas


def _categorical(pd: Any, name: str, values: list[Any], categories: list[str]) -> "pd.Series":
    # Categories typed as pandas types strings (what read_parquet gives back), except that an
    # empty list is never object-typed: Parquet stores that as a null dictionary, which comes
    # back as plain objects (pandas 2 infers object for strings; pandas 3 "str").
    inferred = pd.Index(["x"]).dtype
    dtype = "string" if not categories and inferred == object else inferred
    return pd.Series(pd.Categorical(values, categories=pd.Index(categories, dtype=dtype)), name=name)


def _column(pd: Any, name: str, values: list[Any]) -> "pd.Series":
    dtype = DTYPES[name]
    if name == "kind":
        extra = sorted({v for v in values if v is not None and v not in KINDS})
        return _categorical(pd, name, values, [*KINDS, *extra])
    if dtype == "category":
        return _categorical(pd, name, values, sorted({v for v in values if v is not None}))
    if name == "as_of":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d"),
                         name=name).astype(dtype)
    return pd.Series(values, dtype=dtype, name=name)


def to_frame(records: Iterable[Any]) -> "pd.DataFrame":
    """A pandas DataFrame with one row per record and the typed columns of :data:`DTYPES`.

    ``records``: Records, dicts (as read from JSONL, or the flat rows of :func:`to_csv`),
    or lists of them per article (``renovex.extract_many``'s output). No records give an
    empty frame with the same columns and dtypes. Needs the ``pandas`` extra.
    """
    return _frame(records, "to_frame")


def _frame(records: Iterable[Any], caller: str) -> "pd.DataFrame":
    pd = _pandas(caller)
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for row in rows(records):
        for name in COLUMNS:
            columns[name].append(row[name])
    return pd.DataFrame({name: _column(pd, name, values) for name, values in columns.items()})


def to_parquet(records: Iterable[Any], path: str | Path) -> int:
    """Write :func:`to_frame` of ``records`` to a Parquet file; the dtypes survive
    ``pandas.read_parquet``. Needs the ``pandas`` and ``parquet`` extras. Returns the rows written.

    (``renovex export --format parquet`` streams a store without pandas and keeps ``terms``
    as a list and ``rules`` as a map; this writes the DataFrame as :func:`to_frame` types it.)"""
    _pandas("to_parquet")
    try:
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise ImportError("renovex.to_parquet needs pyarrow, which is optional: "
                          "pip install 'renovex[pandas,parquet]'") from error
    frame = _frame(records, "to_parquet")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(target, index=False)
    return len(frame)
