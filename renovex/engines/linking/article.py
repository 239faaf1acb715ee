"""One article as the linker sees it: sentences, paragraphs, mentions and the figures
being decided, with per-sentence caches; page furniture, list lead-ins and list items.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from ..furniture import furniture_spans
from ...core.regex_prefixes import fold
from .rules import KindCue, LinkRules, Mention

OF_WHOLE = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|all\s+)?", re.IGNORECASE)
"""The words between a part and the whole it is taken from: "4,512 *of the* 5,036", "35 and
18 *of the* 64"."""


@dataclass
class _Figure:
    """A quantity being turned into a record, with its decisions and their reasons."""

    mention: Mention
    sentence: int
    paragraph: int
    metric: str | None = None
    kind: str | None = None
    place: Any = None
    period: tuple[int, int] | None = None
    as_of: date | None = None
    head: "_Figure | None" = None
    group: int | None = None
    antecedent: "_Figure | None" = None
    """The figure a bare number ("and 74 have been completed") or a part ("410 of the
    communities") refers to."""
    rules: dict[str, str] = field(default_factory=dict)
    cue_start: int | None = None
    """Where the cue that decided the kind starts, when one did."""
    reach: tuple[int, int] | None = None
    """The figure's clause, found once (see _reach)."""
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per field ("kind", "location", "period"), the span of the words that decided it."""


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def _period_of(value: Any) -> tuple[int, int] | None:
    period = getattr(value, "period", None)
    return tuple(period) if period else None


class _Article:
    """Index of one article's sentences, paragraphs and mentions."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                 reference_year: int | None = None):
        self.text = text
        self.reference_year = reference_year
        self.sentences = sentences
        self.sentence_starts = [s for s, _ in sentences]
        self.paragraph_starts = _paragraph_starts(text)
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.mention_starts = [m.start for m in self.mentions]

        self._cues: dict[int, list[tuple[int, int, KindCue]]] = {}
        self._terminators: dict[int, list[tuple[int, int]]] = {}
        self._cumulative: dict[int, bool] = {}
        self._off_topic: dict[int, list[int]] = {}
        self._low: str | None = None
        self._folded: tuple[str | None] | None = None
        self.lead_ins: dict[int, int] = {}
        """Paragraph of a list item -> paragraph of the line ending with ":" that leads the list."""
        self.dropped: list[tuple[Mention, str]] = []
        """Quantities that are not records, each with the reason (see docs/rules.md, "why not")."""

    @property
    def low(self) -> str:
        """The lower-cased text, made once when a figure filter first needs it."""
        if self._low is None:
            self._low = self.text.lower()
        return self._low

    @property
    def folded(self) -> str | None:
        """The text folded for the prefix tests of case-insensitive window regexes (None
        when it cannot be: see regex_prefixes.fold), made once per article."""
        if self._folded is None:
            self._folded = (fold(self.text),)
        return self._folded[0]

    def cues_in_sentence(self, index: int, rules: "LinkRules") -> list[tuple[int, int, KindCue]]:
        """Cue matches of one sentence, found once and shared by all its figures."""
        if index not in self._cues:
            start, end = self.sentences[index]
            self._cues[index] = rules.find_cues(self.text[start:end], start)
        return self._cues[index]

    def terminators_in_sentence(self, index: int, rules: "LinkRules") -> list[tuple[int, int]]:
        if index not in self._terminators:
            start, end = self.sentences[index]
            self._terminators[index] = [m.span() for m in rules.terminators.finditer(self.text, start, end)]
        return self._terminators[index]

    def cumulative_context(self, index: int, paragraph_start: int, rules: "LinkRules") -> bool:
        """Whether sentence ``index``, or its paragraph before it, says "to date"/"in total"
        (once per sentence: a paragraph may be the whole article)."""
        if index not in self._cumulative:
            start, end = self.sentences[index]
            self._cumulative[index] = bool(rules.cumulative.search(self.text, start, end, self.folded)
                                           or rules.cumulative.search(self.text, paragraph_start, start, self.folded))
        return self._cumulative[index]

    def off_topic_in_sentence(self, index: int, rules: "LinkRules") -> list[int]:
        """Offsets of the other-subject cues ("GDP", "a survey of") of one sentence, found once."""
        if index not in self._off_topic:
            start, end = self.sentences[index]
            regex, text = rules.off_topic.on(self)
            self._off_topic[index] = [m.start() for m in regex.finditer(text, start, end)]
        return self._off_topic[index]

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)


def _cut_off_end(text: str) -> int:
    """Where a figure would be cut off: the text's end, when the excerpt stops mid-sentence
    ("a plan to seek financial assistance of RMB 1"); past the end when it ends cleanly."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?\"'”’)]:;。！？…":
        return len(text) + 1
    return len(stripped)


def _outside_furniture(text: str, mentions: Iterable[Mention], rules: LinkRules) -> list[Mention]:
    """The mentions that are not in page furniture (menus, captions, related-news lists): it
    never decides a field and its figures are not records (RECORDS.md)."""
    mentions = list(mentions)
    spans = furniture_spans(text, rules.furniture)
    if not spans:
        return mentions
    starts = [start for start, _ in spans]

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < spans[i][1]

    return [m for m in mentions if not inside(m.start)]


def _list_lead_ins(article: _Article, rules: LinkRules) -> dict[int, int]:
    """"The city will:\n- renovate 300 communities;\n- install 120 elevators": each item line
    (linking.json "list_item") of a list whose lead-in line ends with ":" -> that lead-in's
    paragraph. Blank lines may separate items; any other line ends the list."""
    if rules.list_item is None or ":" not in article.text:
        return {}
    text, starts = article.text, article.paragraph_starts
    found: dict[int, int] = {}
    lead: int | None = None
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        line = text[start:end].rstrip()
        if not line.strip():
            continue
        if rules.list_item.match(line):
            if lead is not None:
                found[index] = lead
        else:
            lead = index if line.endswith(":") else None
    return found


def _imperative_item(article: _Article, rules: LinkRules, paragraph: int, gerund: bool = False) -> bool:
    """Whether a list item line opens with a bare verb (linking.json "imperative_item"), or
    with ``gerund`` a verb in -ing ("gerund_item": "- Raising capital for ..."): the items of
    a government task list are plans even when the lead-in line carries no cue."""
    if rules.list_item is None:
        return False
    starts = article.paragraph_starts
    end = starts[paragraph + 1] if paragraph + 1 < len(starts) else len(article.text)
    line = article.text[starts[paragraph]:end]  # sliced: the marker pattern is anchored with "^"
    marker = rules.list_item.match(line)
    verb = rules.gerund_item if gerund else rules.imperative_item
    return marker is not None and verb.match(line, marker.end()) is not None


def _lead_in_cue(article: _Article, rules: LinkRules, lead: int) -> KindCue | None:
    """The cue a list's lead-in line hands to its items: the last forward-looking cue of its
    last sentence, a strong one before a weak one ("According to the plan, the city will:")."""
    start = article.paragraph_starts[lead]
    colon = article.text.rindex(":", start, article.paragraph_starts[lead + 1])
    cues = [cue for c_start, _, cue in article.cues_in_sentence(article.sentence_of(colon), rules)
            if start <= c_start < colon and cue.direction in ("forward", "both")]
    strong = [cue for cue in cues if cue.strength == "strong"]
    return (strong or cues)[-1] if cues else None


def _figures(article: _Article) -> list[_Figure]:
    figures = []
    for mention in article.mentions:
        if mention.label != "QUANTITY":
            continue
        figures.append(_Figure(mention, article.sentence_of(mention.start), article.paragraph_of(mention.start)))
    return figures
