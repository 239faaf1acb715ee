"""The place decision as a ladder of small named rules (tried in order; the first that decides
wins): a qualifier's head, lists of places read "respectively", the place inside the figure,
right after it, in its clause, a national subject, the rest of the sentence, the paragraph,
the article's subject. The place evidence (chains, datelines, lists) is in ``places.py``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from ...core.lazy import cached
from typing import Any, Callable

from ..gazetteer import CHINA
from .article import _Article, _Figure
from .metrics import _reach
from .places import _LEVEL_ORDER, _is_list, _listed, _place_chains, _place_of_chain, _respective, _usable_places
from .rules import LinkRules, Mention

Chain = list[Mention]
PlaceDecision = tuple[Any, str, "tuple[int, int] | None"]
"""(the place value or None, rule id, the span of the words that decided it)."""


@dataclass
class _PlaceArticle:
    """What every figure's place rules share: the article's chains, its subject, the lists of
    places and the other chains of each sentence (found once a sentence)."""

    article: _Article
    rules: LinkRules
    figures: list[_Figure]
    chains_all: list[Chain]
    named: dict[str, Any]
    subject: Any
    subject_span: tuple[int, int] | None
    places: list[Mention]
    place_starts: list[int]
    chain_starts: list[int]
    figure_starts: list[int]
    by_sentence: dict[int, tuple[list[Chain], list[Chain]]] = field(default_factory=dict)
    respectively_at: dict[int, Any] = field(default_factory=dict)  # sentence -> its first "respectively"

    def split(self, sentence: int) -> tuple[list[Chain], list[Chain]]:
        """(lists of places, other chains) of a sentence."""
        if sentence not in self.by_sentence:
            s_start, s_end = self.article.sentences[sentence]
            found = _place_chains(self.places[bisect.bisect_left(self.place_starts, s_start):
                                              bisect.bisect_left(self.place_starts, s_end)],
                                  self.article.text, self.rules.place_chain_gap)
            flags = [_is_list(c) for c in found]
            self.by_sentence[sentence] = ([c for c, f in zip(found, flags) if f],
                                          [c for c, f in zip(found, flags) if not f])
        return self.by_sentence[sentence]


@dataclass
class PlaceContext:
    """What the rungs of the place ladder see of one figure."""

    shared: _PlaceArticle
    figure: _Figure
    clause: tuple[int, int]
    lists: list[Chain]
    chains: list[Chain]

    @cached
    def in_clause_before(self) -> list[Chain]:
        start, m = self.clause[0], self.figure.mention
        return [c for c in self.chains if start <= c[0].start and c[-1].end <= m.start]

    def decided_by(self, chain: Chain | None, rule: str) -> PlaceDecision | None:
        if chain is None:
            return None
        return _place_of_chain(chain, self.shared.named), rule, (chain[0].start, chain[-1].end)


def qualifier_of_head(c: PlaceContext) -> PlaceDecision | None:
    """"..., benefiting 203,900 households": a qualifier takes its head's place."""
    head = c.figure.head
    return (head.place, "qualifier_of_head", None) if head is not None else None


def list_of_places(c: PlaceContext) -> PlaceDecision | None:
    """A list of places before the figure in its clause, after any other chain: "the rates in
    Fujian and Hunan stood at 98.2 and 96.5 percent, respectively" pairs in order; without a
    pairing, the figure belongs to several places at once (no single place)."""
    m = c.figure.mention
    lists = [chain for chain in c.lists if c.clause[0] <= chain[0].start and chain[-1].end <= m.start]
    before = c.in_clause_before
    if not lists or (before and before[-1][-1].end >= lists[-1][0].start):
        return None
    span = (lists[-1][0].start, lists[-1][-1].end)
    respective = _respective(c.shared.article, c.shared.figures, c.shared.figure_starts, c.figure, lists[-1],
                             c.clause, c.shared.rules)
    return (respective, "respectively", span) if respective is not None else (None, "several_places", span)


def respectively(c: PlaceContext) -> PlaceDecision | None:
    """"Luoyang and Xinxiang followed with 486 and 371 respectively": a chain of places of one
    level before a run of as many figures."""
    before = c.in_clause_before
    if not before:
        return None
    # the last chain, else every chain of the clause before the figure as one list ("Hailar
    # district of Hulunbuir and Xilinhot, the seat of Xilingol League": an apposition splits chains)
    for chain in (before[-1], [m for ch in before for m in ch]) if len(before) > 1 else (before[-1],):
        respective = _respective(c.shared.article, c.shared.figures, c.shared.figure_starts, c.figure, chain,
                                 c.clause, c.shared.rules)
        if respective is not None:
            return respective, "respectively", (chain[0].start, chain[-1].end)
    return None


def respectively_second_run(c: PlaceContext) -> PlaceDecision | None:
    """"Hebei, Shanxi and Sichuan started 1,206, 845 and 1,517 communities respectively, with
    start rates of 92.3, 88.6 and 90.4 percent": a run of as many figures of one metric after
    "respectively" pairs with the same places."""
    shared, figure = c.shared, c.figure
    article, rules = shared.article, shared.rules
    s_start, s_end = article.sentences[figure.sentence]
    if figure.sentence not in shared.respectively_at:  # (searched once a sentence: this rung is tried first)
        shared.respectively_at[figure.sentence] = rules.respectively.search(article.text, s_start, s_end)
    word = shared.respectively_at[figure.sentence]
    if word is None or word.end() > figure.mention.start:
        return None
    run = [f for f in shared.figures[bisect.bisect_left(shared.figure_starts, word.end()):
                                     bisect.bisect_left(shared.figure_starts, s_end)] if f.metric == figure.metric]
    before = sorted((ch for ch in c.chains + c.lists if ch[-1].end <= word.start()), key=lambda ch: ch[0].start)
    for chain in (before[-1:] + ([[m for ch in before for m in ch]] if len(before) > 1 else [])):
        listed = _listed(chain)
        if listed is not None and len(listed) == len(run) and figure in run:
            return listed[run.index(figure)].value, "respectively_second_run", (chain[0].start, chain[-1].end)
    return None


def inside_figure(c: PlaceContext) -> PlaceDecision | None:
    """"2,100 Shanghai households": the place inside the figure."""
    m = c.figure.mention
    return c.decided_by(next((ch for ch in c.chains if m.start <= ch[0].start and ch[-1].end <= m.end), None),
                        "inside_figure")


def in_place_after(c: PlaceContext) -> PlaceDecision | None:
    """"..., 2 in Huimin district, 4 in Yuquan district", "402 are in Liuzhou": the place right after the figure
    (not a province after the clause's own city: "Nanchang ... 1,200 old communities in Jiangxi")."""
    m, text = c.figure.mention, c.shared.article.text
    after = [ch for ch in c.chains if m.end <= ch[0].start <= m.end + 20 and ch[-1].end <= c.clause[1]
             and _IN_PLACE.fullmatch(text, m.end, ch[0].start) and not _POSSESSIVE_AFTER.match(text, ch[-1].end)]
    before = c.in_clause_before
    if not after or (before and _within_other(_place_of_chain(before[-1], c.shared.named),
                                              _place_of_chain(after[0], c.shared.named))):
        return None
    return c.decided_by(after[0], "in_place_after")


def clause_before(c: PlaceContext) -> PlaceDecision | None:
    """The nearest chain before the figure in its clause (the most specific of "Taishan
    district of Tai'an, Shandong province")."""
    before = c.in_clause_before
    return c.decided_by(before[-1] if before else None, "clause_before")


def clause_after(c: PlaceContext) -> PlaceDecision | None:
    """The nearest chain after the figure in its clause."""
    m = c.figure.mention
    return c.decided_by(next((ch for ch in c.chains if ch[0].start >= m.end and ch[-1].end <= c.clause[1]), None),
                        "clause_after")


def national_subject_in_clause(c: PlaceContext) -> PlaceDecision | None:
    """"the Chinese government has planned to finance 15 million homes": a national subject in
    the clause, no place: the country, not an earlier city (not "funded by the central government")."""
    text, rules = c.shared.article.text, c.shared.rules
    national = rules.national_subject.search(text, c.clause[0], c.figure.mention.start)
    if national is None or _AGENT_BEFORE.search(text, max(c.clause[0], national.start() - 12), national.start()):
        return None
    return CHINA, "national_subject_in_clause", national.span()


def sentence_before(c: PlaceContext) -> PlaceDecision | None:
    """The nearest chain before the figure in its sentence, outside its clause."""
    m = c.figure.mention
    before = [ch for ch in c.chains if ch[-1].end <= m.start]
    return c.decided_by(before[-1] if before else None, "sentence_before")


def sentence_after(c: PlaceContext) -> PlaceDecision | None:
    """The nearest chain after the figure in its sentence."""
    m = c.figure.mention
    return c.decided_by(next((ch for ch in c.chains if ch[0].start >= m.end), None), "sentence_after")


def previous_figure(c: PlaceContext) -> PlaceDecision | None:
    """No place in its sentence: the place of the figure before it in its paragraph, when no
    place is named between the two ("As of June, 31 of the 44 areas had started" after "44
    areas in Chaoyang have been included in the city's list, involving 612 buildings"): the
    passage goes on about the same place, whatever else its last sentence mentioned."""
    shared, figure = c.shared, c.figure
    s_start = shared.article.sentences[figure.sentence][0]
    index = bisect.bisect_left(shared.figure_starts, s_start) - 1
    if index < 0:
        return None
    before = shared.figures[index]
    if before.paragraph != figure.paragraph or before.place is None \
            or before.rules.get("location", "").startswith(("respectively", "list_of_places")):
        return None  # (a place paired with one item of a list is that item's, not the passage's)
    named_since = bisect.bisect_left(shared.chain_starts, before.mention.end)
    if named_since < len(shared.chain_starts) and shared.chain_starts[named_since] < s_start:
        return None
    return before.place, "previous_figure", before.evidence.get("location")


def paragraph_previous(c: PlaceContext) -> PlaceDecision | None:
    """The last chain of the paragraph before the sentence (walked back from the sentence: a
    paragraph may be the whole article)."""
    shared, figure = c.shared, c.figure
    s_start = shared.article.sentences[figure.sentence][0]
    first = bisect.bisect_left(shared.chain_starts, shared.article.paragraph_starts[figure.paragraph])
    chain = next((shared.chains_all[i] for i in range(bisect.bisect_left(shared.chain_starts, s_start) - 1,
                                                      first - 1, -1)
                  if shared.chains_all[i][-1].end <= s_start), None)
    return c.decided_by(chain, "paragraph_previous")


def article_subject(c: PlaceContext) -> PlaceDecision | None:
    """The article's subject: its first place that is not furniture or a dateline (or the
    country, when a national body is named before any place)."""
    shared = c.shared
    return (shared.subject, "article_subject", shared.subject_span) if shared.subject is not None else None


def no_place(c: PlaceContext) -> PlaceDecision | None:
    """The article names no place."""
    return None, "none", None


PLACE_LADDER: tuple[Callable[[PlaceContext], PlaceDecision | None], ...] = (
    respectively_second_run, qualifier_of_head, list_of_places, respectively, inside_figure, in_place_after, clause_before, clause_after,
    national_subject_in_clause, sentence_before, sentence_after, previous_figure, paragraph_previous, article_subject,
    no_place)
"""The place rungs in order: the first that decides wins (the last always does)."""


def _decide_places(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    shared = _shared(article, figures, rules)
    for figure in figures:
        lists, chains = shared.split(figure.sentence)
        context = PlaceContext(shared, figure, _reach(article, rules, figure), lists, chains)
        for rung in PLACE_LADDER:
            decision = rung(context)
            if decision is not None:
                figure.place, figure.rules["location"], span = decision
                if span is not None:
                    figure.evidence["location"] = span
                break


def _shared(article: _Article, figures: list[_Figure], rules: LinkRules) -> _PlaceArticle:
    places = _usable_places(article, rules)
    chains_all = [c for c in _place_chains(places, article.text, rules.place_chain_gap) if not _is_list(c)]
    named = {p.value.code: p.value for p in places}
    first = _subject_chain(chains_all, named)
    subject = _place_of_chain(first, named) if first else None
    subject_span = (first[0].start, first[-1].end) if first else None
    # (searched only before the first place: most articles name one early)
    national = rules.national_subject.search(article.text, 0, chains_all[0][0].start if chains_all else len(article.text))
    if national is not None:
        # an announcement of a ministry or the State Council, before any place is named (a
        # province named later in a list of examples is not what the article is about)
        subject, subject_span = CHINA, national.span()
    return _PlaceArticle(article, rules, figures, chains_all, named, subject, subject_span, places,
                         [p.start for p in places], [c[0].start for c in chains_all],
                         [f.mention.start for f in figures])


def _subject_chain(chains: list[Chain], named: dict[str, Any]) -> Chain | None:
    """The chain that names what the article is about: its first, unless the place it names is
    never named again and another is (then the one named most often, at its first mention;
    "the region", "the province" count for the place they stand for, and every place of a
    chain counts: "Luyang district of Hefei" names Hefei too). A venue named once ("as the two
    sessions open in Hohhot") does not outweigh the region the article keeps coming back to."""
    if not chains:
        return None
    counts: dict[Any, int] = {}
    first: dict[Any, Chain] = {}
    for chain in chains:
        place = _place_of_chain(chain, named)
        key = getattr(place, "code", id(place))
        first.setdefault(key, chain)
        # every place a chain names counts ("Luyang district of Hefei" names Hefei too)
        for mention in chain:
            code = getattr(mention.value, "code", None)
            counts[code] = counts.get(code, 0) + 1
    opening = next(iter(first))
    best = max(counts.get(key, 0) for key in first)
    if counts.get(opening, 0) > 1 or best < 2:
        return first[opening]
    return next(first[key] for key in first if counts.get(key, 0) == best)


_IN_PLACE = re.compile(r"\s+(?:(?:are|is|were|was|lie|lies)\s+(?:located\s+)?)?in\s+(?:the\s+)?", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")


def _within_other(inner: Any, outer: Any) -> bool:
    """Whether ``inner`` is a more specific unit in the same province as ``outer``."""
    return (inner is not None and outer is not None and inner is not outer
            and inner.province == outer.province
            and _LEVEL_ORDER.get(inner.level, 4) < _LEVEL_ORDER.get(outer.level, 4))


# "Funded by the central government", "subsidies from the State Council": the national body
# pays or orders, the figure is still the place's
_AGENT_BEFORE = re.compile(r"\b(?:by|from|of|with|to|for)\s+(?:the\s+)?$", re.IGNORECASE)
