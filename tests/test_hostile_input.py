"""Issue 16: hostile and unlucky input never destroys output, never stops a run, never
takes more than linear time. Every input is generated here; nothing large is committed."""
from __future__ import annotations

import json
import os
import sys
import time

import pytest

from renovex.cli import main
from renovex.io.outputs import OutputError, check_output, replacing

ARTICLE = {"id": "a1", "published": "2022-03-01",
           "text": "In 2022, Xinjiang plans to start the renovation of 1,273 old communities."}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- outputs never touch inputs ------------------------------------------------------

def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path, capsys):
    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])
    before = feed.read_bytes()
    for output in (feed, tmp_path / "." / "v.jsonl"):
        code, _, err = run(["extract", feed, "-o", output], capsys)
        assert code == 2 and "is also an input" in err
    assert feed.read_bytes() == before


def test_an_output_reached_through_a_link_is_the_same_file(tmp_path):
    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])
    os.symlink(feed, tmp_path / "link.jsonl")
    os.link(feed, tmp_path / "hard.jsonl")
    for output in ("link.jsonl", "hard.jsonl"):
        with pytest.raises(OutputError, match="also an input"):
            check_output(tmp_path / output, [feed])


def test_the_store_is_never_an_output(tmp_path, capsys):
    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])
    db = tmp_path / "s.db"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    before = db.read_bytes()
    assert run(["extract", feed, "--db", db, "-o", db], capsys)[0] == 2
    code, _, err = run(["export", "--db", db, "-o", db], capsys)
    assert code == 2 and "is the store" in err
    assert db.read_bytes() == before


def test_consolidate_and_show_refuse_to_overwrite_their_input(tmp_path, capsys):
    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])
    records = tmp_path / "r.jsonl"
    assert run(["extract", feed, "-o", records], capsys)[0] == 0
    before = records.read_bytes(), feed.read_bytes()
    assert run(["consolidate", records, "-o", records], capsys)[0] == 2
    assert run(["show", feed, "-o", feed], capsys)[0] == 2
    assert (records.read_bytes(), feed.read_bytes()) == before


def test_an_output_inside_an_input_folder_is_not_read_back(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "feed.jsonl", [ARTICLE])
    for _ in range(3):  # the second and third runs find the first run's output in the folder
        code, _, err = run(["extract", data, "-o", data / "records.jsonl"], capsys)
        assert code == 0 and "1 articles, 1 records, 0 errors" in err
    assert len((data / "records.jsonl").read_text().splitlines()) == 1


def test_a_failing_run_leaves_the_old_output_as_it_was(tmp_path):
    output = tmp_path / "out.jsonl"
    output.write_text("the records of yesterday\n")
    with pytest.raises(RuntimeError):
        with replacing(output) as handle:
            handle.write("half of today's")
            raise RuntimeError("killed midway")
    assert output.read_text() == "the records of yesterday\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]  # no temporary file left behind


def test_a_finished_run_replaces_the_output_and_keeps_its_permissions(tmp_path):
    output = tmp_path / "out.jsonl"
    output.write_text("old\n")
    os.chmod(output, 0o640)
    with replacing(output) as handle:
        handle.write("new\n")
    assert output.read_text() == "new\n"
    assert output.stat().st_mode & 0o777 == 0o640


def test_dash_as_output_means_standard_output(tmp_path, capsys, monkeypatch):
    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["extract", feed, "-o", "-"], capsys)
    assert code == 0 and json.loads(out)["value"] == 1273
    assert not (tmp_path / "-").exists()


# --- one bad line never stops a run ----------------------------------------------------

def test_a_json_number_of_five_thousand_digits_is_one_error_and_the_rest_goes_on(tmp_path, capsys):
    feed = tmp_path / "v.jsonl"
    feed.write_text('{"id": "b", "text": "x", "n": ' + "9" * 5000 + "}\n" + json.dumps(ARTICLE) + "\n")
    output = tmp_path / "out.jsonl"
    code, _, err = run(["extract", feed, "-o", output], capsys)
    assert code == 1 and f"{feed}:1: not usable JSON" in err
    assert [json.loads(line)["value"] for line in output.read_text().splitlines()] == [1273]


def test_an_over_long_line_is_skipped_and_the_next_line_read(tmp_path, capsys, monkeypatch):
    import renovex.io.articles

    monkeypatch.setattr(renovex.io.articles, "MAX_LINE_BYTES", 1000)
    feed = tmp_path / "v.jsonl"
    feed.write_text(json.dumps({"id": "long", "text": "x " * 5000}) + "\n" + json.dumps(ARTICLE) + "\n")
    _, out, err = run(["extract", feed], capsys)
    assert f"{feed}:1: line longer than" in err
    assert json.loads(out)["doc"] == "a1"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_an_input_folder_is_reported_not_waited_on(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "pipe.jsonl")
    write_jsonl(data / "feed.jsonl", [ARTICLE])
    code, out, err = run(["extract", data], capsys)
    assert "pipe.jsonl: not a regular file" in err
    assert json.loads(out)["doc"] == "a1"


def test_a_folder_tree_a_thousand_deep_is_read(tmp_path, capsys):
    folder = tmp_path / "deep"
    path = folder
    path.mkdir()
    for _ in range(1000):  # level by level: mkdir(parents=True) itself recurses
        path = path / "d"
        path.mkdir()
    write_jsonl(path / "feed.jsonl", [ARTICLE])
    try:
        code, out, _ = run(["extract", folder], capsys)
        assert code == 0 and json.loads(out)["doc"] == "a1"
    finally:  # deepest first: shutil.rmtree (pytest's clean-up) recurses and would fail
        (path / "feed.jsonl").unlink()
        while path != folder:
            path.rmdir()
            path = path.parent


def test_a_figure_beyond_the_float_range_is_no_record_and_no_error(tmp_path, capsys):
    import renovex

    text = ("In 2022, the city will renovate 120 old communities with 10" + " billion" * 40
            + " yuan and 1e400 yuan.")
    assert [r.value for r in renovex.extract(text)] == [120]


# --- linear time ------------------------------------------------------------------------

@pytest.mark.parametrize("run_of", ["=", ",", "(", "-."])
def test_a_long_run_of_punctuation_keeps_the_text_and_the_records(run_of):
    import renovex

    nlp = renovex.load()
    text = "In 2022 the city renovated 12 old communities. " + run_of * 3000 + " It will renovate 30 more in 2023."
    doc = nlp(text)
    assert doc.text == text
    assert [r.value for r in doc._.records] == [12, 30]


def test_a_punctuation_run_costs_linear_time():
    """Relative, not a timed test: 8x the run may cost at most ~16x (spaCy alone: ~64x)."""
    import renovex

    nlp = renovex.load()

    def cost(n: int) -> float:
        text = "a " + "=" * n + " b"
        started = time.perf_counter()
        nlp.make_doc(text)
        return time.perf_counter() - started

    small, large = min(cost(2000) for _ in range(3)), min(cost(16000) for _ in range(3))
    assert large < 24 * max(small, 1e-4)


def test_tokens_without_long_runs_are_spacy_s_own():
    import spacy

    from renovex.pipeline.tokenizer import MAX_RUN, bounded_runs

    plain = spacy.blank("en").tokenizer
    bounded = bounded_runs(spacy.blank("en").tokenizer)
    text = "See https://example.org/" + "x" * (MAX_RUN - 30) + " (2022), \n\n the 1,273 old communities!"
    assert [t.text for t in bounded(text)] == [t.text for t in plain(text)]
    long = "a " + "=" * (3 * MAX_RUN + 5) + " b\n"
    assert bounded(long).text == long
    assert [t.text for t in bounded(long)][0] == "a" and [t.text for t in bounded(long)][-2:] == ["b", "\n"]


if sys.platform == "win32":  # pragma: no cover - FIFOs and hard links as on POSIX
    pytestmark = pytest.mark.skip("POSIX file system behaviour")


# --- safe defaults --------------------------------------------------------------------------

FORMULA_TEXT = "=HYPERLINK(\"http://x\") In 2022, Xinjiang plans to renovate 1,273 old communities."


def test_csv_cells_that_start_a_formula_are_neutralised_unless_raw(tmp_path, capsys):
    import csv

    feed = write_jsonl(tmp_path / "v.jsonl", [{"id": "=cmd|calc", "text": FORMULA_TEXT, "published": "2022-03-01"}])
    rows = {}
    for flag in ([], ["--raw-csv"]):
        output = tmp_path / f"out{len(flag)}.csv"
        assert run(["extract", feed, "--format", "csv", "-o", output, *flag], capsys)[0] == 0
        rows[bool(flag)] = next(csv.DictReader(output.open(encoding="utf-8")))
    assert rows[False]["doc"] == "'=cmd|calc" and rows[False]["sentence"].startswith("'=HYPERLINK")
    assert rows[True]["doc"] == "=cmd|calc" and rows[True]["sentence"].startswith("=HYPERLINK")
    assert rows[False]["value"] == rows[True]["value"]  # numbers are left alone


def test_neutralised_leaves_numbers_and_plain_text_alone():
    from renovex.io.outputs import neutralised

    assert [neutralised(c) for c in ("-3.5", "+12", "1,273", "Xinjiang", 7, None, "-2025")] == \
        ["-3.5", "+12", "1,273", "Xinjiang", 7, None, "-2025"]
    assert [neutralised(c) for c in ("=1+1", "+A1", "-A1", "@SUM(A1)", "\tx")] == \
        ["'=1+1", "'+A1", "'-A1", "'@SUM(A1)", "'\tx"]


def test_the_record_tables_neutralise_formulas_too(tmp_path):
    import csv

    import renovex
    from renovex.io.frames import to_csv

    records = renovex.extract(FORMULA_TEXT, "2022-03-01", "=doc")
    to_csv(records, tmp_path / "t.csv")
    row = next(csv.DictReader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert row["doc"] == "'=doc"


def test_pack_check_rejects_patterns_that_cost_more_than_linear_time():
    from renovex.rules import _regex_error

    assert "unbounded repeat" in _regex_error(r"(a+)+$")
    assert "unbounded repeat" in _regex_error(r"(?:\w+\s)*plan")
    assert "too slow" in _regex_error(r"(?:a|aa)*b")  # caught in milliseconds, before it hangs
    assert _regex_error(r"plans? to|will") is None and _regex_error(r"(?:\d{1,3},)*\d+") is None


def test_a_slow_kind_cue_fails_pack_check_with_its_line(tmp_path, capsys):
    assert run(["pack", "new", "bad", "--dir", tmp_path, "--from", "renovation"], capsys)[0] == 0
    cues = tmp_path / "bad" / "kind_cues.jsonl"
    with cues.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "plan.evil", "kind": "plan", "direction": "forward", "strength": "strong",
                                 "pattern": r"(?:\w+\s)+plan"}) + "\n")
    code, out, _ = run(["pack", "check", tmp_path / "bad"], capsys)
    line = len(cues.read_text(encoding="utf-8").splitlines())
    assert code == 1 and f"kind_cues.jsonl:{line}: pattern: a repeated group" in out


@pytest.mark.parametrize("name", ["../renovation", "x/../../renovation", "renovation/../renovation", "..\\\\renovation"])
def test_a_pack_name_cannot_leave_the_bundled_packs(name, tmp_path, monkeypatch):
    from renovex.core.resources import pack_path

    monkeypatch.chdir(tmp_path)  # no such folders here
    with pytest.raises(FileNotFoundError, match="not the name of a bundled pack|no rule pack"):
        pack_path(name)


def test_evaluate_names_a_gold_line_without_doc(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"kind": "plan", "metric": "communities", "value": 1}) + "\n")
    code, _, err = run(["evaluate", "--gold", gold, "--pred", gold], capsys)
    assert code == 2 and f'{gold}:1: no "doc"' in err


def test_evaluate_counts_articles_without_an_id(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    write_jsonl(corpus / "articles.jsonl", [{"text": ARTICLE["text"], "published": "2022-03-01"}])
    (corpus / "gold.jsonl").write_text("")
    code, out, _ = run(["evaluate", corpus], capsys)
    assert code == 0 and "full" in out


def test_n_process_is_clamped_to_cores_and_articles(tmp_path, capsys):
    import io

    from renovex.cli import clamped_processes

    err = io.StringIO()
    assert clamped_processes(1000, 3, err) <= 3 and "lowered" in err.getvalue()
    assert clamped_processes(1, 3, io.StringIO()) == 1
    with pytest.raises(ValueError):
        clamped_processes(0, 3, io.StringIO())


def test_an_operating_system_error_is_one_line_and_exit_code_3(tmp_path, capsys, monkeypatch):
    import renovex.cli

    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out.jsonl"))

    monkeypatch.setattr(renovex.cli, "extract_articles", full_disk)
    code, _, err = run(["extract", feed, "-o", tmp_path / "out.jsonl"], capsys)
    assert code == 3 and err.strip().endswith("out.jsonl: No space left on device")
    assert "Traceback" not in err and not (tmp_path / "out.jsonl").exists()


def test_two_runs_creating_one_store_write_one_schema_version(tmp_path):
    import sqlite3
    import threading

    from renovex.io.store import Store

    path = tmp_path / "new.db"
    barrier = threading.Barrier(4)
    errors = []

    def create() -> None:
        try:
            barrier.wait()
            Store(path).close()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone() == (1,)
    assert not [e for e in errors if "schema version" in str(e)]


# --- long structured texts (hypothesis) ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "In 2022, Hebei plans to renovate 1,250 old residential communities. ",
    "So far, 416 elevators have been installed, benefiting 12,000 households. ",
    "By the end of June, 73% of the 3,057 planned communities had started work.\n",
    "- renewing 1,260 km of gas pipelines;\n", "Home | News | Shanghai\n", "[Photo/Xinhua]\n",
    "=" * 300, "," * 200, "\n" * 50, " " * 100, "(" * 80, "1, 2, 3, 4, 5, 6, 7, 8, 9 respectively. ",
    "Since 2019, ", "the city ", "will ", "10 billion billion billion yuan ", "“", "2023", "…",
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, min_size=20, max_size=400))
def test_long_structured_texts_give_records_that_point_into_the_text(nlp, pieces):
    from renovex.api import extract

    text = "".join(pieces)
    for record in extract(text, "2023-05-01", nlp=nlp):
        assert 0 <= record.start < record.end <= len(text)
        assert text[record.start:record.end] == record.text
        assert record.text in record.sentence and len(record.sentence) <= 2000 + 200


def test_the_output_suffix_chooses_the_format(tmp_path, capsys):
    """Issue 14: `extract -o records.csv` wrote JSONL lines into a .csv file."""
    feed = write_jsonl(tmp_path / "v.jsonl", [ARTICLE])
    assert run(["extract", feed, "-o", tmp_path / "records.csv"], capsys)[0] == 0
    assert (tmp_path / "records.csv").read_text(encoding="utf-8").startswith("doc,kind,metric")
    assert run(["extract", feed, "-o", tmp_path / "records.jsonl", "--format", "jsonl"], capsys)[0] == 0
    assert json.loads((tmp_path / "records.jsonl").read_text(encoding="utf-8"))["value"] == 1273
    db = tmp_path / "s.db"
    assert run(["extract", feed, "--db", db], capsys)[0] == 0
    assert run(["export", "--db", db, "-o", tmp_path / "e.csv"], capsys)[0] == 0
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").startswith("doc,kind,metric")


@pytest.mark.parametrize("single", ["In 2022, Hebei will renovate 300 old communities.", b"bytes",
                                    {"text": "In 2022, Hebei will renovate 300 old communities."}])
def test_extract_many_refuses_a_single_article(single):
    """Issue 14: extract_many("a string") ran per character, a dict gave [[], []]."""
    import renovex

    with pytest.raises(TypeError, match="iterable of articles"):
        renovex.extract_many(single)


def test_a_huge_json_number_is_an_error_with_file_and_line_in_consolidate_and_pack_check(tmp_path, capsys):
    records = tmp_path / "r.jsonl"
    records.write_text('{"doc": "a", "value": ' + "9" * 5000 + "}\n")
    code, _, err = run(["consolidate", records], capsys)
    assert code == 2 and f"{records}:1: not usable JSON" in err and "Traceback" not in err
    assert run(["pack", "new", "p", "--dir", tmp_path, "--from", "renovation"], capsys)[0] == 0
    with (tmp_path / "p" / "kind_cues.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "x", "n": ' + "9" * 5000 + "}\n")
    code, out, _ = run(["pack", "check", tmp_path / "p"], capsys)
    assert code == 1 and "not usable JSON" in out


def test_loading_a_pipeline_does_not_time_its_patterns(monkeypatch):
    """The timing of pack check runs only there: a busy machine must not stop a pipeline from
    loading (the static check for nested repeats still runs)."""
    import renovex.core.regex_safety as safety
    from renovex.rules import check_pack, ensure_valid

    timed = []
    monkeypatch.setattr(safety, "_slow_on_probes", lambda compiled: timed.append(compiled) or None)
    ensure_valid("renovation")
    assert timed == []
    check_pack("renovation")
    assert timed
