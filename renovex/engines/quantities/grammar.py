"""The quantity grammar: what is written, compiled from a pack's ``metrics.json`` and
``quantity_words.json`` into :class:`QuantityRules` (heads, units, scales, approximation cues,
the number regex); metric roles.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from ...core.resources import DEFAULT_PACK, pack_file, read_json
from ..metric_choice import (CHOICE_KEYS, Chooser, compile_chooser, default_of, has_choice_words,
                             shared_heads)
from .finding import _NumberStarts
from .values import _DASHES, _DASH_CLASS, _EDGE, _Head
from .wording import _alternation, _is_plural, _norm


METRICS_FILE = "metrics.json"


WORDS_FILE = "quantity_words.json"


_METRICS_KEYS = {"_doc", "max_modifiers", "max_of_phrase_words", "metrics", "not_metric", "topic"}


_METRIC_KEYS = {"heads", "unit", "nouns", "description", "_doc", "role", *CHOICE_KEYS}


METRIC_ROLES = ("count", "amount", "length", "area", "rate")


"""What a metric measures, for the rules that treat kinds of figures apart: a ``rate`` (a
percentage) is a level, never what a bare count refers to, and is a record only as a rate of
the programme's progress."""


_ROLE_OF_UNIT = {"percent": "rate", "cny": "amount", "km": "length", "sqm": "area"}


def metric_roles(metrics: dict) -> dict[str, str]:
    """Metric id -> role: the metric's ``role`` in metrics.json, else by its unit (percent: rate;
    cny: amount; km: length; sqm: area), else count."""
    roles = {}
    for metric, spec in (metrics.get("metrics") or {}).items():
        role = spec.get("role") or _ROLE_OF_UNIT.get(spec.get("unit"), "count")
        if role not in METRIC_ROLES:
            raise ValueError(f"{METRICS_FILE}, metric {metric!r}: role must be one of {', '.join(METRIC_ROLES)}, "
                             f"got {role!r}")
        roles[metric] = role
    return roles


_HEAD_KEYS = {"head", "requires_any", "forbids", "mass", "container", "default_metric"}


_WORDS_KEYS = {
    "_doc", "approximations", "post_approximations", "scales", "number_words", "currencies", "percent",
    "measures", "glued_units_ok", "of_phrase_units", "year_range", "months", "time_units", "time_of_day",
    "name_prefixes", "counter_nouns", "stop_words", "coordinators", "of_determiners", "of_phrase_extra_words",
    "verb_like", "irregular_plurals", "quotes", "one_exclusions", "max_digits_without_separator", "max_age",
    "fractions", "word_number_exclusions_before", "kind_nouns", "year_before_to", "clause_breaks",
}


def _check_keys(data: Any, allowed: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


class QuantityRules(_NumberStarts):
    """Compiled form of the two pack files; build once, reuse for every text.

    All patterns are compiled for lower-cased text (``IGNORECASE`` makes Python's regex
    engine several times slower on long texts).
    """

    def __init__(self, metrics: dict[str, Any], words: dict[str, Any]):
        _check_keys(metrics, _METRICS_KEYS, METRICS_FILE)
        _check_keys(words, _WORDS_KEYS, WORDS_FILE)
        self.max_mods = int(metrics.get("max_modifiers", 5))
        self.max_of = int(metrics.get("max_of_phrase_words", 8))
        self.irregular = {_norm(w) for w in words.get("irregular_plurals", [])}
        self._compile_heads(metrics)
        self._compile_words(words)

    @classmethod
    def from_dicts(cls, metrics: dict[str, Any], words: dict[str, Any]) -> "QuantityRules":
        """Rules from the parsed ``metrics.json`` and ``quantity_words.json``."""
        return cls(metrics, words)

    # -- heads ---------------------------------------------------------------
    def _head_entries(self, metric: str | None, entries: list, where: str) -> Iterable[_Head]:
        for entry in entries:
            if isinstance(entry, str):
                entry = {"head": entry}
            if not isinstance(entry, dict) or not entry.get("head"):
                raise ValueError(f"{where}: a head is a phrase or an object with 'head': {entry!r}")
            _check_keys(entry, _HEAD_KEYS, f"{where}, head {entry['head']!r}")
            words = _norm(entry["head"]).split()
            yield _Head(
                word=words[-1],
                metric=entry.get("default_metric", metric) if entry.get("container") else metric,
                prefix=tuple(words[:-1]),
                requires=frozenset(_norm(w) for w in entry.get("requires_any", [])),
                forbids=frozenset(_norm(w) for w in entry.get("forbids", [])),
                plural=_is_plural(words[-1], self.irregular),
                mass=bool(entry.get("mass")),
                container=bool(entry.get("container")),
            )

    def _compile_heads(self, metrics: dict[str, Any]) -> None:
        specific: dict[str, list[_Head]] = {}
        plain: dict[str, list[_Head]] = {}
        self.unit_metric: dict[str, str] = {}
        self.unit_choosers: dict[str, list[Chooser]] = {}
        """Unit -> the choosing words of the metrics that share it (``renovex.engines.metric_choice``)."""
        self.head_choosers: dict[tuple[str, str], list[Chooser]] = {}
        """(default metric, head word) -> the choosing words of the metrics that share the head."""
        self.unit_nouns: dict[str, dict[str, list[_Head]]] = {}
        self.clause_nouns_re: dict[str, re.Pattern] = {}
        table = metrics.get("metrics", {})
        if not isinstance(table, dict):
            raise ValueError(f"{METRICS_FILE}: 'metrics' must be an object of metric ids")
        shared = shared_heads(table, _norm)
        for metric, spec in table.items():
            where = f"{METRICS_FILE}, metric {metric!r}"
            _check_keys(spec, _METRIC_KEYS, where)
            chooser = compile_chooser(metric, spec, _alternation) if has_choice_words(spec) else None
            for head in self._head_entries(metric, spec.get("heads", []), where):
                phrase = " ".join((*head.prefix, head.word))
                if phrase in shared and chooser is not None:
                    default = default_of(shared[phrase], table)
                    self.head_choosers.setdefault((default, head.word), [])
                    if chooser not in self.head_choosers[(default, head.word)]:
                        self.head_choosers[(default, head.word)].append(chooser)
                    if metric != default:
                        continue  # a head another metric has too: this metric takes it by its words
                # conditional heads ("charging stations") are tried before plain ones ("stations")
                target = specific if (head.prefix or head.requires or head.forbids) else plain
                target.setdefault(head.word, []).append(head)
            if "unit" in spec:
                unit = spec["unit"]
                # several metrics may share a unit: the first declared is the default, the
                # others are chosen by their nouns or by their words in the figure's clause
                self.unit_metric.setdefault(unit, metric)
                if spec.get("nouns"):
                    nouns = self.unit_nouns.setdefault(unit, {})
                    for head in self._head_entries(metric, spec["nouns"], where):
                        nouns.setdefault(head.word, []).append(head)
                    for heads in nouns.values():
                        heads.sort(key=lambda h: -len(h.prefix))
                    # pipeline nouns earlier in the clause ("upgrade pipelines ... for 300,000 km")
                    all_nouns = [h.word if not h.prefix else " ".join((*h.prefix, h.word))
                                 for heads in nouns.values() for h in heads]
                    self.clause_nouns_re[unit] = re.compile(rf"(?<![\w-])(?:{_alternation(all_nouns)})(?![\w-])")
                if chooser is not None:
                    self.unit_choosers.setdefault(unit, []).append(chooser)
        for unit in self.unit_choosers:
            self.unit_metric[unit] = default_of([m for m, spec in table.items() if spec.get("unit") == unit], table)
        for word in metrics.get("not_metric", []):
            word = _norm(word)
            plain.setdefault(word, []).append(_Head(word=word, metric=None, not_metric=True))
        self.heads = {w: specific.get(w, []) + plain.get(w, []) for w in set(specific) | set(plain)}

    # -- words ---------------------------------------------------------------
    def _compile_words(self, words: dict[str, Any]) -> None:
        self.scales = {_norm(k): Decimal(str(v)) for k, v in words.get("scales", {}).items()}
        numbers = words.get("number_words", {})
        simple = numbers.get("units", []) + numbers.get("tens", [])
        ns, sc = _alternation(simple), _alternation(numbers.get("scales", []))
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        scale = rf"(?:(?:\s*|-)(?:{_alternation(self.scales)})(?![a-z]))+"  # "1.2 billion", "2.3-billion-yuan"
        word = rf"(?<!['\u2019-])(?:{ns})(?:(?:\s+|-)(?:{ns}|{sc})|\s+and\s+(?:{ns}))*(?![\w'\u2019])"
        first = "".join(sorted({w[0] for w in map(_norm, simple)}))
        # the leading lookahead lets the engine skip most positions with one set test
        self.number_re = re.compile(
            rf"(?=[\d{re.escape(first)}])(?<![\w,.])(?:(?P<d>{digits})(?P<s>{scale})?|(?P<w>{word}))"
        )
        self._compile_starts(simple)
        self.scale_split_re = re.compile(_alternation(self.scales))
        # Chinese order in machine translation: "82 thousand and 600", "17 million 620 thousand",
        # "7 billion 200 million": a smaller count follows a whole number of a scale word
        self.chinese_order_re = re.compile(rf"\s+(?:and\s+)?(?P<d>\d{{1,3}})(?![\d,.])(?P<s>{scale})?(?![\w-])")
        self.range_re = re.compile(rf"(?:\s*[{_DASH_CLASS}~]\s*|\s+to\s+)")
        self.and_re = re.compile(r"\s+and\s+")

        breaks = words.get("clause_breaks") or []
        # ", and", ", while": where a clause ends for the words that choose a metric
        self.clause_breaks_re = re.compile(rf"(?:{_alternation(breaks)})(?![\w-])") if breaks else None
        self.approx = {_norm(k): v for k, v in words.get("approximations", {}).items()}
        self.approx_ends = tuple(dict.fromkeys(k.split()[-1] for k in self.approx))  # (once each: endswith tries all)
        self.approx_re = re.compile(rf"(?<![\w])(?P<cue>{_alternation(self.approx)})\s+\Z")
        # the same cue read backwards from the number: one anchored match instead of a search
        self.approx_back_re = re.compile(rf"\s+(?P<cue>{_alternation(k[::-1] for k in self.approx)})(?!\w)")
        self.post_approx = {_norm(k): v for k, v in words.get("post_approximations", {}).items()}
        glued = [k for k in self.post_approx if k.startswith("-") or k == "+"]
        spaced = [k for k in self.post_approx if k not in glued]
        self.post_approx_re = re.compile(
            rf"(?:(?P<g>{_alternation(glued)})|\s+(?P<s>{_alternation(spaced)}))(?![a-z])"
        )

        # units after a number: percent, currency words, measures
        self.units: dict[str, tuple[str, Decimal, str]] = {}  # phrase -> (unit, factor, label)
        for unit, phrases in words.get("percent", {}).items():
            for phrase in phrases:
                self.units[_norm(phrase)] = (unit, Decimal(1), unit)
        before: dict[str, str] = {}
        for unit, spec in words.get("currencies", {}).items():
            for phrase in spec.get("after", []):
                self.units[_norm(phrase)] = (unit, Decimal(1), unit)
            for phrase in spec.get("before", []):
                before[_norm(phrase)] = unit
        for phrase, spec in words.get("measures", {}).items():
            self.units[_norm(phrase)] = (spec["unit"], Decimal(str(spec.get("factor", 1))), spec.get("from", spec["unit"]))
        self.unit_re = re.compile(rf"(?:\s*|-)(?P<u>{_alternation(self.units)})(?![a-z0-9\u00b2])")
        self.currency_before = before
        self.currency_ends = tuple(before)
        self.currency_before_re = re.compile(rf"(?<![a-z])(?P<c>{_alternation(before)})\s*\Z")
        self.glued_ok = {_norm(w) for w in words.get("glued_units_ok", [])}
        self.of_units = set(words.get("of_phrase_units", []))

        lower = lambda key: {_norm(w) for w in words.get(key, [])}  # noqa: E731
        self.year_min, self.year_max = words.get("year_range", [1900, 2100])
        self.months = lower("months")
        self.time_units = lower("time_units")
        # the second day of "May 18 and 19", "March 5-6": a day, not a count
        self.second_day_re = re.compile(
            rf"(?<![a-z])(?:{_alternation(self.months)})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:,|and|or|to|-|\u2013)\s*\Z")
        self.time_of_day_re = re.compile(rf"\s*(?:{_alternation(words.get('time_of_day', []))})(?![a-z])")
        self.name_prefixes = lower("name_prefixes")
        self.counters = lower("counter_nouns")
        self.stop = lower("stop_words")
        self.coordinators = lower("coordinators")
        self.of_determiners = lower("of_determiners")
        self.of_extra = lower("of_phrase_extra_words")
        self.kind_nouns = lower("kind_nouns")  # "of various types of pipelines": a transparent "of"
        self.verb_like = lower("verb_like")
        self.quotes = "".join(words.get("quotes", []))
        # a mark right after a word that ends its phrase (_words reads it as ``last``; an
        # apostrophe may be a possessive): lets _walk decide "households," at once
        self.phrase_ends = frozenset(c for c in _EDGE if c not in self.quotes and c not in "'\u2019")
        one = words.get("one_exclusions", {})
        self.fractions = lower("fractions")
        self.word_number_before = lower("word_number_exclusions_before")
        self.year_before = lower("year_before_to")
        self.one_after = {_norm(w) for w in one.get("after", [])}
        self.one_before = {_norm(w) for w in one.get("before", [])}
        self.max_digits = int(words.get("max_digits_without_separator", 8))
        self.max_age = int(words.get("max_age", 120))

        self.next_word_re = re.compile(rf"[\s{_DASH_CLASS}]?\s*(?P<w>[^\W\d_][\w'\u2019]*)")
        self._compile_after_filters(glued, spaced, words.get("time_of_day", []))
        self.of_re = re.compile(r"\s+of\s+")
        self.of_link_re = re.compile(
            r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|these|those|all|a\s+total\s+of)\s+)?(?:[\w\-]+['\u2019]s?\s+)?"
        )
        # "3,000 and 4,000 communities", "512, 287 and 203 communities"
        coordinators = _alternation(sorted(self.coordinators))
        self.coord_link_re = re.compile(rf"\s*,\s*(?:(?:{coordinators})\s+)?|\s+(?:{coordinators})\s+")
        self.age_re = re.compile(r"[A-Z][\w'\u2019-]*,\s*\Z")

    def _compile_after_filters(self, glued: list[str], spaced: list[str], times: list[str]) -> None:
        """First characters that rule out a regex after a number without running it.

        If a phrase starting with a letter follows the number (after spaces, or a hyphen
        for units), ``next_word_re`` finds a word starting with that letter there: a
        regex whose phrases all start with letters cannot match when the next word
        starts with another character. Each filter is None (always run the regex) when
        the pack's phrases break that premise."""
        letter = re.compile(r"[^\W\d_]").fullmatch
        phrases = [_norm(p) for p in times if p and p.strip()]
        self.time_first = frozenset(p[0] for p in phrases) if all(map(letter, (p[0] for p in phrases))) else None
        self.spaced_first = frozenset(k[0] for k in spaced) if all(letter(k[:1]) for k in spaced) else None
        self.glued_first = "".join(sorted({k[0] for k in glued}))
        units = [u for u in self.units if u]
        # a unit starting with a dash or a space could follow "-" where next_word_re skips it
        self.unit_first = None if any(u[0] in _DASHES or u[0].isspace() for u in units) else frozenset(u[0] for u in units)

    # -- lookups -------------------------------------------------------------
    def approx_cue(self, low: str, lo: int, end: int) -> tuple[int, str] | None:
        """(start, text) of the approximation cue that ``approx_re.search(low, lo, end)``
        finds, read backwards from ``end``: the cue whose end stands last is the longest
        that fits, and the reversed phrases are tried longest first."""
        back = self.approx_back_re.match(low[lo:end][::-1])
        if back is None:
            return None
        start = end - back.end("cue")
        if start == lo and lo:  # at the window's edge the character before the cue is outside the reversed text
            cue = self.approx_re.search(low, lo, end)
            return None if cue is None else (cue.start("cue"), cue.group("cue"))
        return start, low[start:end - back.start("cue")]

    def head(self, word: str, mods: list[str], value: float, in_of: bool = False) -> _Head | None:
        for head in self.heads.get(word, ()):
            if head.fits(mods, value, in_of):
                return head
        return None

    def unit_noun(self, unit: str, word: str, mods: list[str]) -> _Head | None:
        for head in self.unit_nouns.get(unit, {}).get(word, ()):
            if head.fits(mods, 2, True):
                return head
        return None


@lru_cache(maxsize=8)
def load_rules(pack: str = DEFAULT_PACK) -> QuantityRules:
    """The compiled quantity rules of a bundled pack (or a pack folder), cached per pack."""
    return QuantityRules.from_dicts(read_json(pack_file(pack, METRICS_FILE)), read_json(pack_file(pack, WORDS_FILE)))
