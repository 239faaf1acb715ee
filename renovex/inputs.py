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

import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .seen_ids import SeenIds
from .textcheck import text_warnings

__all__ = ["Article", "InputError", "InputWarning", "count_articles", "iter_articles", "decode_utf8",
           "parse_published", "renamed_duplicates"]

STDIN = "-"
STDIN_SOURCE = "<stdin>"
STDIN_ID = "stdin"
TEXT_SUFFIXES = frozenset({".txt"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

_BOM = b"\xef\xbb\xbf"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?")
_CHUNK = 1 << 20
_SNIFF = 8192


@dataclass
class Article:
    """One article to process. ``source`` is ``path`` or ``path:line``."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    source: str = ""
    warnings: list[str] = field(default_factory=list)


class InputWarning(UserWarning):
    """A problem with an article that still lets it be processed (issued by the API;
    the command line prints the same messages as ``Article.warnings``)."""


@dataclass
class InputError:
    """Input that yields no article; ``source`` is ``path`` or ``path:line``."""

    source: str
    message: str
    article_id: str | None = None
    """The id the input gave, if any (a JSONL line with an id but no usable text)."""

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def parse_published(value: str | date | None) -> date | None:
    """A publication date from ``YYYY-MM-DD`` (a time after it is ignored); None for nothing.

    Raises ValueError with a readable message for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published date must be a YYYY-MM-DD string, got {type(value).__name__} {value!r}")
    text = value.strip()
    if not text:
        return None
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        parsed = _full_date(text)
        if parsed is None:
            raise ValueError(f"published date {value!r} is not in the form YYYY-MM-DD (nor a full date like 'Nov 24, 2022')")
        return parsed
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValueError(f"published date {value!r} is not a calendar date ({error})") from None


_HAS_YEAR_AND_DAY = re.compile(r"\b\d{4}\b.*\b\d{1,2}\b|\b\d{1,2}\b.*\b\d{4}\b")


def _full_date(text: str) -> date | None:
    """A full written date ("Nov 24, 2022", "24 November 2022") through dateparser.

    Only strings that hold a year and a day go to dateparser: for a bare year or month it
    invents the rest. Imported lazily: it takes half a second to import."""
    if not _HAS_YEAR_AND_DAY.search(text) or len(text) > 40:
        return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": datetime(2000, 1, 1), "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


# --- decoding ------------------------------------------------------------------------

def decode_utf8(data: bytes, warnings: list[str]) -> str:
    """UTF-8 text; undecodable bytes become U+FFFD and leave a warning in ``warnings``."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        warnings.append(f"not valid UTF-8 (first bad byte at offset {error.start}); "
                        "undecodable bytes replaced with U+FFFD")
        return data.decode("utf-8", errors="replace")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads pairs valid escapes: any left is lone


def _text_article(data: bytes, article_id: str, source: str) -> Article | InputError:
    warnings: list[str] = []
    if data.startswith(_UTF16_BOMS):
        # Windows editors save "Unicode" text as UTF-16: its NUL bytes are not binary data.
        text = data.decode("utf-16", errors="replace")
        if "\ufffd" in text:
            warnings.append("not valid UTF-16; undecodable bytes replaced with U+FFFD")
    elif b"\x00" in data:
        return InputError(source, "binary file (contains NUL bytes), not a text article; skipped")
    else:
        text = decode_utf8(data.removeprefix(_BOM), warnings)
    return Article(article_id, text, None, None, source, warnings + text_warnings(text))


def _no_surrogates(value: str, name: str, warnings: list[str]) -> str:
    """``value`` with lone surrogates (JSON escapes such as "\\ud800") replaced by U+FFFD:
    they cannot be written as UTF-8, so an output file would fail on them."""
    try:
        value.encode("utf-8")  # runs in C, faster than searching for them
        return value
    except UnicodeEncodeError:
        pass
    warnings.append(f'"{name}" holds lone surrogate escapes (invalid UTF-16); replaced with U+FFFD')
    return _SURROGATE.sub("\ufffd", value)


# --- JSONL -----------------------------------------------------------------------------

MAX_LINE_BYTES = 128 << 20
"""The longest JSONL line read (128 MiB): a longer one is reported and skipped, so that
input without line breaks (``/dev/zero``, a dump) cannot fill the memory."""


class _TooLong(bytes):
    """The head of a line over :data:`MAX_LINE_BYTES` (the rest was skipped)."""


def _capped_lines(handle: IO[bytes]) -> Iterator[bytes]:
    """Lines of a binary file; a line over the cap yields its head as :class:`_TooLong`."""
    cap = MAX_LINE_BYTES
    while line := handle.readline(cap + 1):
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        yield _TooLong(line[:_SNIFF])
        if b"\x00" in line:
            return  # binary data: the caller stops at it; do not read on to a line break
        while (rest := handle.readline(cap)) and not rest.endswith(b"\n"):
            pass


def _jsonl_articles(lines: Iterable[bytes], source: str, stem: str) -> Iterator[Article | InputError]:
    """Articles of JSONL ``lines`` (bytes); ``source`` and ``stem`` name the file."""
    seen_content = False
    for number, raw in enumerate(lines, 1):
        too_long = isinstance(raw, _TooLong)
        if number == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        if too_long and b"\x00" not in raw:
            seen_content = True
            yield InputError(where, f"line longer than {MAX_LINE_BYTES >> 20} MiB; skipped")
            continue
        if b"\x00" in raw:
            if not seen_content:
                # NUL bytes on the first line: a binary file, not JSONL; one error for the file.
                yield InputError(source, "binary file (contains NUL bytes), not JSONL")
                return
            yield InputError(where, "binary data (NUL bytes) in a JSONL line")
            continue
        seen_content = True
        yield _jsonl_article(raw, where, f"{stem}:{number}")


def _jsonl_article(raw: bytes, where: str, default_id: str) -> Article | InputError:
    warnings: list[str] = []
    line = decode_utf8(raw, warnings)
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(where, f"not JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return InputError(where, "not JSON: nested too deeply")
    except ValueError as error:  # what the JSON layer raises besides (e.g. a number of 5,000 digits)
        return InputError(where, f"not usable JSON: {error}")
    if not isinstance(row, dict):
        return InputError(where, f"not a JSON object (got {_json_type(row)})")
    given = row.get("id")
    given_id = str(given) if isinstance(given, (str, int)) and not isinstance(given, bool) and given != "" else None
    if "text" not in row:
        return InputError(where, 'no "text" field', given_id)
    text = row["text"]
    if not isinstance(text, str):
        return InputError(where, f'"text" must be a string, got {_json_type(text)}', given_id)
    text = _no_surrogates(text, "text", warnings)

    article_id = row.get("id")
    if article_id is None or article_id == "":
        article_id = default_id
    elif isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    elif not isinstance(article_id, str):
        return InputError(where, f'"id" must be a string, got {_json_type(article_id)}')
    else:
        article_id = _no_surrogates(article_id, "id", warnings)

    published = None
    if row.get("published") is not None:
        try:
            published = parse_published(row["published"])
        except ValueError as error:
            warnings.append(f"{error}; ignored: the date is looked for in the article's text "
                            "(or --published is used)")

    title = row.get("title")
    if title is not None and not isinstance(title, str):
        warnings.append(f'"title" must be a string, got {_json_type(title)}; ignored')
        title = None
    elif title is not None:
        title = _no_surrogates(title, "title", warnings)
    return Article(article_id, text, published, title or None, where, warnings + text_warnings(text))


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


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
                yield from _jsonl_articles(_capped_lines(handle), source, path.stem)
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
    yield _text_article(data, path.stem, source)


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
        yield from _jsonl_articles(chain(head, lines), STDIN_SOURCE, STDIN_ID)
    else:
        yield _text_article(b"".join(chain(head, lines)), STDIN_ID, STDIN_SOURCE)


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
    attributable. Memory: 16 bytes an article (see :mod:`renovex.seen_ids`): a source
    ``path:line`` (or ``item 7``) is kept as the number of its ``path:`` and the line."""
    first_seen = SeenIds()  # id -> where first seen: prefix number << 32 | line
    prefixes: dict[str, int] = {}
    names: list[str] = []  # prefixes by number
    next_suffix: dict[str, int] = {}  # only for ids seen twice: the next "#n" to try
    for item in items:
        if isinstance(item, Article):
            match = _LINE_NUMBER.search(item.source)
            prefix, line = (item.source[:match.start()], int(match.group())) if match else (item.source, 0)
            if prefix not in prefixes:
                prefixes[prefix] = len(names)
                names.append(prefix)
            where = prefixes[prefix] << 32 | line
            seen = first_seen.setdefault(item.id, where)
            if seen != where:  # the same file named twice is the same article, not a duplicate
                number = next_suffix.get(item.id, 2)
                while f"{item.id}#{number}" in first_seen:
                    number += 1
                next_suffix[item.id] = number + 1
                renamed = f"{item.id}#{number}"
                item.warnings.append(f"duplicate id {item.id!r} (first seen at {_location(names, seen)}); "
                                     f"renamed {renamed!r}")
                item.id = renamed
                first_seen.setdefault(renamed, where)
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
