"""What a number counts: the walk from a number to its unit or counted noun ("1,273 old
residential communities", "2,000 km of pipes"), containers and "of" phrases, the noun
before ("the number of ... reached 300"), and the metric it names.
"""
from __future__ import annotations

import re
from typing import Iterator

from .values import _BARE, _CLAUSE_LOOKBACK, _EDGE, _HAS_DIGIT, _Head, _Scan, _WALK_CHARS, _Walk, _Word
from .wording import _is_plural


_WITH_BEFORE = re.compile(r"(?:^|[\s,])with\s+\Z")


_CLAUSE_STOPS = ".;:!?\n"


def _clause_before(low: str, start: int, chars: int) -> str:
    """Up to ``chars`` characters before ``start``, cut at the last clause stop."""
    lo = max(0, start - chars)
    return low[max(lo, max(low.rfind(c, lo, start) for c in _CLAUSE_STOPS) + 1):start]


def _prefix_in_clause(scan: _Scan, s: int, unit_text: str, parts: list[str]) -> str | None:
    """"parking lots with 1,860 spaces", "charging stations with 252 piles": a head noun
    whose required words ("parking spaces") were said just before in the clause."""
    noun = unit_text.lower()
    heads = scan.rules.heads.get(noun, ()) if " " not in noun else ()
    before = None
    for head in heads:
        if not head.prefix or head.requires or head.forbids or head.not_metric or head.metric is None:
            continue
        before = _clause_before(scan.low, s, 60) if before is None else before
        if re.search(rf"(?<![\w-]){re.escape(' '.join(head.prefix))}(?![\w-])", before):
            parts.append(f"prefix-in-clause:{' '.join(head.prefix)}")
            return head.metric
    return None


def _noun_before_with(scan: _Scan, start: int, parts: list[str]) -> str | None:
    """"Haishu has the most new elevators, with 148": a bare number after "with" counts the
    plural head noun just before it in its clause (a noun counted by a figure of its own is
    the linker's business: a digit on the way stops the search)."""
    low, rules = scan.low, scan.rules
    if not _WITH_BEFORE.search(low, max(0, start - 8), start):
        return _number_of(scan, start, parts)
    words = [w.strip(_EDGE) for w in _clause_before(low, start, 80).split()][:-1]  # drop "with"
    for i in range(len(words) - 1, max(-1, len(words) - 7), -1):
        word = words[i]
        if not word or _HAS_DIGIT(word):
            return None
        mods = words[max(0, i - rules.max_mods):i]
        head = rules.head(word, mods, 2)
        if head is not None:
            if head.metric is None or not head.plural or head.container or any(map(_HAS_DIGIT, mods[-4:])):
                return None  # "will renovate 410 of the communities, followed by Tianshui with 236"
            parts.append(f"with-back:{word}")
            return head.metric
    return None


_NUMBER_OF_BEFORE = re.compile(
    r"\bnumber of (?P<np>[a-z][\w'-]*(?: [a-z][\w'-]*){0,4}?) (?:is|was|are|were|has reached|reached|stood at|stands at|"
    r"totall?ed|totals|came to|hit) (?:about |some |nearly |around |almost |more than |over |a total of )?\Z")


def _number_of(scan: _Scan, start: int, parts: list[str]) -> str | None:
    """"The number of buildings is 14,743": a bare number counts the noun of "the number of"."""
    low, rules = scan.low, scan.rules
    match = _NUMBER_OF_BEFORE.search(low, max(0, start - 70), start)
    if match is None:
        return _noun_just_before(scan, start, parts)
    words = match.group("np").split()
    head = rules.head(words[-1], words[:-1], 2)
    if head is None or head.metric is None or not head.plural or head.container:
        return None
    parts.append(f"number-of:{words[-1]}")
    return head.metric


_CLAUSE_END_AFTER = re.compile(r"[ \t]*(?:[,.;:)\n]|\Z|and\s+(?![\d(]))")


def _noun_just_before(scan: _Scan, start: int, parts: list[str]) -> str | None:
    """"Add parking spaces 2,400, install elevators 60": in machine translation from Chinese
    the count may follow its plural noun, at the end of its clause. Only a plural head noun
    right before the number counts ("Building 7", "Phase 2" are labels), and only when a
    clause ends after the number."""
    low, rules = scan.low, scan.rules
    end = start
    while end < scan.n and (low[end].isdigit() or low[end] in ",."):
        end += 1
    while end > start and low[end - 1] in ",.":
        end -= 1
    if not _CLAUSE_END_AFTER.match(low, end) or start < 2 or low[start - 1] != " ":
        return None
    words = low[max(0, start - 60):start - 1].split(" ")
    word = words[-1].strip(_EDGE) if words else ""
    if not word or word != words[-1] or _HAS_DIGIT(word):
        return None  # punctuation between the noun and the number: not one phrase
    head = rules.head(word, [w.strip(_EDGE) for w in words[-1 - rules.max_mods:-1]], 2)
    if head is None or head.metric is None or not head.plural or head.container:
        return None
    parts.append(f"noun-before:{word}")
    return head.metric


def _words(scan: _Scan, pos: int, count: int, commas: bool = False, limit: int | None = None) -> Iterator[_Word]:
    """Up to ``count`` words after ``pos`` on the same line, with their punctuation read off.

    A generator over plain ``str.split`` (a regex tokenizer costs several times more per
    number, and most numbers find their noun within two words). ``core`` is the lower-cased
    word without edge punctuation; a break word (``core`` None) ends the phrase at a bracket,
    a dash, punctuation after a word (a comma too unless ``commas``) or the end of the line.
    ``last`` marks a word with punctuation after it. ``limit`` (default ``pos`` +
    ``_WALK_CHARS``) is where the search window ends.
    """
    window = scan.low[pos:pos + _WALK_CHARS if limit is None else limit]
    line_end = "\n" in window  # ("in" and partition() cost less than find() with bounds)
    if line_end:
        window = window.partition("\n")[0]
    offset = 0
    tokens = window.split(None, count)  # the words after ``count`` stay one unsplit remainder
    for token in tokens[:count]:
        at = window.find(token, offset)
        offset = at + len(token)
        if token.isalpha():  # most words: no punctuation to read off (no edge character is a letter)
            yield (token, pos + at, pos + offset, False, False, 0)
            continue
        core = token.strip(_EDGE)
        if not core or not core[0].isalnum():
            yield (None, pos + at, pos + offset, False, True, 0)
            return
        lead_len = token.find(core)
        quotes = scan.rules.quotes
        if lead_len and token[:lead_len].strip(quotes):  # "(prefectures)": a bracket ends the phrase
            yield (None, pos + at, pos + at, False, True, 0)
            return
        start = pos + at + lead_len
        after = lead_len + len(core)
        trail = token[after:].strip(quotes)
        possessive = core.endswith(("'s", "\u2019s")) or (token[after:after + 1] in ("'", "\u2019") and core[-1] == "s")
        yield (core, start, start + len(core), possessive, bool(trail), lead_len)
        if trail and not (commas and trail == ","):
            yield (None, start + len(core), start + len(core), False, True, 0)
            return
    if line_end and len(tokens) <= count:
        yield (None, pos + len(window), pos + len(window), False, True, 0)


def _walk(scan: _Scan, pos: int, value: float, next_word: str = "") -> _Walk:
    """Find the counted noun after a number: up to ``max_modifiers`` words, then a head noun.
    ``next_word`` is the word ``next_word_re`` found at ``pos``, if that was looked up."""
    rules = scan.rules
    heads, irregular = rules.heads, rules.irregular
    words = None
    if next_word and next_word != "of":
        # Most numbers are followed by a space and a plain word (perhaps with one closing
        # mark, "households."), often one that decides at once (a head noun, a stop word):
        # read it as _words would, without starting the word generator.
        # ``last``: None when _words must read the word, else whether a mark ends the phrase.
        low = scan.low
        end = pos + 1 + len(next_word)
        n = scan.n
        last = None
        if (low[pos:pos + 1] == " " and low[pos + 1:end] == next_word and next_word.isalpha()
                and end - pos <= _WALK_CHARS):
            if end == n or low[end].isspace():
                last = False
            elif low[end] in rules.phrase_ends and (end + 1 == n or low[end + 1].isspace()) and end - pos < _WALK_CHARS:
                last = True
        if last is not None:
            if next_word in rules.coordinators or next_word in rules.stop:
                return _BARE
            head = rules.head(next_word, [], value) if next_word in heads else None
            if last and head is None:
                return _BARE if next_word in rules.verb_like else _Walk(None, pos + 1, end, "noun:?")
            if head is not None:
                if head.not_metric:
                    return _Walk(head, pos + 1, end, f"not-metric:{head.word}")
                if head.container and not last:
                    walk = _container(scan, end, head, pos + 1)  # a new _Walk: set in place
                    walk.close_plural = head.plural
                    return walk
                return _Walk(head, pos + 1, end, f"noun:{head.word}", head.metric, head.plural)
            # A first modifier ("old"): the loop below goes on from the next word, in the
            # window it would have read (this saves reading the word again).
            mods = [next_word]
            np_start, np_end = pos + 1, end
            plural_end = end if _is_plural(next_word, irregular) else None
            words = _words(scan, end, rules.max_mods + 5, limit=pos + _WALK_CHARS)
            word = next(words, None) if rules.max_mods > 1 else None
    if words is None:
        words = _words(scan, pos, rules.max_mods + 6)
        word = next(words, None)
        if word is not None and word[0] == "of" and not word[4]:
            # "40 of the old communities" counts communities; "206 of them" stays bare
            word = next(words, None)
            if word is None or word[0] not in rules.of_determiners or word[4]:
                return _BARE
            word = next(words, None)
        mods: list[str] = []
        np_start = np_end = plural_end = None  # a phrase without a known head ends at its first plural
    coordinated = False
    while word is not None:
        core, word_start, word_end, possessive, last, quoted = word
        if core is None:
            break
        start = word_start - quoted
        if core in rules.coordinators:
            if not mods or last:
                break
            coordinated = True
            word = next(words, None)
            continue
        if core in rules.stop:
            break
        if not core.isalpha() and _HAS_DIGIT(core):
            # "13 15-minute living circles": a hyphenated number is a modifier; another figure ends the phrase
            if "-" not in core or core.rsplit("-", 1)[-1].isdigit():
                return _BARE
        elif not possessive and core in heads:
            head = rules.head(core, mods, value)
            if head is not None:
                np_start = start if np_start is None else np_start
                if head.not_metric:
                    return _Walk(head, np_start, word_end, f"not-metric:{head.word}")
                # (plural_end is set at the first plural modifier: no generator over the modifiers)
                close = head.plural and len(mods) <= 3 and plural_end is None
                if head.container and not last:
                    walk = _container(scan, word_end, head, np_start)  # a new _Walk: set in place
                    walk.close_plural = close
                    return walk
                return _Walk(head, np_start, word_end, f"noun:{head.word}", head.metric, close)
        mods.append(core)
        np_start = start if np_start is None else np_start
        if not coordinated:
            np_end = word_end
        if plural_end is None and _is_plural(core, irregular):
            plural_end = word_end
        if last or len(mods) >= rules.max_mods:
            break
        word = next(words, None)  # read only when needed (not after the head noun)
    if not mods or mods[0] in rules.verb_like:
        return _BARE
    return _Walk(None, np_start, plural_end or np_end, "noun:?")


def _container(scan: _Scan, pos: int, head: _Head, start: int) -> _Walk:
    """'units of subsidized rental housing': the of-phrase names what the units are."""
    found = _of_phrase(scan, pos, None)
    if found is not None:
        inner, inner_end, extent = found
        if inner is not None and inner.metric is not None:
            return _Walk(head, start, inner_end, f"noun:{head.word}-of-{inner.word}", inner.metric)
        if extent is not None:
            return _Walk(head, start, extent, f"noun:{head.word}-of", head.metric)
    return _Walk(head, start, pos, f"noun:{head.word}", head.metric)


def _of_phrase(scan: _Scan, pos: int, unit: str | None) -> tuple[_Head | None, int | None, int | None] | None:
    """Walk an 'of' phrase after a unit: (head, head end, phrase extent), or None without 'of'.

    With ``unit`` the head is one of that unit's nouns ("kilometers of gas, water and heating
    pipelines", commas allowed); else a count head, mass nouns allowed ("units of housing").
    """
    rules = scan.rules
    match = rules.of_re.match(scan.low, pos)
    if match is None:
        return None
    mods: list[str] = []
    extent = None
    comma_seen = False
    for core, _, word_end, possessive, last, _ in _words(scan, match.end(), rules.max_of + 6, commas=unit is not None):
        if core is None:
            break
        if core in rules.coordinators:
            continue
        if core == "of" and mods and mods[-1] in rules.kind_nouns:
            mods.clear()  # "kilometers of various types of urban pipelines": the head is after it
            continue
        if (core in rules.stop and core not in rules.of_extra) or _HAS_DIGIT(core):
            break
        if mods and (core.endswith("ed") or core in rules.verb_like):  # "of roofs repaired"
            break
        if not possessive:
            head = rules.unit_noun(unit, core, mods) if unit else rules.head(core, mods, 2, in_of=True)
            if head is not None and not head.container:
                return head, word_end, word_end
        mods.append(core)
        if not comma_seen:
            extent = word_end
        if last:
            comma_seen = True  # the extent ends here; pipeline nouns may follow the comma
        if len(mods) >= rules.max_of:
            break
    return None, None, extent


def _unit_noun_after(scan: _Scan, pos: int, unit: str) -> int | None:
    """'5,000 km gas pipelines' (no 'of'): a unit noun among the next few modifier words."""
    rules = scan.rules
    mods: list[str] = []
    for core, _, word_end, _, last, _ in _words(scan, pos, rules.max_mods):
        if core is None or core in rules.stop or _HAS_DIGIT(core):
            break
        if rules.unit_noun(unit, core, mods) is not None:
            return word_end
        mods.append(core)
        if last:
            break
    return None


_CONVERSION_ASIDE = re.compile(r"\s*\([^()\n]{1,30}\)")


def _measured_thing(scan: _Scan, s: int, end: int, unit: str) -> tuple[str | None, int, str]:
    """A length counts as pipelines only when pipes are named: after the unit or earlier in the clause."""
    rules, low = scan.rules, scan.low
    metric = rules.unit_metric.get(unit)
    found = _of_phrase(scan, end, unit)
    if found is None and (aside := _CONVERSION_ASIDE.match(low, end)) is not None:
        # "20,000 kilometers (12,427 miles) of gas pipelines": the same length in other units
        found = _of_phrase(scan, aside.end(), unit)
    if found is not None and found[0] is not None:
        return found[0].metric or metric, found[1], f"noun:{found[0].word}"
    if found is None:
        noun_end = _unit_noun_after(scan, end, unit)
        if noun_end is not None:
            return metric, noun_end, "noun:after-unit"
    lo = max(0, s - _CLAUSE_LOOKBACK)
    clause = max(low.rfind(c, lo, s) for c in ".;!?\n") + 1
    if rules.clause_nouns_re[unit].search(low, max(clause, lo), s):
        return metric, end, "noun:in-clause"
    extent = found[2] if found is not None and found[2] is not None else end
    return None, extent, "noun:none"
