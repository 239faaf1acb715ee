"""Bad input, case by case, on both surfaces: the command line (``renovex extract``) and the
API (``renovex.extract``, ``renovex.extract_many``). Each case gets a message naming the
input, the run goes on, nothing else is lost, and only a failed article makes the exit
code non-zero. The table rows are the cases of docs/cli.md, "Bad input"."""
from __future__ import annotations

import io
import json
import warnings
from dataclasses import dataclass, field

import pytest

import renovex
from renovex.cli import main
from renovex.io.inputs import InputWarning
from renovex.pipeline.pieces import Pieces, split_text

GOOD = "Shanxi will renovate 1,650 old residential communities in 2023.\n"
OTHER = "By the end of 2021, Gansu had finished renovating 730 old communities.\n"
DATED = "Published: March 3, 2023\nThis year, Shanxi will renovate 1,650 old residential communities.\n"
CHINESE = ("今年，山西省计划改造老旧小区1650个，惠及居民约20万户。截至6月底，已开工改造小区730个，"
           "完成投资12亿元。各地将加快推进电梯加装和管网更新工作。")
FRENCH = ("Cette année, la province du Shanxi prévoit de rénover 1 650 anciens quartiers résidentiels, au profit "
          "de 200 000 ménages. Fin juin, les travaux avaient commencé dans 730 quartiers, avec des investissements "
          "de 1,2 milliard de yuans. Les autorités locales accéléreront les ascenseurs et les canalisations.")
LATIN1 = "Café owners cheered: Shanxi will renovate 1,650 old residential communities in 2023.".encode("latin-1")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _big_article() -> str:
    """A 5 MB article: English prose at the head (what the language check reads), figures at
    the start, the middle and the end, and repeated long-word filler between them (long
    words keep the test fast: the pipeline's cost is per token)."""
    prose = "The district consulted residents in every street before the work began, and it will report again. "
    filler = "Notwithstandinganyadministrativearrangementsthedocumentcontinues\n"
    half = 2_500_000 // len(filler) + 1
    text = (GOOD + prose * 30 + filler * half + "\n" + OTHER + filler * half
            + "\nNingxia plans to install 420 elevators in old buildings in 2024.\n")
    assert len(text) > 5_000_000
    return text


BIG = _big_article()


def jsonl(*rows) -> bytes:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows).encode("utf-8")


def all_slice(text: str, records) -> bool:
    return all(text[r["start"]:r["end"]] == r["text"] for r in records)


# --- command line ---------------------------------------------------------------------------------

@dataclass
class Cli:
    files: dict[str, bytes]
    """Files to create under the test folder."""
    args: list[str]
    """Inputs, relative to the test folder ("." is the folder itself, "-" standard input)."""
    exit: int
    messages: list[str]
    """Lines expected on stderr, ``{dir}`` standing for the test folder."""
    docs: dict[str, int]
    """Records expected in the output, by article id: every other article's records are kept."""
    stdin: bytes = b""
    absent: list[str] = field(default_factory=list)
    """Strings stderr must not contain."""
    fields: dict[str, dict] = field(default_factory=dict)
    """Fields expected on the first record of an article."""


CLI_CASES = {
    "empty .txt": Cli(
        {"empty.txt": b"", "good.txt": GOOD.encode()}, ["."], 0,
        ["warning: {dir}/empty.txt: empty text: no records"], {"good": 1}),
    "whitespace-only .txt": Cli(
        {"blank.txt": b"  \r\n\t\n ", "good.txt": GOOD.encode()}, ["."], 0,
        ["warning: {dir}/blank.txt: text is whitespace only: no records"], {"good": 1}),
    "empty and whitespace JSONL texts": Cli(
        {"feed.jsonl": jsonl({"id": "e", "text": ""}, {"id": "w", "text": " \n "}, {"id": "g", "text": GOOD})},
        ["feed.jsonl"], 0,
        ["warning: {dir}/feed.jsonl:1: empty text: no records",
         "warning: {dir}/feed.jsonl:2: text is whitespace only: no records"], {"g": 1}),
    "non-UTF-8 .txt": Cli(
        {"latin.txt": LATIN1}, ["latin.txt"], 0,
        ["warning: {dir}/latin.txt: not valid UTF-8 (first bad byte at offset 3); "
         "undecodable bytes replaced with U+FFFD"], {"latin": 1}),
    "non-UTF-8 JSONL line": Cli(
        {"feed.jsonl": jsonl({"id": "a", "text": GOOD}) + b'{"id": "b", "text": "Caf\xe9: ' + OTHER[:-1].encode()
         + b'"}\n'}, ["feed.jsonl"], 0,
        ["warning: {dir}/feed.jsonl:2: not valid UTF-8 (first bad byte at offset 24)"], {"a": 1, "b": 1}),
    "lone surrogate escape in JSONL": Cli(
        {"feed.jsonl": jsonl('{"id": "s", "text": "\\ud800 ' + GOOD[:-1] + '"}')}, ["feed.jsonl"], 0,
        ['warning: {dir}/feed.jsonl:1: "text" holds lone surrogate escapes (invalid UTF-16); replaced with U+FFFD'],
        {"s": 1}),
    "binary .txt in a folder (and a .png, not read)": Cli(
        {"scan.txt": PNG, "photo.png": PNG, "good.txt": GOOD.encode()}, ["."], 1,
        ["error: {dir}/scan.txt: binary file (contains NUL bytes), not a text article; skipped"], {"good": 1},
        absent=["photo.png"]),
    "binary file named explicitly": Cli(
        {"photo.png": PNG, "good.txt": GOOD.encode()}, ["photo.png", "good.txt"], 1,
        ["error: {dir}/photo.png: binary file (contains NUL bytes), not a text article; skipped"], {"good": 1}),
    "binary .jsonl": Cli(
        {"blob.jsonl": b"\x00\x01\x02\n" * 20, "good.txt": GOOD.encode()}, ["."], 1,
        ["error: {dir}/blob.jsonl: binary file (contains NUL bytes), not JSONL"], {"good": 1}),
    "UTF-16 .txt with a BOM": Cli(
        {"wide.txt": GOOD.encode("utf-16")}, ["wide.txt"], 0, [], {"wide": 1}, absent=["warning", "error:"]),
    "5 MB article": Cli(
        {"big.txt": BIG.encode()}, ["big.txt"], 0, ["1 articles, 3 records, 0 errors"], {"big": 3},
        absent=["warning", "error:"]),
    "malformed JSONL line": Cli(
        {"feed.jsonl": jsonl({"id": "a", "text": GOOD}, "{not json", {"id": "b", "text": OTHER})}, ["feed.jsonl"], 1,
        ["error: {dir}/feed.jsonl:2: not JSON: Expecting property name enclosed in double quotes (column 2)",
         "2 articles, 2 records, 1 errors"], {"a": 1, "b": 1}),
    'JSONL line without "text"': Cli(
        {"feed.jsonl": jsonl({"id": "a", "text": GOOD}, {"id": "x", "title": "A title"}, {"id": "b", "text": OTHER})},
        ["feed.jsonl"], 1, ['error: {dir}/feed.jsonl:2: no "text" field'], {"a": 1, "b": 1}),
    '"text" not a string': Cli(
        {"feed.jsonl": jsonl({"id": "x", "text": ["a", "list"]}, {"id": "b", "text": OTHER})}, ["feed.jsonl"], 1,
        ['error: {dir}/feed.jsonl:1: "text" must be a string, got an array'], {"b": 1}),
    "JSONL line that is an array": Cli(
        {"feed.jsonl": jsonl({"id": "a", "text": GOOD}, "[1, 2]")}, ["feed.jsonl"], 1,
        ["error: {dir}/feed.jsonl:2: not a JSON object (got an array)"], {"a": 1}),
    "JSONL line that is a number": Cli(
        {"feed.jsonl": jsonl("42", {"id": "b", "text": OTHER})}, ["feed.jsonl"], 1,
        ["error: {dir}/feed.jsonl:1: not a JSON object (got a number)"], {"b": 1}),
    "duplicate ids in JSONL": Cli(
        {"feed.jsonl": jsonl({"id": "n1", "text": GOOD}, {"id": "n2", "text": OTHER}, {"id": "n1", "text": OTHER})},
        ["feed.jsonl"], 0,
        ["warning: {dir}/feed.jsonl:3: duplicate id 'n1' (first seen at {dir}/feed.jsonl:1); renamed 'n1#2'"],
        {"n1": 1, "n2": 1, "n1#2": 1}, fields={"n1#2": {"value": 730}}),
    "duplicate ids across folders": Cli(
        {"2022/report.txt": GOOD.encode(), "2023/report.txt": OTHER.encode()}, ["."], 0,
        ["warning: {dir}/2023/report.txt: duplicate id 'report' (first seen at {dir}/2022/report.txt); "
         "renamed 'report#2'"], {"report": 1, "report#2": 1}),
    "Chinese article": Cli(
        {"zh.txt": CHINESE.encode(), "good.txt": GOOD.encode()}, ["."], 0,
        ["warning: {dir}/zh.txt: does not look like English: 84% of its characters are outside the Latin "
         "alphabet; expect few or no records"], {"good": 1}),
    "French article": Cli(
        {"feed.jsonl": jsonl({"id": "fr", "text": FRENCH}, {"id": "g", "text": GOOD})}, ["feed.jsonl"], 0,
        ["warning: {dir}/feed.jsonl:1: does not look like English: 0% of its words are English function words"],
        {"g": 1}),
    "published date that does not parse": Cli(
        {"feed.jsonl": jsonl({"id": "p", "text": DATED, "published": "next spring"})}, ["feed.jsonl"], 0,
        ["warning: {dir}/feed.jsonl:1: published date 'next spring' is not in the form YYYY-MM-DD (nor a full date "
         "like 'Nov 24, 2022'); ignored: the date is looked for in the article's text"], {"p": 1},
        fields={"p": {"period": {"start": 2023, "end": 2023}}}),
    "non-UTF-8 on stdin": Cli(
        {}, ["-"], 0, ["warning: <stdin>: not valid UTF-8 (first bad byte at offset 3)"], {"stdin": 1}, stdin=LATIN1),
    "empty stdin": Cli({}, ["-"], 0, ["warning: <stdin>: empty text: no records"], {}, stdin=b""),
    "bad and duplicate lines on stdin": Cli(
        {}, ["-"], 1,
        ["error: <stdin>:2: not JSON", "warning: <stdin>:3: duplicate id 'a' (first seen at <stdin>:1); renamed 'a#2'"],
        {"a": 1, "a#2": 1}, stdin=jsonl({"id": "a", "text": GOOD}, "{oops", {"id": "a", "text": OTHER})),
}


@pytest.mark.parametrize("case", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_cli_bad_input(case: Cli, tmp_path, monkeypatch, capsys):
    for name, content in case.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(case.stdin), encoding="utf-8"))
    out_file = tmp_path / "out" / "records.jsonl"
    # Inputs named by absolute path, so that messages are predictable.
    inputs = [arg if arg == "-" else str(tmp_path) if arg == "." else str(tmp_path / arg) for arg in case.args]

    status = main(["extract", *inputs, "-o", str(out_file)])

    err = capsys.readouterr().err
    assert status == case.exit, err
    assert "Traceback" not in err
    for message in case.messages:
        assert message.format(dir=tmp_path) in err, err
    for text in case.absent:
        assert text not in err, err
    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    counts: dict[str, int] = {}
    for record in records:
        counts[record["doc"]] = counts.get(record["doc"], 0) + 1
    assert counts == case.docs
    for doc, expected in case.fields.items():
        first = next(r for r in records if r["doc"] == doc)
        assert {key: first[key] for key in expected} == expected
    for name, content in case.files.items():  # offsets slice the article as read
        if not name.endswith(".txt") or "/" in name:  # (files in subfolders: their ids may be renamed)
            continue
        text = content.decode("utf-16" if content.startswith(b"\xff\xfe") else "utf-8", errors="replace")
        assert all_slice(text, [r for r in records if r["doc"] == name[:-4]])


# --- API --------------------------------------------------------------------------------------------

@dataclass
class Api:
    items: list
    """extract_many's items; for ``extract``, the one text (and ``kwargs``)."""
    records: list[int]
    """Records expected for each item."""
    messages: list[str]
    """InputWarning messages expected, in order (a prefix of each is enough)."""
    call: str = "extract_many"
    kwargs: dict = field(default_factory=dict)
    docs: list[str] | None = None
    """The ``doc`` of each record, in order, when it matters."""


API_CASES = {
    "extract: empty text": Api([""], [0], ["the article: empty text: no records"], call="extract"),
    "extract: whitespace only": Api([" \n\t "], [0], ["the article: text is whitespace only: no records"],
                                    call="extract"),
    "extract: non-UTF-8 bytes": Api([LATIN1], [1], ["the article: not valid UTF-8 (first bad byte at offset 3)"],
                                    call="extract"),
    "extract: Chinese": Api([CHINESE], [0], ["the article: does not look like English: 84% of its characters"],
                            call="extract"),
    "extract: French, named": Api([FRENCH], [0], ["article 'fr': does not look like English"], call="extract",
                                  kwargs={"doc_id": "fr"}),
    "extract: published that does not parse": Api(
        [DATED], [1], ["the article: published date 'next spring' is not in the form YYYY-MM-DD"],
        call="extract", kwargs={"published": "next spring"}),
    "empty and whitespace items": Api(["", GOOD, "  \n"], [0, 1, 0],
                                      ["item 0: empty text: no records", "item 2: text is whitespace only"]),
    "non-UTF-8 bytes items": Api([LATIN1, {"id": "b", "text": b"\xff" + OTHER.encode()}], [1, 1],
                                 ["item 0: not valid UTF-8 (first bad byte at offset 3)",
                                  "item 1: not valid UTF-8 (first bad byte at offset 0)"]),
    "5 MB item, then a short one": Api([BIG, GOOD], [3, 1], []),
    'item without "text"': Api([GOOD, {"id": "x", "title": "A title"}, OTHER], [1, 0, 1],
                               ['item 1: no "text"; no records']),
    '"text" not a string': Api([{"id": "x", "text": 5}, GOOD], [0, 1], ['item 0: "text" is not a str but int']),
    "items that are not texts": Api([[GOOD], 42, None, GOOD], [0, 0, 0, 1],
                                    ['item 0: not a str, bytes or a mapping with "text" but list; no records',
                                     "item 1: not a str, bytes or a mapping with \"text\" but int",
                                     "item 2: not a str, bytes or a mapping with \"text\" but NoneType"]),
    "duplicate ids": Api([{"id": "a", "text": GOOD}, {"id": "b", "text": GOOD}, {"id": "a", "text": OTHER}],
                         [1, 1, 1], ["item 2: duplicate id 'a' (first seen at item 0); renamed 'a#2'"],
                         docs=["a", "b", "a#2"]),
    "non-English items": Api([CHINESE, FRENCH, GOOD], [0, 0, 1],
                             ["item 0: does not look like English", "item 1: does not look like English"]),
    "item published that does not parse": Api(
        [{"id": "p", "text": DATED, "published": "next spring"}, {"id": "q", "text": OTHER, "published": 2021}],
        [1, 1], ["item 0: published date 'next spring' is not in the form YYYY-MM-DD",
                 "item 1: published date must be a YYYY-MM-DD string, got int 2021; ignored"]),
}


@pytest.mark.parametrize("case", API_CASES.values(), ids=API_CASES.keys())
def test_api_bad_input(case: Api, nlp):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case.call == "extract":
            results = [renovex.extract(case.items[0], nlp=nlp, **case.kwargs)]
        else:
            results = list(renovex.extract_many(case.items, nlp=nlp, **case.kwargs))
    messages = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert len(messages) == len(case.messages), messages
    for message, expected in zip(messages, case.messages):
        assert message.startswith(expected), (message, expected)
    assert [len(records) for records in results] == case.records
    for item, records in zip(case.items, results):
        text = item.get("text") if isinstance(item, dict) else item
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        assert all(text[r.start:r.end] == r.text for r in records)
    if case.docs is not None:
        assert [r.doc for records in results for r in records] == case.docs


def test_api_published_date_from_the_text_when_the_given_one_does_not_parse(nlp):
    with pytest.warns(InputWarning, match="next spring"):
        [record] = renovex.extract(DATED, published="next spring", nlp=nlp)
    assert record.period == {"start": 2023, "end": 2023}


def test_api_default_published_that_does_not_parse_raises_before_reading_items(nlp):
    def items():
        raise AssertionError("read")
        yield GOOD

    with pytest.raises(ValueError, match="published date 'someday'"):
        renovex.extract_many(items(), published="someday", nlp=nlp)


def test_api_text_of_a_wrong_type_is_a_type_error(nlp):
    with pytest.raises(TypeError, match="text must be a str or bytes, not int"):
        renovex.extract(42, nlp=nlp)


def test_cli_default_published_that_does_not_parse_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--published", "someday"]) == 2
    assert "published date 'someday'" in capsys.readouterr().err


# --- long articles in pieces --------------------------------------------------------------------------

@pytest.mark.parametrize("text,limit,expected", [
    ("short", 10, [(0, 5)]),
    ("", 10, [(0, 0)]),
    ("aaaaaaa\n\nb\ncccccccccc", 12, [(0, 9), (9, 21)]),  # a paragraph break before a line break
    ("aaaaaa. bb\ncccccccc", 12, [(0, 11), (11, 19)]),  # a line break before a sentence end
    ("aaaa bb. cc dddddd", 12, [(0, 9), (9, 18)]),  # a sentence end before a space
    ("aa bbbbbbbbbbbbbbbbbbbbbb", 10, [(0, 10), (10, 20), (20, 25)]),  # no space in the second half: hard cuts
])
def test_split_text(text, limit, expected):
    assert split_text(text, limit) == expected


def test_pieces_join_records_with_offsets_into_the_whole_article(nlp):
    grouped = "Shanxi will renovate 1,650 old residential communities in 2023, benefiting 200,000 households.\n"
    text = grouped + "\n" + OTHER + "\n" + grouped
    pieces = Pieces(limit=120)
    docs = list(pieces.docs(nlp, text, None, "long")) + list(pieces.docs(nlp, OTHER, None, "short"))
    assert len(docs) == 4  # three pieces, then a whole article
    long, short = list(pieces.join(nlp(doc) for doc in docs))
    records = long._.records
    assert [r.value for r in records] == [1650, 200000, 730, 1650, 200000]
    assert all(text[r.start:r.end] == r.text and r.doc == "long" for r in records)
    assert records[-1].start > len(grouped) + len(OTHER)
    # group ids count from 1 in each piece: joined, the two pieces' groups stay apart
    assert records[0].group == records[1].group != records[3].group == records[4].group
    assert [r.value for r in short._.records] == [730]


def test_pieces_pass_failures_through_and_keep_the_other_pieces(nlp):
    text = GOOD + "\n" + OTHER
    pieces = Pieces(limit=75)
    docs = list(pieces.docs(nlp, text, None, "a"))
    assert len(docs) == 2
    outputs = ["failure of piece 1", nlp(docs[1])]
    joined = list(pieces.join(outputs))
    assert joined[0] == "failure of piece 1"
    [record] = joined[1]._.records
    assert record.value == 730 and text[record.start:record.end] == record.text
