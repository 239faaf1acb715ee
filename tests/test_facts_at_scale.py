"""A fact table that survives a real batch (issue 14, item 5): syndicated copies of one story
merge, undated identical figures of a place merge, one article's own differing figures are
not a cross-article conflict, sources keep their dates, and CSV cells stay short."""
import csv
import io

import pytest

import renovex
from renovex.analysis.facts import MAX_LISTED, consolidate

SENTENCE = "Hebei plans to renovate 1,250 old communities this year, benefiting 180,000 households."


def record(doc, value=1250, metric="communities", period=(2023, 2023), location="Hebei", sentence=SENTENCE,
           text="1,250 old communities", kind="plan", published=None):
    return {"doc": doc, "kind": kind, "metric": metric, "value": value, "value_max": None, "approx": None,
            "location": location, "province": "Hebei",
            "period": {"start": period[0], "end": period[1]} if period else None, "as_of": None,
            "text": text, "start": 24, "end": 45, "sentence": sentence, "published": published}


def test_copies_of_one_story_merge_even_when_some_are_undated():
    # the dated copies resolve "this year"; the undated copies cannot, but say the same sentence
    records = [record(f"dated{i}", published="2023-03-01") for i in range(30)]
    records += [record(f"undated{i}", period=None) for i in range(20)]
    table = consolidate(records)
    assert len(table.facts) == 1
    (fact,) = table.facts
    assert fact.status == "agreed" and len(fact.docs) == 50 and fact.period == {"start": 2023, "end": 2023}


def test_undated_identical_figures_of_one_place_merge():
    other = "Official figures show 1,250 old communities in Hebei will be renovated."
    table = consolidate([record("a", period=None), record("b", period=None, sentence=other)])
    assert [(len(f.docs), f.status) for f in table.facts] == [(2, "agreed")]


def test_one_articles_own_differing_figures_are_not_a_cross_article_conflict():
    table = consolidate([record("a", value=1250), record("a", value=1300, text="1,300 old communities",
                                                          sentence="Another count says 1,300.")])
    (fact,) = table.facts
    assert fact.status == "differs_in_article"
    assert table.summary()["conflicts"] == 0 and table.summary()["differs_in_article"] == 1
    assert "1 differ within one article" in table.summary_line()


def test_sources_keep_their_dates():
    (fact,) = consolidate([record("a", published="2023-03-01"), record("b", published="2023-03-02")]).facts
    assert [s.published for s in fact.sources] == ["2023-03-01", "2023-03-02"]


def test_csv_cells_list_at_most_a_few_articles_with_a_count_of_the_rest():
    table = consolidate([record(f"copy{i:03d}") for i in range(MAX_LISTED + 30)])
    buffer = io.StringIO()
    table.write_csv(buffer)
    (row,) = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["articles"] == str(MAX_LISTED + 30)
    assert row["docs"].endswith("; ... and 30 more") and row["docs"].count(";") == MAX_LISTED
    assert row["sources"].endswith("... and 30 more") and len(row["texts"]) < 2000


def test_fact_table_to_frame():
    pd = pytest.importorskip("pandas")
    frame = consolidate([record("a"), record("b")]).to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame["status"]) == ["agreed"]
    assert list(frame["articles"]) == [2]


def test_a_syndicated_batch_gives_about_one_fact_per_fact_of_a_story():
    one = renovex.extract(SENTENCE, published="2023-03-01", doc_id="original")
    copies = [r for i in range(40) for r in renovex.extract(SENTENCE, published=None if i % 3 else "2023-03-01",
                                                             doc_id=f"copy{i}")]
    assert len(consolidate(copies + one).facts) == len(consolidate(one).facts)


def test_a_percentage_fact_carries_the_figure_it_is_a_share_of():
    sentence = "Of the 1,506 communities planned, 1,481 were started, or 98.34 percent."
    records = [record("a", value=1506, sentence=sentence, text="1,506 communities"),
               record("a", value=1481, sentence=sentence, text="1,481", kind="outcome"),
               record("a", value=98.34, metric="percent", sentence=sentence, text="98.34 percent", kind="outcome")]
    (rate,) = [f for f in consolidate(records).facts if f.metric == "percent"]
    assert (rate.base["metric"], rate.base["value"], rate.base["rule"]) == ("communities", 1506, "same_sentence")
    row = rate.to_row()
    assert (row["base_metric"], row["base_value"]) == ("communities", 1506)


def test_a_percentage_of_an_earlier_target_takes_that_plan():
    text = ("China plans to renovate 53,000 old urban residential communities this year. In the first eight "
            "months, the country started 47,300 old communities. The figure accounts for 87.7 percent of the "
            "annual target.")
    (rate,) = [f for f in consolidate(renovex.extract(text, published="2021-10-07")).facts if f.metric == "percent"]
    assert (rate.base["value"], rate.base["kind"], rate.base["rule"]) == (53000, "plan", "plan_before")


def test_a_packs_rate_metrics_are_the_levels_of_its_fact_table():
    from pathlib import Path

    pack = str(Path(__file__).resolve().parent.parent / "examples" / "packs" / "rural_infrastructure")
    plan = record("a", value=95, metric="tap_water_coverage", kind="plan", text="95 percent")
    done = record("b", value=92, metric="tap_water_coverage", kind="outcome", text="92 percent")
    linked = [f for f in consolidate([plan, done]).facts if f.plan_id]
    assert len(linked) == 1  # without the pack, a coverage rate is a count to complete
    assert [f for f in consolidate([plan, done], pack=pack).facts if f.plan_id] == []
