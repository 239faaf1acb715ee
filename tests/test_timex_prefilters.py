"""The shortcuts of ``renovex.engines.timex`` give what the plain computation gives: start tables
never rule out a position where a pattern matches, a scan shared between dates gives a
fresh run's matches, and the reversed tests before a year equal the forward searches."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renovex.core.regex_prefixes import start_table
from renovex.engines.timex import (_WORDS, _prepare, _word_starts, default_grammar, find_publication_date,
                           load_time_words)

TEXT = ("Since 2019 the city has renovated 300 estates; by the end of June this year work had begun on 25 more. "
        "In the first half of 2024, between January and March, and on Monday, March 4, 2024 (2024-03-04) the "
        "rest will start. Over the past five years, as of now, during the 14th Five-Year Plan period (2021-2025), "
        "Q3 2022 and the whole year of 2023 saw mid-2022 progress; last month and 3 years ago too.")


def allowed(table: list | None, low: bytes, start: int) -> bool:
    if table is None:
        return True
    entry = table[low[start]]
    return entry is True or (entry is not None and low[start:start + 3] in entry)


def test_start_tables_never_rule_out_a_match() -> None:
    grammar = default_grammar()
    low = _prepare(TEXT)
    words = low.translate(_WORDS)
    starts = _word_starts(words, 0, len(low) - 1)
    matched = 0
    for family in grammar.families:
        table = start_table(family.regex.pattern)
        assert table is not None, family.name
        for start in starts:
            if family.regex.match(low, start):
                matched += 1
                assert allowed(table, low, start), (family.name, low[start:start + 20])
    assert matched > 20


@pytest.mark.parametrize("pattern, first, expected", [
    (rb"(?:the\s+)?year", ord("y"), {b"yea"}),
    (rb"(?:the\s+)?year", ord("t"), {b"the"}),
    (rb"(?:the\s+)?year", ord("x"), None),
    (rb"\d{4}", ord("2"), True),  # a repeat ends what can be worked out
    (rb"q[1-4]\b", ord("q"), True),
])
def test_start_table_entries(pattern: bytes, first: int, expected) -> None:
    assert start_table(pattern)[first] == expected


@pytest.mark.parametrize("pattern", [rb"(?i)year", rb"(?:year)?", rb"a*"])
def test_start_table_gives_up(pattern: bytes) -> None:
    assert start_table(pattern) is None


@pytest.mark.parametrize("words, lo, pos, expected", [
    (b"in the year", 0, 7, [0, 3, 7]),
    (b"in the year", 1, 7, [3, 7]),  # "in" starts before lo
    (b"in  the year", 3, 4, [4]),
    (b"in the year", 4, 5, []),
])
def test_word_starts(words: bytes, lo: int, pos: int, expected: list[int]) -> None:
    assert _word_starts(words, lo, pos) == expected


def test_a_scan_resolved_again_matches_a_fresh_run() -> None:
    grammar = default_grammar()
    # "February 30" is a month-day that only a dateless run rejects
    text = "On February 30 last year, and on Monday, by the end of June, work began; since March it goes on."
    for dates in ([date(2000, 12, 31), None], [None, date(2021, 5, 1), None], [date(2021, 5, 1), date(2019, 1, 31)]):
        scan = grammar.scan(text)
        for published in dates:
            assert grammar.find(text, published, scan) == grammar.find(text, published)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["no", "No.", "NO", "building", "abuilding", "in", "the", "mid", "#", "\u2116",
                                 "x", " ", "  ", "\n", ".", "(", "Room"]), max_size=8))
def test_reversed_tests_before_a_year_equal_the_searches(parts: list[str]) -> None:
    grammar = default_grammar()
    text = "".join(parts) + "2021"
    start = len(text) - 4
    for forward, backward in ((grammar._not_year_before, grammar._not_year_before_reversed),
                              (grammar._year_before, grammar._year_before_reversed)):
        assert backward is not None
        expected = forward.search(text, max(0, start - 12), start) is not None
        assert grammar._before_year(forward, backward, text, start) == expected


def test_reversed_tests_need_one_word_predecessors() -> None:
    words = load_time_words()
    words["year_predecessors"] = [*words["year_predecessors"], "as of"]
    grammar = type(default_grammar())(words)
    assert grammar._year_before_reversed is None  # two words: the plain search is kept
    assert [m.rule for m in grammar.find("Figures as of 2021 households", None)] == ["year"]


@pytest.mark.parametrize("pad", range(1478, 1484))
def test_publication_date_at_the_end_of_the_head(pad: int) -> None:
    # the header ends after 1500 characters, inside "20215": the head alone reads 2021
    text = "x" * pad + "\nDate: March 3, 2021" + "5 more"
    expected = find_publication_date(text)
    grammar = default_grammar()
    assert grammar.publication_date(text, grammar.scan(text)) == expected
    assert (expected is not None) == (pad == 1480)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab19 .-t\u00e9yearhisnxt", max_size=40), st.data())
def test_start_finder_finds_the_word_starts_with_a_known_prefix(text: str, data) -> None:
    grammar = default_grammar()
    low = _prepare(text)
    if not low:
        return
    pos = data.draw(st.integers(0, len(low) - 1))
    lo = data.draw(st.integers(0, pos))
    users = grammar._users["year"]
    tables = [grammar._start_tables[priority] for priority, *_ in users]
    expected = [s for s in range(lo, pos + 1)
                if re.match(rb"[a-z0-9]", low[s:s + 1]) and (s == 0 or not re.match(rb"[a-z0-9]", low[s - 1:s]))
                and any(allowed(table, low, s) and table[low[s]] is not None for table in tables)]
    assert grammar._finders["year"].starts(low, lo, pos) == expected
