"""What is not a quantity: years, codes, times of day, verbs and labels before a number, digits
that are not a count.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .values import _DASHES, _Number, _Scan
from .wording import _norm

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .grammar import QuantityRules


# --------------------------------------------------------------------------- exclusions
def _prev_word(low: str, start: int) -> str:
    """The word before ``start`` if only spaces (and its own full stop) stand between: 'no.', 'june'."""
    window = low[start - 30 if start > 30 else 0:start]
    if not window or not window[-1].isspace():
        return ""
    parts = window.rsplit(None, 1)
    if not parts:
        return ""
    word = parts[-1].rstrip(".:").lstrip("(\"\u201c\u2018'[")
    return word if word.isalpha() else ""


def _verb_before(text: str, low: str, start: int, word: str, number: _Number) -> bool:
    """"building 1,500 community facilities": a label is never written with a thousands
    separator, and a lower-case "-ing" prefix is a verb, not a label ("Building 6")."""
    if number.kind != "words" and "," in number.raw:
        return True
    at = low.rfind(word, max(0, start - 30), start)
    return word.endswith("ing") and at >= 0 and text[at].islower()


def _measured_after(low: str, end: int, rules: QuantityRules) -> bool:
    """A unit or a counted noun right after the number: "Building 150 km of rural roads",
    "Building 30 elevators" is a task, not the label "Building 6" (a label counts nothing)."""
    if rules.unit_re.match(low, end) is not None:
        return True
    word = rules.next_word_re.match(low, end)
    return word is not None and word.group("w") in rules.heads


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r:;"


def _bad_digits(raw: str, rules: QuantityRules) -> bool:
    """Phone numbers, QQ numbers, ids ("13581620477"), and numbers with a leading zero ("09")."""
    if "," not in raw and len(raw.replace(".", "")) > rules.max_digits:
        return True
    return raw[0] == "0" and len(raw) > 1 and raw[1] != "."


def _screen(scan: _Scan, first: _Number, second: _Number | None, num_end: int) -> str | None:
    """None for numbers that are not quantities (ids, phone numbers, dates, times, ordinals,
    names); else the word after the number ("" if none), which _build reuses."""
    text, low, rules, n = scan.text, scan.low, scan.rules, scan.n
    s = first.start
    # a space stands for "nothing" beyond the text ("" would be found in every string)
    prev = low[s - 1] if s else " "
    nxt = low[num_end] if num_end < n else " "
    value = first.value
    if not (prev.isspace() and nxt.isspace()):  # spaces on both sides (most numbers) pass all these tests
        prev2 = low[s - 2] if s > 1 else " "
        nxt2 = low[num_end + 1] if num_end + 1 < n else " "
        if prev in _DASHES and prev2.isalnum():  # "e727-728", "COVID-19"
            return None
        if prev in ":/#+@_\\" or (prev == "." and prev2.isalnum()):  # "reading:728", "No.218"
            return None
        if nxt in ":/" and nxt2.isdigit():  # "15:23", "2023/09/14"
            return None
        if nxt in _DASHES and nxt2.isdigit():  # "400-828-1019", "2023-09-14"
            return None
        if nxt in ".," and nxt2.isalnum():  # "640.jpg", "1.2.3", "1,2"
            return None
        if (prev, nxt) in (("[", "]"), ("(", ")")):  # footnotes "[1]", list markers "(3)"
            return None
        if nxt.isalpha() or (nxt in _DASHES and nxt2.isalpha()):
            # glued letters: "14th", "1990s", "5G", "three-year", "10-storey"; but "5km", "200-odd"
            unit = rules.unit_re.match(low, num_end)
            post = rules.post_approx_re.match(low, num_end)
            glued_unit = unit is not None and (nxt.isalpha() and _norm(unit.group("u")) in rules.glued_ok or nxt == "-")
            if not glued_unit and not (post and post.group("g")):
                return None
        if nxt == "," and value < rules.max_age and value == int(value) and rules.age_re.search(text, max(0, s - 30), s):
            return None  # an age: "Wu Meifang, 69, lives ..."
        if nxt in ".)" and nxt2.isspace() and value < 100:
            line_start = low.rfind("\n", max(0, s - 40), s) + 1
            if (line_start or s < 40) and not low[line_start:s].strip():
                return None  # list markers "1." "2)" at the start of a line
    raw = first.raw
    # (the length and first-digit tests are what _bad_digits needs to say yes: most numbers skip the call)
    if first.kind != "words" and (len(raw) > rules.max_digits or raw[0] == "0") and _bad_digits(raw, rules) or (
            second is not None and second.kind != "words" and _bad_digits(second.raw, rules)):
        return None
    prev_word = _prev_word(low, s) if prev.isspace() else ""  # (it is "" unless a space stands before)
    if prev_word in rules.name_prefixes and not _verb_before(text, low, s, prev_word, first) \
            and not (prev_word.endswith("ing") and _measured_after(low, first.end, rules)):
        return None  # "No. 3", "Room 516"
    if prev_word in rules.months or prev_word in rules.counters:
        return None  # "June 30", "Views: 1,234"
    if value <= 31 and first.kind == "digits" and rules.second_day_re.search(low, max(0, s - 16), s):
        return None  # "on May 18 and 19", "March 5-6"
    next_match = rules.next_word_re.match(low, num_end)
    next_word = next_match.group("w") if next_match else ""
    if next_word in rules.counters or next_word in rules.fractions:  # "0 Comment(s)", "one third"
        return None
    if next_word in rules.time_units and rules.unit_re.match(low, num_end) is None:  # "35 years", "24 hours"
        return None
    if next_word in rules.months and text[next_match.start("w")].isupper():  # "30 June"
        return None
    if (rules.time_first is None or next_word[:1] in rules.time_first) and rules.time_of_day_re.match(low, num_end):
        return None  # "9 a.m."
    if first.kind == "words":
        if prev in rules.quotes:  # "two establishment", "four good"
            return None
        word = text[s:first.end]
        if word[:1].isupper() and not word.isupper() and not _sentence_start(text, s):  # "Five Tackling Actions"
            return None
        if prev_word in rules.word_number_before:  # "the two cities" points back, it does not count
            return None
        if first.raw == "one" and second is None and (next_word in rules.one_after or prev_word in rules.one_before):
            return None  # "one of the", "one after another", "the one"
    return next_word
