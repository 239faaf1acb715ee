"""The review's summary charts (inline SVG) and a large batch written as an index and pages."""
import json
import re
from pathlib import Path

import pytest

from renovex.cli import main
from renovex.io.review_charts import MAX_BARS, Summary, bar_chart, paired_bar_chart
from renovex.io.review_pages import PagedReview


def record(metric="communities", kind="plan", location="Yinchuan", province="Ningxia", year=2024, value=230.0):
    return {"metric": metric, "kind": kind, "location": location, "province": province,
            "period": {"start": year, "end": year} if year else None, "value": value}


def test_a_bar_chart_draws_one_bar_per_item_scaled_to_the_largest():
    svg = bar_chart("records per metric", [("communities", 200), ("households", 50)])
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert len(widths) == 2 and widths[0] == pytest.approx(4 * widths[1])
    assert "<figcaption>records per metric</figcaption>" in svg and "<script" not in svg
    assert "nothing to draw" in bar_chart("empty", [])


def test_chart_labels_are_escaped():
    svg = bar_chart("<b>", [('<script>"x"', 1)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg


def test_the_summary_counts_records_per_metric_province_and_year():
    summary = Summary()
    summary.add([record(), record(metric="households", value=18500), record(year=None)])
    summary.add([record(location="Hefei", province="Anhui", year=2023)])
    assert summary.articles == 2 and summary.records == 4
    assert summary.by_metric == {"communities": 3, "households": 1}
    assert summary.by_province == {"Ningxia": 3, "Anhui": 1}
    assert summary.by_year == {"2024": 2, "no year": 1, "2023": 1}
    assert summary.html().count("<svg") == 4


def test_many_bars_end_in_one_bar_of_the_rest():
    summary = Summary()
    summary.add([record(metric=f"metric{n:02d}") for n in range(MAX_BARS + 5)])
    chart = bar_chart("m", sorted(summary.by_metric.items()))
    assert chart.count("<rect") == MAX_BARS + 5
    from renovex.io.review_charts import _top
    top = _top(summary.by_metric)
    assert len(top) == MAX_BARS and top[-1] == ("6 others", 6)


def test_plan_against_outcome_takes_the_metric_and_year_most_places_report():
    summary = Summary()
    summary.add([record(location="Yinchuan", value=230), record(location="Yinchuan", kind="outcome", value=241),
                 record(location="Hefei", value=95), record(location="Hefei", value=120),
                 record(metric="elevators", location="Lanzhou", value=350, year=2023)])
    metric, year, rows = summary.plan_and_outcome()
    assert (metric, year) == ("communities", 2024)
    assert rows == [("Yinchuan", 230, 241), ("Hefei", 120, None)], "both kinds first, then the largest plan"
    svg = paired_bar_chart("p", rows)
    assert svg.count("<rect") == 2 + 3, "a legend of two, then three bars"


def write_batch(folder: Path, n: int) -> Path:
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"art{k}", "published": "2024-02-10",
                                          "text": f"In 2024, Yinchuan will renovate {100 + k} old communities."}) + "\n"
                              for k in range(n)), encoding="utf-8")
    return source


def test_a_large_batch_becomes_an_index_and_numbered_pages(tmp_path, capsys):
    source = write_batch(tmp_path, 5)
    out = tmp_path / "review.html"
    assert main(["show", str(source), "-o", str(out), "--per-page", "2"]) == 0
    pages = sorted(p.name for p in tmp_path.glob("review*.html"))
    assert pages == ["review-001.html", "review-002.html", "review-003.html", "review.html"]
    for name in pages[:-1]:
        markup = (tmp_path / name).read_text(encoding="utf-8")
        assert markup.count('<section class="article"') <= 2
        assert 'href="review.html"' in markup, "each page links to the index"
    index = out.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(review-\d+\.html)#(a\d+)">(art\d)</a>', index)
    assert [name for *_, name in links] == [f"art{k}" for k in range(5)]
    for page_name, anchor, _ in links:
        assert f'id="{anchor}"' in (tmp_path / page_name).read_text(encoding="utf-8")
    assert index.count("<svg") == 4 and "5 articles" in index
    assert "index and 3 pages" in capsys.readouterr().err


def test_a_small_batch_is_one_page_with_its_summary(tmp_path):
    source = write_batch(tmp_path, 2)
    out = tmp_path / "one.html"
    assert main(["show", str(source), "-o", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["one.html"]
    markup = out.read_text(encoding="utf-8")
    assert markup.count('<section class="article"') == 2 and 'class="summary"' in markup


def test_standard_output_gets_one_page_whatever_the_size(tmp_path, capsys):
    source = write_batch(tmp_path, 3)
    assert main(["show", str(source), "--per-page", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("<!DOCTYPE html>") == 1 and out.count('<section class="article"') == 3
    assert not list(tmp_path.glob("*.html"))


def test_per_page_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        PagedReview(tmp_path / "x.html", per_page=0)
    assert main(["show", str(write_batch(tmp_path, 1)), "-o", str(tmp_path / "x.html"), "--per-page", "0"]) != 0
    assert not (tmp_path / "x.html").exists()
