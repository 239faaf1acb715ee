"""Period behaviour where it was missing (issue 15, item 2): "the next N years" after a year the
sentence names, a clause's own deadline and cut-off date, and per metric role as pack data:
deadlines of a level ({null, YEAR}) and "so far" within a frame (its start to the article's year)."""
import json

import pytest

import renovex
from renovex.api import build, extract
from renovex.rules import check_pack


@pytest.fixture(scope="module")
def bundled():
    return renovex.load()


def periods(nlp, text, published="2023-08-01"):
    return [(r.text, r.period, r.as_of) for r in extract(text, published, "t", nlp=nlp)]


def span(start, end):
    return {"start": start, "end": end}


def pack_with(root, linking):
    root.mkdir()
    (root / "pack.json").write_text(json.dumps({"extends": "renovation"}), encoding="utf-8")
    (root / "linking.json").write_text(json.dumps(linking), encoding="utf-8")
    return root


def as_dicts(found):
    return [(text, period if period is None or isinstance(period, dict) else span(*period), as_of)
            for text, period, as_of in found]


def test_the_next_n_years_count_from_the_year_the_sentence_names(bundled):
    text = "In 2021, Hefei pledged to renovate 600 old residential communities over the next three years."
    assert as_dicts(periods(bundled, text, "2024-03-01")) == [
        ("600 old residential communities", span(2022, 2024), None)]


def test_a_deadline_of_its_own_clause_beats_the_sentences_leading_year(bundled):
    text = "In 2022, Wuhan renovated 500 old communities, and by 2025 the renovation completion rate will reach 95 percent."
    assert as_dicts(periods(bundled, text))[1] == ("95 percent", span(None, 2025), None)


def test_a_later_clauses_year_does_not_date_the_figure_before_it(bundled):
    text = "As of the end of June, Wuhan had renovated 420 old communities, while 150 communities were finished in 2022."
    first, second = as_dicts(periods(bundled, text))
    assert first[1] is None and str(first[2]) == "2023-06-30"
    assert second[1] == span(2022, 2022)


def test_a_cut_off_does_not_reach_a_clause_whose_period_ended_before_it(bundled):
    text = "As of the end of June, Wuhan had renovated 420 old communities, while 150 communities were finished in 2022."
    assert as_dicts(periods(bundled, text))[1][2] is None


def test_a_cut_off_of_a_later_clause_is_not_the_earlier_figures(bundled):
    text = "Wuhan renovated 420 old communities in 2022, and by the end of June it had started 150 more communities."
    first, second = as_dicts(periods(bundled, text))
    assert first[2] is None and str(second[2]) == "2023-06-30"


FRAME = "During the 14th Five-Year Plan period, Hubei will renovate 10,000 old communities."


def test_an_open_deadline_role_gives_a_level_no_start(tmp_path):
    nlp = build(str(pack_with(tmp_path / "open", {"deadline_period": {"rate": "open"}})))
    text = FRAME + " By 2025, the renovation completion rate will reach 95 percent."
    assert as_dicts(periods(nlp, text))[1] == ("95 percent", span(None, 2025), None)


def test_an_open_deadline_role_takes_its_clauses_deadline_over_a_frame(tmp_path):
    nlp = build(str(pack_with(tmp_path / "open", {"deadline_period": {"rate": "open"}})))
    text = "This year, Hubei aims to raise the renovation completion rate to 89 percent by the end of the year."
    assert [found[:2] for found in as_dicts(periods(nlp, text))] == [("89 percent", span(None, 2023))]


def test_so_far_within_a_frame_runs_to_the_articles_year_when_the_role_says_so(tmp_path, bundled):
    text = FRAME + " So far, 6,200 old communities have been renovated."
    assert as_dicts(periods(bundled, text))[1][1] == span(2021, 2025)  # the bundled pack: the whole frame
    nlp = build(str(pack_with(tmp_path / "so_far", {"cumulative_period": {"count": "to_reference_year"}})))
    assert as_dicts(periods(nlp, text))[1][1] == span(2021, 2023)


def test_pack_check_names_the_file_and_key_of_a_bad_period_setting(tmp_path):
    report = check_pack(str(pack_with(tmp_path / "bad", {"deadline_period": {"rate": "closed"},
                                                        "cumulative_period": {"roads": "frame"}})))
    assert any("linking.json" in e and "deadline_period.rate" in e and "open" in e for e in report.errors)
    assert any("cumulative_period.roads" in e and "unknown metric role" in e for e in report.errors)
