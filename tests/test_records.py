"""End-to-end: articles written for these tests -> records, field by field."""
import json

import pytest

import renovex
from renovex.core.records import SPEC_FIELDS, Record


def find(records, value):
    hits = [r for r in records if r.value == value]
    assert hits, f"no record with value {value}: {[(r.metric, r.value) for r in records]}"
    return hits[0]


ARTICLE = (
    "Gansu to renovate 900 old communities this year\n\n"
    "In 2023, Gansu plans to start the renovation of 900 old urban communities, benefiting 120,500 households.\n\n"
    "From 2021 to 2025, the province plans to renovate 4,200 old communities. "
    "In 2022, the renovation of 1,030 old communities was completed, benefiting 150,200 households.\n"
)

CASES = [
    # value, kind, metric, location, period
    (900, "plan", "communities", "Gansu", (2023, 2023)),
    (120500, "plan", "households", "Gansu", (2023, 2023)),
    (4200, "plan", "communities", "Gansu", (2021, 2025)),
    (1030, "outcome", "communities", "Gansu", (2022, 2022)),
    (150200, "outcome", "households", "Gansu", (2022, 2022)),
]


@pytest.mark.parametrize("value,kind,metric,location,period", CASES)
def test_plan_and_outcome_fields(nlp, value, kind, metric, location, period):
    records = renovex.extract(ARTICLE, published="2023-02-01", nlp=nlp)
    record = find(records, value)
    assert (record.kind, record.metric, record.location) == (kind, metric, location)
    assert (record.period["start"], record.period["end"]) == period
    assert record.province == "Gansu"


def test_headline_repeat_is_one_record(nlp):
    records = renovex.extract(ARTICLE, published="2023-02-01", nlp=nlp)
    assert len([r for r in records if r.value == 900]) == 1


def test_evidence_slices_the_text(nlp):
    for record in renovex.extract(ARTICLE, published="2023-02-01", nlp=nlp):
        assert ARTICLE[record.start:record.end] == record.text
        assert record.text in record.sentence
        assert set(record.rules) >= {"kind", "location", "period", "metric"}


def test_qualifier_shares_group_with_its_head(nlp):
    records = renovex.extract(ARTICLE, published="2023-02-01", nlp=nlp)
    assert find(records, 900).group is not None
    assert find(records, 900).group == find(records, 120500).group
    assert find(records, 120500).rules["kind"] == "qualifier_of_head"


def test_part_of_a_whole_progress_sentence(nlp):
    text = ("As of the end of June, 1,200 communities in the 2022 plan of Hunan Province had completed 1,150, "
            "with a completion rate of 95.8%, benefiting 210,000 households.")
    records = renovex.extract(text, published="2023-07-05", nlp=nlp)
    total, done, rate = find(records, 1200), find(records, 1150), find(records, 95.8)
    assert (total.kind, done.kind, rate.kind) == ("plan", "outcome", "outcome")
    assert done.metric == "communities" and rate.metric == "percent"
    assert done.as_of == "2023-06-30" and total.as_of is None
    assert done.period == {"start": 2022, "end": 2022}
    assert find(records, 210000).kind == "outcome"


def test_relative_year_resolved_against_publication_date(nlp):
    text = "Last year, Hubei renovated 2,300 old residential communities."
    record = find(renovex.extract(text, published="2024-01-20", nlp=nlp), 2300)
    assert record.period == {"start": 2023, "end": 2023}
    assert record.kind == "outcome"


def test_undated_relative_year_is_null(nlp):
    record = find(renovex.extract("This year, Hubei will renovate 2,300 old communities.", nlp=nlp), 2300)
    assert record.period is None and record.kind == "plan"


def test_national_figures_are_china(nlp):
    text = "Renovation work started on 51,000 old urban residential communities nationwide in 2022."
    record = find(renovex.extract(text, nlp=nlp), 51000)
    assert record.location == "China" and record.province is None


def test_paragraph_time_frame_governs_later_sentences(nlp):
    text = ("From 2019 to 2023, the country renovated 200,000 old communities. "
            "It also added 2.5 million parking spaces and installed 90,000 elevators.")
    records = renovex.extract(text, published="2024-03-01", nlp=nlp)
    for value in (2500000, 90000):
        assert find(records, value).period == {"start": 2019, "end": 2023}
        assert find(records, value).kind == "outcome"


def test_money_and_approximation(nlp):
    text = "Shaanxi will invest nearly 3.5 billion yuan (about 490 million U.S. dollars) in 2024."
    records = renovex.extract(text, nlp=nlp)
    money = find(records, 3_500_000_000)
    assert money.metric == "funds_cny" and money.approx == "nearly" and money.location == "Shaanxi"
    assert not [r for r in records if r.value == 490_000_000]


def test_page_furniture_is_not_a_record(nlp):
    text = "Renovation news\n\nHotline: 400-828-1019\nWeChat: 13327892019\nreading:728\n"
    assert renovex.extract(text, nlp=nlp) == []


def test_record_round_trips_through_json(nlp):
    for record in renovex.extract(ARTICLE, published="2023-02-01", nlp=nlp):
        data = json.loads(json.dumps(record.to_dict()))
        assert Record.from_dict(data) == Record.from_dict(record.to_dict())
        assert list(record.to_dict(spec_only=True)) == list(SPEC_FIELDS)


def test_extract_many_keeps_order_and_ids(nlp):
    items = [{"id": "b", "text": "Hubei renovated 300 old communities in 2021."},
             {"id": "a", "text": "Nothing to see here."},
             {"id": "c", "text": "Hunan will renovate 400 old communities in 2024.", "published": "2024-01-01"}]
    results = list(renovex.extract_many(items, nlp=nlp))
    assert [len(r) for r in results] == [1, 0, 1]
    assert results[0][0].doc == "b" and results[2][0].doc == "c"


# --- linking rules, each in sentences written for the test -------------------------------

def test_the_province_refers_back_to_the_last_province(nlp):
    text = ("Officials in Yunnan Province met on Monday. The scores put it first in the country: "
            "from 2020 to 2022, the province renovated 3,300 old communities.")
    record = find(renovex.extract(text, nlp=nlp), 3300)
    assert record.location == "Yunnan" and record.rules["location"] == "clause_before"


def test_places_in_several_provinces_are_not_a_location(nlp):
    text = ("Hubei Province held a meeting.\n"
            "By the end of May, 12 provincial-level regions, among them Hebei, Henan and Hunan, had started all projects.")
    record = find(renovex.extract(text, published="2023-06-10", nlp=nlp), 12)
    assert record.location == "Hubei"  # the list is skipped; the article's subject remains


def test_dateline_is_not_the_location(nlp):
    text = "WUHAN, June 3 (Xinhua) -- Work has started on 1,800 old communities in Hunan this year."
    record = find(renovex.extract(text, published="2023-06-03", nlp=nlp), 1800)
    assert record.location == "Hunan"


def test_sentence_opening_year_beats_a_later_relative_year(nlp):
    text = "In 2021, Anhui set a goal of renovating 950 old communities, twice the figure of the previous year."
    record = find(renovex.extract(text, published="2021-12-01", nlp=nlp), 950)
    assert record.period == {"start": 2021, "end": 2021} and record.kind == "plan"


def test_since_a_year_runs_to_the_articles_year(nlp):
    text = "Since the city began rebuilding shantytowns in 2012, a total of 81,000 households have been covered."
    record = find(renovex.extract(text, published="2020-05-01", nlp=nlp), 81000)
    assert record.period == {"start": 2012, "end": 2020} and record.kind == "outcome"


def test_deadline_does_not_set_the_period(nlp):
    text = ("A total of 120 projects are planned across 2022 and 2023. So far, 70 of them have been finished, "
            "while the remaining 50 are due to be completed within the year.")
    records = renovex.extract(text, published="2023-05-01", nlp=nlp)
    for value in (120, 70, 50):
        assert find(records, value).period == {"start": 2022, "end": 2023}
    assert find(records, 70).metric == "projects" and find(records, 70).kind == "outcome"
    assert find(records, 120).kind == "plan"


def test_the_year_refers_back_to_the_year_named_before(nlp):
    text = "Last year, Fujian renovated 1,500 old communities.\n\nInvestment came to 9 billion yuan over the year."
    record = find(renovex.extract(text, published="2024-02-01", nlp=nlp), 9_000_000_000)
    assert record.period == {"start": 2023, "end": 2023}


def test_cumulative_figures_do_not_take_an_earlier_paragraphs_year(nlp):
    text = "In 2021, Shanxi planned to renovate 600 old communities.\n\nTo date, Shanxi has renovated 4,000 old communities."
    record = find(renovex.extract(text, published="2021-12-20", nlp=nlp), 4000)
    assert record.period is None and record.rules["period"] == "cumulative_to_date"


def test_a_review_of_past_years_is_an_outcome_despite_should(nlp):
    text = ("From 2018 to 2022, the country renovated 160,000 old communities. "
            "Efforts should be made to install 70,000 elevators.")
    record = find(renovex.extract(text, published="2023-04-01", nlp=nlp), 70000)
    assert record.kind == "outcome" and "past_period" in record.rules["kind"]
