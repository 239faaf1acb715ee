"""The record schema, declared once in ``data/record.schema.json`` and read from there by
every writer and reader: JSON Lines (the record object), and the flat table of CSV, pandas,
Parquet and Dask (its ``x-table`` columns). The docs show the same file.

:func:`check_record` validates a record object by the schema with the few JSON Schema words
the file uses (type, enum, required, properties, additionalProperties, items, minimum), so
no validator package is needed; it names the field that is wrong.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

__all__ = ["COLUMNS", "PANDAS_DTYPES", "TABLE_COLUMNS", "RecordError", "check_record", "record_schema"]


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of a record (a fresh parse once; callers must not change it)."""
    return json.loads(resources.files("renovex").joinpath("data/record.schema.json").read_text(encoding="utf-8"))


TABLE_COLUMNS: tuple[dict[str, str], ...] = tuple(record_schema()["x-table"]["columns"])
"""The flat columns, in order: ``name``, the record ``field`` it holds (``period.start``),
its ``pandas`` dtype and, for lists and objects, how CSV writes it (``csv``)."""

COLUMNS: tuple[str, ...] = tuple(column["name"] for column in TABLE_COLUMNS)
PANDAS_DTYPES: dict[str, str] = {column["name"]: column["pandas"] for column in TABLE_COLUMNS}


class RecordError(ValueError):
    """A record that does not fit the schema; the message names where and which field."""


_JSON_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def check_record(data: Any, where: str = "record") -> None:
    """Raise :class:`RecordError` naming ``where`` and the field if ``data`` is not a record."""
    _check(data, record_schema(), where, "")


def _check(value: Any, schema: Mapping[str, Any], where: str, path: str) -> None:
    name = path or "the record"
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        if not any(_JSON_TYPES[t](value) for t in allowed):
            raise RecordError(f"{where}: {name} must be {' or '.join(allowed)}, got {_shown(value)}")
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join("null" if c is None else str(c) for c in schema["enum"])
        raise RecordError(f"{where}: {name} must be one of {choices}, got {_shown(value)}")
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        raise RecordError(f"{where}: {name} must be at least {schema['minimum']}, got {value!r}")
    if isinstance(value, Mapping):
        _check_object(value, schema, where, path)
    elif isinstance(value, list) and "items" in schema:
        for number, item in enumerate(value):
            _check(item, schema["items"], where, f"{path}[{number}]")


def _check_object(value: Mapping[str, Any], schema: Mapping[str, Any], where: str, path: str) -> None:
    properties = schema.get("properties", {})
    missing = [key for key in schema.get("required", ()) if key not in value]
    if missing:
        raise RecordError(f"{where}: {path or 'the record'} lacks {', '.join(missing)}")
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        inner = f"{path}.{key}" if path else str(key)
        if key in properties:
            _check(item, properties[key], where, inner)
        elif extra is False:
            raise RecordError(f"{where}: unknown field {inner!r}; allowed: {', '.join(properties)}")
        elif isinstance(extra, Mapping):
            _check(item, extra, where, inner)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
