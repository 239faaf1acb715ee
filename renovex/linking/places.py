"""The place of each figure: the nearest place chain in its clause, the paragraph's last
place, the article's subject; datelines, menus and places inside names are not subjects.
"""
from __future__ import annotations

import bisect
import re
from typing import Any

from ..gazetteer import CHINA
from .article import _Article, _Figure
from .metrics import _reach
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
        # the last place of that level named before ("the city" may also be a county-level
        # city or a municipality)
        for p in reversed(named[:bisect.bisect_left(named_starts, match.start())]):
            if p.end <= match.start() and (p.value.level == level or (word == "city" and _is_city(text, p, rules))):
                places.append(Mention(match.start(), match.end(), "PLACE", p.value, "anaphora"))
                break
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


def _respective(article: _Article, figures: list[_Figure], starts: list[int], figure: _Figure,
                chain: list[Mention], clause: tuple[int, int], rules: LinkRules) -> Any:
    """"Luoyang and Xinxiang followed with 486 and 371 respectively": the i-th figure after a
    chain of places of one level belongs to its i-th place (None when the counts differ)."""
    if len(chain) < 2 or len({p.value.level for p in chain}) > 1:
        return None
    word = rules.respectively.search(article.text, figure.mention.end, clause[1])
    end = word.start() if word is not None else clause[1]
    run = [f for f in figures[bisect.bisect_left(starts, chain[-1].end):bisect.bisect_left(starts, end)]
           if f.mention.end <= end]
    if len(run) != len(chain) or figure not in run:
        return None
    if word is None and not (len({f.metric for f in run}) == 1 and all(
            rules.coordinated_figures_gap.fullmatch(article.text, a.mention.end, b.mention.start)
            for a, b in zip(run, run[1:]))):
        # without "respectively", only figures of one metric coordinated with nothing between
        # them pair with the places: "Xinyang and Zhoukou reported rates of 100 and 99.1 percent"
        return None
    return chain[run.index(figure)].value


def _decide_places(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    places = _usable_places(article, rules)
    chains_all = [c for c in _place_chains(places, article.text, rules.place_chain_gap) if not _is_list(c)]
    named = {p.value.code: p.value for p in places}
    subject = _place_of_chain(chains_all[0], named) if chains_all else None
    subject_span = (chains_all[0][0].start, chains_all[0][-1].end) if chains_all else None
    # (searched only before the first place: most articles name one early)
    national = rules.national_subject.search(article.text, 0, chains_all[0][0].start if chains_all else len(article.text))
    if national is not None:
        # an announcement of a ministry or the State Council, before any place is named (a
        # province named later in a list of examples is not what the article is about)
        subject, subject_span = CHINA, national.span()
    place_starts = [p.start for p in places]
    chain_starts = [c[0].start for c in chains_all]
    # (lists of places, other chains) of a sentence, shared by its figures
    chains_of_sentence: dict[int, tuple[list[list[Mention]], list[list[Mention]]]] = {}
    figure_starts = [f.mention.start for f in figures]
    for figure in figures:
        if figure.head is not None:
            figure.place = figure.head.place
            figure.rules["location"] = "qualifier_of_head"
            continue
        s_start, s_end = article.sentences[figure.sentence]
        c_start, c_end = _reach(article, rules, figure)
        split = chains_of_sentence.get(figure.sentence)
        if split is None:
            in_sentence = places[bisect.bisect_left(place_starts, s_start):bisect.bisect_left(place_starts, s_end)]
            found = _place_chains(in_sentence, article.text, rules.place_chain_gap)
            is_list = [_is_list(c) for c in found]
            split = ([c for c, flag in zip(found, is_list) if flag], [c for c, flag in zip(found, is_list) if not flag])
            chains_of_sentence[figure.sentence] = split
        m = figure.mention
        lists = [c for c in split[0] if c_start <= c[0].start and c[-1].end <= m.start]
        chains = split[1]
        in_clause_before = [c for c in chains if c_start <= c[0].start and c[-1].end <= m.start]
        if lists and (not in_clause_before or in_clause_before[-1][-1].end < lists[-1][0].start):
            respective = _respective(article, figures, figure_starts, figure, lists[-1], (c_start, c_end), rules)
            figure.evidence["location"] = (lists[-1][0].start, lists[-1][-1].end)
            if respective is not None:
                # "the rates in Fujian and Hunan stood at 98.2 and 96.5 percent, respectively"
                figure.place, figure.rules["location"] = respective, "respectively"
                continue
            # "Jiangsu, Zhejiang and Hubei together accounted for 3,150": several provinces at once
            figure.place, figure.rules["location"] = None, "several_places"
            continue
        if in_clause_before:
            respective = _respective(article, figures, figure_starts, figure, in_clause_before[-1],
                                     (c_start, c_end), rules)
            if respective is not None:
                figure.place, figure.rules["location"] = respective, "respectively"
                figure.evidence["location"] = (in_clause_before[-1][0].start, in_clause_before[-1][-1].end)
                continue
        # the candidates in order of preference, each looked for only when those before it
        # are missing (most figures have a place in their clause)
        inside = [c for c in chains if m.start <= c[0].start and c[-1].end <= m.end]
        right_after = [c for c in chains if m.end <= c[0].start <= m.end + 8 and c[-1].end <= c_end
                       and _IN_PLACE.fullmatch(article.text, m.end, c[0].start)
                       and not _POSSESSIVE_AFTER.match(article.text, c[-1].end)] if not inside else []
        if right_after and in_clause_before and _within_other(_place_of_chain(in_clause_before[-1], named),
                                                                _place_of_chain(right_after[0], named)):
            right_after = []  # "Nanchang ... 1,200 old communities in Jiangxi": the clause's city, not its province
        if inside:
            chain, rule = inside[0], "inside_figure"  # "2,100 Shanghai households"
        elif right_after:
            chain, rule = right_after[0], "in_place_after"  # "..., 2 in Huimin district, 4 in Yuquan district"
        elif in_clause_before:
            chain, rule = in_clause_before[-1], "clause_before"
        elif in_clause_after := [c for c in chains if c[0].start >= m.end and c[-1].end <= c_end]:
            chain, rule = in_clause_after[0], "clause_after"
        elif (national := rules.national_subject.search(article.text, c_start, m.start)) is not None \
                and not _AGENT_BEFORE.search(article.text, max(c_start, national.start() - 12), national.start()):
            # "the Chinese government has planned to finance 15 million homes": a national subject
            # in the clause, no place: the country, not an earlier city
            figure.place, figure.rules["location"] = CHINA, "national_subject_in_clause"
            figure.evidence["location"] = national.span()
            continue
        elif before := [c for c in chains if c[-1].end <= m.start]:
            chain, rule = before[-1], "sentence_before"
        elif after := [c for c in chains if c[0].start >= m.end]:
            chain, rule = after[0], "sentence_after"
        else:
            # the last chain of the paragraph before the sentence (walked back from the
            # sentence: a paragraph may be the whole article)
            first = bisect.bisect_left(chain_starts, article.paragraph_starts[figure.paragraph])
            chain = next((chains_all[i] for i in range(bisect.bisect_left(chain_starts, s_start) - 1, first - 1, -1)
                          if chains_all[i][-1].end <= s_start), None)
            rule = "paragraph_previous"
        if chain is not None:
            figure.place, figure.rules["location"] = _place_of_chain(chain, named), rule
            figure.evidence["location"] = (chain[0].start, chain[-1].end)
        elif subject is not None:
            figure.place, figure.rules["location"] = subject, "article_subject"
            if subject_span is not None:
                figure.evidence["location"] = subject_span
        else:
            figure.rules["location"] = "none"


_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")


def _within_other(inner: Any, outer: Any) -> bool:
    """Whether ``inner`` is a more specific unit in the same province as ``outer``."""
    return (inner is not None and outer is not None and inner is not outer
            and inner.province == outer.province
            and _LEVEL_ORDER.get(inner.level, 4) < _LEVEL_ORDER.get(outer.level, 4))

# "Funded by the central government", "subsidies from the State Council": the national body
# pays or orders, the figure is still the place's
_AGENT_BEFORE = re.compile(r"\b(?:by|from|of|with|to|for)\s+(?:the\s+)?$", re.IGNORECASE)
