"""Tables for the pure time normaliser ``renovex.engines.timex`` (no spaCy needed)."""
from __future__ import annotations

import copy
from datetime import date
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renovex.engines.timex import (TimeGrammar, TimeMatch, default_grammar, find_publication_date, find_time_expressions,
                           load_time_words)

P21 = date(2021, 7, 4)
P22 = date(2022, 10, 19)
P23 = date(2023, 8, 25)


def only(text: str, published: date | None = P21) -> TimeMatch:
    found = find_time_expressions(text, published)
    assert len(found) == 1, [(text[m.start:m.end], m.rule) for m in found]
    return found[0]


def spans(text: str, published: date | None = P21) -> list[str]:
    return [text[m.start:m.end] for m in find_time_expressions(text, published)]


# --------------------------------------------------------------------------- publication date

@pytest.mark.parametrize("text, expected", [
    ("Site news\nfrom:Portal date:2024-05-17 views:311\nOn May 16 the ministry met.", date(2024, 5, 17)),
    (" date 2024-01-31 Old estates get a facelift in 2023\n\nBEIJING, Jan. 30 (Xinhua) -- Work went on.", date(2024, 1, 31)),
    ("Home> News\n\nA greener district\n\nexample.gov.cn|Updated: 2023-11-21\n\nThe district said...", date(2023, 11, 21)),
    ("Lifts for old blocks\nPublished Nov 24, 2022\nThe city added lifts.", date(2022, 11, 24)),
    ("Renovation begins\n(Xinhua) 15:23, August 25, 2023\nBEIJING, Aug. 25 (Xinhua) -- Work began.", date(2023, 8, 25)),
    ("Press Room\nRental homes speed up\n\nXinhua | September 14, 2023\n\nThe ministry said.", date(2023, 9, 14)),
    ("Minister speaks\n\n0 Comment(s) Print E-mail Xinhua, March 9, 2024\nAdjust font size:", date(2024, 3, 9)),
    ("Share\nWeibo\n\nCity news\n\n2022-09-23 09:50:10\n\nCHONGQING -- New lifts were running.", date(2022, 9, 23)),
    ("Search\nSome Agency\u00b7 2025-10-31 11:48\nCore points - since 2021 ...", date(2025, 10, 31)),
    ("Old homes renewed\n\nHAIKOU, March 12, 2020 /TASS/. The island will rebuild estates.", date(2020, 3, 12)),
    ("Work starts\nBEIJING, Aug. 25 (Xinhua) -- Work began.\n\nCopyright \u00a9 2023 Agency", date(2023, 8, 25)),
])
def test_publication_date_found(text: str, expected: date) -> None:
    assert find_publication_date(text) == expected


@pytest.mark.parametrize("text", [
    "",
    "Xinjiang plans to renovate 1,273 old communities in 2022\n\n\nThe reporter learned that in 2022 ...",
    "BEIJING, Aug. 25 (Xinhua) -- Work began on estates; no year anywhere in the furniture.",
    "On March 7, a district launched its 2022 programme for old neighbourhoods.",
    "City to finish renovation by June 30, 2025\n\nThe city said...",
    "A long opening paragraph " + "x " * 400 + "and only later, on March 3, 2021, something happened.",
])
def test_publication_date_absent(text: str) -> None:
    assert find_publication_date(text) is None


# --------------------------------------------------------------------------- years

@pytest.mark.parametrize("text, span, year", [
    ("The city will renovate 300 estates in 2022.", "2022", 2022),
    ("2022's plan covers 300 estates.", "2022", 2022),
    ("Of the 1,506 estates in the 2020 plan, most are done.", "2020", 2020),
    ("Estates planned for 2019 are finished.", "2019", 2019),
    ("IN 2022 THE CITY RENOVATED 90 ESTATES", "2022", 2022),
    ("in\u00a02022 the city", "2022", 2022),
    ("2021", "2021", 2021),
    ("Built before 1949, the blocks ...", "1949", 1949),
    ("In 2021 1277 estates were started.", "2021", 2021),
    ("In 2022 old communities got lifts.", "2022", 2022),
])
def test_years(text: str, span: str, year: int) -> None:
    m = only(text)
    assert (text[m.start:m.end], m.label, m.type, m.period, m.relative) == (span, "PERIOD", "year", (year, year), False)


@pytest.mark.parametrize("text", [
    "The figure rose to 2,022 units.",
    "The project benefits 2000 households.",
    "About 1990 residents moved back.",
    "Some 2021 old urban communities were renovated.",
    "Cooperation hotline: 400-828-1019",
    "Creative Industry Park e727-728",
    "The office is at No. 2021 Jile Road.",
    "Room 2019, Building B",
    "QQ: 2846013957, WeChat 13327892019",
    "Built in the 1990s, the estate is old.",
    "A budget of 2021.5 million yuan.",
    "In 1948 and 2101 nothing counts.",
    "the 14th National People's Congress",
    "13 15-minute living circles are planned",
    "a three-year action plan and a 15-minute activity circle",
    "It ranks eighth; this is the third year of the drive.",
    "It may rise further; we march on.",
    "24 Hours, Monday - Friday",
])
def test_not_time_expressions(text: str) -> None:
    assert find_time_expressions(text, P21) == []


# --------------------------------------------------------------------------- ranges

@pytest.mark.parametrize("text, span, period, rule", [
    ("From 2021 to 2025, the region plans to renovate estates.", "From 2021 to 2025", (2021, 2025), "year_range"),
    ("from 2021\nto 2025", "from 2021\nto 2025", (2021, 2025), "year_range"),
    ("in the 2019-2023 period", "2019-2023", (2019, 2023), "year_range"),
    ("in the 2019\u20132023 period", "2019\u20132023", (2019, 2023), "year_range"),
    ("in the 2019 \u2014 2023 period", "2019 \u2014 2023", (2019, 2023), "year_range"),
    ("between 2019 and 2023, work went on", "between 2019 and 2023", (2019, 2023), "year_range_and"),
    ("to be launched across 2021 and 2022.", "2021 and 2022", (2021, 2022), "year_range_and"),
    ("done in 2021 and 2022", "2021 and 2022", (2021, 2022), "year_range_and"),
    ("the Plan for Old Districts (2021-2025)", "2021-2025", (2021, 2025), "year_range"),
    ("the 2021-25 plan", "2021-25", (2021, 2025), "year_range"),
    ("from 2019 through 2021", "from 2019 through 2021", (2019, 2021), "year_range"),
])
def test_ranges(text: str, span: str, period: tuple[int, int], rule: str) -> None:
    m = only(text)
    assert (text[m.start:m.end], m.type, m.period, m.rule, m.label) == (span, "range", period, rule, "PERIOD")


def test_two_separate_years_are_not_a_range() -> None:
    assert spans("in 2019 and 2023 alike") == ["2019", "2023"]
    assert spans("the 2022-09 issue") == []


# --------------------------------------------------------------------------- Five-Year Plans

@pytest.mark.parametrize("text, span, period, type_", [
    ("during the 14th Five-Year Plan period,", "the 14th Five-Year Plan period", (2021, 2025), "fyp"),
    ("during the 13th Five-Year Plan", "the 13th Five-Year Plan", (2016, 2020), "fyp"),
    ("Over the 14th Five-Year period, the region", "the 14th Five-Year period", (2021, 2025), "fyp"),
    ("the 12th Five-Year Plan (2011-2015) period", "the 12th Five-Year Plan (2011-2015) period", (2011, 2015), "fyp"),
    ("the 15th five-year plan", "the 15th five-year plan", (2026, 2030), "fyp"),
    ("THE FOURTEENTH FIVE-YEAR PLAN", "THE FOURTEENTH FIVE-YEAR PLAN", (2021, 2025), "fyp"),
    ("It is the first year of the 14th Five-Year Plan.", "the first year of the 14th Five-Year Plan", (2021, 2021), "fyp"),
    ('the first year of the "14th Five-Year Plan"', 'the first year of the "14th Five-Year Plan"', (2021, 2021), "fyp"),
    ("the last year of the 13th Five-Year Plan", "the last year of the 13th Five-Year Plan", (2020, 2020), "fyp"),
])
def test_five_year_plans(text: str, span: str, period: tuple[int, int], type_: str) -> None:
    m = only(text)
    assert (text[m.start:m.end], m.period, m.type, m.label) == (span, period, type_, "PERIOD")


def test_five_year_plan_end_is_a_deadline() -> None:
    text = 'by the end of the "14th Five-Year Plan" period, the work will be done'
    m = only(text)
    assert text[m.start:m.end] == 'by the end of the "14th Five-Year Plan" period'
    assert (m.type, m.period, m.as_of) == ("deadline", (2021, 2025), date(2025, 12, 31))


@pytest.mark.parametrize("text, published, period", [
    ("Since the start of the 14th Five-Year Plan, the region has built homes.", date(2025, 10, 31), (2021, 2025)),
    ("Since the start of the 14th Five-Year Plan, the region has built homes.", date(2023, 5, 1), (2021, 2023)),
    ("Since the start of the 14th Five-Year Plan, the region has built homes.", None, (2021, 2025)),
    ("Since the 14th Five-Year Plan began, 900 km of pipes were laid.", date(2024, 1, 2), (2021, 2024)),
])
def test_since_five_year_plan(text: str, published: date | None, period: tuple[int, int]) -> None:
    m = only(text, published)
    assert (m.type, m.period, m.since_year, m.relative) == ("since", period, 2021, True)
    assert text[m.start:m.end].lower().startswith("since")


def test_unknown_plan_number_is_ignored() -> None:
    assert find_time_expressions("the 40th Five-Year Plan", P21) == []


# --------------------------------------------------------------------------- relative years

@pytest.mark.parametrize("text, span, period, rule", [
    ("This year, the city will renovate 187 estates.", "This year", (2021, 2021), "relative_year:this_year"),
    ("this year's target", "this year", (2021, 2021), "relative_year:this_year"),
    ("Estates renovated last year", "last year", (2020, 2020), "relative_year:last_year"),
    ("Next year, 800 estates will follow.", "Next year", (2022, 2022), "relative_year:next_year"),
    ("double that of the previous year", "the previous year", (2020, 2020), "relative_year:the_previous_year"),
    ("due to be completed within the year.", "within the year", (2021, 2021), "relative_year:within_the_year"),
    ("the year before last", "the year before last", (2019, 2019), "relative_year:the_year_before_last"),
    ("two years ago", "two years ago", (2019, 2019), "years_ago:2"),
])
def test_relative_years(text: str, span: str, period: tuple[int, int], rule: str) -> None:
    m = only(text)
    assert (text[m.start:m.end], m.period, m.rule, m.relative, m.type) == (span, period, rule, True, "relative")
    unresolved = only(text, None)
    assert (unresolved.period, unresolved.relative, unresolved.rule) == (None, True, rule)


def test_the_next_n_years_follow_publication() -> None:
    m = only("Over the next five years, 600 estates will be renewed.")
    assert (m.period, m.rule, m.relative) == ((2022, 2026), "next_n_years:5", True)
    assert only("Over the next five years, 600 estates will be renewed.", None).period is None


@pytest.mark.parametrize("text, span, rule", [
    ("built over the past two years", "the past two years", "past_n_years:2"),
    ("in the past three years", "the past three years", "past_n_years:3"),
    ("over the last 5 years", "the last 5 years", "past_n_years:5"),
    ("over the past few years", "the past few years", "past_n_years:few"),
    ("Over the two years, seven car parks were built.", "the two years", "past_n_years:2"),
    ("In recent years, the region has improved.", "In recent years", "recent_years"),
    ("over the past year", "the past year", "past_n_years:1"),
])
def test_past_n_years_are_not_fixable(text: str, span: str, rule: str) -> None:
    m = only(text)
    assert (text[m.start:m.end], m.type, m.period, m.rule, m.relative) == (span, "past_n_years", None, rule, True)


def test_anaphoric_year_is_left_to_the_linker() -> None:
    m = only("Investment came to 240 billion yuan over the year.", date(2024, 1, 31))
    assert (m.rule, m.period, m.relative) == ("anaphoric_year", None, True)


@pytest.mark.parametrize("text, published, period, since_year, span", [
    ("Since 2019, 987 estates have been renovated.", date(2020, 12, 20), (2019, 2020), 2019, "Since 2019"),
    ("Since 2019, 987 estates have been renovated.", None, None, 2019, "Since 2019"),
    ("since the beginning of 2019", date(2022, 1, 1), (2019, 2022), 2019, "since the beginning of 2019"),
    ("from 2019 up to now", date(2022, 1, 1), (2019, 2022), 2019, "from 2019 up to now"),
    ("Since the start of the year, 1,734 lifts", P21, (2021, 2021), 2021, "Since the start of the year"),
    ("since the start of this month", P21, (2021, 2021), 2021, "since the start of this month"),
    ("since last year", P21, (2020, 2021), 2020, "since last year"),
    ("since May 2020", P21, (2020, 2021), 2020, "since May 2020"),
])
def test_since(text: str, published: date | None, period, since_year: int, span: str) -> None:
    m = only(text, published)
    assert (text[m.start:m.end], m.type, m.period, m.since_year, m.relative) == (span, "since", period, since_year, True)


def test_whole_of_year() -> None:
    m = only("over the whole of 2021")
    assert (m.period, m.type, m.rule) == ((2021, 2021), "year", "whole_year")


# --------------------------------------------------------------------------- windows within a year

@pytest.mark.parametrize("text, published, span, period, as_of", [
    ("in the first half of the year", P21, "the first half of the year", (2021, 2021), date(2021, 6, 30)),
    ("in the first half of 2021", None, "the first half of 2021", (2021, 2021), date(2021, 6, 30)),
    ("from the second half of 2019", None, "the second half of 2019", (2019, 2019), date(2019, 12, 31)),
    ("in the first seven months", P23, "the first seven months", (2023, 2023), date(2023, 7, 31)),
    ("in first seven months", P23, "first seven months", (2023, 2023), date(2023, 7, 31)),
    ("the first 10 months of last year", P23, "the first 10 months of last year", (2022, 2022), date(2022, 10, 31)),
    ("January-July", P23, "January-July", (2023, 2023), date(2023, 7, 31)),
    ("In Jan.-Oct., starts rose", P23, "Jan.-Oct.", (2023, 2023), date(2023, 10, 31)),
    ("between January and July this year", P23, "between January and July this year", (2023, 2023), date(2023, 7, 31)),
    ("from January to May 2022", P23, "from January to May 2022", (2022, 2022), date(2022, 5, 31)),
    ("January\u2013September", P23, "January\u2013September", (2023, 2023), date(2023, 9, 30)),
    ("the first three quarters", P23, "the first three quarters", (2023, 2023), date(2023, 9, 30)),
    ("in the first quarter,", P23, "the first quarter", (2023, 2023), date(2023, 3, 31)),
    ("the fourth quarter of 2022", P23, "the fourth quarter of 2022", (2022, 2022), date(2022, 12, 31)),
    ("Q3 2022", P23, "Q3 2022", (2022, 2022), date(2022, 9, 30)),
])
def test_windows(text: str, published: date | None, span: str, period, as_of: date) -> None:
    m = only(text, published)
    assert (text[m.start:m.end], m.label, m.type, m.period, m.as_of) == (span, "PERIOD", "window", period, as_of)


def test_window_without_publication_date() -> None:
    m = only("in the first seven months", None)
    assert (m.period, m.as_of, m.relative) == (None, None, True)


def test_reversed_month_range_is_not_a_window() -> None:
    assert all(m.type != "window" for m in find_time_expressions("from July to January", P23))


# --------------------------------------------------------------------------- as-of points and deadlines

# A point whose year the text states is also a PERIOD (the linker takes periods from PERIODs).
@pytest.mark.parametrize("text, published, span, type_, as_of, period, label", [
    ("as of the end of June, 1,481 were done", P21, "as of the end of June", "as_of", date(2021, 6, 30), None, "DATE"),
    ("as of the end of June", date(2021, 3, 1), "as of the end of June", "as_of", date(2020, 6, 30), None, "DATE"),
    ("Work should finish by the end of October.", P22, "by the end of October", "deadline", date(2022, 10, 31), None, "DATE"),
    ("By the end of July, all projects had started", P23, "By the end of July", "deadline", date(2023, 7, 31), None, "DATE"),
    ("by the end of March", date(2022, 12, 1), "by the end of March", "deadline", date(2023, 3, 31), None, "DATE"),
    ("By the end of 2021, all will be renovated", P21, "By the end of 2021", "deadline", date(2021, 12, 31), (2021, 2021), "PERIOD"),
    ("by the end of the year", P21, "by the end of the year", "deadline", date(2021, 12, 31), (2021, 2021), "PERIOD"),
    ("by the end of June this year", P21, "by the end of June this year", "deadline", date(2021, 6, 30), (2021, 2021), "PERIOD"),
    ("At the end of April and May this year", P21, "At the end of April and May this year", "as_of", date(2021, 5, 31),
     (2021, 2021), "PERIOD"),
    ("as of mid-August", P23, "as of mid-August", "as_of", date(2023, 8, 15), None, "DATE"),
    ("mid-August", P23, "mid-August", "as_of", date(2023, 8, 15), None, "DATE"),
    ("by mid-2022", P21, "by mid-2022", "deadline", date(2022, 6, 30), (2022, 2022), "PERIOD"),
    ("as of June 30", P21, "as of June 30", "as_of", date(2021, 6, 30), (2021, 2021), "DATE"),
    ("as of June 30, 2020", P21, "as of June 30, 2020", "as_of", date(2020, 6, 30), (2020, 2020), "DATE"),
    ("scheduled for completion by November.", date(2022, 3, 31), "by November", "deadline", date(2022, 11, 30), None, "DATE"),
    ("as of June 2021", P23, "as of June 2021", "as_of", date(2021, 6, 30), (2021, 2021), "PERIOD"),
])
def test_as_of_and_deadlines(text: str, published: date, span: str, type_: str, as_of: date, period, label: str) -> None:
    m = only(text, published)
    assert (text[m.start:m.end], m.type, m.as_of, m.period, m.label) == (span, type_, as_of, period, label)


@pytest.mark.parametrize("text, rule", [
    ("So far, 187 projects are finished.", "progress:so_far"),
    ("To date, the city has renovated 4,945 estates.", "progress:to_date"),
    ("At present, all localities are bidding.", "progress:at_present"),
    ("up to now", "progress:up_to_now"),
])
def test_progress_cues(text: str, rule: str) -> None:
    m = only(text)
    assert (m.label, m.type, m.as_of, m.period, m.rule) == ("DATE", "as_of", None, None, rule)


def test_progress_cue_look_alikes() -> None:
    assert find_time_expressions("Keep the list up to date.", P21) == []
    assert find_time_expressions("so far as we know", P21) == []


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text, published, span, day", [
    ("On July 4, the reporter learned", P21, "July 4", date(2021, 7, 4)),
    ("lifts were running on September 19 beside", P22, "September 19", date(2022, 9, 19)),
    ("On March 7, a district launched", date(2022, 3, 31), "March 7", date(2022, 3, 7)),
    ("On December 14, the bureau said", date(2022, 1, 10), "December 14", date(2021, 12, 14)),
    ("BEIJING, Aug. 25 (Xinhua) --", P23, "Aug. 25", date(2023, 8, 25)),
    ("On may 16, the ministry held a meeting", date(2024, 5, 17), "may 16", date(2024, 5, 16)),
    ("the ministry said Wednesday.", date(2023, 9, 14), "Wednesday", date(2023, 9, 13)),
    ("the minister said Saturday.", date(2024, 3, 9), "Saturday", date(2024, 3, 9)),
    ("on 30 June 2021", P23, "30 June 2021", date(2021, 6, 30)),
    ("Beijing, March 9, 2024. [Photo]", P23, "March 9, 2024", date(2024, 3, 9)),
    ("updated 2022-09-23 09:50", P23, "2022-09-23", date(2022, 9, 23)),
])
def test_dates(text: str, published: date, span: str, day: date) -> None:
    m = only(text, published)
    assert (text[m.start:m.end], m.label, m.type, m.day, m.period) == (span, "DATE", "date", day, (day.year, day.year))


def test_dates_without_publication_date() -> None:
    m = only("On December 14 the bureau said", None)
    assert (m.day, m.period, m.relative) == (None, None, True)
    assert only("Wednesday", None).day is None


def test_month_with_year_is_a_period() -> None:
    m = only("In June this year, it was the first to found a centre.", P22)
    assert (m.label, m.period, m.type) == ("PERIOD", (2022, 2022), "date")


def test_months_never_become_numbers() -> None:
    text = "In May this year, 300 estates started; 20 more by June."
    assert spans(text, P21) == ["May this year", "by June"]


# --------------------------------------------------------------------------- whole texts

def test_paragraph_and_order() -> None:
    text = ("Province to renovate 1,130 old estates this year\n\n"
            "In 2021, the province set the goal of renovating 1,130 estates, double the previous year. "
            "By the end of June this year, work had started on 1,037. Since the start of the year, "
            "1,734 lifts were launched. From 2019 to 2021 the city planned 2,600 estates; the 2020 plan is done.")
    found = find_time_expressions(text, date(2021, 7, 20))
    assert [text[m.start:m.end] for m in found] == [
        "this year", "2021", "the previous year", "By the end of June this year",
        "Since the start of the year", "From 2019 to 2021", "2020"]
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_expressions_at_text_edges() -> None:
    assert spans("2022") == ["2022"]
    assert spans("this year") == ["this year"]
    assert spans("x" * 500 + " in 2019-2023") == ["2019-2023"]
    assert spans("2019-2023 " + "y" * 500) == ["2019-2023"]


def test_longest_match_wins() -> None:
    text = "between January and July this year"
    assert spans(text, P23) == [text]


_FRAGMENTS = ["in 2022", " this year", " from 2021 to 2025", " 1,273 estates", " as of the end of June", " No. 2021",
              "\n", " the 14th Five-Year Plan", " Since 2019,", " so far", " May 16", " 2000 households", " Jan.-Oct.",
              " \u2013 ", "\u00a0", " the first half of 2021", " last year", " Wednesday", " the past two years", "2023-01-05"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14), st.sampled_from([None, P21, date(2024, 2, 29)]))
def test_output_is_sorted_disjoint_and_in_bounds(parts: list[str], published: date | None) -> None:
    text = "".join(parts)
    found = find_time_expressions(text, published)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == text[m.start:m.end].strip()
        if m.period is not None:
            assert m.period[0] <= m.period[1]
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


@pytest.mark.parametrize("text, span, rule", [
    ("the first\u00a0half of\u00a0the year", "the first\u00a0half of\u00a0the year", "half:first"),
    ("from 2021\u00a0to\u00a02025", "from 2021\u00a0to\u00a02025", "year_range"),
    ("by the end of the \u201c14th Five-Year Plan\u201d period", "by the end of the \u201c14th Five-Year Plan\u201d period", "fyp_end"),
    ("SINCE 2019, WORK HAS GONE ON", "SINCE 2019", "since_year"),
    ("the 2021\u20132025 period", "2021\u20132025", "year_range"),
    ("\u5e7f\u897f\u65b0\u95fb in 2022", "2022", "year"),
])
def test_unicode_spaces_quotes_and_case(text: str, span: str, rule: str) -> None:
    m = only(text)
    assert (text[m.start:m.end], m.rule) == (span, rule)


def test_chinese_furniture_marker() -> None:
    assert find_publication_date("\u53d1\u5e03\u65f6\u95f4\uff1a2024-05-17\n\u65b0\u95fb") == date(2024, 5, 17)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from([None, P21]))
def test_any_text_is_safe(text: str, published: date | None) -> None:
    found = find_time_expressions(text, published)
    assert all(0 <= m.start < m.end <= len(text) for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    find_publication_date(text)


# --------------------------------------------------------------------------- API, data, purity

def test_time_match_round_trip() -> None:
    m = only("as of June 30", P21)
    assert TimeMatch.from_dict(m.to_dict()) == m
    assert m.to_dict()["as_of"] == "2021-06-30"


def test_grammar_is_built_from_its_words() -> None:
    words = copy.deepcopy(load_time_words())
    words["relative_years"]["the current fiscal year"] = 0
    grammar = TimeGrammar(words)
    m = grammar.find("in the current fiscal year", P21)
    assert [(x.rule, x.period) for x in m] == [("relative_year:the_current_fiscal_year", (2021, 2021))]
    assert find_time_expressions("in the current fiscal year", P21) == []  # default grammar unchanged
    assert default_grammar() is default_grammar()


def test_bad_time_words_are_named() -> None:
    words = copy.deepcopy(load_time_words())
    del words["months"]
    words["monthz"] = {}
    with pytest.raises(ValueError, match=r"missing keys \['months'\], unknown keys \['monthz'\]"):
        TimeGrammar(words)


def test_time_words_file_is_packaged() -> None:
    path = resources.files("renovex").joinpath("data", "time_words.json")
    assert path.is_file()
    plans = load_time_words()["five_year_plans"]
    assert plans["13"] == [2016, 2020] and plans["14"] == [2021, 2025] and plans["15"] == [2026, 2030]


def test_a_shared_scan_gives_the_same_matches_for_every_date() -> None:
    grammar = default_grammar()
    text = ("Last year the county renewed 40 estates; since 2019 it has done 300. By the end of June "
            "this year, work had begun on 25 more, and in the first half of 2024 the rest will start.")
    scan = grammar.scan(text)
    for published in (date(2000, 12, 31), P21, None, P23):
        assert grammar.find(text, published, scan) == grammar.find(text, published)
    assert grammar.find(text, P22, grammar.scan("another text")) == grammar.find(text, P22)  # a stale scan is ignored
