"""What the linker is given and how it is configured: mentions, kind cues and the
pack's linking settings (``LinkRules``), compiled once per pipeline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..furniture import FurnitureRules
from ..quantities import metric_roles
from ...core.regex_prefixes import FirstMatchScanner, PrefixedRegex, WindowRegex, folded_twin
from ...core.resources import DEFAULT_PACK, data_file, pack_file, read_json, read_jsonl

if TYPE_CHECKING:  # annotations only: importing it here would be circular
    from .article import _Article


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
    rate_metrics: frozenset[str] = frozenset({"percent"})
    """Metrics whose role is ``rate`` (metrics.json): levels, treated apart from counts."""
    metric_roles: dict[str, str] = field(default_factory=lambda: {"percent": "rate"})
    """Metric id -> role (count, amount, length, area, rate), for settings given per role."""
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
        rates = frozenset(rules["rate_metrics"]) if "rate_metrics" in rules else frozenset({"percent"})
        roles = dict(rules.get("metric_roles") or {"percent": "rate"})
        return cls(cues=cues, settings=rules["linking"], topic=rules.get("topic"), furniture=furniture,
                   rate_metrics=rates, metric_roles=roles)

    @classmethod
    def from_pack(cls, pack: str = DEFAULT_PACK) -> "LinkRules":
        """The linking rules of a pack (a bundled name or a folder), read from its files."""
        return cls.from_dict(pack_link_rules(pack))

    def find_cues(self, text: str, offset: int = 0) -> list[tuple[int, int, KindCue]]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower-case to two ("İ"), shifting offsets
            return [(offset + match.start(), offset + match.end(), self.cues[int(match.lastgroup[1:])])
                    for match in self._cue_regex_any_case.finditer(text)]
        return [(offset + match.start(), offset + match.end(), self.cues[number])
                for number, match in self._cue_scanner.finditer(lowered)]


def pack_link_rules(pack: str = DEFAULT_PACK) -> dict:
    """The linker's rule data of a pack as one dict: its kind cues, its linking settings, the
    shared page-furniture rules and the pack's topic words."""
    cues = [cue for _, cue in read_jsonl(pack_file(pack, "kind_cues.jsonl"))]
    rules = {"cues": cues, "linking": read_json(pack_file(pack, "linking.json")),
             "furniture": read_json(data_file("furniture.json"))}
    metrics = read_json(pack_file(pack, "metrics.json"))
    topic = metrics.get("topic")
    if topic is not None:
        rules["topic"] = topic  # the domain's own words (metrics.json), not the shared linking.json
    roles = metric_roles(metrics)
    rules["rate_metrics"] = sorted(m for m, role in roles.items() if role == "rate")
    rules["metric_roles"] = roles
    return rules
