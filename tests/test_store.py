"""The incremental SQLite store: `renovex extract --db` and `renovex export`."""
import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from datetime import date

import pytest

import renovex
from renovex.cli import extract_articles, main
from renovex.io.frames import DTYPES
from renovex.core.schema import COLUMNS
from renovex.core.records import SPEC_FIELDS
from renovex.io.store import ArticleResult, Store, StoreError, content_hash

ARTICLES = [
    {"id": "hebei", "text": "In 2023, Hebei plans to renovate 1,250 old communities, benefiting 180,000 households.",
     "published": "2023-02-10"},
    {"id": "hubei", "text": "Hubei completed the renovation of 640 old residential areas in 2022.",
     "published": "2023-01-15"},
    {"id": "anhui", "text": "This year Anhui will install 900 elevators in old residential buildings.",
     "published": "2024-03-01"},
    {"id": "gansu", "text": "Gansu has renovated 310 old communities so far this year.", "published": "2022-07-20"},
    {"id": "jilin", "text": "In 2021, Jilin started work on 75 old communities.", "published": "2021-11-02"},
    {"id": "hunan", "text": "Hunan aims to add 4,000 parking spaces in old communities in 2024.",
     "published": "2024-01-08"},
]


def write_feed(path, articles):
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


@pytest.fixture
def feed(tmp_path):
    return write_feed(tmp_path / "feed.jsonl", ARTICLES)


def articles_of(db):
    with Store(db, create=False) as store:
        return {row["id"]: row for row in store.iter_articles()}


def records_of(db):
    with Store(db, create=False) as store:
        return [r.to_dict() for r in store.iter_records()]


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def reference(feed, capsys, fmt="jsonl"):
    """What `renovex extract` writes for ``feed`` without a store."""
    code, out, _ = run(["extract", feed, "--format", fmt], capsys)
    assert code == 0
    return out


# --- first run and rerun --------------------------------------------------------------

def test_first_run_stores_every_article_and_its_records(feed, tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    code, out, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0
    assert out == ""  # --db without -o: nothing on stdout
    articles = articles_of(db)
    assert list(articles) == [a["id"] for a in ARTICLES]
    assert {a["status"] for a in articles.values()} == {"ok"}
    assert articles["hebei"]["published"] == "2023-02-10"
    assert articles["hebei"]["content_hash"] == content_hash(ARTICLES[0]["text"], date(2023, 2, 10))
    records = records_of(db)
    assert sum(a["n_records"] for a in articles.values()) == len(records)
    assert {(r["doc"], r["value"]) for r in records} >= {("hebei", 1250), ("hebei", 180000), ("hubei", 640)}
    assert f"6 articles, {len(records)} records, 0 errors, 0 skipped" in err


def test_rerun_skips_every_current_article(feed, tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    before_articles, before_records = articles_of(db), records_of(db)
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0
    assert f"0 articles, {len(before_records)} records, 0 errors, 6 skipped" in err
    assert articles_of(db) == before_articles  # processed_at untouched
    assert records_of(db) == before_records


def test_a_rerun_with_output_writes_every_article_s_records_in_input_order(feed, tmp_path, capsys):
    # Issue 14/16: unchanged articles were skipped and not written: the second run's -o was empty.
    db, first, second = tmp_path / "records.sqlite", tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert run(["extract", feed, "--db", db, "-o", first], capsys)[0] == 0
    changed = [dict(a) for a in ARTICLES]
    changed[1]["text"] = "Hubei completed the renovation of 725 old residential areas in 2022."
    write_feed(feed, changed)
    code, _, err = run(["extract", feed, "--db", db, "-o", second], capsys)
    assert code == 0 and "1 articles" in err and "5 skipped" in err
    old = [json.loads(line) for line in first.read_text().splitlines()]
    new = [json.loads(line) for line in second.read_text().splitlines()]
    assert [r for r in new if r["doc"] != "hubei"] == [r for r in old if r["doc"] != "hubei"]
    assert [r["value"] for r in new if r["doc"] == "hubei"] == [725]
    order = [a["id"] for a in ARTICLES]
    docs = [r["doc"] for r in new]
    assert docs == sorted(docs, key=order.index)  # input order, the re-processed one in its place


def test_a_changed_article_alone_is_reprocessed_and_its_records_replaced(feed, tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    before = articles_of(db)
    changed = [dict(a) for a in ARTICLES]
    changed[1]["text"] = "Hubei completed the renovation of 725 old residential areas in 2022."
    write_feed(feed, changed)
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0 and "1 articles" in err and "5 skipped" in err
    after = articles_of(db)
    assert after["hubei"]["processed_at"] > before["hubei"]["processed_at"]
    assert after["hubei"]["content_hash"] != before["hubei"]["content_hash"]
    assert all(after[i] == before[i] for i in after if i != "hubei")
    hubei = [r["value"] for r in records_of(db) if r["doc"] == "hubei"]
    assert hubei == [725]  # the old 640 is gone, nothing doubled
    assert list(after) == list(before)  # the article keeps its place in export order


def test_a_new_publication_date_changes_the_hash():
    text = ARTICLES[2]["text"]
    assert content_hash(text, date(2024, 3, 1)) != content_hash(text, date(2025, 3, 1))
    assert content_hash(text, None) != content_hash(text + " ", None)
    assert content_hash(text, None) == content_hash(text, None)


def test_store_and_output_file_together(feed, tmp_path, capsys):
    db, out_file = tmp_path / "records.sqlite", tmp_path / "out.jsonl"
    assert run(["extract", feed, "--db", db, "-o", out_file], capsys)[0] == 0
    assert [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()] == records_of(db)


def test_stdin_text_has_a_stable_id_and_is_skipped_on_rerun(tmp_path, monkeypatch, capsys):
    db = tmp_path / "records.sqlite"
    for expected in ("1 articles", "1 skipped"):
        monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLES[0]["text"]))
        code, _, err = run(["extract", "-", "--db", db], capsys)
        assert code == 0 and expected in err
    assert list(articles_of(db)) == ["stdin"]


# --- failures -------------------------------------------------------------------------

def test_a_failing_article_is_stored_as_an_error_and_retried(feed, tmp_path, capsys, monkeypatch):
    import renovex.pipeline.components.records as records_component

    real_link = records_component.link

    def fragile_link(text, *args, **kwargs):
        if "Gansu" in text:
            raise RuntimeError("boom")
        return real_link(text, *args, **kwargs)

    db = tmp_path / "records.sqlite"
    monkeypatch.setattr(records_component, "link", fragile_link)
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 1 and "article gansu: renovex_records failed: RuntimeError: boom" in err
    gansu = articles_of(db)["gansu"]
    assert gansu["status"] == "error" and "RuntimeError: boom" in gansu["error"] and gansu["n_records"] == 0
    assert not [r for r in records_of(db) if r["doc"] == "gansu"]

    monkeypatch.undo()
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0 and "1 articles" in err and "5 skipped" in err
    gansu = articles_of(db)["gansu"]
    assert gansu["status"] == "ok" and gansu["error"] is None
    assert [r["value"] for r in records_of(db) if r["doc"] == "gansu"] == [310]


def test_bad_input_with_an_id_is_stored_as_an_error_and_drops_old_records(feed, tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    broken = [dict(a) for a in ARTICLES]
    broken[4]["text"] = 12345
    write_feed(feed, broken)
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 1 and 'feed.jsonl:5: "text" must be a string, got a number' in err
    jilin = articles_of(db)["jilin"]
    assert jilin["status"] == "error" and jilin["error"].endswith('feed.jsonl:5: "text" must be a string, got a number')
    assert not [r for r in records_of(db) if r["doc"] == "jilin"]
    write_feed(feed, ARTICLES)
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0 and "1 articles" in err and articles_of(db)["jilin"]["status"] == "ok"


# --- a run killed midway ----------------------------------------------------------------

def test_an_interrupted_run_keeps_committed_batches_and_a_rerun_completes_it(feed, tmp_path, capsys, monkeypatch):
    import renovex.io.inputs

    expected = reference(feed, capsys)
    real_iter = renovex.io.inputs.iter_articles

    def interrupted(*args, **kwargs):
        for number, item in enumerate(real_iter(*args, **kwargs)):
            if number == 4:
                raise KeyboardInterrupt  # as if Ctrl-C came while reading the fifth article
            yield item

    db = tmp_path / "records.sqlite"
    monkeypatch.setattr(renovex.io.inputs, "iter_articles", interrupted)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        extract_articles([str(feed)], None, store=store, batch_size=2, stderr=io.StringIO())
    committed = articles_of(db)
    assert 2 <= len(committed) < len(ARTICLES) and len(committed) % 2 == 0  # whole batches only
    assert list(committed) == [a["id"] for a in ARTICLES[:len(committed)]]

    monkeypatch.undo()
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0
    assert f"{len(ARTICLES) - len(committed)} articles" in err and f"{len(committed)} skipped" in err
    assert run(["export", "--db", db], capsys)[1] == expected


KILLED_RUN = """
import sys, time
import renovex.io.inputs
from renovex.cli import extract_articles
from renovex.io.store import Store

real_iter = renovex.io.inputs.iter_articles

def slow(*args, **kwargs):
    for number, item in enumerate(real_iter(*args, **kwargs)):
        if number >= 2:
            time.sleep(0.5)  # leaves time to kill the run after its first commit
        yield item

renovex.io.inputs.iter_articles = slow
with Store(sys.argv[2]) as store:
    extract_articles([sys.argv[1]], None, store=store, batch_size=2)
"""


def test_a_killed_process_loses_only_its_current_batch(feed, tmp_path, capsys):
    expected = reference(feed, capsys)
    db = tmp_path / "records.sqlite"
    process = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(feed), str(db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                with sqlite3.connect(db) as conn:
                    if "articles" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} and \
                            conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= 2:
                        break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed"
    finally:
        process.kill()  # SIGKILL: no cleanup in the child
        process.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    committed = articles_of(db)
    assert 2 <= len(committed) < len(ARTICLES)
    n_records = sum(a["n_records"] for a in committed.values())
    assert len(records_of(db)) == n_records  # no half-written article

    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 0 and f"{len(committed)} skipped" in err
    assert run(["export", "--db", db], capsys)[1] == expected


# --- export -----------------------------------------------------------------------------

def test_export_jsonl_and_csv_equal_what_extract_writes(feed, tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    code, out, err = run(["export", "--db", db], capsys)
    assert code == 0 and out == reference(feed, capsys) and "exported" in err
    out_file = tmp_path / "out" / "records.csv"
    assert run(["export", "--db", db, "--format", "csv", "-o", out_file], capsys)[0] == 0
    exported = out_file.read_bytes().decode("utf-8")  # CSV rows end in \r\n
    assert exported == reference(feed, capsys, "csv")
    assert tuple(next(csv.reader(io.StringIO(exported)))) == COLUMNS


def test_export_parquet_is_the_frame_of_the_records(feed, tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    db, out_file = tmp_path / "records.sqlite", tmp_path / "records.parquet"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    assert run(["export", "--db", db, "-o", out_file], capsys)[0] == 0  # the format from the suffix
    back = pd.read_parquet(out_file)
    expected = renovex.to_frame(records_of(db))
    pd.testing.assert_frame_equal(back, expected, check_categorical=False)
    assert {c: str(t) for c, t in back.dtypes.items()} == DTYPES
    assert [r.to_dict() for r in renovex.read_records(out_file)] == records_of(db)


def test_parquet_without_pyarrow_names_the_extra(feed, tmp_path, capsys, monkeypatch):
    db = tmp_path / "records.sqlite"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    code, _, err = run(["export", "--db", db, "--format", "parquet", "-o", tmp_path / "x.parquet"], capsys)
    assert code == 2 and "renovex[pandas,parquet]" in err
    assert not (tmp_path / "x.parquet").exists()


def test_parquet_needs_an_output_file(feed, tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    code, _, err = run(["export", "--db", db, "--format", "parquet"], capsys)
    assert code == 2 and "-o" in err


# --- files that are not a store ---------------------------------------------------------

def test_export_of_a_missing_store_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(["export", "--db", tmp_path / "none.sqlite"], capsys)
    assert code == 2 and "none.sqlite: no such store" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_a_file_that_is_not_a_store_is_refused(feed, tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database, just text\n" * 100)
    code, _, err = run(["extract", feed, "--db", junk], capsys)
    assert code == 2 and "junk.sqlite: not a usable renovex store" in err
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(StoreError, match="not a renovex store .tables: people"):
        Store(other)


def test_another_schema_version_is_refused(tmp_path):
    db = tmp_path / "records.sqlite"
    with Store(db):
        pass
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        Store(db)


def test_write_batch_is_all_or_nothing(tmp_path):
    from renovex.core.records import Record

    good = Record("a", "plan", "communities", 10.0, None, None, None, None, None, None, "10 communities", 0, 14, "s")
    with Store(tmp_path / "records.sqlite") as store:
        store.write_batch([ArticleResult("a", "h1", None, [good])])
        bad = ArticleResult("b", "h2", None, [good, object()])  # the second record cannot be written
        with pytest.raises(AttributeError):
            store.write_batch([ArticleResult("a", "h3", None, []), bad])
        assert [row["id"] for row in store.iter_articles()] == ["a"]
        assert store.is_current("a", "h1") and not store.is_current("a", "h3")
        assert len(list(store.iter_records())) == 1


# --- the same id twice in one run -----------------------------------------------------------

def test_an_unreadable_line_with_the_id_of_an_earlier_article_does_not_replace_its_records(tmp_path, capsys):
    # The readable article is still in flight when the bad line is read; stored under the same
    # id, whichever came second would replace the other. The bad line is a duplicate id like
    # any other: it is stored as an error under "hebei#2".
    db = tmp_path / "records.sqlite"
    feed = write_feed(tmp_path / "feed.jsonl", [ARTICLES[0], {"id": "hebei", "text": 12345}])
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert code == 1 and 'feed.jsonl:2: "text" must be a string' in err
    stored = articles_of(db)
    assert stored["hebei"]["status"] == "ok"
    assert stored["hebei"]["content_hash"] == content_hash(ARTICLES[0]["text"], date(2023, 2, 10))
    assert stored["hebei#2"]["status"] == "error"
    assert stored["hebei#2"]["error"].endswith('feed.jsonl:2: "text" must be a string, got a number')
    assert {r["value"] for r in records_of(db) if r["doc"] == "hebei"} == {1250, 180000}


def test_each_line_of_a_repeated_id_keeps_its_own_content_hash(tmp_path, capsys):
    db = tmp_path / "records.sqlite"
    last = dict(ARTICLES[1], id="hebei")
    feed = write_feed(tmp_path / "feed.jsonl", [ARTICLES[0], {"id": "hebei", "text": 12345}, last])
    run(["extract", feed, "--db", db], capsys)
    stored = articles_of(db)
    assert [stored[i]["status"] for i in ("hebei", "hebei#2", "hebei#3")] == ["ok", "error", "ok"]
    assert stored["hebei#3"]["content_hash"] == content_hash(last["text"], date(2023, 1, 15))
    assert {r["value"] for r in records_of(db) if r["doc"] == "hebei#3"} == {640}
    code, _, err = run(["extract", feed, "--db", db], capsys)
    assert "2 skipped" in err  # a rerun finds both readable lines current
