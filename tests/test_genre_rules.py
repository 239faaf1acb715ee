"""Linking rules that came from the probe corpus, one table row per rule, on short texts
written for these tests."""
from __future__ import annotations

import pytest

from renovex.api import extract


def _records(nlp, text: str, published: str | None = "2023-07-20") -> list:
    return extract(text, published, "t", nlp=nlp)


def _by_value(records) -> dict[float, object]:
    return {r.value: r for r in records}


# text, published, figure values that must NOT become records
NOT_RECORDS = [
    ("GDP", "The city renovated 120 old communities. Its GDP reached 1.74 trillion yuan in 2022.", [1.74e12]),
    ("economy grew", "China's economy grew 4.5 percent year on year, and 300 communities were renovated.", [4.5]),
    ("percent increase", "Subsidies rose to 5 billion yuan in 2022, a 38-percent increase over the previous year.",
     [38]),
    ("percent down", "Property investment fell, down 3.8 percent, while 200 old communities were renovated.",
     [3.8]),
    ("share of funding", "The county invested 80 million yuan, about 40 percent of which came from subsidies.",
     [40]),
    ("survey", "A survey of 1,500 residents found a satisfaction rate of 95 percent.", [1500, 95]),
    ("population apposition", "Wuxi, a city of 7.5 million people, will renovate 150 old communities this year.",
     [7.5e6]),
    ("population of", "The district has a permanent population of about 900,000 residents.", [900000]),
    ("per elevator", "The city will renovate 80 communities and grant 150,000 yuan per elevator.", [150000]),
    ("each", "Households contributed between 20,000 and 60,000 yuan each, depending on the floor.", [20000]),
    ("home to", "Hebei is home to 11 prefecture-level cities and 49 counties.", [11, 49]),
    ("price", "The average price of new homes stood at 15,200 yuan per square meter.", [15200]),
]


@pytest.mark.parametrize("name,text,values", NOT_RECORDS, ids=[row[0] for row in NOT_RECORDS])
def test_figures_about_other_subjects_are_not_records(nlp, name, text, values):
    found = {r.value for r in _records(nlp, text)}
    assert not found & set(values), f"{name}: {sorted(found)}"


def test_a_renovation_figure_beside_a_distractor_is_kept(nlp):
    records = _records(nlp, "Wuxi, a city of 7.5 million people, will renovate 150 old communities this year.")
    assert [(r.metric, r.value, r.kind) for r in records] == [("communities", 150, "plan")]


def test_respectively_gives_each_figure_its_place(nlp):
    text = ("Hubei started 2,100 old communities in the first half. Wuhan, Xiangyang and Yichang "
            "started work on 512, 287 and 203 communities respectively.")
    places = {r.value: r.location for r in _records(nlp, text)}
    assert (places[512], places[287], places[203]) == ("Wuhan", "Xiangyang", "Yichang")


def test_several_provinces_before_a_figure_give_no_location(nlp):
    text = ("China started 8,300 old communities in the first quarter. Jiangsu, Zhejiang and "
            "Hubei provinces together accounted for 3,150 of them.")
    record = _by_value(_records(nlp, text))[3150]
    assert (record.location, record.province, record.kind) == (None, None, "outcome")


def test_the_city_after_a_district_is_the_municipality(nlp):
    text = ("Beijing has renovated 900 old compounds since 2021. In Chaoyang district, 120 compounds "
            "have been renovated. Next year, the city aims to start work on 300 more compounds.")
    records = _by_value(_records(nlp, text, "2023-12-20"))
    assert records[120].location == "Chaoyang"
    assert (records[300].location, records[300].period) == ("Beijing", {"start": 2024, "end": 2024})


def test_ranking_phrase_does_not_locate(nlp):
    text = ("Henan started 4,000 old communities this year. Zhengzhou, the provincial capital, "
            "led the province with 1,126 communities started.")
    assert _by_value(_records(nlp, text))[1126].location == "Zhengzhou"


def test_national_body_locates_an_article_without_places(nlp):
    text = ("The Ministry of Housing and Urban-Rural Development said 42,000 old communities "
            "had started renovation by the end of June.")
    record = _records(nlp, text, "2022-07-21")[0]
    assert (record.location, record.province) == ("China", None)


def test_a_part_counts_in_the_period_of_its_whole(nlp):
    text = ("The province will renovate 1,850 old communities in 2024.\n\n"
            "Last year, it completed 1,623 old communities.\n\n"
            "The capital will renovate 410 of the communities, followed by Tianshui with 236.")
    records = _by_value(_records(nlp, text, "2024-02-01"))
    for value in (410, 236):
        assert (records[value].kind, records[value].period) == ("plan", {"start": 2024, "end": 2024})
    assert records[236].location == "Tianshui"


def test_by_year_in_a_five_year_plan_counts_over_the_plan(nlp):
    text = ("Guangdong sets 14th Five-Year Plan goals\n\n"
            "Guangdong will renovate 10,300 old communities by 2025, the plan says.")
    record = _by_value(_records(nlp, text, None))[10300]
    assert record.period == {"start": 2021, "end": 2025}


def test_cumulative_target_by_year_runs_from_since(nlp):
    text = ("Since 2019, the province has renovated 987 old communities.\n\n"
            "No fewer than 2,000 old communities will have been renovated in total by 2022.")
    record = _by_value(_records(nlp, text, "2020-12-20"))[2000]
    assert record.period == {"start": 2019, "end": 2022}


def test_stock_figures_have_no_period(nlp):
    text = ("This year the province will renovate 150 old communities.\n\n"
            "Official statistics show that the province has more than 1,900 old residential quarters.")
    records = _by_value(_records(nlp, text, "2020-03-12"))
    assert records[150].period == {"start": 2020, "end": 2020}
    assert records[1900].period is None


def test_coordinated_numbers_share_the_noun_after_the_last(nlp):
    records = _records(nlp, "The three cities completed 512, 287 and 203 old communities in 2022.")
    assert sorted((r.metric, r.value) for r in records) == [
        ("communities", 203), ("communities", 287), ("communities", 512)]


def test_target_of_a_bare_number_counts_what_the_part_counts(nlp):
    text = ("The province had started 2,146 old communities by the end of May, or 71.3 percent "
            "of this year's target of 3,010.")
    record = _by_value(_records(nlp, text, "2023-06-12"))[3010]
    assert (record.metric, record.kind) == ("communities", "plan")


@pytest.mark.parametrize("text,value,metric", [
    ("The city is building 1,500 community service facilities this year.", 1500, "facilities"),
    ("The city launched its 2023 old community renovation projects on Monday.", None, None),
])
def test_labels_and_years_before_nouns(nlp, text, value, metric):
    found = [(r.value, r.metric) for r in _records(nlp, text)]
    assert found == ([(value, metric)] if value is not None else [])


def test_headline_repeating_a_body_figure_under_another_noun_is_one_record(nlp):
    text = ("County plans 46 old community projects next year\n\n"
            "The county will renovate 46 old residential communities next year.")
    assert [(r.metric, r.value) for r in _records(nlp, text)] == [("communities", 46)]


def test_deadline_year_does_not_date_an_undated_article(nlp):
    text = ("The county will renovate 46 old communities next year. This year it completed 39 "
            "communities, and it expects to finish all old communities built before 2005 by 2025.")
    records = _by_value(_records(nlp, text, None))
    assert records[46].period is None and records[39].period is None
