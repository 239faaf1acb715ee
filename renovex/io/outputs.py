"""Output files that never destroy what a user had.

Every command that writes a file goes through :func:`check_output` and :func:`replacing`:

- an output that is one of the run's inputs, or its store, is refused before anything is
  read (``extract v.jsonl -o v.jsonl`` used to truncate the input to nothing);
- the records go to a hidden temporary file beside the output, renamed over it only when
  the run ends: a run that fails, or is interrupted, leaves the old output as it was, and
  a folder that cannot be written is reported before any article is processed;
- ``-o -`` means standard output.

Folder inputs skip the output file (see :func:`renovex.io.inputs.iter_articles`), so
``extract data/ -o data/records.jsonl`` does not read its own records back.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

__all__ = ["STDOUT", "OutputError", "check_output", "neutralised", "replacing", "same_file"]

STDOUT = "-"


class OutputError(ValueError):
    """An output path that would overwrite an input or the store, or cannot be written."""


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` name one file (links and ``..`` resolved; hard links too)."""
    first, second = Path(a), Path(b)
    try:
        if first.exists() and second.exists():
            return os.path.samefile(first, second)
    except OSError:
        pass
    return first.expanduser().resolve() == second.expanduser().resolve()


def check_output(output: str | Path | None, inputs: Iterable[str | Path] = (),
                 store: str | Path | None = None) -> None:
    """Raise :class:`OutputError` if ``output`` is an input file, the store or a folder."""
    if output is None or str(output) == STDOUT:
        return
    for item in inputs:
        if str(item) != STDOUT and same_file(output, item):
            raise OutputError(f"output {output} is also an input: choose another output file "
                              "(the input would be overwritten)")
    if store is not None and same_file(output, store):
        raise OutputError(f"output {output} is the store (--db): choose another output file")
    if Path(output).is_dir():
        raise OutputError(f"output {output} is a folder: give a file name")


@contextmanager
def replacing(path: str | Path | None, binary: bool = False) -> Iterator[IO]:
    """A handle to write ``path`` through: a temporary file renamed over ``path`` only if
    the block ends without an exception. ``None`` or ``"-"`` gives standard output."""
    if path is None or str(path) == STDOUT:
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        handle: IO = os.fdopen(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise


def temporary_path(path: str | Path) -> Path:
    """A hidden, unused name beside ``path`` for writers that open the file themselves
    (Parquet); rename it with :func:`os.replace` when done."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(temporary)


def _mode_for(target: Path) -> int:
    """The old file's permissions, else what ``open`` would give a new one (mkstemp makes 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in an
# article's sentence): CSV injection (OWASP). Numbers ("-3.5") are left alone.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def neutralised(cell: object) -> object:
    """``cell`` with a leading apostrophe when it is text a spreadsheet would run as a
    formula; anything else as it is. CSV writers apply it unless told not to (``--raw-csv``)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
