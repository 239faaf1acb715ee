"""Records as a table: a typed pandas DataFrame, CSV (no pandas needed) and Parquet.

Input is anything a user holds records in: :class:`~renovex.core.records.Record` objects, dicts
as read back from ``renovex extract`` JSONL, or the lists per article that
``renovex.extract_many`` yields (flattened, in order). The table has one row per record and
the flat columns of :data:`COLUMNS`, declared in the record schema (:mod:`renovex.core.schema`):
the period becomes ``period_start``/``period_end``, ``terms`` a ``;``-joined string and
``rules`` a JSON object string. CSV, pandas, Parquet, ``renovex export`` and Dask all use it.

pandas and pyarrow are optional (extras ``renovex[pandas]`` and ``renovex[parquet]``) and
imported only when a frame is asked for.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from ..core.records import Record
from ..core.schema import COLUMNS, PANDAS_DTYPES, TABLE_COLUMNS, record_schema

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["COLUMNS", "DTYPES", "rows", "to_csv", "to_frame", "to_parquet"]

DTYPES: dict[str, str] = PANDAS_DTYPES
"""Column -> pandas dtype of :func:`to_frame`, in column order (from the record schema)."""

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
    if isinstance(value, datetime):  # read back from Parquet or a frame
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{where}: as_of must be a YYYY-MM-DD date, got {value!r}") from None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _row(number: int, record: Record | Mapping[str, Any]) -> dict[str, Any]:
    return _flat(record, f"record {number}")


def _flat(record: Record | Mapping[str, Any], where: str) -> dict[str, Any]:
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
    row: dict[str, Any] = {}
    for column in TABLE_COLUMNS:
        name = column["name"]
        if name == "period_start":
            row[name] = period_start
        elif name == "period_end":
            row[name] = period_end
        elif column.get("csv") == "joined":
            value = data.get(name) or []
            row[name] = value if isinstance(value, str) else ";".join(value)
        elif column.get("csv") == "json":
            value = data.get(name) or {}
            row[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        else:
            row[name] = _CONVERTERS[column["pandas"]](data.get(name), where, name)
    return row


_CONVERTERS = {  # pandas dtype -> (value, "record N", column) -> plain value of the row
    "string": lambda value, where, name: _text(value),
    "category": lambda value, where, name: _text(value) or None,
    "float64": lambda value, where, name: _float(value, f"{where} {name}"),
    "Int64": lambda value, where, name: _int(value, f"{where} {name}"),
    "datetime64[ns]": lambda value, where, name: _as_of(value, where),
}


def record_of_row(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The record object of a flat row (as CSV or Parquet hold it; the inverse of :func:`rows`).
    Raises ValueError naming ``where`` for a cell of the wrong type."""
    from ..core.schema import RecordError

    try:
        flat = _flat(row, where)
    except ValueError as error:
        raise RecordError(str(error)) from None
    start, end = flat.pop("period_start"), flat.pop("period_end")
    data: dict[str, Any] = {"period": None if start is None and end is None else {"start": start, "end": end}}
    for name, value in flat.items():
        column = _TABLE[name]
        if column.get("csv") == "joined":
            value = [term for term in value.split(";") if term] if value else []
        elif column.get("csv") == "json":
            try:
                value = json.loads(value) if value else {}
            except ValueError:
                raise RecordError(f"{where}: {name} must be a JSON object, got {value[:60]!r}") from None
        if value == "" and column["field"] in _NULLABLE:
            value = None  # an empty cell of a field that may be null (CSV cannot tell them apart)
        data[column["field"]] = value
    return data


_TABLE = {column["name"]: column for column in TABLE_COLUMNS}
_NULLABLE = frozenset(name for name, spec in record_schema()["properties"].items()
                      if "null" in (spec.get("type") if isinstance(spec.get("type"), list) else [spec.get("type")]))


def csv_cells(record: Record | Mapping[str, Any]) -> list[Any]:
    """The CSV cells of one record, in column order (no formula guard: see to_csv)."""
    row = _flat(record, "record")
    return [_cell(row[column]) for column in COLUMNS]


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
    from .outputs import replacing

    if isinstance(path, (str, Path)):
        with replacing(Path(path)) as handle:  # the old file stays if writing fails
            return to_csv(records, handle, raw)
    from .record_files import csv_writer

    write = csv_writer(path, raw)
    count = 0
    for _, record in _records(records):
        write(record)
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


def to_frame(records: Iterable[Any] | str | Path | "pd.DataFrame") -> "pd.DataFrame":
    """A pandas DataFrame with one row per record and the typed columns of :data:`DTYPES`.

    ``records``: Records, dicts (as read from JSONL, or the flat rows of :func:`to_csv`),
    lists of them per article (``renovex.extract_many``'s output), a record file renovex
    wrote (JSONL, CSV or Parquet: see :func:`renovex.read_records`), or a DataFrame of
    records (flat columns, or a ``period`` column), typed afresh. No records give an
    empty frame with the same columns and dtypes. Needs the ``pandas`` extra.
    """
    if isinstance(records, (str, Path)):
        from .record_files import iter_records

        return _frame(iter_records(records), "to_frame")
    if hasattr(records, "to_dict") and hasattr(records, "columns"):  # a DataFrame
        return _frame(_frame_rows(records), "to_frame")
    return _frame(records, "to_frame")


def _frame_rows(frame: "pd.DataFrame") -> Iterator[dict[str, Any]]:
    """The rows of a DataFrame as dicts, with pandas' missing values (NaN, NA, NaT) as None."""
    pd = _pandas()
    for row in frame.to_dict("records"):
        yield {key: None if not isinstance(value, (list, dict)) and pd.isna(value) else value
               for key, value in row.items()}


def _frame(records: Iterable[Any], caller: str) -> "pd.DataFrame":
    pd = _pandas(caller)
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for row in rows(records):
        for name in COLUMNS:
            columns[name].append(row[name])
    return pd.DataFrame({name: _column(pd, name, values) for name, values in columns.items()})


def to_parquet(records: Iterable[Any], path: str | Path) -> int:
    """Write ``records`` to a Parquet file typed as :func:`to_frame` types them (``pandas.read_parquet``
    gives that frame back), in row groups, as ``renovex extract``/``export`` write Parquet.
    Needs the ``pandas`` and ``parquet`` extras. Returns the rows written."""
    from .record_files import ParquetSink, replaced_by

    with replaced_by(Path(path)) as temporary, ParquetSink(temporary) as write:
        count = 0
        for _, record in _records(records):
            write(record)
            count += 1
    return count
