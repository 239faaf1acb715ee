"""Reading articles: files, folders, JSONL, standard input, bad input, streaming."""
from __future__ import annotations

import inspect
import io
import json
import os
import sys
import tracemalloc
from datetime import date

import pytest

from renovex.io.inputs import Article, InputError, count_articles, iter_articles, parse_published

TEXT = "The city plans to renovate 120 old residential communities this year."


def jsonl(*rows) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def read(*inputs, stdin=None) -> list[Article | InputError]:
    return list(iter_articles(inputs, stdin=stdin))


def only_error(items) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


# --- parse_published ---------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("2022-03-31", date(2022, 3, 31)),
    (" 2021-05-18 ", date(2021, 5, 18)),
    ("2022-03-31T08:30:00", date(2022, 3, 31)),
    ("2022-03-31 08:30:00+08:00", date(2022, 3, 31)),
    ("2024-02-29", date(2024, 2, 29)),
    (None, None),
    ("", None),
    (date(2020, 1, 2), date(2020, 1, 2)),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value,message", [
    ("yesterday", "not in the form YYYY-MM-DD"),
    ("March", "not in the form YYYY-MM-DD"),
    ("2022-13", "not a calendar month"),
    ("2023-02-29", "not a calendar date"),
    ("2022-13-01", "not a calendar date"),
    (20220331, "must be a YYYY-MM-DD string"),
])
def test_parse_published_rejects_junk(value, message):
    with pytest.raises(ValueError, match=message):
        parse_published(value)


# --- text files and folders ----------------------------------------------------------------

def test_text_file(tmp_path):
    path = tmp_path / "shenyang_2022.txt"
    path.write_text(TEXT, encoding="utf-8")
    [article] = read(path)
    assert article == Article("shenyang_2022", TEXT, None, None, str(path), [])


def test_text_kept_exactly(tmp_path):
    # Leading blank lines and trailing spaces are kept: offsets index the text as given.
    text = "\n\n  Headline\r\n\nBody with 5 buildings.  \n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    [article] = read(str(path))
    assert article.text == text


def test_utf8_bom_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    [article] = read(path)
    assert article.text == TEXT and not article.warnings


def test_folder_sorted_and_recursive(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.txt").write_text("third text, 3 estates", encoding="utf-8")
    (tmp_path / "a.txt").write_text("first text, 1 estate", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(jsonl({"id": "j1", "text": "second, 2 estates"}), encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden, skipped", encoding="utf-8")
    ids = [a.id for a in read(tmp_path)]
    assert ids == ["a", "c", "j1"]  # sorted by path components: b/c.txt before b.jsonl


def test_empty_folder(tmp_path):
    error = only_error(read(tmp_path))
    assert error.source == str(tmp_path) and "no .txt or .jsonl" in error.message


def test_order_of_inputs_preserved(tmp_path):
    (tmp_path / "z.txt").write_text("zed 1 unit", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(jsonl({"id": "x", "text": "x 1"}, {"id": "y", "text": "y 2"}),
                                      encoding="utf-8")
    items = read(tmp_path / "z.txt", tmp_path / "missing.txt", tmp_path / "a.jsonl", tmp_path / "z.txt")
    assert [getattr(i, "id", "ERR") for i in items] == ["z", "ERR", "x", "y"]  # z.txt named twice, read once


def test_missing_file(tmp_path):
    error = only_error(read(tmp_path / "nope.txt"))
    assert error.source == str(tmp_path / "nope.txt") and "no such file" in error.message
    assert str(error) == f"{tmp_path / 'nope.txt'}: {error.message}"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        error = only_error(read(path))
    finally:
        path.chmod(0o644)
    assert error.source == str(path) and "cannot read" in error.message


def test_open_failure_reported(tmp_path, monkeypatch):
    # Works as root too: make opening fail.
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    import builtins

    real_open = builtins.open

    def failing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    error = only_error(read(path))
    assert "cannot read: Permission denied" in error.message


@pytest.mark.parametrize("content,warning", [
    (b"", "empty text: no records"),
    (b"   \n\t\n", "text is whitespace only: no records"),
    (b"\xef\xbb\xbf \n", "text is whitespace only: no records"),
])
def test_empty_text_file_is_an_article_with_a_warning(tmp_path, content, warning):
    # An empty article is not a failure: it has no records, and the user is told why.
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    [article] = read(path)
    assert isinstance(article, Article) and article.source == str(path)
    assert article.warnings == [warning]


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 100)
    error = only_error(read(path))
    assert "binary" in error.message


def test_non_utf8_text_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 renovation: 12 old communities.".encode("latin-1"))
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.text == "Caf\ufffd renovation: 12 old communities."
    assert len(article.warnings) == 1 and "UTF-8" in article.warnings[0]


def test_other_suffix_named_explicitly_is_text(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(TEXT, encoding="utf-8")
    [article] = read(path)
    assert article.id == "article" and article.text == TEXT


def test_json_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"id": "a", "text": TEXT}]), encoding="utf-8")
    assert "JSONL" in only_error(read(path)).message


# --- JSONL ------------------------------------------------------------------------------------

def test_jsonl_fields(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(jsonl(
        {"id": "n1", "text": TEXT, "published": "2022-03-31", "title": "Renovation plan"},
        {"text": "No id here: 7 buildings."},
        {"id": 42, "text": "Numeric id: 3 lifts."},
    ), encoding="utf-8")
    first, second, third = read(path)
    assert first == Article("n1", TEXT, date(2022, 3, 31), "Renovation plan", f"{path}:1", [])
    assert second.id == "batch:2" and second.source == f"{path}:2"
    assert third.id == "42"


def test_title_kept_separately(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(jsonl({"id": "t", "title": "A headline", "text": "Body mentions 9 estates."}), encoding="utf-8")
    [article] = read(path)
    assert article.text == "Body mentions 9 estates." and article.title == "A headline"


BAD_LINES = [
    ("{not json", "not JSON"),
    ('["a", "list"]', "not a JSON object (got an array)"),
    ('"just a string"', "not a JSON object (got a string)"),
    ('{"id": "x"}', 'no "text" field'),
    ('{"id": "x", "text": 12}', '"text" must be a string, got a number'),
    ('{"id": "x", "text": null}', '"text" must be a string, got null'),
    ('{"id": ["x"], "text": "ok 1"}', '"id" must be a string'),
]


@pytest.mark.parametrize("line,message", BAD_LINES)
def test_bad_jsonl_line_reported_and_reader_goes_on(tmp_path, line, message):
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl({"id": "before", "text": "ok 1"}, "", line, {"id": "after", "text": "ok 2"}),
                    encoding="utf-8")
    before, error, after = read(path)
    assert before.id == "before" and after.id == "after"
    assert isinstance(error, InputError)
    assert error.source == f"{path}:3"  # blank line 2 counts in the numbering
    assert message in error.message


@pytest.mark.parametrize("published", ["next Tuesday", "2022-02-30", 2022, ["2022-01-01"]])
def test_bad_published_keeps_article_with_warning(tmp_path, published):
    path = tmp_path / "p.jsonl"
    path.write_text(jsonl({"id": "p", "text": TEXT, "published": published}), encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, Article) and article.published is None
    assert len(article.warnings) == 1 and "published" in article.warnings[0]


def test_null_published_and_bad_title(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(jsonl({"id": "p", "text": TEXT, "published": None, "title": 5}), encoding="utf-8")
    [article] = read(path)
    assert article.published is None and article.title is None
    assert article.warnings == ['"title" must be a string, got a number; ignored']


def test_jsonl_non_utf8_line(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 with 4 lifts"}\n{"id": "b", "text": "fine 1"}\n')
    a, b = read(path)
    assert a.text == "Caf\ufffd with 4 lifts" and "UTF-8" in a.warnings[0]
    assert b.warnings == []


def test_binary_jsonl_file_is_one_error(tmp_path):
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02\n" * 50)
    error = only_error(read(path))
    assert error.source == str(path) and "binary" in error.message


def test_nul_in_a_later_jsonl_line(tmp_path):
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok 1"}\n{"id": "b", "text": "x\x00y"}\n{"id": "c", "text": "ok 3"}\n')
    a, error, c = read(path)
    assert (a.id, c.id) == ("a", "c") and error.source == f"{path}:2" and "NUL" in error.message


def test_jsonl_with_bom_and_crlf(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "one 1"}\r\n{"id": "b", "text": "two 2"}\r\n')
    assert [a.id for a in read(path)] == ["a", "b"]


# --- standard input -------------------------------------------------------------------------

def test_stdin_text():
    [article] = read("-", stdin=io.StringIO("\n  " + TEXT))
    assert article.id == "stdin" and article.text == "\n  " + TEXT and article.source == "<stdin>"


def test_stdin_jsonl():
    stream = io.StringIO("\n" + jsonl({"id": "s1", "text": "one 1"}, "oops", {"text": "three 3"}))
    first, error, third = read("-", stdin=stream)
    assert first.id == "s1" and first.source == "<stdin>:2"
    assert error.source == "<stdin>:3"
    assert third.id == "stdin:4"


def test_stdin_binary_buffer_preferred():
    raw = "Caf\xe9 with 2 estates".encode("latin-1")
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")  # strict: reading text would fail
    [article] = read("-", stdin=stream)
    assert article.text == "Caf\ufffd with 2 estates" and article.warnings


@pytest.mark.parametrize("content", ["", "\n \n"])
def test_stdin_empty(content):
    [article] = read("-", stdin=io.StringIO(content))
    assert article.source == "<stdin>" and article.text == content
    assert len(article.warnings) == 1 and "no records" in article.warnings[0]


def test_stdin_default_is_sys_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEXT))
    [article] = read("-")
    assert article.text == TEXT


# --- streaming -------------------------------------------------------------------------------

def big_jsonl(path, n=20_000):
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"a{i:05d}", "text": f"Article {i} renovates {i} old communities. "
                                     + "Filler sentence about pipes and lifts. " * 4}) + "\n")


def test_jsonl_is_streamed(tmp_path):
    path = tmp_path / "big.jsonl"
    big_jsonl(path)
    items = iter_articles([path])
    assert inspect.isgenerator(items)
    first = next(items)
    assert first.id == "a00000"
    # Rewrite a line near the end in place, after the first article was read: a reader that
    # had loaded the whole file would not see the change.
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size - 5000)
        handle.readline()
        at = handle.tell()
        line = handle.readline()
        replacement = b'{"id": "CHANGED", "text": "x"}'
        handle.seek(at)
        handle.write(replacement.ljust(len(line) - 1) + b"\n")
    rest = list(items)
    assert len(rest) == 19_999
    assert "CHANGED" in [a.id for a in rest]


def _peak_while_reading(path, **options) -> int:
    tracemalloc.start()
    try:
        count = 0
        for item in iter_articles([path], **options):
            count += isinstance(item, Article)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    return peak


def test_jsonl_memory_is_constant(tmp_path):
    path = tmp_path / "big.jsonl"
    big_jsonl(path)
    size = path.stat().st_size
    peak = _peak_while_reading(path, unique_ids=False)
    assert peak < size / 10, (peak, size)
    # The duplicate-id check keeps a hash of each id and where it was seen (renovex.io.seen_ids).
    with_ids = _peak_while_reading(path)
    assert with_ids - peak < 1_000_000 + 40 * 20_000, (with_ids, peak)  # a 4,096-id buffer + 16 bytes an id


def test_later_garbage_does_not_block_first_article(tmp_path):
    path = tmp_path / "g.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"id": "first", "text": "fine 1"}\n')
        handle.write(b"garbage line\n" * 20_000)
    items = iter_articles([path])
    assert next(items).id == "first"
    assert isinstance(next(items), InputError)


# --- count_articles ----------------------------------------------------------------------------

def test_count_articles(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a 1", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b 2", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(jsonl({"text": "1"}, {"text": "2"}, {"text": "3"}), encoding="utf-8")
    (tmp_path / "d.jsonl").write_bytes(b'{"text": "no final newline"}')
    assert count_articles([tmp_path]) == 2 + 3 + 1
    assert count_articles([tmp_path / "c.jsonl", tmp_path / "b.txt", tmp_path / "missing.txt"]) == 4
    assert count_articles([tmp_path, "-"]) is None
    assert count_articles([]) == 0


@pytest.mark.parametrize("value,expected", [
    ("Nov 24, 2022", date(2022, 11, 24)),
    ("24 November 2022", date(2022, 11, 24)),
    ("September 14, 2023", date(2023, 9, 14)),
    ("31/03/2022", date(2022, 3, 31)),
    ("2022-3-31", date(2022, 3, 31)),
])
def test_parse_published_accepts_full_written_dates(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["next Tuesday", "13/13/2022", "Smarch 2022"])
def test_parse_published_rejects_what_is_not_a_date(value):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_published(value)


# --- duplicate ids ---------------------------------------------------------------------------------

def test_duplicate_ids_are_renamed_in_order_and_never_collide(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(jsonl(*({"id": i, "text": f"text {n}"} for n, i in enumerate(["x", "x", "x#3", "x", "y"]))),
                    encoding="utf-8")
    items = read(path)
    assert [a.id for a in items] == ["x", "x#2", "x#3", "x#4", "y"]  # "x#3" was taken when the third x came
    assert items[1].warnings == [f"duplicate id 'x' (first seen at {path}:1); renamed 'x#2'"]
    assert items[2].warnings == [] and items[4].warnings == []


def test_duplicate_ids_kept_on_request_and_one_file_twice_is_not_a_duplicate(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(jsonl({"id": "x", "text": "a 1"}, {"id": "x", "text": "b 2"}), encoding="utf-8")
    assert [a.id for a in iter_articles([path], unique_ids=False)] == ["x", "x"]
    (tmp_path / "one.txt").write_text("one 1", encoding="utf-8")
    # issue 16: the same file named twice was read twice, and every record came out twice
    assert [a.id for a in read(tmp_path / "one.txt", tmp_path / "one.txt")] == ["one"]
    assert [a.id for a in read(tmp_path, tmp_path / "one.txt", tmp_path)] == ["x", "x#2", "one"]


# --- text checks on read -------------------------------------------------------------------------------

def test_utf16_text_file_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    [article] = read(path)
    assert article.text == TEXT and article.warnings == []


def test_lone_surrogate_escapes_in_jsonl_are_replaced(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a\\udc80", "text": "x \\ud800 12 lifts", "title": "t\\udfff"}\n', encoding="utf-8")
    [article] = read(path)
    assert (article.id, article.text, article.title) == ("a\ufffd", "x \ufffd 12 lifts", "t\ufffd")
    assert len(article.warnings) == 3 and all("lone surrogate" in w for w in article.warnings)


def test_non_english_article_is_kept_with_a_warning(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text("今年该市计划改造老旧小区一百二十个，惠及居民三万户，并加装电梯和更新管网。", encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, Article) and "does not look like English" in article.warnings[0]
