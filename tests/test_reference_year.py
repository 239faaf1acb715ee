"""The current year of undated articles."""
import pytest

from renovex.engines.reference_year import infer_reference_year
from renovex.engines.timex import find_time_expressions


@pytest.mark.parametrize("text,year,rule", [
    # the same figure stated with an absolute and a relative year fixes "this year"
    ("Hunan to build 640 new parks in 2024\n\nNext year, 640 new parks will open, officials said in 2019 talks.",
     2023, "same_figure_with_absolute_year"),
    ("Gansu will renovate 1,250 estates this year.\n\nIn 2022, Gansu plans to renovate 1250 estates.",
     2022, "same_figure_with_absolute_year"),
    # else the latest year named on its own
    ("This year the county will add 30 lifts. In 2020 it added 12 and in 2021 it added 18.", 2021, "latest_year_named"),
    # a count "as of the end of 2020" is written in 2021 at the earliest; "as of June 2020" in 2020
    ("Since the work began in 2018, as of the end of 2020 the county had renovated 611 estates. "
     "This year it plans to renovate 305.", 2021, "latest_year_named"),
    ("Since the work began in 2018, as of the end of June 2020 the county had renovated 611 estates. "
     "This year it plans to renovate 305.", 2020, "latest_year_named"),
    # a year that opens a span to a relative year is not the current one
    ("Between 2004 and last year, the city built 4.5 million sq m of homes. This year it will add 30,000.",
     None, "no_years_named"),
    # a range alone does not say which year is current
    ("From 2019 to 2021 the city renovated 300 estates; this year it will do 90.", None, "no_years_named"),
    ("No relative year in 2021 at all.", None, "no_relative_years"),
])
def test_infer_reference_year(text, year, rule):
    assert infer_reference_year(text, find_time_expressions) == (year, rule)
