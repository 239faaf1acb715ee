"""Read articles for the command line and the batch API, streaming.

An input is a ``.txt`` file (one article, id = file stem), a ``.jsonl`` file (one
article a line: ``{"id", "text", "published"?, "title"?}``), a folder (its ``.txt``
and ``.jsonl`` files, recursively, in sorted order) or ``"-"`` for standard input.

Nothing is read ahead: JSONL is read line by line, so memory stays constant
however long the input. Bad input never stops the reader: it yields an
:class:`InputError` naming the file and line and goes on. Problems that still
leave a usable article (undecodable bytes, a junk publication date) are kept as
``Article.warnings``. The text is never altered (no title prepended, nothing
stripped), because record offsets index the text as given.
"""
from __future__ import annotations

import dataclasses
import os
import re
import sys
from itertools import chain
from pathlib import Path
from typing import IO, Iterable, Iterator

from .articles import (MAX_LINE_BYTES, Article, InputError, InputWarning, capped_lines, decode_utf8,  # noqa: F401
                       jsonl_articles, parse_published, text_article)
from .seen_ids import SeenIds

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20  # bytes read at a time when counting lines
_SNIFF = 8192  # the head of a text file looked at for NUL bytes before the rest is read

__all__ = ["Article", "InputError", "InputWarning", "count_articles", "iter_articles", "decode_utf8",
           "parse_published", "renamed_duplicates"]

STDIN = "-"
STDIN_SOURCE = "<stdin>"
STDIN_ID = "stdin"
TEXT_SUFFIXES = frozenset({".txt"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# --- files, folders, standard input --------------------------------------------------

def _read_path(path: Path) -> Iterator[Article | InputError]:
    source = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            handle = open(path, "rb")
        except OSError as error:
            yield InputError(source, f"cannot read: {error.strerror or error}")
            return
        with handle:
            try:
                yield from jsonl_articles(capped_lines(handle), source, path.stem)
            except OSError as error:  # a read failing midway (e.g. a vanished network file)
                yield InputError(source, f"read failed: {error.strerror or error}")
        return
    if path.suffix.lower() == ".json":
        yield InputError(source, "a .json file: give articles as JSONL (one JSON object a line, .jsonl) or as .txt")
        return
    try:
        with open(path, "rb") as handle:
            # Sniff the head first so that a large binary file is not read whole.
            data = handle.read(_SNIFF)
            if b"\x00" not in data:
                data += handle.read()
    except OSError as error:
        yield InputError(source, f"cannot read: {error.strerror or error}")
        return
    yield text_article(data, path.stem, source)


def _folder_files(folder: Path, errors: list[InputError], exclude: frozenset[Path] = frozenset()) -> list[Path]:
    """The .txt and .jsonl files under ``folder`` in sorted order; hidden entries, files in
    ``exclude`` (resolved paths: a run's own output) and symbolic links to folders skipped.
    Walked with a stack, not recursion: a folder tree of any depth is read."""
    found = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                entries = list(entries)
        except OSError as error:
            errors.append(InputError(error.filename or str(current), f"cannot read folder: {error.strerror or error}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    continue
                if Path(entry.name).suffix.lower() not in TEXT_SUFFIXES | JSONL_SUFFIXES:
                    continue
                if not entry.is_file():
                    # A FIFO would block the run; a device or socket is no article either.
                    errors.append(InputError(str(path), "not a regular file (a pipe, device or socket); skipped"))
                    continue
            except OSError as error:
                errors.append(InputError(str(path), f"cannot read: {error.strerror or error}"))
                continue
            if exclude and path.resolve() in exclude:
                continue
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_folder(folder: Path, exclude: frozenset[Path] | set[Path] = frozenset(),
                 read: set[Path] | None = None) -> Iterator[Article | InputError]:
    errors: list[InputError] = []
    found = _folder_files(folder, errors)
    yield from errors
    if not found and not errors:
        yield InputError(str(folder), "folder holds no .txt or .jsonl files")
    for path in found:
        if exclude and path.resolve() in exclude:
            continue  # the run's output, or a file read already
        if read is not None:
            read.add(path.resolve())
        yield from _read_path(path)


def _byte_lines(stream: IO) -> Iterator[bytes]:
    """Lines of a text or binary stream as bytes (the binary buffer is preferred: no decoding errors)."""
    stream = getattr(stream, "buffer", stream)
    for line in stream:
        if isinstance(line, bytes):
            yield line
        else:
            # sys.stdin decodes with surrogateescape on POSIX: this restores the original bytes.
            try:
                yield line.encode("utf-8", errors="surrogateescape")
            except UnicodeEncodeError:  # a lone surrogate: keep it invalid so decoding flags it
                yield line.encode("utf-8", errors="surrogatepass")


def _read_stdin(stream: IO) -> Iterator[Article | InputError]:
    lines = _byte_lines(stream)
    head: list[bytes] = []
    first = b""
    for line in lines:
        head.append(line)
        first = line.removeprefix(_BOM).lstrip() if len(head) == 1 else line.lstrip()
        if first:
            break
    if first.startswith(b"{"):
        yield from jsonl_articles(chain(head, lines), STDIN_SOURCE, STDIN_ID)
    else:
        yield text_article(b"".join(chain(head, lines)), STDIN_ID, STDIN_SOURCE)


def iter_articles(inputs: Iterable[str | Path], stdin: IO | None = None,
                  unique_ids: bool = True, exclude: Iterable[str | Path] = ()) -> Iterator[Article | InputError]:
    """Articles of ``inputs`` in order, with an :class:`InputError` for each bad piece of input.

    ``"-"`` reads ``stdin`` (default ``sys.stdin``): JSONL when its first non-blank
    character is ``{``, else one text article with id ``"stdin"``. A file other
    than ``.jsonl`` named explicitly is read as one text article. With ``unique_ids``,
    an id seen before is renamed (see :func:`renamed_duplicates`). Files in ``exclude``
    (the run's output) are skipped when a folder holds them.
    """
    articles = _read_inputs(inputs, stdin, _resolved(exclude))
    return renamed_duplicates(articles) if unique_ids else articles


def _resolved(paths: Iterable[str | Path]) -> frozenset[Path]:
    return frozenset(Path(p).resolve() for p in paths if str(p) != STDIN)


def _read_inputs(inputs: Iterable[str | Path], stdin: IO | None,
                 exclude: frozenset[Path] = frozenset()) -> Iterator[Article | InputError]:
    read: set[Path] = set()  # a file named twice (or in a folder also named) is read once
    for item in inputs:
        if str(item) == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _read_folder(path, exclude | read, read)
        elif path.exists():
            if path.resolve() not in read:
                read.add(path.resolve())
                yield from _read_path(path)
        else:
            yield InputError(str(path), "no such file or folder")


def renamed_duplicates(items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
    """``items`` with the second and later articles of an id renamed ``id#2``, ``id#3`` ...,
    with a warning naming where the id was first seen.

    Why rename rather than skip: records are told apart by their ``doc`` id (and a --db
    store keys articles on it), so two articles under one id would mix their records or
    one would replace the other; renamed, nothing is lost and each record stays
    attributable. Memory: 16 bytes an article (see :mod:`renovex.io.seen_ids`): a source
    ``path:line`` (or ``item 7``) is kept as the number of its ``path:`` and the line."""
    first_seen = SeenIds()  # id -> where first seen: prefix number << 32 | line
    prefixes: dict[str, int] = {}
    names: list[str] = []  # prefixes by number
    next_suffix: dict[str, int] = {}  # only for ids seen twice: the next "#n" to try
    for item in items:
        article_id = item.id if isinstance(item, Article) else item.article_id
        if article_id is not None:
            # an unreadable line with an id counts too: stored as an error under that id, it
            # would replace the records of the readable article that had it first
            match = _LINE_NUMBER.search(item.source)
            prefix, line = (item.source[:match.start()], int(match.group())) if match else (item.source, 0)
            if prefix not in prefixes:
                prefixes[prefix] = len(names)
                names.append(prefix)
            where = prefixes[prefix] << 32 | line
            seen = first_seen.setdefault(article_id, where)
            if seen != where:  # the same file named twice is the same article, not a duplicate
                number = next_suffix.get(article_id, 2)
                while f"{article_id}#{number}" in first_seen:
                    number += 1
                next_suffix[article_id] = number + 1
                renamed = f"{article_id}#{number}"
                first_seen.setdefault(renamed, where)
                if isinstance(item, Article):
                    item.warnings.append(f"duplicate id {article_id!r} (first seen at {_location(names, seen)}); "
                                         f"renamed {renamed!r}")
                    item.id = renamed
                else:
                    item = dataclasses.replace(item, article_id=renamed)
        yield item


_LINE_NUMBER = re.compile(r"[1-9][0-9]{0,8}$")
"""A line number ending a source; prefix + number gives the source back exactly."""


def _location(names: list[str], where: int) -> str:
    prefix, line = names[where >> 32], where & 0xFFFFFFFF
    return f"{prefix}{line}" if line else prefix


# --- progress estimate -----------------------------------------------------------------

def _count_lines(path: Path) -> int:
    """Lines of a file, counted in binary chunks (blank lines included: an estimate)."""
    count = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def count_articles(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> int | None:
    """A cheap estimate of the number of articles (for a progress bar); None if stdin is read."""
    total = 0
    skipped = _resolved(exclude)
    for item in inputs:
        if str(item) == STDIN:
            return None
        path = Path(item)
        if path.is_dir():
            files = _folder_files(path, [], skipped)
        elif path.is_file():
            files = [path]
        else:
            continue
        for file in files:
            if file.suffix.lower() in JSONL_SUFFIXES:
                try:
                    total += _count_lines(file)
                except OSError:
                    pass
            else:
                total += 1
    return total
