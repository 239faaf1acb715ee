"""The place evidence of an article: places usable as subjects (not datelines, menus or
places inside names), chains of adjacent places, lists, and places read "respectively".
The decision itself is the ladder of ``place_rules.py``.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from ..gazetteer import within
from .article import OF_WHOLE, _Article, _Figure
from .rules import LinkRules, Mention


def _place_chains(places: list[Mention], text: str, gap_re: re.Pattern) -> list[list[Mention]]:
    """Group adjacent places ("Taishan district of Tai'an, Shandong province") into chains."""
    chains: list[list[Mention]] = []
    for place in places:
        if chains:
            gap = text[chains[-1][-1].end:place.start]
            if len(gap) <= 60 and gap_re.fullmatch(gap):  # linking.json "place_chain_gap"
                chains[-1].append(place)
                continue
        chains.append([place])
    return chains


_LEVEL_ORDER = {"county": 0, "prefecture": 1, "province": 2, "country": 3}


def _most_specific(chain: list[Mention]) -> Any:
    if len(chain) == 1:
        return chain[0].value  # (most chains are one place)
    return min((m.value for m in chain), key=lambda p: _LEVEL_ORDER.get(p.level, 4))


def _place_of_chain(chain: list[Mention], named: dict[str, Any]) -> Any:
    """The place a chain is about: its most specific member, or, for sibling units listed
    together ("in Xincheng, Huimin and Yuquan districts"), the unit that holds them all when
    the article names it: the figure is about that city, not about its first district."""
    place = _most_specific(chain)
    if len(chain) < 3 and (len(chain) < 2 or chain[0].value.level != chain[1].value.level):
        return place  # (most chains: one place, or a place and its container)
    siblings = {m.value.code: m.value for m in chain if m.value.level == place.level}
    parents = {p.parent for p in siblings.values()}
    if len(siblings) > 1 and len(parents) == 1 and (parent := named.get(parents.pop())) is not None:
        return parent
    return place


def _is_list(chain: list[Mention]) -> bool:
    """"Jiangsu, Zhejiang and Shanghai": places in several provinces at once, not a chain
    like "Chengdu, Sichuan Province" whose members nest."""
    if len(chain) < 2:
        return False  # (most chains are one place: no set to build)
    provinces = {m.value.province or m.value.name for m in chain if m.value.level != "country"}
    return len(provinces) > 1


_DATELINE_AFTER = re.compile("\\s*(?:[,(/]|--|[\u2013\u2014])|\\s+-\\s")
# a place opening a line in ordinary case is a dateline only in the dateline's own shapes:
# "Beijing - The ministry ...", "Beijing, March 5 (Xinhua) -- ..." (not "Beijing, the capital, ...")
_DATELINE_AFTER_TITLE = re.compile("\\s+(?:--?|[\u2013\u2014])\\s+(?=[A-Z\"\u201c])|,\\s*[A-Z][a-z]{2,8}\\.?\\s+\\d{1,2}"
                                   "\\s*(?:\\([^)\\n]{1,25}\\)\\s*)?(?:--?|[\u2013\u2014])\\s")


_CAPITAL_APPOSITION = re.compile(r"\s*(?:,|--?|[\u2013\u2014])\s*(?:the\s+)?capital(?:\s+city)?\s+of\b", re.IGNORECASE)


def _is_dateline(article: _Article, mention: Mention) -> bool:
    """"BEIJING, Aug. 25 (Xinhua)", "CHANGCHUN -- ...", "BEIJING - ...": a place in capitals
    followed by a comma, a bracket or a dash is where the reporter filed from, not what the
    figures are about; so is one opening a line as "Beijing - The ..." or "Beijing, March 5 --"."""
    text = article.text
    surface = text[mention.start:mention.end]
    if len(surface) <= 2:
        return False
    if surface.isupper():
        # "HARBIN - The capital of Heilongjiang province plans to ...": the apposition makes the
        # dateline's city the first sentence's subject
        return bool(_DATELINE_AFTER.match(text, mention.end, mention.end + 4)) \
            and not _CAPITAL_APPOSITION.match(text, mention.end, mention.end + 40)
    if not surface[0].isupper():
        return False  # (before looking back for the line's start: a line may be the whole article)
    line_start = text.rfind("\n", 0, mention.start) + 1
    return not text[line_start:mention.start].strip() and bool(
        _DATELINE_AFTER_TITLE.match(text, mention.end, mention.end + 45))


def _usable_places(article: _Article, rules: LinkRules) -> list[Mention]:
    """Places that can be what a figure is about, with "the province"/"the city" resolved
    to the last place of that level named before."""
    text = article.text
    places = []
    for m in article.mentions:
        if m.label != "PLACE" or _is_dateline(article, m):
            continue
        if text[m.start:m.end].lower() in rules.ignored_place_surfaces:
            continue
        if rules.ranking_context.search_slice(text, max(0, m.start - 40), m.start, article.folded):
            continue  # "ranks eighth in the country", "led the province" compare, they do not locate
        places.append(m)
    named = list(places)
    named_starts = [p.start for p in named]
    folded = article.folded
    if folded is not None and rules.place_anaphora_folded is not None:
        matches = rules.place_anaphora_folded.finditer(folded)  # same offsets and (lower-cased) groups
    else:
        matches = rules.place_anaphora.finditer(text, folded=folded)
    for match in matches:
        word = match.group(1).lower()
        level = rules.anaphora_levels.get(word)
        if rules.ranking_context.search_slice(text, max(0, match.start() - 40), match.start(), article.folded):
            continue
        # the last place of that level named before ("the city" may also be a municipality,
        # or a county-level city when no prefecture-level one is named before: "the city" after
        # "the county-level cities of Wafangdian and Zhuanghe" is still Dalian)
        before = [p for p in named[:bisect.bisect_left(named_starts, match.start())] if p.end <= match.start()]
        found = next((p for p in reversed(before) if p.value.level == level
                      or (word == "city" and p.value.level == "province" and _is_city(text, p, rules))), None)
        if found is None and word == "city":
            found = next((p for p in reversed(before) if _is_city(text, p, rules)), None)
        if found is not None:
            places.append(Mention(match.start(), match.end(), "PLACE", found.value, "anaphora"))
    return sorted(places, key=lambda m: m.start)


def _is_city(text: str, place: Mention, rules: LinkRules) -> bool:
    """Whether "the city" can refer to ``place``: a county-level city ("Yiwu") but not one
    named as a district or county ("Chaoyang district"), or a municipality ("Beijing")."""
    level = place.value.level
    if level == "county":
        return not text[place.start:place.end].lower().endswith(rules.district_surfaces) \
            and not _is_city_district(place.value.code)
    return level == "province" and place.value.name in rules.city_provinces


def _is_city_district(code: str) -> bool:
    """Whether an administrative code (GB/T 2260) names a district of a city (市辖区): its
    prefecture digits and its own digits both run 01-20 ("220113" Jiutai district of
    Changchun). Such a district is never "the city", even when named without "district"
    ("the rest are in Shuangyang and Jiutai. ... the city" is Changchun); county-level
    cities run 81-99 and counties 21-80."""
    return len(code) == 6 and code.isdigit() and "01" <= code[2:4] <= "20" and "01" <= code[4:6] <= "20"


def _listed(chain: list[Mention]) -> list[Mention] | None:
    """The places a chain lists: its most specific ones ("Hailar district of Hulunbuir and
    Xilinhot" lists Hailar and Xilinhot), or None when it names one place or a hierarchy
    ("Taishan district of Tai'an, Shandong province")."""
    listed = [p for p in chain if not any(q is not p and within(q.value, p.value) for q in chain)]
    if len(listed) < 2 or len({p.value.code for p in listed}) < len(listed):
        return None
    if len({p.value.level for p in listed}) > 1 and len(listed) < len(chain):
        return None
    return listed


def _respective(article: _Article, figures: list[_Figure], starts: list[int], figure: _Figure,
                chain: list[Mention], clause: tuple[int, int], rules: LinkRules) -> Any:
    """"Luoyang and Xinxiang followed with 486 and 371 respectively": the i-th figure after a
    list of places belongs to its i-th place (None when the counts differ). The list is the
    chain's most specific places ("Hailar district of Hulunbuir and Xilinhot, the seat of
    Xilingol League" lists Hailar and Xilinhot); a whole after a figure ("35 and 18 of the
    64") is not one of the run."""
    listed = _listed(chain)
    if listed is None:
        return None
    chain = listed
    word = rules.respectively.search(article.text, figure.mention.end, clause[1])
    end = word.start() if word is not None else clause[1]
    run = [f for f in figures[bisect.bisect_left(starts, chain[-1].end):bisect.bisect_left(starts, end)]
           if f.mention.end <= end]
    run = [f for i, f in enumerate(run) if not (i and OF_WHOLE.fullmatch(article.text, run[i - 1].mention.end,
                                                                       f.mention.start))]
    if len(run) != len(chain) or figure not in run:
        return None
    if word is None and not (len({f.metric for f in run}) == 1 and all(
            rules.coordinated_figures_gap.fullmatch(article.text, a.mention.end, b.mention.start)
            for a, b in zip(run, run[1:]))):
        # without "respectively", only figures of one metric coordinated with nothing between
        # them pair with the places: "Xinyang and Zhoukou reported rates of 100 and 99.1 percent"
        return None
    return chain[run.index(figure)].value
