"""The literal starts of a regex, used to skip words no kind cue can start with."""
import re

import pytest

from renovex.pipeline.components.records import load_link_rules
from renovex.engines.linking import LinkRules
from renovex.core.regex_prefixes import FirstMatchScanner, PrefixedRegex, literal_prefixes, trie_pattern


@pytest.mark.parametrize("pattern, expected", [
    ("will", {"wil"}),
    ("is|are", {"is", "are"}),
    ("(?:plans?|planned) to", {"pla"}),
    ("(?<!be )(?:completed|built)", {"com", "bui"}),
    ("\\b(?:annual )?targets? of", {"ann", "tar"}),
    ("is\\d", {"is"}),
    ("at (?:the )?end", {"at "}),
])
def test_literal_prefixes(pattern: str, expected: set[str]) -> None:
    assert literal_prefixes(pattern) == expected


def test_case_insensitive_prefixes_are_lower_cased() -> None:
    assert literal_prefixes("(?i)Will|SHALL") == {"wil", "sha"}


@pytest.mark.parametrize("pattern", ["\\w+ing", ".*done", "[ab]c", "(?:x)?", "(unclosed"])
def test_unknown_starts_give_none(pattern: str) -> None:
    assert literal_prefixes(pattern) is None


@pytest.mark.parametrize("words", [{"add", "aim", "are", "as "}, {"a", "ab", "abc"}, {"x"}, set()])
def test_trie_pattern_matches_exactly_the_words(words: set[str]) -> None:
    regex = re.compile(f"(?:{trie_pattern(words)})\\Z")
    for word in words | {"ad", "aimx", "b", "abd"}:
        assert bool(regex.match(word)) == (word in words), word


SENTENCES = [
    "The city plans to renovate 300 old communities this year and has completed 120 of them.",
    "By the end of June, 80 projects had been started, and work is under way on the rest.",
    "Residents said the works were finished early; the district aims to add 40 elevators.",
    "İstanbul-style markets will open, officials said, after 12 courtyards were rebuilt.",
    "",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_find_cues_agrees_with_a_full_scan(sentence: str) -> None:
    rules = LinkRules.from_dict(load_link_rules())
    full = [(m.start(), m.end(), rules.cues[int(m.lastgroup[1:])].id)
            for m in rules._cue_regex_any_case.finditer(sentence)]
    assert [(a, b, cue.id) for a, b, cue in rules.find_cues(sentence)] == full


PATTERNS = [
    (";|\\bwhile\\b|\\bbut\\b|:(?!\\d)", re.IGNORECASE),
    ("(?<!be )(?:completed|built)", 0),
    ("a|ab|abc", 0),
    ("x*", 0),  # can match empty: scanned as re does
    ("\\bWill\\b", re.IGNORECASE),
]
TEXTS = ["", "While it was built, but: 10:30; WILL it be completed?", "abcab abc a", "xx y x", "will"]


@pytest.mark.parametrize("pattern, flags", PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_prefixed_regex_finds_what_re_finds(pattern: str, flags: int, text: str) -> None:
    plain, prefixed = re.compile(pattern, flags), PrefixedRegex(pattern, flags)
    assert [m.span() for m in prefixed.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.span() for m in prefixed.finditer(text, 2, 20)] == [m.span() for m in plain.finditer(text, 2, 20)]
    first = plain.search(text)
    assert (prefixed.search(text) or None) and prefixed.search(text).span() == first.span() or first is None


SCANNER_PATTERNS = [
    ["\\bwill\\b", "\\bwill be\\b", "\\b(?:has|have) (?:been )?completed\\b", "\\bis\\b"],
    ["\\ba\\b", "\\bab", "\\babc"],
    ["\\w+ed\\b", "\\bplan"],  # a start that cannot be worked out: the plain alternation
    # prefixes of several lengths at one position, a longer one's pattern listed first or last
    ["\\bcompleted\\b", "\\bcomp", "\\bco", "\\bcompleted it", "\\bcompl(?:y|ied)\\b"],
]
SCANNER_TEXTS = ["it will be done; it has been completed. is it? will", "abc ab a abcd", "planned, ended", "",
                 "completed items, comply, co-op, completedness, complied"]


@pytest.mark.parametrize("patterns", SCANNER_PATTERNS)
@pytest.mark.parametrize("text", SCANNER_TEXTS)
def test_first_match_scanner_agrees_with_the_alternation(patterns: list[str], text: str) -> None:
    alternation = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)))
    expected = [(int(m.lastgroup[1:]), m.span()) for m in alternation.finditer(text)]
    assert [(n, m.span()) for n, m in FirstMatchScanner(patterns).finditer(text)] == expected
    # long prefixes, as the cue scanner uses: each position looks up the longest one it starts with
    assert [(n, m.span()) for n, m in FirstMatchScanner(patterns, length=8).finditer(text)] == expected


# Texts with the characters that make case folding tricky: "İ" lower-cases to two
# characters, "ſ" and "ı" match "s" and "i" case-insensitively, the Kelvin sign matches "k".
WINDOW_TEXTS = [
    "Shenyang ranks first in the province, and Dalian led the city in 2023.",
    "SHENYANG RANKS FIRST IN THE PROVINCE; it ranked second in the country.",
    "The İzmir delegation ranked ſecond in the region; ıt led the county.",
    "The \u212aelvin works ranks top in the district; no cue here at all.",
    "",
]
WINDOW_PATTERNS = [
    (r"(?:rank(?:s|ed)?\s+\w+\s+in|led|top in)\s+(?:the\s+)?$", re.IGNORECASE),
    (r"\b(?:first|second)\s+in\b", re.IGNORECASE),
    (r"\bled\b", 0),
    (r"\w+ the", re.IGNORECASE),  # no literal prefix: every window is searched
    (r"\b(?:the|this)\s+(?:whole\s+)?(city|province|county)\b(?!\s*government)", re.IGNORECASE),
    (r"ſ|ı|in", re.IGNORECASE),  # prefixes that are not ASCII: plain search
]


@pytest.mark.parametrize("pattern,flags", WINDOW_PATTERNS)
@pytest.mark.parametrize("text", WINDOW_TEXTS)
def test_window_regex_finds_what_re_finds_in_every_window(pattern: str, flags: int, text: str) -> None:
    from renovex.core.regex_prefixes import WindowRegex, fold

    plain, windowed, folded = re.compile(pattern, flags), WindowRegex(pattern, flags), fold(text)
    for start in range(len(text) + 1):
        for end in range(start, min(len(text), start + 45) + 1, 3):
            got = windowed.search_slice(text, start, end, folded)
            want = plain.search(text[start:end])
            assert (got and got.span()) == (want and want.span()), (text, start, end)
            got = windowed.search(text, start, end, folded)
            want = plain.search(text, start, end)
            assert (got and got.span()) == (want and want.span()), (text, start, end)
            assert [m.span() for m in windowed.finditer(text, start, end, folded)] == \
                [m.span() for m in plain.finditer(text, start, end)]
    assert [m.span() for m in windowed.finditer(text, folded=folded)] == [m.span() for m in plain.finditer(text)]


def test_fold_refuses_texts_whose_case_folding_moves_or_hides_letters() -> None:
    from renovex.core.regex_prefixes import fold

    assert fold("Ranks First") == "ranks first"
    assert fold("\u212aelvin") == "kelvin"  # one character to one: usable
    assert fold("İzmir ranks") is None  # two characters for one: offsets would shift
    assert fold("ſecond") is None  # IGNORECASE matches "s", lower() keeps "ſ"
