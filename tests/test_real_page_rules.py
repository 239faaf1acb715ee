"""Rules for phenomena of real web pages (issue 11), one row per rule, on sentences written
for these tests: each restates a way the genre is written, never a page's own sentence."""
from __future__ import annotations

import pytest

from renovex.api import extract


def _records(nlp, text: str, published: str | None = "2023-07-20") -> dict[float, object]:
    return {r.value: r for r in extract(text, published, "t", nlp=nlp)}


# text, value, expected kind
KINDS = [
    ("'put on the agenda' is a plan",
     "So far this year, installation of more than 600 elevators has been put on the agenda.", 600, "plan"),
    ("'N now installed' after a plan is an outcome",
     "So far this year, more than 600 elevators have been put on the agenda, including 103 now installed.", 103,
     "outcome"),
    ("'is about to start' is a plan",
     "Jinan is about to start construction of 3,500 units of low-rent housing.", 3500, "plan"),
    ("the future perfect 'will have started' is a plan",
     "The city will have started construction on 100,000 units of affordable housing by 2020.", 100000, "plan"),
    ("a task list item led by a gerund is a plan",
     "Social security\n\n- Raising capital for 67,000 sets of affordable rental housing, and renovating 48,000 "
     "housing units in rundown urban areas", 48000, "plan"),
    ("a bare number after 'to finish' is a figure of the same things",
     "The city plans to launch more than 400 elevator installation projects and to finish no less than 200 this "
     "year.", 200, "plan"),
    ("funds 'extended' to a programme are allocated: a plan",
     "A central subsidy of 10 billion yuan has been extended to speed up the renovation of shanty towns.", 1e10, "plan"),
    ("'extends N yuan' in a headline is an allocation too",
     "NDRC extends 10 billion yuan for shantytown renovation", 1e10, "plan"),
    ("a purpose 'to benefit N households' with no other cue is a plan",
     "Renovation has been intensified this year to benefit nearly 7 million households in 39,000 communities.",
     7e6, "plan"),
    ("a purpose after a completed figure stays with the figure",
     "Up to now, over 4,000 elevators have been installed to benefit nearly 50,000 households.", 50000, "outcome"),
    ("State Council readouts: 'plans were made at the meeting to' is a plan",
     "Plans were made at the meeting to renovate 39,000 old urban communities nationwide this year.", 39000, "plan"),
    ("inclusion in a plan is a plan",
     "So far, 846 old communities have been included in the city's renovation plan.", 846, "plan"),
    ("a qualifier of an inclusion is a plan too",
     "So far, 846 old communities have been included in the renovation list, benefiting 91,000 households.",
     91000, "plan"),
    ("a past intention is a plan",
     "The shantytown programme aimed to start work on 12 million homes over the five years.", 12e6, "plan"),
    ("'plans are for' is a plan",
     "In 2024, plans are for Lanzhou to seek central funds and renovate 215 communities.", 215, "plan"),
    ("a 'meaning' clause has its own kind",
     "The ministry plans to start 3.1 million rundown homes in 2020, meaning the country had achieved "
     "64.2 percent of the target by the end of May.", 64.2, "outcome"),
    ("'had been under construction' is an outcome",
     "Jinan will renovate 520 old residential areas this year, in which 410 had been under "
     "construction by the end of April.", 410, "outcome"),
    ("'started construction' after its figure is an outcome",
     "Jinan plans to launch 940 renovation projects this year, among which 615 projects started construction "
     "in the first quarter.", 615, "outcome"),
    ("a total with its own verb, its part in a 'with' phrase",
     "As of late May, 318 elevators had been installed in Hongkou, with 270 already running.", 318, "outcome"),
    ("a gerund after 'while' keeps the clause's plan",
     "The ministry will speed up the renewal of water networks, while also renovating at least 80,000 "
     "kilometers of old pipes this year.", 80000, "plan"),
    ("a past verb that ends its clause after the figure",
     "In the first nine months, renovation of 47,300 old neighborhoods commenced, ahead of the annual target.",
     47300, "outcome"),
    ("'were to be reconstructed' is a plan",
     "After 140 old residential districts in Zhuhai were to be reconstructed, the city named a second batch.",
     140, "plan"),
    ("'is put at' is an estimate, a plan", "Total investment is put at 2.4 billion yuan, of which 900 million yuan "
     "will come from central funds, to renovate 300 old communities.", 2.4e9, "plan"),
    ("'is to kick off' is a plan", "Minhang is to kick off the renovation of old complexes covering over 520,000 "
     "square meters.", 520000, "plan"),
    ("'to be relocated' is a plan", "1,800 Tianjin households to be relocated soon", 1800, "plan"),
    ("'making efforts to' is a plan", "The government is making efforts to renovate shantytowns that shelter 18,000 "
     "households.", 18000, "plan"),
    ("a promise is a plan", "It was part of the promise to rebuild rundown areas with a total of 30 million residents.",
     30e6, "plan"),
    ("'helped' is a past verb", "Weifang helped 410 old communities change their looks.", 410, "outcome"),
    ("'is to' and a verb is a plan", "Ningbo government is to refurbish some 150 residential communities this year.",
     150, "plan"),
    ("'should be finished' is a plan", "The warm housing project covering 310,000 m2 of buildings should be finished "
     "in 2017.", 310000, "plan"),
    ("a budget is a plan",
     "The shantytown scheme, which has a budget of more than 4 billion yuan, will rebuild old houses.", 4e9, "plan"),
    ("a set 'being renovated' is under way, not the plan of its part",
     "Of the 26 old residential communities being renovated, 19 have been completed.", 26, "outcome"),
    ("a cue after a whole's part is the part's",
     "Since January the region has carried out the installation of 1,420 elevators, of which 380 have "
     "been completed, and 500 are under construction.", 1420, "outcome"),
    ("a cue in the lead-in of the next figure is that figure's",
     "Since 2020, the city has initiated the renovation of 640 old communities, with a planned investment "
     "of about 9 billion yuan.", 640, "outcome"),
    ("the lead-in rule needs the next figure to follow at once",
     "This year, another 58 compounds with a floor area of 1.1 million square meters are on the list, and "
     "investment is estimated at 500 million yuan.", 58, "plan"),
    ("'revamped' is a past verb", "Wenzhou revamped around 180 old residential communities last year.", 180, "outcome"),
    ("a part after 'Of the N X,' with 'will'",
     "Fifty-two communities from Jiaxing have joined the provincial programme. Of the 52 communities, "
     "14 will be rebuilt while the rest will be renovated.", 14, "plan"),
]


def test_a_part_out_of_an_earlier_whole_is_a_record(nlp):
    text = "The region rebuilt 820,000 shanty houses from 2016 to 2020. 610,000 out of them were delivered."
    record = _records(nlp, text)[610000]
    assert (record.metric, record.kind, record.period) == ("housing_units", "outcome", {"start": 2016, "end": 2020})


# text, value, expected location
PLACES = [
    ("a county's name that names a community is not that county",
     "The Zhanqian community, in Longshan district of Liaoyuan City, will rebuild 700 homes.", 700, "Longshan"),
    ("nor is a name after 'a community called'",
     "In Qiqihar, 1,444 households will soon move into new apartments in a community called Xinhe.", 1444, "Qiqihar"),
    ("'the capital city' refers back to the city named before",
     "Shanghai has 220,000 old buildings.\n\nIn 2009, Beijing became the first city to add lifts.\n"
     "The capital city plans to launch more than 400 elevator installation projects this year.", 400, "Beijing"),
    ("a city with its province in an aside between dashes",
     "Jixi -- a city in China's easternmost Heilongjiang province -- will renovate 44 old communities "
     "this year.", 44, "Jixi"),
    ("a capital city in an aside between dashes",
     "Changchun -- capital city of Northeast China's Jilin province -- will start 96 renovation projects this year.",
     96, "Changchun"),
    ("a place inside the figure's words", "2,300 Nanjing households to be relocated soon", 2300, "Nanjing"),
    ("a national subject in the clause beats an earlier city",
     "Wang Li lives in Datong. From 2018 to 2020, the Chinese government planned to rebuild 15 million "
     "dilapidated homes.", 15e6, "China"),
    ("a national body that pays is not the subject",
     "Kashgar is rebuilding its old town. Funded by the central government, the project, which has a budget of "
     "6 billion yuan, will rebuild old houses.", 6e9, "Kashgar"),
    ("'the coal-producing city' refers to the city named before",
     "Fuxin moved families out of shanty towns. Another 300,000 residents moved in the coal-producing city in "
     "China's rust belt.", 300000, "Fuxin"),
    ("sibling districts listed together are their city",
     "Harbin renovated 210 old residential areas in 2022. The areas cover 2.6 million square meters "
     "in Daowai district, Nangang district and Xiangfang district.", 2.6e6, "Harbin"),
]


def test_sibling_districts_of_an_unnamed_city_keep_a_district(nlp):
    # the city that holds them is never named: the record keeps the nearest place the text names
    text = "The renovated areas cover 2.6 million square meters in Daowai district, Nangang district and Xiangfang district."
    assert _records(nlp, text)[2.6e6].location == "Daowai"


# text, figure values that must NOT become records
NOT_RECORDS = [
    ("a percentage that is no rate of the programme's progress (linking.json progress_rate_words)",
     "In the county, 75% of rural household waste was treated safely. The incentive covers about 15 to 20 % of "
     "the overall cost. About 70 percent of fire incidents were in old neighborhoods.", [75, 15, 70]),
    ("elevators assessed for safety are not elevators installed",
     "This year the city will conduct a safety assessment on 11,000 old residential elevators. So far, 955 "
     "elevators have completed hidden trouble rectification.", [11000, 955]),
    ("the share of urban residents (urbanisation)",
     "As of the end of 2020, the percentage of permanent urban residents stood at over 60 percent, Yang said. "
     "The city renovated 300 communities.", [60]),
    ("a share of households by age, stated after the figure",
     "Among the 1 million households living in these buildings, nearly 40 percent are over 60 years of age.", [40]),
    ("a sum of a few yuan is a price or a fee (linking.json min_record_value)",
     "The district renovated 12 old communities. A stair-climbing machine costs four yuan for a round trip, and "
     "each household contributed an average of 1,500 yuan.", [4, 1500]),
    ("share of the population",
     "Urban residents passed 58 percent of the province's population in 2020, and 410 communities were renovated.",
     [58]),
    ("share of residents of an age",
     "Some 90,000 buildings in the city lack lifts, and nearly 35 percent of the 600,000 households in "
     "them are aged 60 or older.", [35]),
    ("a fall in the economy", "The district renovated 90 old communities after a 5.2 percent contraction in output.", [5.2]),
    ("a price per unit after a conversion in brackets",
     "Flats near the 60 renovated old communities now sell for more than 9,000 yuan ($1,300) per sq m.", [9000]),
    ("a fee each time", "Riders pay 0.4 yuan each time they use one of the 35 new elevators.", [0.4]),
    ("revenue generated", "The industrial park will generate a combined revenue of 2 billion yuan.", [2e9]),
    ("a share of spending", "Ningxia spent over 75 percent of its public expenditure on livelihoods in the year "
                            "its 200 old communities were renovated.", [75]),
    ("a city's area", "Its urban areas covered a total area of 1,800 square kilometers, where 90 old communities "
                      "were renovated.", [1.8e9]),
    ("the cost of each unit", "The cost of each elevator varies from 350,000 yuan, and 300 elevators were installed.",
     [350000]),
    ("projects of other kinds", "The city started 45 key transport projects and 12 infrastructure projects, and "
                                "renovated 80 old communities.", [45, 12]),
    ("a number once housed", "The estate, which once housed more than 2,000 families, was renovated in 2021.",
     [2000]),
    ("a change by a share", "New methods cut construction time by about 40% as 80 old communities were renovated.",
     [40]),
    ("the rate of something else", "The city reached a green space rate of 41.2% and renovated 70 old communities.",
     [41.2]),
    ("centres of other kinds", "The province will build 12 big data centers and 150 community service centers.", [12]),
    ("the worth of figures that are not records",
     "Jinan carried out 96 infrastructure projects worth 210 billion yuan and renovated 300 old communities.",
     [96, 210e9]),
    ("casualties of an accident",
     "Eleven people were killed and 30 injured when a gas pipe exploded in Shiyan last June.", [11, 30]),
]


@pytest.mark.parametrize("name,text,values", NOT_RECORDS, ids=[row[0] for row in NOT_RECORDS])
def test_not_records(nlp, name, text, values):
    found = set(_records(nlp, text))
    assert not found & set(values), f"{name}: {sorted(found)}"


def test_the_second_day_of_a_date_is_not_a_count(nlp):
    records = _records(nlp, "The county started work on three shanty towns on June 11 and 12, respectively.")
    assert sorted(records) == [3]


def test_a_length_in_other_units_between_brackets_keeps_its_pipes(nlp):
    record = _records(nlp, "The province plans to renew 3,500 kilometers (2,175 miles) of old water pipes this year.")[3500]
    assert (record.metric, record.kind, record.period) == ("pipelines_km", "plan", {"start": 2023, "end": 2023})


def test_a_full_stop_glued_to_the_next_sentence_ends_the_sentence(nlp):
    doc = nlp("Checks will be made in 2026.At the same time, Dalian will renew 120 kilometers of heating pipes.")
    assert [s.text for s in doc.sents] == ["Checks will be made in 2026.",
                                           "At the same time, Dalian will renew 120 kilometers of heating pipes."]


def test_a_paragraph_is_governed_by_the_frame_that_opens_a_sentence(nlp):
    text = ("From 2023 to 2025, Dalian will renovate 900 old communities, and all of them will be checked "
            "again in 2025. Dalian will also renew 120 kilometers of heating pipes.")
    assert _records(nlp, text)[120].period == {"start": 2023, "end": 2025}


def test_an_article_that_never_names_the_work_gives_no_records(nlp):
    market = ("Sales of commercial homes in the province rose 12 percent in the first half. They reached "
              "9.6 million square meters. Developers invested 38 billion yuan in residential projects. "
              "Land sales fell for the third month.")
    assert _records(nlp, market) == {}
    # one sentence on the programme makes it an article of the domain again
    records = _records(nlp, market + " The province will also renovate 600 old residential communities this year.")
    assert 600 in records


def test_a_pack_without_a_topic_links_every_article(tmp_path):
    from renovex.pipeline.components.records import load_link_rules
    from renovex.engines.linking import LinkRules

    rules = load_link_rules()
    assert "topic" in rules and LinkRules.from_dict(rules).topic_re is not None
    del rules["topic"]
    assert LinkRules.from_dict(rules).topic_re is None


def test_a_short_text_is_linked_whatever_its_words(nlp):
    # one or two sentences passed on their own are the user's choice, not a page to screen
    assert 38e9 in _records(nlp, "Developers invested 38 billion yuan in residential projects.")


def test_a_place_in_a_newspaper_or_organisation_name_is_not_a_place(nlp):
    from renovex.pipeline.extensions import entities
    from renovex.api import make_doc

    doc = nlp(make_doc(nlp, "Source: Lanzhou Daily. Staff of the Xinjiang Production and Construction Corps visited.", None))
    assert [s.text for s in entities(doc, "PLACE")] == []


def test_a_ministry_announcement_is_national_before_a_province_named_later(nlp):
    text = ("The Ministry of Housing and Urban-Rural Development said 21,000 old communities will be renovated "
            "this year.\n\nIts officials also visited pilot projects. Experts from Gansu joined them.")
    assert _records(nlp, text)[21000].location == "China"


def test_a_dateline_city_in_apposition_with_the_capital_of_a_province_is_the_subject(nlp):
    text = ("CHANGCHUN - The capital of Jilin province plans to rebuild all its shanty towns within three years.\n\n"
            "This year, the city government aims to renovate 2.1 million sq m of old housing.")
    assert _records(nlp, text)[2.1e6].location == "Changchun"
    # a plain dateline stays where the reporter filed from
    national = "BEIJING - China will renovate 50,000 old communities this year.\n\nThe government will spend 100 billion yuan."
    assert {r.location for r in _records(nlp, national).values()} == {"China"}


def test_a_teaser_line_takes_what_its_repeat_says(nlp):
    text = ("Invest CNY 9.5 billion\n\nand plan to renovate\n\n700 old residential communities!\n\n"
            "In 2024, Dalian plans to renovate 700 old residential communities with a total investment of CNY 9.5 billion.")
    records = _records(nlp, text)
    assert (records[700].kind, records[700].period, records[700].location) == \
        ("plan", {"start": 2024, "end": 2024}, "Dalian")
    assert len([r for r in extract(text, "2024-03-01", "t", nlp=nlp) if r.value == 700]) == 1


# text, value, expected period
PERIODS = [
    ("'throughout the year' refers to the year named before",
     "In 2022, Xining plans to complete the renovation of 260 old communities throughout the year.", 260, (2022, 2022)),
    ("a time right after the figure's own participle is its time",
     "Work has started on all 5,200 units, including 1,300 units completed in 2021, and 3,900 units started in 2022.",
     3900, (2022, 2022)),
    ("a part after ', of which' has its own time",
     "During the 14th Five-Year Plan, Yangzhou plans to transform 540 old residential areas, of which 96 areas "
     "are to be transformed in 2021.", 96, (2021, 2021)),
    ("'from YEAR through this year' is a span", "From 2015 through this year, Dalian has rebuilt 6.2 million sq m "
     "of dilapidated houses.", 6.2e6, (2015, 2023)),
    ("the time after the figure's own verb phrase",
     "The city will build 4 million houses this year, and 9 million houses in shantytown areas will be renovated "
     "from 2018 to 2020.", 9e6, (2018, 2020)),
    ("the year of a compared target is not the figure's",
     "In this year's work report, Hebei said it would renovate 3,900 old communities, doubling last year's target.",
     3900, (2023, 2023)),
    ("'since then' runs from the year named before to the article's year",
     "In 2012, Suzhou began installing elevators in old buildings. Since then, over 700 buildings have installed "
     "elevators.", 700, (2012, 2023)),
    ("'so far' after a past year named before runs from that year to now",
     "In 2012, Jing'an became the first district to install lifts in old buildings. So far, 16 elevators have "
     "been installed in residential compounds.", 16, (2012, 2023)),
    ("a deadline with no start has no start (RECORDS)",
     "By 2025, Fujian plans to add more than 10,000 public parking spaces.", 10000, (None, 2025)),
    ("a cut-off at the end of a past year with no start has no start",
     "By the end of last year, China had launched the renovation of 280,000 old residential communities.",
     280000, (None, 2022)),
    ("'by the end of next year' is a deadline with no start",
     "Around 30,000 households are expected to move into new homes in the community by the end of next year.",
     30000, (None, 2024)),
    ("'by the end of this year' dates this year's work",
     "Hefei will renovate 160 old residential communities by the end of this year.", 160, (2023, 2023)),
    ("'since' alone after the figure runs from the year named before to now",
     "Back in 2016, Guangzhou issued rules on adding elevators. About 1,000 old buildings have had lifts "
     "installed since, according to the city's planning commission.", 1000, (2016, 2023)),
    ("'this month' dates a figure in the year it falls in",
     "The construction of four new elevators in Yingpu Community began early this month.", 4, (2023, 2023)),
    ("'N more during PERIOD' is counted in that period, not in the earlier clause's",
     "In Wuhan, 1,108 elevators have been installed since 2019, and the city aims to add 3,000 more during "
     "the 14th Five-Year Plan period.", 3000, (2021, 2025)),
    ("'since YEAR' with a cut-off 'as of the end of YEAR' runs to the cut-off",
     "Since Hebei launched the renovation of old communities in 2018, as of the end of 2020, the province has "
     "renovated 6,311 old communities.", 6311, (2018, 2020)),
    ("'over the next three years' after a 2015-2017 plan named before is that plan's span",
     "The State Council issued a guideline with a 2015-2017 plan. The government aims to rebuild 18 million units "
     "in shantytowns over the next three years.", 18e6, (2015, 2017)),
    ("the year in 'a doubling of last year's' frames no later figure",
     "It was proposed that 39,000 old communities will be renovated this year, a doubling of last year's figure.\n\n"
     "Henan set a target of 500,000 households.", 500000, (2023, 2023)),
    ("a year decades before the article's is history, not the frame of a later figure",
     "The estate was completed in 1995 for workers of a textile mill.\n\nOver 8,000 residents live there in "
     "160,000 square meters of housing.", 8000, None),
    ("a month named in an earlier paragraph does not date the whole article",
     "In March 2023, the city held a meeting on old communities.\n\nA total of 1,200 households benefited from "
     "the renovation.", 1200, None),
    ("the year a place sprang up frames no figure",
     "Caoyang New Village sprang up in 1952 as a home for model workers.\n\nWork has started on nine elevators "
     "in four residential communities.", 9, None),
    ("the year a compound was built frames no figure",
     "The compound on Linfen Road was built in 1987.\n\nSo far, 26 elevators have been installed.", 26, None),
]


# one test over the three tables: the field each row decides, and its expected value
FIELDS = ([(name, text, value, "kind", kind) for name, text, value, kind in KINDS]
          + [(name, text, value, "location", place) for name, text, value, place in PLACES]
          + [(name, text, value, "period", p and {"start": p[0], "end": p[1]}) for name, text, value, p in PERIODS])


@pytest.mark.parametrize("name,text,value,field,expected", FIELDS, ids=[f"{row[3]}: {row[0]}" for row in FIELDS])
def test_field(nlp, name, text, value, field, expected):
    records = _records(nlp, text)
    assert value in records, f"{name}: {sorted(records)}"
    assert getattr(records[value], field) == expected, records[value].rules


def test_a_page_on_community_elderly_and_child_care_is_on_the_topic(nlp):
    text = ("A new complex opened in Jiaxing in March. It serves seniors and toddlers nearby. It has an elderly care "
            "service center and a nursery. Covering an area of nearly 4,000 square meters, it serves four communities.")
    assert 4000 in _records(nlp, text)


def test_what_has_been_done_is_not_in_the_next_five_years(nlp):
    text = ("Over the next five years, the ministry will renovate more old communities.\n\n"
            "Central authorities have distributed more than 180 billion yuan to renovate old communities.")
    assert _records(nlp, text)[180e9].period is None


def test_output_value_jurisdiction_and_a_cut_off_figure_are_not_records(nlp):
    assert 5.1e11 not in _records(nlp, "The construction industry reached a total output value of 510 billion yuan.")
    assert set(_records(nlp, "Jurisdiction over three counties and four districts. The city renovated 80 old "
                             "communities.")) == {80}
    # an excerpt cut off in the middle of a figure ("RMB 1" of "RMB 1 million")
    assert set(_records(nlp, "The city renovated 80 old communities. The village plans to seek funds of RMB 1")) == {80}


def test_a_place_right_after_a_figure_is_its_place(nlp):
    text = ("Baotou renovated 19 old communities in 2021, with 11 in Kundulun district, 5 in Qingshan district "
            "and 3 in Donghe district.")
    records = _records(nlp, text)
    assert [(records[v].location, records[v].metric) for v in (11, 5, 3)] == \
        [("Kundulun", "communities"), ("Qingshan", "communities"), ("Donghe", "communities")]
    # a province after "in" does not displace the city of the clause
    assert _records(nlp, "Nanchang will renovate 1,200 old communities in Jiangxi this year.")[1200].location == "Nanchang"


def test_one_number_in_two_years_is_two_facts(nlp):
    text = ("China will begin construction of seven million apartments under the affordable housing program in "
            "2015, the ministry said. China began the construction of over seven million homes in 2014.")
    records = sorted(extract(text, "2014-12-19", "t", nlp=nlp), key=lambda r: r.start)
    assert [(r.kind, r.period["start"]) for r in records] == [("plan", 2015), ("outcome", 2014)]
    # a repeat with a relative year is the same fact (an undated page may resolve it otherwise)
    again = "The city will renovate 1,277 communities in 2021. All 1,277 communities will be renovated this year."
    assert len(extract(again, None, "t", nlp=nlp)) == 1


def test_elevators_replaced_beside_elevators_assessed_are_records(nlp):
    text = ("The bureau conducted safety assessments on more than 4,600 elevators in the first half of this year, "
            "and replaced or repaired 167 elevators, handing out subsidies of 9.9 million yuan.")
    records = _records(nlp, text)
    assert 4600 not in records and {167, 9.9e6} <= set(records)
