"""Article metadata on records (issue 14): the date used, the title and address, and the input
fields a user names travel with every record, in every format."""
import json
import warnings

import renovex
from renovex.cli import main

TEXT = "In 2023, Hebei plans to renovate 1,250 old communities, benefiting 180,000 households."
LINE = {"id": "a1", "text": TEXT, "published": "2023-02-10", "title": "Hebei's plan",
        "url": "https://example.org/a1", "source": "Hebei Daily", "section": {"name": "local"}, "ignored": 1}


def test_the_cli_carries_title_url_date_and_kept_fields(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(LINE) + "\n", encoding="utf-8")
    assert main(["extract", str(feed), "--keep", "source,section", "--keep", "absent"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    for record in records:
        assert (record["published"], record["title"], record["url"]) == ("2023-02-10", "Hebei's plan",
                                                                         "https://example.org/a1")
        assert record["meta"] == {"source": "Hebei Daily", "section": {"name": "local"}}


def test_without_keep_no_other_field_is_carried_and_csv_reads_back(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(LINE) + "\n", encoding="utf-8")
    assert main(["extract", str(feed), "-o", str(tmp_path / "r.csv")]) == 0
    back = renovex.read_records(tmp_path / "r.csv")
    assert [r.meta for r in back] == [{}, {}] and {r.title for r in back} == {"Hebei's plan"}


def test_the_date_found_in_the_furniture_is_the_records_date():
    records = renovex.extract("Updated: 2023-05-17 09:12\n" + TEXT)
    assert {r.published for r in records} == {"2023-05-17"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert {r.published for r in renovex.extract(TEXT, published="2023")} == {"2023"}


def test_extract_many_carries_dict_items_metadata():
    items = [dict(LINE), {"text": TEXT, "title": 5}]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = list(renovex.extract_many(items, keep_fields=["source"]))
    assert [(r.title, r.url, r.meta) for r in out[0]] == [("Hebei's plan", "https://example.org/a1",
                                                          {"source": "Hebei Daily"})] * 2
    assert [(r.title, r.meta) for r in out[1]] == [(None, {})] * 2
    assert any('"title" must be a string' in str(w.message) for w in caught)
