"""folded_twin: a lower-case IGNORECASE pattern run case-sensitively on folded text."""
import re
import sys

import pytest

from renovex.pipeline.components.records import load_link_rules
from renovex.core.regex_prefixes import fold, folded_twin


def test_character_categories_do_not_change_with_lower_casing() -> None:
    # what folded_twin relies on for \s, \w, \d (and \b): only characters that lower-case
    # to another single character can differ, so those are all checked
    changed = [c for c in map(chr, range(sys.maxunicode + 1)) if c.lower() != c and len(c.lower()) == 1]
    assert len(changed) > 1000
    for category in (r"\s", r"\w", r"\d"):
        regex = re.compile(category)
        assert [c for c in changed if bool(regex.match(c)) != bool(regex.match(c.lower()))] == []


@pytest.mark.parametrize("pattern", [
    r"\b(?:the|this)\s+(?:whole\s+)?(province|new area|city)\b(?!\s*(?:level|-level|'s? government))",
    r"^(?:over|in)?\s*the\s+(?:(\w+)\s+years|year)$",
    r"\bup\s+\d+(?:\.\d+)?\s*percent\b",
])
@pytest.mark.parametrize("text", [
    "The Province said THIS CITY and the whole city, not the city-level office or this city's government.",
    "In the New Area, this\tprovince;  the  county. Over the two years",
    "Output was up 12.5 percent in the \u212aelvin city and the province.",
    "in the year",
])
def test_twin_matches_as_the_case_insensitive_regex(pattern: str, text: str) -> None:
    twin, folded = folded_twin(pattern), fold(text)
    assert twin is not None and folded is not None
    expected = [(m.span(), [g and g.lower() for g in m.groups()]) for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert [(m.span(), list(m.groups())) for m in twin.finditer(folded)] == expected


@pytest.mark.parametrize("pattern", ["The city", "[a-z]+ city", "a.b", "(?i)city", "(?m)^city", r"(c)\1", "caf\u00e9",
                                     "(?i:city)", "(unclosed"])
def test_no_twin_where_folded_text_could_match_otherwise(pattern: str) -> None:
    assert folded_twin(pattern) is None


def test_the_packs_place_anaphora_has_a_twin() -> None:
    # otherwise every article's anaphora scan silently falls back to the slower regex
    assert folded_twin(load_link_rules()["linking"]["place_anaphora_pattern"]) is not None
