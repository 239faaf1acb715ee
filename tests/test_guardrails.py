"""Guardrails (issue 14): a publication date known to the year or month only is used, not
rejected; records left without a period for want of a date say so; "since YEAR" in an
undated article is not that single year."""
import json
import pickle
import warnings
from datetime import date

import pytest

import renovex
from renovex.io.articles import PartialDate, parse_published, published_text
from renovex.cli import main
from renovex.io.inputs import InputWarning
from renovex.core.records import unresolved_period

THIS_YEAR = "This year, Hebei will renovate 800 old communities."


@pytest.mark.parametrize("given, text, day", [
    ("2023", "2023", date(2023, 12, 31)),
    ("2023-05", "2023-05", date(2023, 5, 31)),
    ("2024/2", "2024-02", date(2024, 2, 29)),
    ("May 2023", "2023-05", date(2023, 5, 31)),
    ("Sept. 2021", "2021-09", date(2021, 9, 30)),
])
def test_a_year_or_month_is_a_partial_publication_date(given, text, day):
    published = parse_published(given)
    assert isinstance(published, PartialDate) and published == day and published_text(published) == text
    assert published_text(pickle.loads(pickle.dumps(published))) == text  # across worker processes


@pytest.mark.parametrize("published, period", [("2023", 2023), ("2023-05", 2023), ("2023-05-04", 2023)])
def test_this_year_resolves_against_a_partial_date(published, period):
    records = renovex.extract(THIS_YEAR, published=published)
    assert [r.period for r in records] == [{"start": period, "end": period}]


def test_a_partial_date_takes_the_full_date_of_the_furniture_when_it_agrees():
    text = "Updated: 2023-01-17 09:12\nLast month, Hebei renovated 640 old communities."
    # the furniture's January 2023 makes last month December 2022; the year alone, November 2023
    assert [r.period["end"] for r in renovex.extract(text, published="2023")] == [2022]
    assert [r.period["end"] for r in renovex.extract(text, published="2024")] == [2024]  # disagrees: ignored


def test_an_undated_relative_figure_warns_and_says_why():
    with pytest.warns(InputWarning, match="1 record without a period: the time the text gives is relative"):
        records = renovex.extract(THIS_YEAR)
    assert [r.period for r in records] == [None] and unresolved_period(records[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        renovex.extract(THIS_YEAR, published="2023")  # dated: no warning
        renovex.extract("In 2022, Hebei renovated 640 old communities.")  # an explicit year: none either


def test_since_a_year_in_an_undated_article_is_not_that_year():
    with pytest.warns(InputWarning, match="without a period"):
        records = renovex.extract("Since 2011, Hebei has renovated 800 old communities so far.")
    assert [r.period for r in records] == [None]


def test_extract_many_warns_per_article_and_the_cli_counts(tmp_path, capsys):
    with pytest.warns(InputWarning, match="article 1: 1 record without a period"):
        out = list(renovex.extract_many([{"text": THIS_YEAR, "published": "2023"}, THIS_YEAR]))
    assert [[r.period for r in records] for records in out] == [[{"start": 2023, "end": 2023}], [None]]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": THIS_YEAR}) + "\n" +
                    json.dumps({"id": "b", "text": THIS_YEAR, "published": "2023"}) + "\n", encoding="utf-8")
    assert main(["extract", str(feed)]) == 0
    err = capsys.readouterr().err
    assert "note: 1 records have no period because their time is relative" in err
