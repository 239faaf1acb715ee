"""One runner for texts of any length (issue 13, step 2): tag, show, render and the Dask
adapter took a text over spaCy's max_length straight to nlp() and failed (E088)."""
import json

import pytest

import renovex
from renovex.cli import main

FIGURE = "In 2022, Xinjiang plans to start the renovation of 1,273 old communities."


@pytest.fixture(scope="module")
def long_text():
    nlp = renovex.load()
    filler = "The weather was fine and the market was busy. "
    text = filler * (nlp.max_length // len(filler) + 10) + "\n\n" + FIGURE
    assert len(text) > nlp.max_length
    return text


@pytest.fixture
def feed(tmp_path, long_text):
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": "long", "text": long_text, "published": "2022-05-01"}) + "\n",
                    encoding="utf-8")
    return path


def test_tag_prints_entities_with_offsets_in_the_whole_text(feed, long_text, capsys):
    assert main(["tag", str(feed)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "QUANTITY" in line)
    offset = int(line.split()[0])
    assert long_text[offset:].startswith("1,273 old communities")


def test_show_and_render_list_the_record(feed, long_text, tmp_path, capsys):
    assert main(["show", str(feed), "-o", str(tmp_path / "page.html")]) == 0
    assert "1,273" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "1,273" in str(renovex.render(long_text, published="2022-05-01"))


def test_the_dask_adapter_takes_it(long_text):
    pytest.importorskip("dask")
    from renovex.io.dask_adapter import _articles_records

    records = list(_articles_records([(long_text, "long", "2022-05-01")], "renovation", None, "raise"))
    assert [r.value for r in records] == [1273]
