"""Relation linking: entities of one article -> plan and outcome records.

Pure Python (no spaCy): the ``renovex_records`` component turns a Doc into the
``Mention`` and ``Sentence`` views below and calls :func:`link`. Every decision is
made by a named rule, kept in ``Record.rules``.

Decisions, per quantity that has a metric of the spec:
- metric: the quantity's unit noun; a bare number ("completed 1,481,") borrows the
  metric of the figure it refers to in the same sentence or paragraph.
- kind: a qualifier ("benefiting 203,900 households") takes its head's kind; else the
  nearest ConText cue in reach (forward cues before the figure, backward cues after,
  no terminator between; weak cues lose to strong ones); else the paragraph's last kind;
  else, in a list item, the cue of the list's lead-in line ("the city will:").
- location: the nearest place chain before the figure in its sentence, else after it,
  else the paragraph's last place, else the article's subject (its first place).
- period: the nearest period expression in the sentence, else the paragraph's frame,
  else the article's last frame (unless the sentence is a cumulative "to date" figure); a
  list item falls back on its lead-in's frame, then on the frame before the list. A time
  of a compared figure ("up from 268 last year") dates that figure only.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from .furniture import FurnitureRules, furniture_spans
from .gazetteer import CHINA
from .records import Record
from .regex_prefixes import FirstMatchScanner, PrefixedRegex, WindowRegex, fold, folded_twin

KINDS = ("plan", "outcome")
DIRECTIONS = ("forward", "backward", "both")
STRENGTHS = ("strong", "weak")


class Mention:
    """An entity of the article: char offsets, label and normalised value. Not changed once
    made; equal and hashed by its fields (as a frozen dataclass would be)."""

    # a plain __slots__ class: a frozen dataclass's __init__ costs about four times as much,
    # and an article makes one Mention per entity
    __slots__ = ("start", "end", "label", "value", "rule")

    def __init__(self, start: int, end: int, label: str, value: Any, rule: str | None = None):
        self.start = start
        self.end = end
        self.label = label
        self.value = value
        self.rule = rule

    def _fields(self) -> tuple:
        return (self.start, self.end, self.label, self.value, self.rule)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Mention(start={self.start!r}, end={self.end!r}, label={self.label!r}, "
                f"value={self.value!r}, rule={self.rule!r})")


@dataclass(frozen=True)
class KindCue:
    """One ConText trigger: a phrase that makes figures in its reach plans or outcomes."""

    id: str
    kind: str
    direction: str
    strength: str
    pattern: str
    inside: bool = False
    """Whether the cue also counts inside the figure's own words ("1,506 planned communities")."""

    ALLOWED = ("id", "kind", "direction", "strength", "pattern", "inside")
    OPTIONAL = ("strength", "inside")

    @classmethod
    def from_dict(cls, data: dict, where: str = "") -> "KindCue":
        unknown = set(data) - set(cls.ALLOWED)
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}; allowed: {', '.join(cls.ALLOWED)}")
        missing = [k for k in cls.ALLOWED if k not in data and k not in cls.OPTIONAL]
        if missing:
            raise ValueError(f"{where}: missing keys {missing}")
        cue = cls(id=data["id"], kind=data["kind"], direction=data["direction"],
                  strength=data.get("strength", "strong"), pattern=data["pattern"],
                  inside=bool(data.get("inside", False)))
        if cue.kind not in KINDS or cue.direction not in DIRECTIONS or cue.strength not in STRENGTHS:
            raise ValueError(f"{where}: kind must be one of {KINDS}, direction one of {DIRECTIONS}, "
                             f"strength one of {STRENGTHS}")
        try:
            re.compile(cue.pattern)
        except re.error as error:
            raise ValueError(f"{where}: bad pattern: {error}") from None
        return cue

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.ALLOWED}


class _LowerRegex:
    """A pattern written in lower case, run on lower-cased text when that keeps offsets."""

    def __init__(self, pattern: str):
        self.lower = WindowRegex(pattern)
        self.any_case = WindowRegex(pattern, re.IGNORECASE)

    def on(self, article: "_Article") -> tuple[WindowRegex, str]:
        low = article.low
        return (self.lower, low) if len(low) == len(article.text) else (self.any_case, article.text)


@dataclass
class LinkRules:
    """Compiled linking rules of a pack (``kind_cues.jsonl`` + ``linking.json``)."""

    cues: list[KindCue]
    settings: dict[str, Any]
    topic: dict | None = None
    furniture: FurnitureRules | None = None  # None: the bundled renovex/data/furniture.json
    _cue_scanner: FirstMatchScanner = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # matched on lower-cased text (IGNORECASE makes a large alternation several times
        # slower), and only where a cue's first letters are: see regex_prefixes
        self._cue_scanner = FirstMatchScanner([f"\\b(?:{cue.pattern})\\b" for cue in self.cues], length=8)
        alternatives = "|".join(f"(?P<c{i}>(?:{cue.pattern})\\b)" for i, cue in enumerate(self.cues))
        self._cue_regex_any_case = re.compile(f"\\b(?:{alternatives})" if alternatives else "(?!)", re.IGNORECASE)
        # an article that never names the domain's work is about something else (a report on
        # the property market): none of its figures is a record (metrics.json "topic")
        self.topic_re = _LowerRegex(self.topic["pattern"]) if self.topic else None
        self.topic_min_sentences = int(self.topic.get("min_sentences", 1)) if self.topic else 0
        s = self.settings
        self.terminators = PrefixedRegex(s["terminators"], re.IGNORECASE)
        self.qualifier = re.compile(s["qualifier_cues"], re.IGNORECASE)
        # searched in windows before each figure, place or period: see WindowRegex
        self.cumulative = WindowRegex(rf"\b(?:{s['cumulative_cues']})\b", re.IGNORECASE)
        self.bare_before = re.compile(s["bare_before"], re.IGNORECASE)
        self.bare_after = re.compile(s["bare_after"], re.IGNORECASE)
        self.total_between = re.compile(s["total_between"], re.IGNORECASE)
        self.weak_cue_ids = {cue.id for cue in self.cues if cue.strength == "weak"}
        self.place_anaphora = WindowRegex(s["place_anaphora_pattern"], re.IGNORECASE)
        # scanned over whole articles, and its first words ("the", "this") are everywhere:
        # run case-sensitively on the folded text when that matches the same (see folded_twin)
        self.place_anaphora_folded = folded_twin(s["place_anaphora_pattern"])
        self.anaphora_levels = {word: level for level, words in s["place_anaphora"].items() for word in words}
        self.ignored_place_surfaces = {w.lower() for w in s["ignored_place_surfaces"]}
        self.ranking_context = WindowRegex(s["ranking_context"], re.IGNORECASE)
        self.period_excluded_before = WindowRegex(s["period_excluded_before"], re.IGNORECASE)
        self.since_before = WindowRegex(s["since_before"], re.IGNORECASE)
        self.anaphoric_years = re.compile(s["anaphoric_years"], re.IGNORECASE)
        self.deadline_surface = re.compile(s["deadline_surface"], re.IGNORECASE)
        self.place_chain_gap = re.compile(s["place_chain_gap"], re.IGNORECASE)
        # optional settings (packs written before they existed link as before)
        never = "(?!)"
        # the figure filters that scan a clause or a window run on lower-cased text
        # (IGNORECASE makes an alternation several times slower): their patterns are in lower case
        self.off_topic = _LowerRegex(s.get("off_topic", never))
        self.per_unit_after = re.compile(s.get("per_unit_after", never), re.IGNORECASE)
        self.not_record_before = _LowerRegex(s.get("not_record_before", never))
        self.not_progress_before = _LowerRegex(s.get("not_progress_rate_before", never))
        self.not_progress_after = re.compile(s.get("not_progress_rate_after", never), re.IGNORECASE)
        self.parallel_gap = re.compile(s.get("parallel_gap", never), re.IGNORECASE)
        self.coordinate_clause_gap = re.compile(s.get("coordinate_clause_gap", never), re.IGNORECASE)
        self.coordinated_figures_gap = re.compile(s.get("coordinated_figures_gap", never), re.IGNORECASE)
        self.national_subject = re.compile(s.get("national_subject", never), re.IGNORECASE)
        self.stock_before = WindowRegex(s.get("stock_before", never), re.IGNORECASE)
        self.comparison_before = WindowRegex(s.get("comparison_before", never), re.IGNORECASE)
        self.deadline_before = WindowRegex(s.get("deadline_before", never), re.IGNORECASE)
        self.respectively = re.compile(s.get("respectively", never), re.IGNORECASE)
        self.list_item = re.compile(s["list_item"]) if "list_item" in s else None
        # matched right after a list item's marker: "- Install 600 elevators" is a task set
        self.imperative_item = re.compile(s.get("imperative_item", never), re.IGNORECASE)
        self.gerund_item = re.compile(s.get("gerund_item", never), re.IGNORECASE)
        # a percentage is a record only as a rate of progress: one of these words in its clause
        words = s.get("progress_rate_words")
        self.progress_rate_words = re.compile(words, re.IGNORECASE) if words else None
        # the words that open a sentence before its first figure when it names a set to
        # measure a part against: "Of the 1,600 communities planned, 1,424 ..."
        self.leading_whole = re.compile(s.get("leading_whole", never), re.IGNORECASE)
        self.city_provinces = frozenset(s.get("city_provinces", ()))
        # "It costs four yuan a round trip": a sum this small is a price or a fee, not a record
        self.min_record_value = {metric: float(value) for metric, value in s.get("min_record_value", {}).items()}
        self.district_surfaces = tuple(f" {w.lower()}" for w in s.get("district_surfaces", ()))

    @classmethod
    def from_dict(cls, rules: dict) -> "LinkRules":
        cues = [KindCue.from_dict(c, f"kind cue {c.get('id', i)}") for i, c in enumerate(rules["cues"])]
        furniture = FurnitureRules.from_dict(rules["furniture"]) if "furniture" in rules else None
        return cls(cues=cues, settings=rules["linking"], topic=rules.get("topic"), furniture=furniture)

    def find_cues(self, text: str, offset: int = 0) -> list[tuple[int, int, KindCue]]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower-case to two ("İ"), shifting offsets
            return [(offset + match.start(), offset + match.end(), self.cues[int(match.lastgroup[1:])])
                    for match in self._cue_regex_any_case.finditer(text)]
        return [(offset + match.start(), offset + match.end(), self.cues[number])
                for number, match in self._cue_scanner.finditer(lowered)]


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



def link(text: str, sentences: list[tuple[int, int]], mentions: Iterable[Mention], rules: LinkRules,
         doc_id: str | None = None, term_ids_by_sentence: dict[int, list[str]] | None = None,
         reference_year: int | None = None) -> list[Record]:
    """Link the mentions of one article into records (see the module docstring).

    ``reference_year`` is the article's current year (from its publication date), used to
    close open periods ("since 2019") and to tell past periods from future ones."""
    article = _Article(text, sentences, _outside_furniture(text, mentions, rules), reference_year)
    if rules.topic_re is not None and len(sentences) >= rules.topic_min_sentences:
        regex, searched = rules.topic_re.on(article)
        if regex.search(searched, 0, len(searched)) is None:
            return []  # a page about something else (a shorter text was chosen by its user)
    article.lead_ins = _list_lead_ins(article, rules)
    figures = _figures(article)
    _decide_metrics(article, figures, rules)
    figures = _records_only(article, figures, rules)
    _decide_heads(article, figures, rules)
    _decide_kinds(article, figures, rules)
    _decide_places(article, figures, rules)
    _decide_periods(article, figures, rules)
    _past_periods_are_outcomes(article, figures, rules)
    figures = _one_per_fact(article, figures)
    return [_to_record(article, f, doc_id, term_ids_by_sentence or {}) for f in figures]


_WORTH_OF = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s*,?\s*(?:worth|valued at|costing|at a (?:total )?cost of|with (?:an? |a total |total )?"
                       r"(?:investment|value|cost) of)\s+(?:about |around |nearly |more than |over |some |almost )?",
                       re.IGNORECASE)


def _records_only(article: _Article, figures: list[_Figure], rules: LinkRules) -> list[_Figure]:
    """The figures that can be records: with a metric, not about another subject, and not the
    worth of a figure that is not a record ("135 infrastructure projects worth 421 billion yuan")."""
    kept = []
    dropped_before: _Figure | None = None  # the figure just before, when it was dropped
    cut_at = _cut_off_end(article.text)
    for figure in figures:
        if not figure.metric or _off_subject(article, figure, rules) or figure.mention.end >= cut_at \
                or figure.mention.value.value < rules.min_record_value.get(figure.metric, float("-inf")):
            dropped_before = figure
            continue
        if dropped_before is not None and dropped_before.sentence == figure.sentence and (
                _WORTH_OF.fullmatch(article.text, dropped_before.mention.end, figure.mention.start)
                or dropped_before.metric and rules.coordinated_figures_gap.fullmatch(
                    article.text, dropped_before.mention.end, figure.mention.start)):
            # "135 infrastructure projects worth 421 billion yuan"; "jurisdiction over two
            # counties and five districts": the worth, or a coordinated peer, of what is not a record
            dropped_before = figure
            continue
        kept.append(figure)
        dropped_before = None
    return kept


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


def _decide_metrics(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """Metric from the unit noun; a bare number borrows the metric of the figure it refers to."""
    place_ends: set[int] | None = None
    for index, figure in enumerate(figures):
        q = figure.mention.value
        if q.metric:
            figure.metric = q.metric
            figure.rules["metric"] = f"unit:{q.unit_text or q.unit}"
            continue
        if q.unit != "count":
            continue
        if q.unit_text is not None:
            _partitive_noun(article, figures, index)
            continue
        before = article.text[max(0, q.number_start - 40):q.start]
        after = article.text[q.end:q.end + 20]
        how = "bare"
        if not (rules.bare_before.search(before) or rules.bare_after.search(after)):
            # "Liaoning will renovate 2,400 communities, Heilongjiang 2,050 and Jilin 1,700":
            # a number right after a place, the verb and noun left out, counts what the
            # sentence's figure before it counts
            if place_ends is None:
                place_ends = {m.end for m in article.mentions if m.label == "PLACE"}
            gap = len(before) - len(before.rstrip())
            if not gap or q.start != q.number_start or q.start - gap not in place_ends:
                continue
            how = "gapped"
        antecedent = _antecedent(article, rules, figures, index)
        if antecedent is not None and how == "gapped" and (
                antecedent.sentence != figure.sentence or antecedent.mention.start > q.start):
            continue
        if antecedent is not None:
            figure.metric = antecedent.metric
            figure.antecedent = antecedent
            figure.rules["metric"] = f"{how}:refers_to:{antecedent.mention.value.value:g}"


_PARTITIVE_NOUN = re.compile(r"\s+of\s+(?:the|these|those)\s+$", re.IGNORECASE)


def _partitive_noun(article: _Article, figures: list[_Figure], index: int) -> None:
    """"So far, 16 of the areas have been completed": a part of a set named before by a
    longer phrase ("27 old residential areas") counts what that phrase counts."""
    figure = figures[index]
    q = figure.mention.value
    noun = q.unit_text.lower()
    if " " in noun or not _PARTITIVE_NOUN.match(article.text[q.number_end:q.end - len(q.unit_text)]):
        return
    for other in reversed(figures[max(0, index - 12):index]):
        text = other.mention.value.unit_text
        if other.metric and text and text.lower().rsplit(None, 1)[-1] == noun:
            figure.metric, figure.antecedent = other.metric, other
            figure.rules["metric"] = f"partitive:refers_to:{other.mention.value.value:g}"
            return


def _is_comparison(article: _Article, rules: LinkRules, figure: _Figure) -> bool:
    """"40,300 communities, exceeding the annual target of 39,000": a figure set beside
    another to compare with it; it is neither what a qualifier nor a bare number refers to."""
    start = figure.mention.start
    return bool(rules.comparison_before.search(article.text, max(0, start - 60), start, article.folded))


def _is_far_qualifier(article: _Article, rules: LinkRules, figures: list[_Figure], index: int,
                      target: _Figure) -> bool:
    """Whether ``figures[index]`` qualifies the figure before it ("..., benefiting 21,500
    households") and lies beyond a clause or sentence break from ``target``: "Heilongjiang
    completed 2,112" after "... 2,616 communities, benefiting 464,000 households, while"
    refers back to the communities, not to the households that qualify them."""
    candidate = figures[index]
    previous = figures[index - 1] if index else None
    if previous is None or previous.sentence != candidate.sentence or not previous.metric \
            or previous.metric == candidate.metric:
        return False
    gap = article.text[previous.mention.end:candidate.mention.start]
    if len(gap) > rules.settings["qualifier_window"] or rules.terminators.search(gap) \
            or not rules.qualifier.search(gap):
        return False
    return candidate.sentence != target.sentence or bool(
        rules.terminators.search(article.text, candidate.mention.end, target.mention.start)
        # ", and " right before a bare number opens a clause coordinated with the main one:
        # "started 1,342 communities, benefiting 97,500 households, and 1,106 of them have been completed"
        or rules.coordinate_clause_gap.fullmatch(article.text, candidate.mention.end, target.mention.start))


def _antecedent(article: _Article, rules: LinkRules, figures: list[_Figure], index: int) -> _Figure | None:
    """The figure a bare number refers to: the nearest one with a metric before it in the
    sentence, else after it in the sentence, else before it in the paragraph. Figures set
    beside another for comparison, and qualifiers beyond a clause break, are passed over
    when another candidate is left."""
    figure = figures[index]
    # the nearby figures only (a bare number refers to one within a few figures of it), so
    # that an article of one long paragraph does not make this quadratic
    lo = max(0, index - 12)
    candidates = [(i, f) for i, f in enumerate(figures[lo:index + 12], lo) if f is not figure and f.metric
                  and (f.sentence == figure.sentence or (f.paragraph == figure.paragraph and i < index))]
    if len(candidates) > 1:
        kept = [(i, f) for i, f in candidates if not _is_comparison(article, rules, f)
                and not (i < index and _is_far_qualifier(article, rules, figures, i, figure))]
        if kept:
            skipped = {id(f) for _, f in candidates} - {id(f) for _, f in kept}
            if skipped:
                figures = [f for f in figures if id(f) not in skipped]
                index = figures.index(figure)
    # a percentage is never what a bare count refers to ("71.3 percent of the target of 3,010")
    same_sentence = [f for f in figures if f.sentence == figure.sentence and f is not figure and f.metric
                     and f.metric != "percent"]
    before = [f for f in same_sentence if f.mention.start < figure.mention.start]
    if before:
        return before[-1]
    after = [f for f in same_sentence if f.mention.start > figure.mention.start]
    if after:
        return after[0]
    earlier = [f for f in figures[:index] if f.paragraph == figure.paragraph and f.metric and f.metric != "percent"]
    if earlier:
        return earlier[-1]
    # "... 1,528 planned for this year.\n\nOf these, 356 had been completed": the sentence
    # before, across a paragraph break; only a count, which is what a bare number is
    previous = [f for f in figures[max(0, index - 8):index] if f.sentence == figure.sentence - 1
                and f.metric and f.mention.value.unit == "count"]
    return previous[-1] if previous else None


def _off_subject(article: _Article, figure: _Figure, rules: LinkRules) -> bool:
    """Figures that are not records although they have a metric: one in a clause about
    another subject ("GDP reached ...", "a survey of 1,200 residents"), a description of a
    place ("a city of 3.9 million people"), a rate per unit ("150,000 yuan per elevator"),
    a percentage that is not a rate of progress ("grew 2.5 percent year on year")."""
    m = figure.mention
    text = article.text
    if rules.per_unit_after.match(text, m.end, m.end + 40):
        return True
    start, end = _reach(article, rules, figure)
    regex, lowered = rules.not_record_before.on(article)
    if regex.search(lowered, max(start, m.start - 60), m.start):
        return True  # "a municipality of 32 million people", "a population of 1.1 million"
    regex, lowered = rules.not_progress_before.on(article)
    if figure.metric == "percent" and (regex.search(lowered, max(start, m.start - 30), m.start)
                                       or rules.not_progress_after.match(text, m.end, min(end, m.end + 60))):
        return True
    if figure.metric == "percent" and rules.progress_rate_words is not None \
            and not rules.progress_rate_words.search(text, start, end):
        return True  # "75% of household waste was treated", "30% of the costs": a rate, not of the programme's progress
    cues = article.off_topic_in_sentence(figure.sentence, rules)
    return any(start <= cue < end for cue in cues)


def _decide_heads(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """A qualifier ("..., benefiting 203,900 households") hangs on the figure before it."""
    window = rules.settings["qualifier_window"]
    group = 0
    for index, figure in enumerate(figures):
        previous = figures[index - 1] if index else None
        if previous is None or previous.sentence != figure.sentence:
            continue
        gap = article.text[previous.mention.end:figure.mention.start]
        if len(gap) > window or rules.terminators.search(gap) or figure.metric == previous.metric:
            continue  # "followed by Tianshui with 236": a figure of the same metric is a peer
        if not rules.qualifier.search(gap):
            continue
        if any(cue.strength == "strong" for _, _, cue in rules.find_cues(gap)):
            # "with a planned investment of": the qualifier states its own kind
            if not rules.qualifier.fullmatch(gap.strip(" ,")):
                continue
        compared = figures[index - 2] if index > 1 else None
        if (compared is not None and compared.sentence == figure.sentence and compared.metric == previous.metric
                and _is_comparison(article, rules, previous)
                and not rules.terminators.search(article.text, compared.mention.end, previous.mention.start)):
            # "40,300 communities, exceeding the annual target of 39,000, benefiting 7.36 million
            # households": the households are those of the figure, not of the target
            previous = compared
        head = previous.head or previous
        figure.head = head
        if head.group is None:
            group += 1
            head.group = group
        figure.group = head.group


def _reach(article: _Article, rules: LinkRules, figure: _Figure) -> tuple[int, int]:
    """The clause around a figure: its sentence cut at terminators (asked for by several rules)."""
    if figure.reach is not None:
        return figure.reach
    start, end = article.sentences[figure.sentence]
    for t_start, t_end in article.terminators_in_sentence(figure.sentence, rules):
        if t_end <= figure.mention.start:
            start = t_end
        elif t_start >= figure.mention.end:
            end = t_start
            break
    figure.reach = (start, end)
    return start, end


def _decide_kinds(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    weak_penalty = rules.settings["weak_penalty"]
    last_kind_in_paragraph: dict[int, str] = {}
    lead_in_cues: dict[int, KindCue | None] = {}
    # "1,734 elevators, of which 206 have been completed": a cue after a part is the part's
    # verb, not its whole's (the starts of the parts that refer back to each figure)
    parts_of: dict[int, list[int]] = {}
    for figure in figures:
        if figure.antecedent is not None:
            parts_of.setdefault(id(figure.antecedent), []).append(figure.mention.start)
    # "987 communities, with a planned investment of 14.5 billion yuan": a cue in the lead-in of
    # the next figure is that figure's (the starts of all figures, for _in_lead_in_of_next)
    starts = [f.mention.start for f in figures]
    for figure in figures:
        m = figure.mention
        start, end = _reach(article, rules, figure)
        best: tuple[float, KindCue, int] | None = None
        parts = parts_of.get(id(figure), ())
        for c_start, c_end, cue in article.cues_in_sentence(figure.sentence, rules):
            if c_start < start or c_end > end:
                continue
            if parts and c_start >= m.end and any(m.end <= p < c_start for p in parts):
                continue
            if c_start >= m.end and _in_lead_in_of_next(article, rules, starts, m.end, c_start, c_end):
                continue
            if m.start <= c_start and c_end <= m.end and not cue.inside:
                continue
            if c_start >= m.end and cue.kind == "plan" and figure.metric == "percent":
                continue  # "78 percent of the 1,528 planned": the plan is what the rate is of
            if c_end <= m.start and cue.direction in ("forward", "both"):
                distance = m.start - c_end
            elif c_start >= m.end and cue.direction in ("backward", "both"):
                distance = c_start - m.end
            elif m.start <= c_start and c_end <= m.end:
                distance = 0
            else:
                continue
            if cue.strength == "weak":
                distance += weak_penalty
            if best is None or distance < best[0]:
                best = (distance, cue, c_start)
        if figure.head is not None and (best is None or best[0] > 0 or best[1].strength == "weak"):
            figure.kind = figure.head.kind
            figure.rules["kind"] = "qualifier_of_head"
        elif best is not None:
            figure.kind = best[1].kind
            figure.rules["kind"] = f"cue:{best[1].id}"
            figure.cue_start = best[2]
        elif figure.paragraph in last_kind_in_paragraph:
            figure.kind = last_kind_in_paragraph[figure.paragraph]
            figure.rules["kind"] = "paragraph_previous"
        elif _imperative_item(article, rules, figure.paragraph):
            figure.kind = "plan"  # a list of tasks: "- Renew 1,200 kilometres of pipes;"
            figure.rules["kind"] = "imperative_item"
        elif (lead := article.lead_ins.get(figure.paragraph)) is not None and (
                cue := lead_in_cues.setdefault(lead, _lead_in_cue(article, rules, lead))) is not None:
            figure.kind = cue.kind  # "The city will:\n- install 120 elevators"
            figure.rules["kind"] = f"lead_in:{cue.id}"
        elif _imperative_item(article, rules, figure.paragraph, gerund=True):
            figure.kind = "plan"  # "- Raising capital for 67,000 sets": a task (after a lead-in's cue)
            figure.rules["kind"] = "gerund_item"
        else:
            figure.kind = "outcome"
            figure.rules["kind"] = "default_outcome"
        last_kind_in_paragraph[figure.paragraph] = figure.kind
    _totals_are_plans(article, figures, rules)


_LEAD_IN = 40  # characters from a cue to the figure whose lead-in it is in


def _in_lead_in_of_next(article: _Article, rules: LinkRules, starts: list[int], figure_end: int,
                        c_start: int, c_end: int) -> bool:
    """"987 communities, with a planned investment of 14.5 billion yuan": a cue in the phrase
    that introduces the next figure ("with", "benefiting", ...) is that figure's, not the one before."""
    i = bisect.bisect_left(starts, c_end)
    if i == len(starts) or starts[i] - c_end > _LEAD_IN or (i and starts[i - 1] >= figure_end):
        return False  # (no figure after the cue, or another one stands between)
    return rules.qualifier.search(article.text, figure_end, c_start) is not None


_PARTITIVE = re.compile(r"\s+of\s+(?:the|these|those|them|all)\b", re.IGNORECASE)
_BARE_PARTITIVE = re.compile(r"\s+of\s+(?:these|those|them)\b", re.IGNORECASE)


def _is_partitive(article: _Article, figure: _Figure) -> bool:
    """"410 of the communities": a part of a set named before."""
    return bool(_PARTITIVE.match(article.text, figure.mention.value.number_end, figure.mention.end + 1))


def _whole_of_part(figure: _Figure, done: list[_Figure]) -> _Figure | None:
    """The set a part ("410 of the communities") is taken from: the nearest earlier planned
    figure of its metric that is larger."""
    value = figure.mention.value.value
    for other in reversed(done):
        if other.metric == figure.metric and other.kind == "plan" and other.mention.value.value > value:
            return other
    return None


def _totals_are_plans(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """In "1,037 of the 1,130 communities" or "1,506 communities ... had completed 1,481",
    the whole is the plan the part is measured against."""
    of_sentence: dict[int, list[_Figure]] = {}
    for figure in figures:
        of_sentence.setdefault(figure.sentence, []).append(figure)
    for part in figures:
        if part.kind != "outcome":
            continue
        for whole in of_sentence[part.sentence]:
            if whole is part or whole.metric != part.metric:
                continue
            if whole.mention.value.value <= part.mention.value.value or _is_partitive(article, whole):
                continue  # "started on 211 of the compounds, and 74 ...": 211 is itself a part
            if whole.mention.start < part.mention.start and _leads_sentence_as_whole(article, rules, whole) \
                    and not _own_outcome_cue_before_part(whole, part):
                # "Of the 210 km slated for this year, 126 km had been replaced": the set the
                # sentence opens with is the plan its later part is measured against
                whole.kind = "plan"
                whole.rules["kind"] = "leading_whole"
            elif whole.mention.start > part.mention.start:
                between = article.text[part.mention.end:whole.mention.start]
                if rules.total_between.match(between):
                    whole.kind = "plan"
                    whole.rules["kind"] = "total_of_part"
            elif part.rules.get("metric", "").startswith("bare:") and whole.head is None and not (
                    whole.kind == "outcome" and whole.cue_start is not None and (
                        whole.cue_start < whole.mention.start
                        or whole.cue_start != part.cue_start and whole.cue_start < part.mention.start
                        or _part_follows_own_verb(article, whole, part))
                    and whole.rules.get("kind", "").startswith("cue:")):
                # "started work on 1,706 ..., and 1,129 (of them) had been completed", "63 have
                # been put into use, and another 40 are under construction": a set with an
                # outcome cue of its own is not the plan its part is measured against
                gap = article.text[whole.mention.end:part.mention.start]
                # "486 and 371 respectively" coordinates peers, it does not measure a part
                if not rules.terminators.search(gap) and not rules.parallel_gap.fullmatch(gap):
                    whole.kind = "plan"
                    whole.rules["kind"] = "total_of_part"


def _own_outcome_cue_before_part(whole: _Figure, part: _Figure) -> bool:
    """"Of the 20 communities being renovated, 15 have been completed": the set is itself
    under way (an outcome cue of its own, between it and its part), not a plan."""
    return whole.kind == "outcome" and whole.cue_start is not None and \
        whole.mention.end <= whole.cue_start < part.mention.start and whole.cue_start != part.cue_start


_WITH_PHRASE = re.compile(r",\s*with\b", re.IGNORECASE)


def _part_follows_own_verb(article: _Article, whole: _Figure, part: _Figure) -> bool:
    """"265 elevators had been installed in Putuo, with 249 in operation": the cue right after
    the whole is its own verb and the part hangs on it in a "with" phrase (unlike "1,277
    communities have started to renovate 959", where the part is the verb's object)."""
    if whole.cue_start < whole.mention.end or article.text[whole.mention.end:whole.cue_start].strip():
        return False
    return _WITH_PHRASE.search(article.text, whole.cue_start, part.mention.start) is not None


def _leads_sentence_as_whole(article: _Article, rules: LinkRules, figure: _Figure) -> bool:
    """Whether the sentence opens with "Of the" right before ``figure`` (linking.json "leading_whole")."""
    s_start = article.sentences[figure.sentence][0]
    start = figure.mention.start
    return start - s_start < 40 and rules.leading_whole.fullmatch(article.text, s_start, start) is not None


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
    # (searched only before the first place: most articles name one early)
    national = rules.national_subject.search(article.text, 0, chains_all[0][0].start if chains_all else len(article.text))
    if national is not None:
        # an announcement of a ministry or the State Council, before any place is named (a
        # province named later in a list of examples is not what the article is about)
        subject = CHINA
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
        elif subject is not None:
            figure.place, figure.rules["location"] = subject, "article_subject"
        else:
            figure.rules["location"] = "none"


def _opens(article: _Article, t: Mention, start: int) -> bool:
    """A time expression that opens its sentence or clause, set off by a comma."""
    lead = article.text[start:t.start]
    return len(lead.strip()) <= 12 and article.text[t.end:t.end + 2].lstrip().startswith(",")


# a figure, its past participle, then a time: "1,790 units completed in 2019"
_OWN_PARTICIPLE_TIME = re.compile(
    r"(?:\s+(?:in|of|at)\s+[\w'-]+(?:\s+[\w'-]+){0,2})?"  # "15 million houses in shantytown areas will be renovated ..."
    r"\s+(?:(?:were|was|have been|had been|will be|are to be|is to be|to be)\s+)?(?:completed|started|begun|built|"
    r"rebuilt|renovated|launched|installed|added|finished|transformed|upgraded|delivered|retrofitted|commenced|"
    r"allocated)\s+(?:in|during|by|on|at|from|between)?\s*",
    re.IGNORECASE)


# "aims to add 3,000 more during the 14th Five-Year Plan period": the time of the added figure
_MORE_THEN_TIME = re.compile(r"\s+more\s+(?:during|in|over|within|by)\s+(?:the\s+)?", re.IGNORECASE)


def _governing(article: _Article, frames: list[Mention]) -> Mention:
    """The frame of earlier sentences that governs a sentence without one: the last that opens
    its own sentence ("During 2023-2025, ..."), not a time inside another clause ("... will be
    reviewed again in 2025."); the last frame when none opens a sentence.

    The plain reference of :class:`_Governing`, which answers the same in constant time."""
    for t in reversed(frames):
        if _opens(article, t, article.sentences[article.sentence_of(t.start)][0]):
            return t
    return frames[-1]


class _Governing:
    """:func:`_governing` of any run ``frames[lo:hi]``, from the last sentence-opening frame
    at or before each index, found once (a scan back per figure was quadratic)."""

    def __init__(self, article: _Article, frames: list[Mention]):
        self.frames = frames
        self.last_opener: list[int] = []
        last = -1
        for i, t in enumerate(frames):
            if _opens(article, t, article.sentences[article.sentence_of(t.start)][0]):
                last = i
            self.last_opener.append(last)

    def of(self, lo: int, hi: int) -> Mention:
        opener = self.last_opener[hi - 1]
        return self.frames[opener if opener >= lo else hi - 1]


def _is_deadline(article: _Article, rules: LinkRules, t: Mention) -> bool:
    """"by the end of 2021", "within the year": when work is due, not the period it counts for."""
    return t.value.type == "deadline" or bool(rules.deadline_surface.match(article.text[t.start:t.end]))


def _decide_periods(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """Period: the clause's, else the sentence's, else the paragraph's frame, else a deadline
    of the sentence, else the article's last frame (not for cumulative "to date" outcomes)."""
    text = article.text
    times = [t for t in article.mentions if t.label in ("PERIOD", "DATE")]
    compared = _comparison_times(article, rules, times)
    periods = [t for t in times if t.label == "PERIOD" and t.value.type != "as_of" and t.start not in compared
               and not rules.period_excluded_before.search_slice(text, max(0, t.start - 60), t.start, article.folded)]
    penalty = rules.settings["deadline_penalty"]
    after_penalty = rules.settings["after_penalty"]
    opener_distance = rules.settings["opener_distance"]
    # sorted starts, so each figure looks up its clause, sentence and paragraph by bisection
    # (a scan of every period per figure is quadratic in the article's length)
    period_starts = [t.start for t in periods]
    frames = [t for t in periods if not _is_deadline(article, rules, t)]
    frame_starts = [t.start for t in frames]
    time_starts = [t.start for t in times]

    def between(items: list[Mention], starts: list[int], lo: int, hi: int) -> list[Mention]:
        return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    governing = _Governing(article, frames)
    cut_offs = _CutOffs(article, times)

    compared_by = {compared[t.start]: t for t in times if t.start in compared}
    figure_sentences = {f.sentence for f in figures}
    done: list[_Figure] = []
    for figure in figures:
        m = figure.mention
        done.append(figure)
        if figure.head is not None:
            figure.period, figure.as_of = figure.head.period, figure.head.as_of
            figure.rules["period"] = "qualifier_of_head"
            continue
        c_start, c_end = _reach(article, rules, figure)
        s_start, s_end = article.sentences[figure.sentence]
        p_start = article.paragraph_starts[figure.paragraph]
        own = compared_by.get(m.start)

        def distance(t: Mention) -> float:
            if t.start >= m.end and (_OWN_PARTICIPLE_TIME.fullmatch(text, m.end, t.start)
                                     or _MORE_THEN_TIME.fullmatch(text, m.end, t.start)):
                return -1  # "4,834 units started in 2020", "add 3,000 more during 2021-2025": its own time
            d = m.start - t.end if t.end <= m.start else t.start - m.end + after_penalty
            if t.end <= m.start and _opens(article, t, c_start if t.start >= c_start else s_start):
                d = min(d, opener_distance)  # "In 2021, ..." frames its whole sentence
            return d + (penalty if _is_deadline(article, rules, t) else 0)

        # each candidate is looked for only when those preferred to it are missing
        lead = article.lead_ins.get(figure.paragraph)
        chosen, how = None, "none"
        if own is not None:
            chosen, how = own, "comparison"  # "up from 268 last year": the compared figure's own time
        elif in_clause := between(frames, frame_starts, c_start, c_end):
            chosen, how = min(in_clause, key=distance), "clause"
        elif framing := between(frames, frame_starts, s_start, s_end):
            chosen, how = min(framing, key=distance), "sentence"
        elif (lo := bisect.bisect_left(frame_starts, p_start)) < (hi := bisect.bisect_left(frame_starts, s_start)):
            chosen, how = governing.of(lo, hi), "paragraph"
        elif in_sentence := between(periods, period_starts, s_start, s_end):
            chosen, how = min(in_sentence, key=distance), "deadline"
        # a list item falls back on its lead-in's frame, then on the one in force before the
        # list, never on a time named in an earlier item
        elif lead is not None and (in_lead := between(frames, frame_starts, article.paragraph_starts[lead],
                                                       article.paragraph_starts[lead + 1])):
            chosen, how = in_lead[-1], "list_lead_in"
        else:
            lead_start = p_start if lead is None else article.paragraph_starts[lead]
            # the last frame before (no list of them: an article may name many)
            before_lead = bisect.bisect_left(frame_starts, lead_start)
            last = frames[before_lead - 1] if before_lead else None
            cumulative = figure.kind == "outcome" and article.cumulative_context(figure.sentence, p_start, rules)
            if cumulative and last is not None and last.value.type == "since" \
                    and article.sentence_of(last.start) in figure_sentences:
                # "renovated 108 compounds since last year ... So far, 62 elevators have been
                # installed": a figure's open frame runs to now, as a "to date" figure does
                chosen, how = last, "cumulative_since"
            elif cumulative and figure.antecedent is None:
                # (a part, "so far, 16 of the areas", counts in the frame of its set: below)
                how = "cumulative_to_date"
            elif last is not None and _is_stock(article, rules, figure, c_start):
                how = "stock"
            elif last is not None and figure.kind == "outcome" and figure.antecedent is None and (
                    cut := cut_offs.of(figure)) is not None:
                # "By the end of June, Anhui had started 1,480": a progress figure with a cut-off
                # and no frame of its own counts in the cut-off's year, not in an older open
                # frame ("Since 2019, ...") of an earlier paragraph
                figure.period, how = (cut.year, cut.year), "as_of_year"
            elif last is not None and figure.kind == "outcome" and article.reference_year is not None \
                    and (span := _period_of(last.value)) is not None and span[0] > article.reference_year:
                how = "future_frame_not_for_outcome"  # what has been done is not in "the next five years"
            elif last is not None and article.reference_year is not None \
                    and (span := _period_of(last.value)) is not None and span[1] < article.reference_year - 10:
                how = "history_not_a_frame"  # "built in 1995", "50 years ago": background, not the figure's time
            elif last is not None and last.value.rule == "month":
                how = "month_not_an_article_frame"  # "In March, ..." dates its own passage, not the article
            elif last is not None:
                chosen, how = last, "article"
                # a bare number or a part ("410 of the communities") without a time of its own
                # counts in the frame of the figure it refers to, not the article's last one
                source = figure.antecedent
                if source is None and _is_partitive(article, figure):
                    source = _whole_of_part(figure, done[:-1])
                if source is not None and source.period is not None:
                    chosen, how = None, f"refers_to:{source.mention.value.value:g}"
                    figure.period = source.period
        if how.startswith("refers_to:") or how == "as_of_year":
            figure.rules["period"] = how
        elif chosen is None:
            figure.period, figure.rules["period"] = None, how
        else:
            figure.period, figure.rules["period"] = _adjusted_period(article, rules, figure, chosen, periods,
                                                                     (c_start, c_end), how)
        if figure.kind == "outcome":
            figure.as_of = cut_offs.of(figure)


# between a compared figure and its time: "up from 268 last year", "... of 150 set for 2022"
_COMPARISON_TIME_GAP = re.compile(r"\s*(?:(?:in|for|during|over|by|at)\s+)?", re.IGNORECASE)


def _comparison_times(article: _Article, rules: LinkRules, times: list[Mention]) -> dict[int, int]:
    """Time expressions that date a figure set beside another for comparison ("install 400
    elevators, up from 268 last year"): start of the time -> start of that figure. They date
    only that figure, not the main one nor later ones."""
    quantities = [m for m in article.mentions if m.label == "QUANTITY"]
    ends = [q.end for q in quantities]  # in order: quantities follow one another
    found: dict[int, int] = {}
    for t in times:
        i = bisect.bisect_right(ends, t.start) - 1
        if i < 0 or t.start - ends[i] > 20:
            continue
        q = quantities[i]
        if _COMPARISON_TIME_GAP.fullmatch(article.text, q.end, t.start) and \
                rules.comparison_before.search(article.text, max(0, q.start - 60), q.start, article.folded):
            found[t.start] = q.start
    return found


def _adjusted_period(article: _Article, rules: LinkRules, figure: _Figure, chosen: Mention,
                     periods: list[Mention], clause: tuple[int, int], how: str) -> tuple[tuple[int, int] | None, str]:
    """Resolve what the time expression alone cannot: "since Guiyang began ... in 2011" runs to
    the article's year; "over the two years" refers back to a two-year span named before."""
    text, value = article.text, chosen.value
    period = _period_of(value)
    rule = f"{how}:{value.rule}"
    framed = _deadline_frame(article, rules, figure, chosen, periods)
    if framed is not None:
        return framed, f"{rule}->frame"
    if _open_deadline(article, rules, chosen, period):
        return (None, period[1]), f"{rule}->no_start"
    anaphor = rules.anaphoric_years.match(text[chosen.start:chosen.end].strip())
    if value.type in ("past_n_years", "relative") and anaphor and (period is None or value.type == "past_n_years"):
        several = anaphor.group(1) is not None
        earlier = [t for t in periods if t.end <= chosen.start and _period_of(t.value)
                   and (_period_of(t.value)[1] > _period_of(t.value)[0]) == several]
        if earlier:
            return _period_of(earlier[-1].value), f"{rule}->refers_to:{earlier[-1].value.rule}"
    if value.type == "relative" and value.rule.startswith("next_n_years:") and period:
        # "a 2015-2017 plan ... over the next three years": the span of that length named before
        length = period[1] - period[0] + 1
        named = [p for t in periods if t.end <= chosen.start and t.value.type in ("range", "fyp")
                 and (p := _period_of(t.value)) and p[1] - p[0] + 1 == length]
        if named and named[-1] != period:
            return named[-1], f"{rule}->refers_to:{named[-1][0]}-{named[-1][1]}"
    if value.type == "past_n_years":
        return period, rule
    if (how in ("paragraph", "article") and period and period[0] == period[1] and article.reference_year
            and article.reference_year > period[0]):
        sentence_start, sentence_end = article.sentences[figure.sentence]
        if _SINCE_THEN.search(text, sentence_start, figure.mention.start) \
                or _SINCE_ADVERB.search(text, figure.mention.end, sentence_end):
            # "In 2011, Shanghai began ... Since then, over 952 buildings have ...": from then to now;
            # "... have had lifts installed since, according to ...": "since" alone says the same
            return (period[0], article.reference_year), f"{rule}+since_then"
        if figure.kind == "outcome" and rules.cumulative.search(text, sentence_start, figure.mention.start,
                                                                 article.folded):
            # "In 2012, Jing'an was a pioneer ... So far, 16 elevators have been installed": the
            # count runs from the year the passage starts in to now
            return (period[0], article.reference_year), f"{rule}+so_far"
    if (value.type == "year" and period and figure.kind == "outcome" and article.reference_year
            and article.reference_year > period[0]):
        own_time = chosen.start >= figure.mention.end and _OWN_PARTICIPLE_TIME.fullmatch(
            text, figure.mention.end, chosen.start)  # "4,834 units started in 2020" is that year's
        if not own_time and rules.since_before.search_slice(text, max(clause[0], chosen.start - 90), chosen.start,
                                                            article.folded):
            cut = _cut_off_year_in(article, figure, chosen)
            if cut is not None and period[0] < cut < article.reference_year:
                # "Since ... 2018, as of the end of 2020, the province has renovated 6,311": to the cut-off
                return (period[0], cut), f"{rule}+since_to_cut_off"
            return (period[0], article.reference_year), f"{rule}+since_to_reference_year"
    return period, rule


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

_SINCE_THEN = re.compile(r"\bsince (?:then|that time|that year)\b", re.IGNORECASE)
_SINCE_ADVERB = re.compile(r"\b(?:ever\s+)?since\s*(?=[,.;:!?)]|$)", re.IGNORECASE)


def _is_stock(article: _Article, rules: LinkRules, figure: _Figure, clause_start: int) -> bool:
    """"Hainan has more than 1,900 old residential quarters": what exists, stated without a
    time or a cue of plan or progress, belongs to no period."""
    if figure.rules.get("kind") not in ("default_outcome", "paragraph_previous"):
        return False
    start = figure.mention.start
    return bool(rules.stock_before.search(article.text, max(clause_start, start - 40), start, article.folded))


def _deadline_frame(article: _Article, rules: LinkRules, figure: _Figure, chosen: Mention,
                    periods: list[Mention]) -> tuple[int, int] | None:
    """"by 2025" in a 14th Five-Year Plan article counts over 2021-2025; "in total by 2022"
    after "Since 2019" counts over 2019-2022. None when the year is not a deadline or no
    multi-year frame of the article ends with it."""
    period = _period_of(chosen.value)
    if not _year_deadline(article, rules, chosen, period):
        return None
    year = period[1]
    spans = [_period_of(t.value) for t in periods if t.value.type in ("fyp", "range")]
    spans = [p for p in spans if p and p[0] < year == p[1]]
    if spans:
        return spans[-1]
    p_start = article.paragraph_starts[figure.paragraph]
    if article.cumulative_context(figure.sentence, p_start, rules):
        since = [_period_of(t.value) for t in periods if t.value.type == "since" and t.start < chosen.start]
        since = [p for p in since if p and p[0] < year]
        if since:
            return since[-1][0], year
    return None


def _cut_off_year_in(article: _Article, figure: _Figure, since: Mention) -> int | None:
    """The year of an "as of the end of 2020" between the "since" year and the figure."""
    first = bisect.bisect_right(article.mention_starts, since.end)
    for t in article.mentions[first:bisect.bisect_left(article.mention_starts, figure.mention.start)]:
        if t.start > since.end and getattr(t.value, "as_of", None) and t.value.type == "as_of":
            return t.value.as_of.year
    return None


def _open_deadline(article: _Article, rules: LinkRules, chosen: Mention, period: tuple[int, int] | None) -> bool:
    """"by 2025", "by the end of 2024", "by the end of last year" or "of next year" with no frame
    that gives the start (RECORDS: a deadline with no start is {null, YEAR}); not "by the end of
    this year", which dates the current year's work."""
    if not _year_deadline(article, rules, chosen, period):
        return False
    return not chosen.value.relative or (article.reference_year is not None and period[1] != article.reference_year)


def _year_deadline(article: _Article, rules: LinkRules, chosen: Mention, period: tuple[int, int] | None) -> bool:
    """Whether ``chosen`` is a deadline of one year: "by the end of 2021", "by 2025"."""
    return bool(period) and period[0] == period[1] and (
        _is_deadline(article, rules, chosen)
        or rules.deadline_before.search(article.text, max(0, chosen.start - 12), chosen.start, article.folded)
        is not None)


def _past_periods_are_outcomes(article: _Article, figures: list[_Figure], rules: LinkRules) -> None:
    """A figure whose period ended before the article's year is an outcome, unless a strong
    cue of its own clause makes it a plan ("efforts should be made to install ..." in a
    review of 2019-2023 reports what was done)."""
    if not article.reference_year:
        return
    for figure in figures:
        how = figure.rules.get("kind", "")
        weak = how.startswith(("cue:", "lead_in:")) and how.partition(":")[2] in rules.weak_cue_ids
        if figure.kind == "plan" and figure.period and figure.period[1] < article.reference_year and (
                weak or how in ("paragraph_previous", "default_outcome")):
            figure.kind = "outcome"
            figure.rules["kind"] = f"{how}+past_period"
    for figure in figures:
        if figure.head is not None and figure.rules.get("kind") == "qualifier_of_head":
            figure.kind = figure.head.kind


# frames that end the cut-off date in force: "Since 2019, ..." after "By the end of June, ..."
_CUT_OFF_RESETS = ("since", "range", "fyp", "window")


def _as_of(article: _Article, figure: _Figure, times: list[Mention]) -> date | None:
    """The cut-off date of an outcome: its sentence's, else the paragraph's last one before
    it (unless a period in between resets it). ``times``: those of the paragraph so far."""
    s_start, s_end = article.sentences[figure.sentence]
    p_start = article.paragraph_starts[figure.paragraph]
    in_sentence = [t for t in times if s_start <= t.start < s_end and getattr(t.value, "as_of", None)]
    if in_sentence:
        return in_sentence[0].value.as_of
    for t in reversed([t for t in times if p_start <= t.start < s_start]):
        if getattr(t.value, "as_of", None):
            return t.value.as_of
        if t.value.type in _CUT_OFF_RESETS:
            return None
    return None


class _CutOffs:
    """:func:`_as_of` for every figure of an article, from the cut-off in force after each time
    expression of its paragraph, found once (a scan back through the paragraph per figure was
    quadratic in a long paragraph). ``times``: the article's, in text order."""

    def __init__(self, article: _Article, times: list[Mention]):
        self.article, self.times = article, times
        self.starts = [t.start for t in times]
        self.in_force: list[date | None] = []
        current, paragraph = None, -1
        for t in times:
            if (index := article.paragraph_of(t.start)) != paragraph:
                current, paragraph = None, index
            if getattr(t.value, "as_of", None):
                current = t.value.as_of
            elif t.value.type in _CUT_OFF_RESETS:
                current = None
            self.in_force.append(current)

    def of(self, figure: _Figure) -> date | None:
        article = self.article
        s_start, s_end = article.sentences[figure.sentence]
        lo, hi = bisect.bisect_left(self.starts, s_start), bisect.bisect_left(self.starts, s_end)
        for t in self.times[lo:hi]:
            if getattr(t.value, "as_of", None):
                return t.value.as_of
        before = lo - 1
        if before >= 0 and self.starts[before] >= article.paragraph_starts[figure.paragraph]:
            return self.in_force[before]
        return None


def _headline_end(article: _Article) -> int:
    """Where the article's first short line (its headline) ends; -1 when it has none."""
    return article.text.find("\n", 0, 250)


def _one_per_fact(article: _Article, figures: list[_Figure]) -> list[_Figure]:
    """A headline that repeats a body figure is one record, the body's; later repeats
    of a figure in the body are dropped, unless both name different periods ("will build 7
    million homes in 2015 ... began 7 million in 2014": two facts)."""
    kept: list[_Figure] = []
    seen: dict[tuple, _Figure] = {}
    other_years: dict[tuple, list[_Figure]] = {}  # same figure, another period: its own fact
    # the headline's end found once (a long article may have no line break to find)
    headline_end = _headline_end(article)
    headlines = [f for f in figures if f.mention.start < headline_end]
    if headlines:
        headline_ids = {id(f) for f in headlines}
        body = [f for f in figures if id(f) not in headline_ids]
    else:
        headline_ids, body = set(), figures
    body_values = {(round(f.mention.value.value, 6), f.mention.value.value_max) for f in body}
    for figure in body + headlines:
        q = figure.mention.value
        key = (figure.metric, round(q.value, 6), q.value_max)
        if key in seen and id(figure) not in headline_ids:
            same = next((f for f in (seen[key], *other_years.get(key, ())) if not _other_period(f, figure)), None)
            if same is not None:
                _complete_from_repeat(same, figure)
                continue
            other_years.setdefault(key, []).append(figure)
            kept.append(figure)
            continue
        if key in seen:
            _complete_from_repeat(seen[key], figure)
            continue
        headline = id(figure) in headline_ids
        if headline and q.value >= 10 and key[1:] in body_values:
            continue  # "46 old community projects" over a body's "46 old residential communities"
        if headline and q.approx and any(
                f.metric == figure.metric and abs(f.mention.value.value - q.value) <= 0.1 * q.value for f in body):
            continue  # a headline rounding a body figure
        seen[key] = figure
        kept.append(figure)
    return sorted(kept, key=lambda f: f.mention.start)


_UNCUED_KINDS = ("default_outcome", "paragraph_previous")


def _other_period(first: _Figure, repeat: _Figure) -> bool:
    """Two mentions of one number that each name a different year in their own clause ("in
    2015", "in 2014"); a relative or contextual year, or a headline's, may only be resolved
    differently for one fact."""
    return (first.period is not None and repeat.period is not None and first.period != repeat.period
            and all(f.rules.get("period", "").startswith("clause:year") for f in (first, repeat)))


def _complete_from_repeat(first: _Figure, repeat: _Figure) -> None:
    """"800 old residential communities!" as a teaser line, then "In 2023, Shenyang plans to
    renovate 800 old residential communities": one fact, its record the first mention's, with
    what only the repeat says (the period, a cued kind, the place)."""
    if first.period is None and repeat.period is not None:
        first.period, first.as_of = repeat.period, first.as_of or repeat.as_of
        first.rules["period"] = f"repeat:{repeat.rules.get('period')}"
    if first.rules.get("kind") in _UNCUED_KINDS and repeat.rules.get("kind", "").startswith("cue:"):
        first.kind, first.rules["kind"] = repeat.kind, f"repeat:{repeat.rules['kind']}"
    if first.place is None and first.rules.get("location") == "none" and repeat.place is not None:
        first.place, first.rules["location"] = repeat.place, f"repeat:{repeat.rules.get('location')}"


def _to_record(article: _Article, figure: _Figure, doc_id: str | None,
               term_ids_by_sentence: dict[int, list[str]]) -> Record:
    q = figure.mention.value
    place = figure.place
    location = getattr(place, "name", None)
    province = None
    if place is not None and getattr(place, "level", None) != "country":
        province = getattr(place, "province", None) or location
    s_start, s_end = article.sentences[figure.sentence]
    return Record(
        doc=doc_id, kind=figure.kind, metric=figure.metric, value=q.value, value_max=q.value_max,
        approx=q.approx, location=location, province=province,
        period={"start": figure.period[0], "end": figure.period[1]} if figure.period and figure.period[1] is not None else None,
        as_of=figure.as_of.isoformat() if figure.as_of else None,
        text=article.text[figure.mention.start:figure.mention.end], start=figure.mention.start,
        end=figure.mention.end, sentence=article.text[s_start:s_end].strip(), group=figure.group,
        terms=term_ids_by_sentence.get(figure.sentence, []), rules=dict(figure.rules, value=q.rule or ""),
    )
