"""One article from raw input: the record of what an input holds (``Article``, or
``InputError`` for input that holds none), publication dates, and the decoding of a text
file's bytes and of a JSONL line. Read by :mod:`renovex.inputs`, which finds the files.

Bad input never raises here: it becomes an :class:`InputError` naming the file and line.
Problems that still leave a usable article are kept as ``Article.warnings``.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, Iterable, Iterator

from .textcheck import text_warnings

__all__ = ["MAX_LINE_BYTES", "Article", "InputError", "InputWarning", "PartialDate", "capped_lines", "decode_utf8",
           "jsonl_articles", "parse_published", "published_text", "text_article"]

_BOM = b"\xef\xbb\xbf"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?")
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/](\d{1,2}))?")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
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


class PartialDate(date):
    """A publication date known to the year or the month only (``"2023"``, ``"2023-05"``,
    ``"May 2023"``): the last day of that year or month, as for an undated article whose year
    the text tells, so "this year" and "last month" resolve and nothing said "as of" an
    earlier date in it looks like the future. ``precision`` is ``"year"`` or ``"month"``."""

    precision: str

    def __new__(cls, year: int, month: int = 12, day: int | None = None, precision: str = "year") -> "PartialDate":
        self = super().__new__(cls, year, month, day or calendar.monthrange(year, month)[1])
        self.precision = precision
        return self

    def __reduce__(self) -> tuple:  # keeps the precision across processes
        return (PartialDate, (self.year, self.month, self.day, self.precision))

    def __repr__(self) -> str:
        return f"PartialDate({published_text(self)!r})"


def published_text(value: date) -> str:
    """A publication date as the input gave it: ``2023-05-04``, or ``2023``/``2023-05`` for a partial one."""
    precision = getattr(value, "precision", "day")
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_published(value: str | date | None) -> date | None:
    """A publication date from ``YYYY-MM-DD`` (a time after it is ignored) or a full written date;
    a :class:`PartialDate` from ``YYYY``, ``YYYY-MM`` or ``Month YYYY``; None for nothing.

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
    partial = _partial_date(text)
    if partial is not None:
        return partial
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


def _partial_date(text: str) -> PartialDate | None:
    if (match := _YEAR_MONTH.fullmatch(text)) is not None:
        year, month = int(match[1]), int(match[2]) if match[2] else None
    elif (match := _MONTH_YEAR.fullmatch(text)) is not None and match[1].lower() in _MONTHS:
        year, month = int(match[2]), _MONTHS[match[1].lower()]
    else:
        return None
    if month is None:
        return PartialDate(year) if year >= 1 else None
    if not 1 <= month <= 12 or year < 1:
        raise ValueError(f"published date {text!r} is not a calendar month")
    return PartialDate(year, month, precision="month")


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
