"""Record files in the three formats of the record schema, written and read the same way
everywhere (``renovex extract``, ``renovex export``, :func:`renovex.read_records`):

- ``jsonl``: one record object a line, as :mod:`renovex.core.schema` declares it;
- ``csv``: the flat columns of the schema, header first, empty cells for nulls; cells a
  spreadsheet would run as formulas get a leading apostrophe unless ``raw_csv``;
- ``parquet``: the same columns with the dtypes of :func:`renovex.to_frame` (pandas and
  pyarrow, the ``pandas`` and ``parquet`` extras), written in row groups so memory stays flat.

Every file is written to a temporary name and renamed at the end (:mod:`renovex.io.outputs`),
so a failed run leaves the old file.
"""
from __future__ import annotations

import csv
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from ..core.records import Record
from ..core.schema import COLUMNS, RecordError, check_record

__all__ = ["FORMATS", "PARQUET_EXTRA", "format_of", "iter_records", "read_records", "record_sink", "unneutralised"]

FORMATS = ("jsonl", "csv", "parquet")
PARQUET_EXTRA = "pip install 'renovex[pandas,parquet]'"
ROW_GROUP = 10_000  # records per Parquet row group


def format_of(path: str | Path | None, given: str | None = None, allowed: tuple[str, ...] = FORMATS) -> str:
    """``given`` when set, else the file's suffix (``.csv``, ``.parquet``), else ``jsonl``."""
    if given:
        return given
    suffix = Path(path).suffix.lower().lstrip(".") if path and str(path) != "-" else ""
    return suffix if suffix in allowed else "jsonl"


# --- writing ---------------------------------------------------------------------------

def jsonl_writer(handle: IO[str]) -> Callable[[Record], None]:
    def write(record: Record) -> None:
        handle.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    return write


def csv_writer(handle: IO[str], raw: bool = False) -> Callable[[Record | dict], None]:
    """Writes the header at once, then one row a record (the flat columns of the schema)."""
    from .frames import csv_cells
    from .outputs import neutralised

    writer = csv.writer(handle)
    writer.writerow(COLUMNS)

    def write(record: Record | dict) -> None:
        cells = csv_cells(record)
        writer.writerow(cells if raw else [neutralised(cell) for cell in cells])
    return write


@contextmanager
def record_sink(path: str | Path | None, fmt: str, raw_csv: bool = False) -> Iterator[Callable[[Record], None]]:
    """A function writing one record to ``path`` (None or ``-``: standard output) in ``fmt``;
    the file appears, whole, when the block ends without an exception."""
    from .outputs import replacing

    if fmt == "parquet":
        if path is None or str(path) == "-":
            raise ValueError("parquet is binary: give an output file")
        with replaced_by(Path(path)) as temporary, ParquetSink(temporary) as write:
            yield write
        return
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown record format {fmt!r}; known: {', '.join(FORMATS)}")
    with replacing(path) as handle:
        yield csv_writer(handle, raw_csv) if fmt == "csv" else jsonl_writer(handle)


@contextmanager
def replaced_by(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that opens files itself; renamed over
    ``path`` if the block ends without an exception, removed otherwise."""
    from .outputs import temporary_path

    temporary = temporary_path(path)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class ParquetSink:
    """Records to a Parquet file in row groups of :data:`ROW_GROUP`, typed as :func:`to_frame`
    types them (categories, nullable integers, dates), so ``pandas.read_parquet`` gives back
    the frame ``to_frame`` makes."""

    def __init__(self, path: str | Path):
        from .frames import _pandas

        _pandas("to_parquet")
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as error:
            raise ImportError(f"Parquet needs pyarrow, which is optional: {PARQUET_EXTRA}") from error
        from .frames import to_frame

        self._pa = pa
        empty = pa.Schema.from_pandas(to_frame([]), preserve_index=False)
        # every chunk has its own categories: 32-bit codes so that no chunk overflows them
        fields = [pa.field(f.name, pa.dictionary(pa.int32(), f.type.value_type)) if pa.types.is_dictionary(f.type)
                  else f for f in empty]
        self.schema = pa.schema(fields, metadata=empty.metadata)
        self._writer = pq.ParquetWriter(str(path), self.schema)
        self._chunk: list[Record] = []
        self.count = 0

    def __enter__(self) -> Callable[[Record], None]:
        return self.write

    def write(self, record: Record) -> None:
        self._chunk.append(record)
        if len(self._chunk) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        from .frames import to_frame

        if self._chunk:
            table = self._pa.Table.from_pandas(to_frame(self._chunk), preserve_index=False)
            self._writer.write_table(table.cast(self.schema))
            self.count += len(self._chunk)
            self._chunk = []

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        try:
            if kind is None:
                self._flush()
        finally:
            self._writer.close()


# --- reading ---------------------------------------------------------------------------

def read_records(path: str | Path, fmt: str | None = None) -> list[Record]:
    """The records of a file renovex wrote: JSONL, CSV or Parquet (by suffix, or ``fmt``).

    Raises :class:`~renovex.core.schema.RecordError` (a ValueError) naming the file, the line or
    row, and the field for anything that is not a record; OSError when the file cannot be read.
    CSV of renovex 0.x's ``extract`` (one ``period`` cell, "2021-2025") is read too."""
    return list(iter_records(path, fmt))


def iter_records(path: str | Path, fmt: str | None = None) -> Iterator[Record]:
    """:func:`read_records`, one record at a time."""
    fmt = format_of(path, fmt)
    if fmt == "jsonl":
        yield from _jsonl_records(Path(path))
    elif fmt == "csv":
        yield from _csv_records(Path(path))
    elif fmt == "parquet":
        yield from _parquet_records(Path(path))
    else:
        raise ValueError(f"unknown record format {fmt!r}; known: {', '.join(FORMATS)}")


def _jsonl_records(path: Path) -> Iterator[Record]:
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
                if not line:
                    continue
                data = json.loads(line)
            except (UnicodeDecodeError, ValueError) as error:
                raise RecordError(f"{where}: not a JSON line: {error}") from None
            check_record(data, where)
            yield Record.from_dict(data)


def _csv_records(path: Path) -> Iterator[Record]:
    from .frames import record_of_row

    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row:
                raise RecordError(f"{where}: more cells than the header has columns")
            yield _checked(record_of_row({k: unneutralised(v) for k, v in row.items()}, where), where)


def _parquet_records(path: Path) -> Iterator[Record]:
    from .frames import record_of_row

    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ImportError(f"reading Parquet needs pyarrow, which is optional: {PARQUET_EXTRA}") from error
    parquet = pq.ParquetFile(str(path))
    number = 0
    for batch in parquet.iter_batches(batch_size=ROW_GROUP):
        for row in batch.to_pylist():
            number += 1
            where = f"{path}: row {number}"
            yield _checked(record_of_row(row, where), where)


def _checked(data: dict[str, Any], where: str) -> Record:
    check_record(data, where)
    return Record.from_dict(data)


def unneutralised(cell: str | None) -> str | None:
    """A CSV cell as it was before :func:`renovex.io.outputs.neutralised` guarded it."""
    from .outputs import neutralised

    if cell and cell.startswith("'") and neutralised(cell[1:]) != cell[1:]:
        return cell[1:]
    return cell
