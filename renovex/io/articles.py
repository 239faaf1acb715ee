"""One article from raw input: the record of what an input holds (``Article``, or
``InputError`` for input that holds none), publication dates, and the decoding of a text
file's bytes and of a JSONL line. Read by :mod:`renovex.io.inputs`, which finds the files.

Bad input never raises here: it becomes an :class:`InputError` naming the file and line.
Problems that still leave a usable article are kept as ``Article.warnings``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, Iterable, Iterator

from ..core.dates import PartialDate, parse_published, published_text
from ..core.textcheck import text_warnings

__all__ = ["MAX_LINE_BYTES", "Article", "InputError", "InputWarning", "PartialDate", "capped_lines", "decode_utf8",
           "jsonl_articles", "parse_published", "published_text", "text_article"]

_BOM = b"\xef\xbb\xbf"
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
    url: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    """The input's other fields (a JSONL line's keys besides id, text, published, title, url):
    kept on records only when asked (``--keep``)."""


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


def text_article(data: bytes, article_id: str, source: str) -> Article | InputError:
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


def capped_lines(handle: IO[bytes]) -> Iterator[bytes]:
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


def jsonl_articles(lines: Iterable[bytes], source: str, stem: str) -> Iterator[Article | InputError]:
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

    title, url = (_optional_string(row, name, warnings) for name in ("title", "url"))
    others = {key: value for key, value in row.items() if key not in _ARTICLE_KEYS}
    return Article(article_id, text, published, title, where, warnings + text_warnings(text), url, others)


_ARTICLE_KEYS = frozenset(("id", "text", "published", "title", "url"))


def _optional_string(row: dict, name: str, warnings: list[str]) -> str | None:
    value = row.get(name)
    if value is not None and not isinstance(value, str):
        warnings.append(f'"{name}" must be a string, got {_json_type(value)}; ignored')
        return None
    return _no_surrogates(value, name, warnings) or None if value is not None else None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
