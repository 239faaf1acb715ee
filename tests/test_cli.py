"""The command line, run in-process through renovex.cli.main."""
import csv
import io
import json

import pytest

from renovex.cli import main
from renovex.core.records import SPEC_FIELDS
from renovex.core.schema import COLUMNS

ARTICLE = "In 2022, Hebei plans to renovate 2,100 old communities, benefiting 300,000 households.\n"


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "hebei.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [json.dumps({"id": "a1", "text": ARTICLE, "published": "2022-02-01"}),
             "{not json",
             json.dumps({"id": "a2"}),
             json.dumps({"id": "a3", "text": "Hubei completed 500 old communities in 2021."})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_extract_txt_to_jsonl_with_spec_fields(corpus, capsys):
    assert main(["extract", str(corpus / "hebei.txt")]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["value"] for r in rows} == {2100, 300000}
    assert all(set(SPEC_FIELDS) <= set(r) and r["doc"] == "hebei" for r in rows)
    assert "1 articles, 2 records, 0 errors" in err


def test_bad_lines_are_reported_and_the_rest_is_extracted(corpus, capsys):
    out_file = corpus / "out.jsonl"
    assert main(["extract", str(corpus / "feed.jsonl"), "-o", str(out_file)]) == 1
    err = capsys.readouterr().err
    assert "feed.jsonl:2" in err and "feed.jsonl:3" in err
    docs = [json.loads(line)["doc"] for line in out_file.read_text().splitlines()]
    assert docs.count("a1") == 2 and docs.count("a3") == 1
    assert "2 articles" in err and "2 errors" in err


def test_csv_output_has_the_columns_of_the_record_schema(corpus, capsys):
    assert main(["extract", str(corpus / "hebei.txt"), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == COLUMNS
    assert (rows[0]["period_start"], rows[0]["period_end"]) == ("2022", "2022")
    assert json.loads(rows[0]["rules"])["kind"].startswith("cue:")  # the "why" is kept


def test_folder_input_and_published_default(corpus, capsys):
    (corpus / "feed.jsonl").unlink()
    (corpus / "relative.txt").write_text("This year, Hebei will renovate 800 old communities.", encoding="utf-8")
    assert main(["extract", str(corpus), "--published", "2024-06-01"]) == 0
    rows = {json.loads(line)["doc"]: json.loads(line) for line in capsys.readouterr().out.splitlines()}
    assert rows["relative"]["period"] == {"start": 2024, "end": 2024}


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    assert main(["extract", "-"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_missing_file_is_an_error_not_a_crash(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err


def test_evaluate_gold_against_pred(tmp_path, capsys):
    gold = [{"doc": "x", "kind": "plan", "metric": "communities", "value": 10, "value_max": None,
             "location": "Hebei", "period": {"start": 2022, "end": 2022}}]
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold[0]) + "\n")
    (tmp_path / "pred.jsonl").write_text(json.dumps(gold[0]) + "\n")
    assert main(["evaluate", "--gold", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl"),
                 "--fail-under", "0.9"]) == 0
    assert "full" in capsys.readouterr().out


def test_evaluate_a_corpus_folder_extracts_by_itself(tmp_path, capsys):
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "x", "text": ARTICLE}) + "\n")
    gold = {"doc": "x", "kind": "plan", "metric": "communities", "value": 2100, "value_max": None,
            "location": "Hebei", "period": {"start": 2022, "end": 2022}}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    assert main(["evaluate", str(tmp_path), "--json", "--fail-under", "0.5"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["full"]["tp"] == 1 and scores["full"]["fp"] == 1  # the households figure is not in this gold


def test_tag_prints_entities(corpus, capsys):
    assert main(["tag", str(corpus / "hebei.txt")]) == 0
    out = capsys.readouterr().out
    assert "PLACE" in out and "QUANTITY" in out and "Hebei" in out


def test_an_article_that_breaks_a_component_is_reported_and_the_others_go_on(corpus, capsys, monkeypatch):
    import renovex.pipeline.components.records as records_component

    real_link = records_component.link

    def fragile_link(text, *args, **kwargs):
        if "Hubei" in text:
            raise RuntimeError("boom")
        return real_link(text, *args, **kwargs)

    monkeypatch.setattr(records_component, "link", fragile_link)
    (corpus / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "ok1", "text": ARTICLE}),
        json.dumps({"id": "bad", "text": "Hubei completed 500 old communities in 2021."}),
        json.dumps({"id": "ok2", "text": ARTICLE})]) + "\n")
    assert main(["extract", str(corpus / "feed.jsonl")]) == 1
    out, err = capsys.readouterr()
    docs = [json.loads(line)["doc"] for line in out.splitlines()]
    assert docs == ["ok1", "ok1", "ok2", "ok2"]
    assert "article bad: renovex_records failed: RuntimeError: boom" in err


def test_progress_and_summary_for_more_than_a_few_articles(tmp_path, capsys):
    lines = [json.dumps({"id": f"n{i}", "text": ARTICLE}) for i in range(8)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n")
    assert main(["extract", str(tmp_path / "many.jsonl"), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "8/8 articles" in err  # the progress line
    assert "8 articles, 16 records, 0 errors" in err  # the summary


def test_progress_is_quiet_for_a_few_articles():
    from renovex.cli import Progress

    stream = io.StringIO()
    progress = Progress(total=3, stream=stream)
    for _ in range(3):
        progress.update(records=1, errors=0)
    progress.close()
    assert stream.getvalue() == ""
