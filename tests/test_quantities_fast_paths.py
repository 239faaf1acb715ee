"""The shortcuts that make ``find_quantities`` fast must not change what it finds.

Each shortcut is checked against the plain way it replaces (a regex search, a flat
alternation, the dataclass constructor), on sentences written for this file.
"""
from __future__ import annotations

import dataclasses
import itertools
import pickle
import re

import pytest

from renovex.engines.quantities import QuantityMatch, QuantityRules, find_quantities, load_rules
from renovex.engines.quantities.nouns import _walk
from renovex.engines.quantities.values import _new_match, _Scan
from renovex.engines.quantities.wording import _alternation

TEXTS = [
    "The district renovated 1,204 old communities and 36 more in 2023, at 1.5 billion yuan.",
    "Between 300 and 400 households (about 1,000 residents) moved; twenty-one lifts were added.",
    "Call 400-123-4567 or visit No.12 Jiefang Road, 9:30 a.m. to 5 p.m., June 3.",
    "Over 2,000 homes, nearly 3-5 km of pipes, and up to 40% more parking: 200-odd spaces.",
    "(forty) 'one' x+one _one one's 1990s 5G three-year 10-storey 2019-2023 e727-728",
    "Fullwidth ２０２３ and Arabic-Indic ٣٤ digits, é1, —about 12 flats, moreover 5 sheds.",
    "A line\n\n12. A list item\n3) another one, with 4 new elevators\tand\u00a0five courtyards.",
]


@pytest.fixture(scope="module")
def rules() -> QuantityRules:
    return load_rules()


def test_number_starts_hold_every_place_the_number_regex_matches(rules):
    for text in TEXTS:
        low = text.lower()
        starts = rules.number_starts(low)
        found = [i for i in range(len(low) + 1) if rules.number_re.match(low, i)]
        if starts is None:  # digits of other scripts: find_quantities searches with the regex
            assert any(c.isdecimal() and not c.isascii() for c in low)
        else:
            assert set(found) <= set(starts), text
            assert starts == sorted(starts)


def test_texts_with_other_scripts_digits_are_still_read(rules):
    found = find_quantities("Work began on ２０ old communities.", rules)
    assert [(m.value, m.metric) for m in found] == [(20.0, "communities")]


@pytest.mark.parametrize("phrases", [
    ["hundred", "hundred thousand", "ten thousand", "thousand", "tn", "trillion"],
    ["a.m.", "a.m", "am", "o'clock", "p.m"],
    ["more than", "more", "no more than", "than", "over", "moreover"],
    ["sq m", "sqm", "sq. m", "square meters", "square metres", "m2", "m", "m²"],
])
def test_phrase_tree_matches_as_the_flat_longest_first_list(phrases):
    """The tree regex takes, at every place, the same phrase as the flat alternation."""
    flat = re.compile("(?:" + "|".join(
        r"\s+".join(re.escape(piece) for piece in p.split())
        for p in sorted(set(phrases), key=len, reverse=True)) + r")(?:\s+x)?")
    tree = re.compile("(?:" + _alternation(phrases) + r")(?:\s+x)?")
    pieces = sorted({c for p in phrases for c in p} | {" ", "x", "\n"})
    for length in range(1, 6):
        for chars in itertools.product(pieces, repeat=length) if length < 4 else ():
            text = "".join(chars)
            assert _span(flat.match(text)) == _span(tree.match(text)), text
    for text in [p + tail for p in phrases for tail in ("", " x", "  x", "s", ".", " more")]:
        for i in range(len(text)):
            assert _span(flat.match(text, i)) == _span(tree.match(text, i)), (text, i)


def _span(match: re.Match | None) -> tuple[int, int] | None:
    return match.span() if match else None


def test_approximation_cue_read_backwards_is_the_one_searched(rules):
    cues = list(rules.approx)
    fillers = ["", "x", "the", "(", "—", "moreover", "some 3"]
    for cue, before, spaces in itertools.product(cues, fillers, [" ", "  ", "\n "]):
        text = f"{before} {cue}{spaces}"
        for lo in range(len(text)):
            expected = rules.approx_re.search(text, lo, len(text))
            expected = (expected.start("cue"), expected.group("cue")) if expected else None
            assert rules.approx_cue(text, lo, len(text)) == expected, (text, lo)


def test_new_match_is_the_dataclass_it_stands_for():
    values = (1, 30, 1, 6, 1200.0, 1500.5, "about", "count", "old communities", "communities", "digits|noun")
    made, built = _new_match(*values), QuantityMatch(*values)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert list(vars(made)) == [f.name for f in dataclasses.fields(QuantityMatch)]
    assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.value = 2.0  # type: ignore[misc]


@pytest.mark.parametrize("after", [
    " households", " households.", " households, and 3", " households; lifts", " households)", " households”",
    " households' homes", " households’ yards", " households.5", " old communities.", " old, run-down sheds",
    " units of housing", " units. of housing", " units, of housing", " and 4 lifts", " more lifts.", " county.",
    " county governments", " renovated.", " new\nlifts", " lifts", " lifts!", " x" + " y" * 80 + ".",
])
@pytest.mark.parametrize("value", [1.0, 12.0])
def test_walk_reading_the_next_word_at_once_is_the_word_by_word_walk(rules, after, value):
    """_walk decides from the word the screen already read (and then goes on after it); the
    same walk without that word reads every word through _words."""
    text = "They added 12" + after
    scan = _Scan(text, rules)
    pos = len("They added 12")
    found = rules.next_word_re.match(scan.low, pos)
    next_word = found.group("w") if found else ""
    assert _walk(scan, pos, value, next_word) == _walk(scan, pos, value, "")
