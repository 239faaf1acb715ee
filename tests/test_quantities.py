"""Tables for ``renovex.engines.quantities.find_quantities`` (pure: no spaCy)."""
from __future__ import annotations

import pytest

from renovex.engines.quantities import QuantityMatch, QuantityRules, find_quantities, load_rules


@pytest.fixture(scope="module")
def rules() -> QuantityRules:
    return load_rules()


def _at(text: str, found: list[QuantityMatch], number: str) -> QuantityMatch:
    """The match whose number is written ``number`` (the first such)."""
    hits = [m for m in found if text[m.number_start:m.number_end] == number]
    assert hits, f"no quantity {number!r} in {[text[m.start:m.end] for m in found]}"
    return hits[0]


# sentence, number as written, value, value_max, approx, unit, metric
CASES = [
    # digits with separators, counted nouns with modifiers between
    ("The region will start work on 1,273 old urban residential communities next year.", "1,273", 1273, None, None, "count", "communities"),
    ("Renovation will benefit 203,900 households.", "203,900", 203900, None, None, "count", "households"),
    ("Some 300000 households were covered.", "300000", 300000, None, "about", "count", "households"),
    ("The province listed 1439 old communities for this year.", "1439", 1439, None, None, "count", "communities"),
    ("The plan covers 2000 households in the old town.", "2000", 2000, None, None, "count", "households"),
    # scale words
    ("So far 1.0224 million households have benefited.", "1.0224 million", 1022400, None, None, "count", "households"),
    ("About 0.1 billion people live in such estates.", "0.1 billion", 1e8, None, "about", "count", "residents"),
    ("The city will add 3.25 million new parking spaces.", "3.25 million", 3250000, None, None, "count", "parking_spaces"),
    ("Work is expected to reach 7.95 mln families.", "7.95 mln", 7950000, None, None, "count", "households"),
    ("Renewal reached nearly 9 mln Chinese households last year.", "9 mln", 9000000, None, "nearly", "count", "households"),
    ("Roughly 35 million people will benefit.", "35 million", 35000000, None, "about", "count", "residents"),
    ("Officials counted 10,000 elderly residents.", "10,000", 10000, None, None, "count", "residents"),
    ("The budget of 3 hundred million yuan was approved.", "3 hundred million", 300000000, None, None, "cny", "funds_cny"),
    ("A further 100 million yuan was set aside.", "100 million", 100000000, None, None, "cny", "funds_cny"),
    ("The fund pays 5 ten thousand yuan per building.", "5 ten thousand", 50000, None, None, "cny", "funds_cny"),
    # number words (all-word spans only)
    ("The town built two community canteens.", "two", 2, None, None, "count", "facilities"),
    ("Workers cleared three shanty towns near the station.", "three", 3, None, None, "count", "housing_units"),
    ("The district opened seven parking lots in the spring.", "seven", 7, None, None, "count", "parking_spaces"),
    ("Planners restored nine farmers' markets and fresh food supermarkets.", "nine", 9, None, None, "count", "facilities"),
    ("The campaign reached twenty-six thousand families.", "twenty-six thousand", 26000, None, None, "count", "households"),
    ("The county renovated one old community and a lane.", "one", 1, None, None, "count", "communities"),
    ("All projects have started in nine provincial-level regions, such as Anhui.", "nine", 9, None, None, "count", "admin_units"),
    ("Work will cover one hundred and twenty buildings.", "one hundred and twenty", 120, None, None, "count", "buildings"),
    # ranges
    ("Every county will pick 1-2 old communities as pilots.", "1-2", 1, 2, None, "count", "communities"),
    ("Every county will pick 1\u20132 old communities as pilots.", "1\u20132", 1, 2, None, "count", "communities"),
    ("Each project serves 1,000 to 2,000 households.", "1,000 to 2,000", 1000, 2000, None, "count", "households"),
    ("Each estate holds between 300 and 400 families.", "300 and 400", 300, 400, None, "count", "households"),
    ("The works will cost 2-3 billion yuan.", "2-3 billion", 2e9, 3e9, None, "cny", "funds_cny"),
    # approximations before the number
    ("The project helps more than 230,000 residents.", "230,000", 230000, None, "more_than", "count", "residents"),
    ("Over 1,900 old residential quarters remain.", "1,900", 1900, None, "more_than", "count", "communities"),
    ("The city has renewed upward of 970,000 households.", "970,000", 970000, None, "more_than", "count", "households"),
    ("It has renewed upwards of 4,000 old compounds.", "4,000", 4000, None, "more_than", "count", "communities"),
    ("Spending went on, with total investment exceeding 520 billion yuan.", "520 billion", 5.2e11, None, "more_than", "cny", "funds_cny"),
    ("Nearly 240 billion yuan was invested.", "240 billion", 2.4e11, None, "nearly", "cny", "funds_cny"),
    ("Almost 600 elevators went in.", "600", 600, None, "nearly", "count", "elevators"),
    ("Housing was found for close to 15 million new residents.", "15 million", 1.5e7, None, "nearly", "count", "residents"),
    ("Around 5,000 buildings got new roofs.", "5,000", 5000, None, "about", "count", "buildings"),
    ("The city spent approximately 14.5 billion yuan.", "14.5 billion", 1.45e10, None, "about", "cny", "funds_cny"),
    ("The plan names at least 800 old communities.", "800", 800, None, "at_least", "count", "communities"),
    ("No fewer than 2,000 old urban communities will be renewed by 2022.", "2,000", 2000, None, "at_least", "count", "communities"),
    ("No less than 60 projects are planned.", "60", 60, None, "at_least", "count", "projects"),
    ("Each subsidy is worth up to 50,000 yuan.", "50,000", 50000, None, "up_to", "cny", "funds_cny"),
    ("Less than 30 percent of the work is left.", "30", 30, None, "less_than", "percent", "percent"),
    ("Fewer than 100 households objected.", "100", 100, None, "less_than", "count", "households"),
    ("Under 20 projects were delayed.", "20", 20, None, "less_than", "count", "projects"),
    ("The town has 1,000-odd households.", "1,000", 1000, None, "about", "count", "households"),
    # percents
    ("The completion rate stood at 98.34%.", "98.34", 98.34, None, None, "percent", "percent"),
    ("Construction has started on 87.9 percent of the goal.", "87.9", 87.9, None, None, "percent", "percent"),
    ("Some 72 per cent of the homes are finished.", "72", 72, None, "about", "percent", "percent"),
    # money
    ("The central budget allocated 30.3 billion yuan.", "30.3 billion", 3.03e10, None, None, "cny", "funds_cny"),
    ("The bank lent RMB 2 billion to the city.", "2 billion", 2e9, None, None, "cny", "funds_cny"),
    ("The total is 1.31 billion yuan ($206.49 million).", "1.31 billion", 1.31e9, None, None, "cny", "funds_cny"),
    ("The total is 1.31 billion yuan ($206.49 million).", "206.49 million", 2.0649e8, None, None, "usd", None),
    ("Investment hit 240 billion yuan (33.78 billion U.S. dollars).", "33.78 billion", 3.378e10, None, None, "usd", None),
    # lengths
    ("Crews laid nearly 300000 kilometers of pipelines.", "300000", 300000, None, "nearly", "km", "pipelines_km"),
    ("The province rebuilt 13,408 kilometers of underground gas pipelines.", "13,408", 13408, None, None, "km", "pipelines_km"),
    ("More than 100,000 km of gas, water, sewage and heating pipelines will be renewed.", "100,000", 100000, None, "more_than", "km", "pipelines_km"),
    ("They will upgrade ageing pipelines such as water, power and heat for nearly 300000 kilometers.", "300000", 300000, None, "nearly", "km", "pipelines_km"),
    ("The city renewed 1,200 km of old power cables.", "1,200", 1200, None, None, "km", "pipelines_km"),
    ("The lane runs for more than 400 meters past the market.", "400", 0.4, None, "more_than", "km", None),
    ("The new road is 12 kilometres long.", "12", 12, None, None, "km", None),
    # areas
    ("The province added 26 million square meters of sports venues.", "26 million", 2.6e7, None, None, "sqm", "area_sqm"),
    ("It covers a floor area of 2.8883 million square meters.", "2.8883 million", 2888300, None, None, "sqm", "area_sqm"),
    ("Each courtyard gained 500 sq m of green space.", "500", 500, None, None, "sqm", "area_sqm"),
    ("The roofs cover 12,000 m2 in total.", "12,000", 12000, None, None, "sqm", "area_sqm"),
    ("The park takes 8,000 square metres.", "8,000", 8000, None, None, "sqm", "area_sqm"),
    ("The estates spread over 435 hectares.", "435", 4350000, None, "more_than", "sqm", "area_sqm"),
    ("Sewage plants treat 6.992 million tons a day.", "6.992 million", 6992000, None, None, "ton", None),
    # counted nouns: metric from the head noun
    ("The city will add 5,426 additional parking spaces.", "5,426", 5426, None, None, "count", "parking_spaces"),
    ("The estate has 25 e-bike parking spots.", "25", 25, None, None, "count", "parking_spaces"),
    ('Crews set up 11 "smart" e-bike charging stations.', "11", 11, None, None, "count", "charging_points"),
    ("Crews set up 252 charging docks.", "252", 252, None, None, "count", "charging_points"),
    ("They installed 680000 electric bicycle charging piles.", "680000", 680000, None, None, "count", "charging_points"),
    ("It added 68000 community service facilities such as canteens.", "68000", 68000, None, None, "count", "facilities"),
    ("Of the 2.04 million units of such housing, most are built.", "2.04 million", 2040000, None, None, "count", "housing_units"),
    ("About 5.08 million units of subsidized rental housing went up.", "5.08 million", 5080000, None, "about", "count", "housing_units"),
    ("The region raised 26,100 public rental houses.", "26,100", 26100, None, None, "count", "housing_units"),
    ("The region will transform 63,900 shanty towns.", "63,900", 63900, None, None, "count", "housing_units"),
    ("It renovated 25,800 units of dilapidated urban housing.", "25,800", 25800, None, None, "count", "housing_units"),
    ("The county builds 3,000 apartments for young people.", "3,000", 3000, None, None, "count", "housing_units"),
    ("The district launched 47 restoration projects.", "47", 47, None, None, "count", "projects"),
    ("Work covers 267 neighborhoods in the old town.", "267", 267, None, None, "count", "communities"),
    ("Work covers 150 neighbourhoods of dilapidated housing.", "150", 150, None, None, "count", "communities"),
    ("Crews will upgrade 1,410 buildings this year.", "1,410", 1410, None, None, "count", "buildings"),
    ("It involves 77 cities (prefectures) and counties.", "77", 77, None, None, "count", "admin_units"),
    ("The ministry will renovate 50,000 old residential compounds.", "50,000", 50000, None, None, "count", "communities"),
    ("The city has renovated 3,921 old neighborhoods in total.", "3,921", 3921, None, None, "count", "communities"),
    ("The district renovated 12 old districts.", "12", 12, None, None, "count", "communities"),
    ("The city put in 3,878 new elevators.", "3,878", 3878, None, None, "count", "elevators"),
    ("The old estates got 40 lifts.", "40", 40, None, None, "count", "elevators"),
    ("The work reached 53,000 such communities.", "53,000", 53000, None, None, "count", "communities"),
    ("It will help 835,800 people.", "835,800", 835800, None, None, "count", "residents"),
    ("More than 20,000 families will move.", "20,000", 20000, None, "more_than", "count", "households"),
    ("The province will tackle risks in another 100 cities.", "100", 100, None, None, "count", "admin_units"),
    ("Officials of 9 districted cities were questioned.", "9", 9, None, None, "count", "admin_units"),
    ("The town has 6,000 houses.", "6,000", 6000, None, None, "count", "housing_units"),
    ("The scheme covers 3,000 sets of housing.", "3,000", 3000, None, None, "count", "housing_units"),
    # counted things that are not records: metric None, noun kept
    ("Teams fixed 13,400 gas safety hazards.", "13,400", 13400, None, None, "count", None),
    ("Checks were made at 167 water supply plants.", "167", 167, None, None, "count", None),
    ("The office issued 5 quarterly bulletins and 1 letter.", "5", 5, None, None, "count", None),
    ("Leaders held 12 meetings on the plan.", "12", 12, None, None, "count", None),
    ("There are 36 historical and cultural districts in the region.", "36", 36, None, None, "count", None),
    ("The region has three national historical and cultural cities.", "three", 3, None, None, "count", None),
    ("Twelve projects sit within 13 15-minute living circles.", "13", 13, None, None, "count", None),
    ("Officials from 4 county and district governments attended.", "4", 4, None, None, "count", None),
    # "X of the Y nouns": X counts what Y counts
    ("Work began on 1,037 of the 1,130 old communities.", "1,037", 1037, None, None, "count", "communities"),
    ("Work began on 1,037 of the 1,130 old communities.", "1,130", 1130, None, None, "count", "communities"),
    ("About 682 of the complex's 4,300 residents ride e-bikes.", "682", 682, None, "about", "count", "residents"),
    ("About 682 of the complex's 4,300 residents ride e-bikes.", "4,300", 4300, None, None, "count", "residents"),
    ("Work began on 800 out of 1,000 old communities.", "800", 800, None, None, "count", "communities"),
    # "X and Y nouns": X counts what Y counts
    ("In the two years, 3,000 and 4,000 communities were renewed.", "3,000", 3000, None, None, "count", "communities"),
    # hyphenated adjectives that still hold a unit
    ("Residents welcomed the 2.3-billion-yuan project.", "2.3-billion", 2.3e9, None, None, "cny", "funds_cny"),
    ("The 3-km gas pipeline was replaced.", "3", 3, None, None, "km", "pipelines_km"),
    # a glued unit
    ("Crews renewed 5km of gas pipes.", "5", 5, None, None, "km", "pipelines_km"),
    ("The lane is 800m long.", "800", 0.8, None, None, "km", None),
]


@pytest.mark.parametrize("text, number, value, value_max, approx, unit, metric", CASES)
def test_quantity(rules, text, number, value, value_max, approx, unit, metric):
    match = _at(text, find_quantities(text, rules), number)
    assert match.value == pytest.approx(value)
    assert (match.value_max is None) == (value_max is None)
    if value_max is not None:
        assert match.value_max == pytest.approx(value_max)
    assert (match.approx, match.unit, match.metric) == (approx, unit, metric)


# numbers that stand bare: unit count, no noun, no metric (the linker reads the sentence)
BARE = [
    ("Of 1,506 planned communities, the city had completed 1,481, with 25 left.", "1,481"),
    ("The city installed 1,734 elevators: 206 of them are done.", "206"),
    ("Of 1,734 elevators, 463 are being built and the remaining 1065 are at the consultation stage.", "1065"),
    ("So far 187 have opened, while the remaining 97 are under way.", "97"),
    ("In 2021 the province started 1277 communities and finished 959, with more to come.", "959"),
    ("Renovation of 1,714 was completed last year.", "1,714"),
]


@pytest.mark.parametrize("text, number", BARE)
def test_bare_number(rules, text, number):
    match = _at(text, find_quantities(text, rules), number)
    assert (match.unit, match.unit_text, match.metric) == ("count", None, None)
    assert "bare" in match.rule


# sentence, number as written that must NOT be a quantity
NOT_QUANTITIES = [
    ("Hotline: 400-828-1019", "400"),
    ("Hotline: 400-828-1019", "828"),
    ("Hotline: 400-828-1019", "1019"),
    ("QQ service: 1575099316", "1575099316"),
    ("WeChat service: 13327892019", "13327892019"),
    ("Call 024123456789 for help.", "024123456789"),
    ("The meeting was held in 2022.", "2022"),
    ("From 2019 to 2023, the city renovated old communities.", "2019"),
    ("From 2019 to 2023, the city renovated old communities.", "2023"),
    ("The work plan (2021-2025) was published.", "2021"),
    ("The 2020 plan lists old communities.", "2020"),
    ("They will declare the 2022 project early.", "2022"),
    ("The notice came out on June 30.", "30"),
    ("BEIJING, Aug. 25 (Xinhua) -- Work began.", "25"),
    ("Updated: 2023-09-14 10:31", "2023"),
    ("Updated: 2023-09-14 10:31", "09"),
    ("Updated: 2023-09-14 10:31", "14"),
    ("Updated: 2023-09-14 10:31", "10"),
    ("(Xinhua) 15:23, August 25, 2023", "15"),
    ("(Xinhua) 15:23, August 25, 2023", "23"),
    ("(Xinhua) 15:23, August 25, 2023", "25"),
    ("The report came out on 12 March.", "12"),
    ("This is the third year of the programme.", "third"),
    ("The province ranks eighth in the country.", "eighth"),
    ("It came 1st in the province.", "1"),
    ("It is the 14th such campaign.", "14"),
    ("It started a three-year action to improve services.", "three"),
    ("They will build 15-minute living circles.", "15"),
    ("She has lived in the courtyard for 35 years.", "35"),
    ("Service is open 24 hours a day.", "24"),
    ("The work took half a year and 5 months.", "5"),
    ("It is part of the 14th Five-Year Plan.", "Five"),
    ("The province joined the Five Tackling Actions in 2019.", "Five"),
    ('We should understand the "two establishment" fully.', "two"),
    ('They build "four good" communities.', "four"),
    ("The community at No. 218 Jile Avenue was renewed.", "218"),
    ("Traffic is heavy on Huizhan No 4 Road.", "4"),
    ("Aunt Chen lives in the No. 3 courtyard.", "3"),
    ("Address: Creative Park Building B, Room 516", "516"),
    ("Changzhou Creative Industry Park e727-728", "727"),
    ("Changzhou Creative Industry Park e727-728", "728"),
    ("from:Network date:2024-05-17 reading:728", "728"),
    ("Go to Forum >>0 Comment(s)", "0"),
    ("0 Comment(s) Print E-mail", "0"),
    ("Residents want safer homes [1][3]", "1"),
    ("Residents want safer homes [1][3]", "3"),
    ("It benefited more than ,000 households.", "000"),
    ("It is one of the best projects.", "one"),
    ("Old communities were renewed one after another.", "one"),
    ("The first and the second batch are done.", "first"),
    ("Photo: 640.jpg", "640"),
    ("Record no. 05001922 was filed.", "05001922"),
    ("Wu Meifang, 69, lives in the complex.", "69"),
    ("Work starts at 9 a.m. daily.", "9"),
    ("The 1990s buildings need lifts.", "1990"),
    ("The 5G network covers the estate.", "5"),
    ("It has a 10-storey building.", "10"),
    ("The two were pleased.", "two"),
    ("All houses built before 2000 that need repair are included.", "2000"),
    ("About one third of the 900 communities are done.", "one"),
    ("The two cities started their projects.", "two"),
    ("The Two Sessions opened in March.", "Two"),
    ("It will take two to three years.", "two"),
    ("A one-stop service center opened.", "one"),
    ("Posted: 2021/07/05 | Views: 1,234", "1,234"),
    ("Posted: 2021/07/05 | Views: 1,234", "2021"),
    ("Tel: +86-10-58933112", "86"),
    ("Tel: +86-10-58933112", "10"),
    ("Tel: +86-10-58933112", "58933112"),
    ("1. Improve the living environment.", "1"),
    ("(3) Install elevators in old buildings.", "3"),
    ("He was born in 1965 and joined in 1990.", "1965"),
    ("Version 2.0 came out on 2021.06.30.", "2.0"),
    ("Version 2.0 came out on 2021.06.30.", "2021"),
    ("The project ID is 3301082021.", "3301082021"),
    ("Built in the 1980s, the estate is old.", "1980"),
    ("COVID-19 slowed the work.", "19"),
    ("The policy No.23 [2020] asks for renewal.", "23"),
    ("The policy No.23 [2020] asks for renewal.", "2020"),
    ("See page 12 for the table.", "12"),
]


@pytest.mark.parametrize("text, number", NOT_QUANTITIES)
def test_not_a_quantity(rules, text, number):
    at = text.index(number)
    found = find_quantities(text, rules)
    assert not [m for m in found if m.number_start <= at < m.number_end], [text[m.start:m.end] for m in found]


def test_page_furniture_gives_nothing(rules):
    text = (
        "Contact us\n\nCooperation hotline: 400-617-2035\n\nQQ customer service: 2846013957\n\n"
        "Wechat customer service: 13581620477\n\nCreative Park Building B, Room 516\n\n"
        "Working hours\n\n24 Hours, Monday - Friday\n"
    )
    assert find_quantities(text, rules) == []


# spans: cue + number + unit + noun
SPANS = [
    ("It helps more than 230,000 residents.", "more than 230,000 residents"),
    ("Crews laid nearly 300000 kilometers of pipelines.", "nearly 300000 kilometers of pipelines"),
    ("The region renewed 1,273 old urban residential communities.", "1,273 old urban residential communities"),
    ("The bank lent RMB 2 billion to the city.", "RMB 2 billion"),
    ("The total is 1.31 billion yuan ($206.49 million).", "1.31 billion yuan"),
    ('Crews set up 11 "smart" e-bike charging stations.', '11 "smart" e-bike charging stations'),
    ("It will add 3.25 million new parking spaces.", "3.25 million new parking spaces"),
    ("Of the 2.04 million units of such housing, most are built.", "2.04 million units of such housing"),
]


@pytest.mark.parametrize("text, span", SPANS)
def test_span(rules, text, span):
    found = find_quantities(text, rules)
    assert span in [text[m.start:m.end] for m in found]


def test_number_span_and_unit_text(rules):
    text = "Crews laid nearly 1.0224 million kilometers of gas pipes, and 1,481, with more."
    first, second = find_quantities(text, rules)
    assert text[first.number_start:first.number_end] == "1.0224 million"
    assert first.unit_text == "kilometers of gas pipes"
    assert second.unit_text is None


def test_rule_names_the_decision(rules):
    (match,) = find_quantities("They renewed 1.5 million old communities.", rules)
    assert match.rule == "digits+scale|noun:communities"
    (match,) = find_quantities("The estates cover 435 hectares.", rules)
    assert "hectare" in match.rule and match.metric == "area_sqm"


# edges: start and end of text, line breaks, unicode dashes and spaces, headlines
EDGES = [
    ("1,273 old communities will be renewed", "1,273", 1273, "communities"),
    ("The region will renew 1,273 old communities", "1,273", 1273, "communities"),
    ("Plan for 2022\n1,273 old communities\nwill be renewed.", "1,273", 1273, "communities"),
    ("It will renew 1,273\u00a0households.", "1,273", 1273, "households"),
    ("XINJIANG TO RENEW 1,273 OLD COMMUNITIES", "1,273", 1273, "communities"),
    ("Seven parking lots were built.", "Seven", 7, "parking_spaces"),
    ("It will pick 1\u20142 old communities.", "1\u20142", 1, "communities"),
    ("It renewed 3,000 old communities.\r\nThe city also added lifts.", "3,000", 3000, "communities"),
]


@pytest.mark.parametrize("text, number, value, metric", EDGES)
def test_edges(rules, text, number, value, metric):
    match = _at(text, find_quantities(text, rules), number)
    assert (match.value, match.metric) == (value, metric)


def test_of_determiner_keeps_an_unknown_noun(rules):
    # the noun is kept (metric None) so that the linker does not lend the bikes a metric
    text = "Roughly 400 of those bikes need charging."
    (match,) = find_quantities(text, rules)
    assert (match.approx, match.unit_text, match.metric) == ("about", "bikes", None)


def test_line_break_ends_the_noun_phrase(rules):
    text = "The city completed 1,481\nChengdu also renewed parks."
    (match,) = find_quantities(text, rules)
    assert match.unit_text is None


def test_empty_and_numberless_text(rules):
    assert find_quantities("", rules) == []
    assert find_quantities("Renovation improves lives.", rules) == []


def test_offsets_survive_characters_that_lowercase_to_two(rules):
    text = "\u0130stanbul visitors saw 1,273 old communities."
    (match,) = find_quantities(text, rules)
    assert text[match.number_start:match.number_end] == "1,273"
    assert match.metric == "communities"


def test_rules_reject_unknown_keys():
    with pytest.raises(ValueError, match="allowed"):
        QuantityRules.from_dicts({"metrics": {}, "bogus": 1}, {})
    with pytest.raises(ValueError, match="allowed"):
        QuantityRules.from_dicts({"metrics": {"x": {"heads": [{"head": "a", "colour": "red"}]}}}, {})


def test_rules_from_custom_dicts():
    """A pack of its own: one metric, one unit, no number words."""
    metrics = {"metrics": {"trees": {"heads": ["trees", "saplings"]}, "area_sqm": {"unit": "sqm"}}}
    words = {"measures": {"square meters": {"unit": "sqm", "factor": 1}}, "stop_words": ["in"],
             "approximations": {"about": "about"}}
    custom = QuantityRules.from_dicts(metrics, words)
    text = "Volunteers planted about 1,200 young saplings in 300 square meters."
    first, second = find_quantities(text, custom)
    assert (first.value, first.approx, first.metric) == (1200, "about", "trees")
    assert (second.value, second.unit, second.metric) == (300, "sqm", "area_sqm")


# machine translation keeps the Chinese order of a number: each part below the scale before it
CHINESE_ORDER = [
    ("started 82 thousand and 600 units", 82600),
    ("invested 17 million 620 thousand yuan", 17620000),
    ("benefiting 2 million 35 thousand and 600 residents", 2035600),
    ("will invest 7 billion 200 million yuan", 7.2e9),
    ("renovated 1.5 million square meters and 300 communities", 1.5e6),  # a decimal is whole: "and" joins figures
    ("renovated 3 million 2022 square meters", 2022),  # a four-digit part is not a part (3,002,022)
]


@pytest.mark.parametrize("text,value", CHINESE_ORDER, ids=[row[0] for row in CHINESE_ORDER])
def test_numbers_in_chinese_order(rules, text, value):
    values = [q.value for q in find_quantities(text, rules)]
    assert value in values and all(v <= value or v % 1000 == 0 for v in values), values


# metric nouns of real pages: six words before the head, "sets" of housing, "beneficiaries", ...
REAL_PAGE_NOUNS = [
    ("started 44,300 old urban residential community renovation projects", 44300, "projects"),
    ("work on about 3 million sets started", 3e6, "housing_units"),
    ("3 sets of elevators were installed", 3, "elevators"),
    ("benefiting 438,000 beneficiaries", 438000, "residents"),
    ("The number of buildings is 14743.", 14743, "buildings"),  # the noun of "the number of"
    ("the number of renovated old communities reached 2,100 last year", 2100, "communities"),
    ("106,800 public housings will be built", 106800, "housing_units"),
    ("costing Yuan 74.23 million", 74.23e6, "funds_cny"),  # the currency written first
    ("cultivated 268 childcare institutions", 268, "facilities"),
    ("has added 3,000 new parking slots this year", 3000, "parking_spaces"),
    ("100 charging sites will be built", 100, "charging_points"),
    ("nearly 600,000 kilometers of various types of urban pipelines", 600000, "pipelines_km"),  # a kind noun's "of"
    ("19,000 old towns will be renovated", 19000, "communities"),  # machine translation of 老旧小区
]


@pytest.mark.parametrize("text,value,metric", REAL_PAGE_NOUNS, ids=[row[0] for row in REAL_PAGE_NOUNS])
def test_metric_nouns_of_real_pages(rules, text, value, metric):
    found = {q.value: q.metric for q in find_quantities(text, rules)}
    assert found.get(value) == metric, found


def test_a_range_between_two_amounts_each_with_its_unit(rules):
    found = find_quantities("with a budget between 1.5 billion yuan (US$220.6 million) and 2 billion yuan.", rules)
    assert [(q.value, q.value_max, q.metric) for q in found] == [(1.5e9, 2e9, "funds_cny")]


@pytest.mark.parametrize("text,value", [
    ("the province added 811 boiler houses", 811),
    ("12.89 million rural people were lifted out of poverty", 12.89e6),
    ("the district renovated 96 office buildings", 96),
])
def test_heads_of_other_things_count_no_metric(rules, text, value):
    found = {q.value: q.metric for q in find_quantities(text, rules)}
    assert found.get(value) is None, found


@pytest.mark.parametrize("text, value, value_max, metric", [
    # a year, then "to" and the figure it rose or fell to: the year is a time, the figure its own
    ("The share rose from 89 percent at the end of 2022 to 92 percent.", 92, None, "percent"),
    ("The total grew since 2019 to 14,800 households.", 14800, None, "households"),
    ("The rate rose in 2022 to 32 percent.", 32, None, "percent"),
    ("Hebei raised the number of renovated communities in 2022 to 1,200 old communities.", 1200, None,
     "communities"),
    # a count range that starts with a number that looks like a year stays a range
    ("It will renovate 2000 to 5000 households.", 2000, 5000, "households"),
])
def test_a_year_before_to_is_not_the_start_of_a_range(rules, text, value, value_max, metric):
    found = [q for q in find_quantities(text, rules) if q.metric == metric]
    assert [(q.value, q.value_max) for q in found][-1:] == [(value, value_max)]


@pytest.mark.parametrize("text, value, metric", [
    ("1. Building 150 km of gas pipelines;", 150, "pipelines_km"),
    ("- Building 30 elevators in old buildings.", 30, "elevators"),
])
def test_a_task_that_opens_with_building_is_not_a_label(rules, text, value, metric):
    # "Building 6" is a label; "Building 150 km of ..." is a task: a unit or a counted noun follows
    assert [(q.value, q.metric) for q in find_quantities(text, rules)] == [(value, metric)]


def test_a_building_label_stays_a_label(rules):
    assert find_quantities("Building 6 of the compound was renovated.", rules) == []
