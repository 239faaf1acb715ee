"""Rules found on blind_e (articles shaped like real pages), one test per rule, on sentences
written for these tests; each failed before its rule."""
from __future__ import annotations

from renovex.api import extract
from renovex.engines.furniture import furniture_spans


def _records(nlp, text: str, published: str | None = "2023-07-12") -> dict[float, object]:
    return {r.value: r for r in extract(text, published, "t", nlp=nlp)}


def test_a_participle_clause_after_a_comma_qualifies_the_figure_far_before_it(nlp):
    text = ("This year, 52 old residential areas in Fengtai District have been included in the city's 2023 "
            "transformation task list, involving 640 buildings.")
    records = _records(nlp, text)
    assert records[640].location == "Fengtai" and records[640].kind == "plan"
    assert records[640].rules["location"] == "qualifier_of_head"


def test_a_part_of_a_whole_keeps_its_own_qualifier(nlp):
    # (the guard of the rule above: passes before it, and must go on passing)
    text = ("As of the end of June, work had started on 4,100 of the 4,600 old communities that the province "
            "plans to renovate this year in Jiangxi, accounting for 89.1 percent.")
    records = _records(nlp, text)
    assert records[89.1].kind == "outcome", "the share is of the part started, not of the planned whole"


def test_the_next_items_of_a_qualifier_list_qualify_the_same_head(nlp):
    text = ("This year, 52 old residential areas in Fengtai District have been included in the city's task "
            "list, involving 640 buildings, a construction area of 1.2 million square meters and 21,000 households.")
    records = _records(nlp, text)
    assert records[52].group is not None
    for value in (1_200_000, 21_000):
        assert records[value].location == "Fengtai", value
        assert records[value].group == records[640].group == records[52].group
        assert records[value].rules["kind"] == "qualifier_of_head"


def test_a_figure_with_no_place_goes_on_with_the_place_of_the_figure_before_it(nlp):
    text = ("This year, 52 old residential areas in Fengtai District have been included in the city's task "
            "list, involving 21,000 households. As of the end of June, 30 of the 52 residential areas had been started.")
    records = _records(nlp, text)
    assert records[30].location == "Fengtai"
    assert records[30].rules["location"] == "previous_figure"


def test_a_place_named_once_as_a_venue_is_not_the_article_subject(nlp):
    text = ("Editor's note: As the regional two sessions open in Yinchuan, our reporter talked with an official "
            "of the housing department of Ningxia Hui Autonomous Region.\n\n"
            "Q: How did the work go last year?\n\n"
            "A: The region started renovating 410 old communities last year.\n\n"
            "Q: And this year?\n\n"
            "A: Our target is to renovate 520 old communities in 2023.")
    records = _records(nlp, text, "2023-01-18")
    assert records[520].location == "Ningxia" and records[520].rules["location"] == "article_subject"


def test_footer_lines_are_furniture():
    text = ("The district will renovate 40 communities this year.\n"
            "Copyright © Example Daily. All rights reserved.\n"
            "Address: 8 Renmin Road, Yinchuan   Tel: 0951-1234567\n"
            "Editor: Ma Li\n"
            "Ning ICP Bei 12345678")
    lines = text.split("\n")
    spans = furniture_spans(text)
    flagged = {text[s:e] for s, e in spans}
    assert flagged == set(lines[1:])


def test_a_deadline_after_a_perfect_verb_is_the_last_such_date():
    from datetime import date

    from renovex.engines.timex import find_time_expressions

    def as_of(text: str, published: date) -> date:
        (found,) = [t for t in find_time_expressions(text, published) if t.as_of]
        return found.as_of

    january = date(2025, 1, 14)
    assert as_of("Of the 2,000 communities, 1,800 had been completed by the end of December.", january) \
        == date(2024, 12, 31)
    assert as_of("The other 200 will be completed by the end of December.", january) == date(2025, 12, 31)
    assert as_of("They are expected to be completed by the end of November.", january) == date(2025, 11, 30)
    assert as_of("In all, 950 communities had been finished by the end of the year.", january) == date(2024, 12, 31)
    assert as_of("We have asked that all be finished by the end of the year.", january) == date(2025, 12, 31)


def test_the_city_is_the_prefecture_level_city_before_a_county_level_one(nlp):
    text = ("Yantai has included 210 old residential areas in its list, in its districts and in the county-level "
            "cities of Longkou and Laiyang. Last year, the city completed 280 old residential areas.")
    assert _records(nlp, text, "2023-04-02")[280].location == "Yantai"


def test_figures_with_included_after_them_are_plans(nlp):
    text = "By district, Zhifu District and Laishan District respectively have 58 and 64 residential areas included."
    records = _records(nlp, text)
    assert records[58].kind == records[64].kind == "plan"


def test_respectively_pairs_the_most_specific_places_of_a_list(nlp):
    text = ("Hailar district of Hulunbuir and Xilinhot, the seat of Xilingol League, renovated 63 and 48 "
            "communities respectively in 2023.")
    records = _records(nlp, text, "2024-01-10")
    assert (records[63].location, records[48].location) == ("Hailar", "Xilinhot")


def test_respectively_pairs_places_of_different_levels(nlp):
    text = "Among the region's cities, Kashgar, Korla and Yining had started work on 138, 96 and 71 communities respectively."
    records = _records(nlp, text, "2023-06-06")
    assert [records[v].location for v in (138, 96, 71)] == ["Kashgar", "Korla", "Yining"]


def test_a_whole_after_the_figures_is_not_one_of_the_respective_run(nlp):
    text = "This year Tibet planned 64 old communities. Lhasa and Shigatse account for 35 and 18 of the 64 communities respectively."
    records = _records(nlp, text, "2020-08-12")
    assert (records[35].location, records[18].location) == ("Lhasa", "Shigatse")


def test_a_bare_related_header_opens_a_list_of_other_stories():
    text = ("Yinchuan will renovate 230 old communities this year.\n\nRelated:\n"
            "· Guiyang to renovate 460 old communities this year\n· Nanning installs 1,200 elevators")
    flagged = [text[s:e] for s, e in furniture_spans(text)]
    assert flagged == ["Related:", "· Guiyang to renovate 460 old communities this year", "· Nanning installs 1,200 elevators"]


def test_a_count_after_its_plural_noun_at_a_clause_end(nlp):
    text = "Next step, the city will add parking spaces 2,400, install elevators 60 and build service facilities 45."
    records = _records(nlp, text, "2022-06-08")
    assert {v: records[v].metric for v in (2400, 60, 45)} == {2400: "parking_spaces", 60: "elevators",
                                                             45: "facilities"}
    labels = "In Building 7 the work took 14 months; Phase 2 follows."
    assert not _records(nlp, labels, "2022-06-08")


def test_plans_the_transformation_of_is_a_plan(nlp):
    text = "This year, our city plans the transformation of old residential areas 326, involving 1,412 buildings."
    records = _records(nlp, text, "2022-06-08")
    assert records[326].kind == records[1412].kind == "plan"
    assert records[326].metric == "communities"


def test_a_task_list_is_not_in_a_past_year_named_before_it(nlp):
    text = ("This year, the city plans to renovate 300 old communities.\n\n"
            "In 2021, the city completed the renovation of 298 old communities.\n\n"
            "Next step, our bureau will do the following work:\n\n"
            "(1) Speed up the work. Add 2,400 parking spaces and install 60 elevators.")
    records = _records(nlp, text, "2022-06-08")
    assert records[2400].period == records[60].period == {"start": 2022, "end": 2022}
    assert records[60].kind == "plan"


def test_a_second_run_after_respectively_pairs_with_the_same_places(nlp):
    text = ("By province, Hebei, Shanxi and Sichuan started 1,206, 845 and 1,517 communities respectively, "
            "with start rates of 92.3 percent, 88.6 percent and 90.4 percent.")
    records = _records(nlp, text, "2025-07-25")
    assert [records[v].location for v in (92.3, 88.6, 90.4)] == ["Hebei", "Shanxi", "Sichuan"]


def test_property_market_figures_are_not_records(nlp):
    text = ("Data showed that 11,860 new homes were sold in Wuhan last month. The city had about 21 million square "
            "meters of unsold new homes. It will also renovate 120 old communities this year.")
    records = _records(nlp, text, "2024-11-05")
    assert set(records) == {120}


def test_a_place_after_are_in_is_the_figures(nlp):
    text = "Of the 2,613 communities Guangxi plans to renovate in 2021, 1,095 are in Nanning and 402 are in Liuzhou."
    records = _records(nlp, text, "2021-04-16")
    assert (records[1095].location, records[402].location) == ("Nanning", "Liuzhou")


def test_have_listed_and_a_plan_that_lists_are_plans(nlp):
    records = _records(nlp, "Guilin and Beihai have listed 311 and 187 communities respectively.", "2021-04-16")
    assert records[311].kind == records[187].kind == "plan"
    records = _records(nlp, "Hefei's plan lists 487 old residential communities for renovation.", "2021-04-16")
    assert records[487].kind == "plan"


def test_n_of_them_after_a_qualifier_list_counts_the_head(nlp):
    text = ("The city's plan lists 487 old residential communities for renovation, involving 3,190 buildings and "
            "62,400 households. By the end of July, construction had been started in 341 of them.")
    records = _records(nlp, text, "2021-08-10")
    assert records[341].metric == "communities"


def test_a_part_without_a_cue_shares_its_wholes_kind(nlp):
    text = ("Guangxi will start the renovation of 2,613 old communities in 2021.\n\n"
            "Of the 2,613 communities, 1,095 are in Nanning.")
    record = _records(nlp, text, "2021-04-16")[1095]
    assert record.kind == "plan" and record.rules["kind"] == "part_of_whole"


def test_among_them_lists_parts_of_the_whole_before(nlp):
    text = ("This year, our city plans the transformation of old residential areas 326, involving 1,412 buildings "
            "and benefiting 31 thousand 600 households. The central subsidy funds of 312 million yuan have been "
            "issued. Among them, Honghuagang District 78, Huichuan District 65, the rest in other counties.")
    records = _records(nlp, text, "2022-06-08")
    assert [(records[v].metric, records[v].location, records[v].kind) for v in (78, 65)] == [
        ("communities", "Honghuagang", "plan"), ("communities", "Huichuan", "plan")]


def test_elevator_installations_count_elevators(nlp):
    text = ("Hongkou plans to complete 150 elevator installations this year. So far 93 have been put into "
            "service and another 41 are under construction.")
    records = _records(nlp, text, "2021-09-17")
    assert {records[v].metric for v in (150, 93, 41)} == {"elevators"}


def test_the_number_expected_to_exceed_counts_the_head_not_its_qualifier(nlp):
    text = ("China has started renovating 240,000 old urban residential communities since 2021, benefiting more "
            "than 40 million households. By the end of this year, the number is expected to exceed 250,000.")
    record = _records(nlp, text, "2025-09-29")[250_000]
    assert record.metric == "communities" and record.kind == "plan"


def test_the_cut_off_right_after_a_figure_is_its_own(nlp):
    text = ("The share of the city's old communities that have been renovated rose from 61 percent at the end "
            "of 2020 to 74 percent at the end of last year.")
    records = _records(nlp, text, "2022-04-20")
    assert records[74].as_of == "2021-12-31" and records[61].as_of == "2020-12-31"


def test_set_out_to_and_expects_to_are_plans(nlp):
    text = ("Under the 14th Five-Year Plan (2021-2025), the province set out to renovate 15,000 old communities, "
            "and it expects to have renovated more than 16,000 by the end of this year.")
    records = _records(nlp, text, "2025-01-15")
    assert records[15000].kind == records[16000].kind == "plan"


def test_a_place_paired_by_respectively_does_not_carry_over(nlp):
    text = ("In 2022, Heilongjiang strives to start 2,180 old residential areas. Harbin and Qiqihar plan to start "
            "640 and 310 old residential areas respectively. By the end of September, 150 elevators are to be "
            "installed.")
    records = _records(nlp, text, "2022-03-01")
    assert records[310].location == "Qiqihar" and records[150].location == "Heilongjiang"
