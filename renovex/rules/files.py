"""The files a pack may hold and what the checks share: locating a JSON key's line, reading
JSONL with line numbers, regex and type errors in the pack author's terms.
"""
from __future__ import annotations

import bisect
import json
import re
from contextvars import ContextVar
from dataclasses import dataclass
from json.decoder import scanstring
from typing import Any, Iterator

from ..engines.gazetteer import LEVELS
from ..engines.patterns import PATTERNS_FILE



# Whether the patterns of the pack being checked are timed on hostile probes: by `pack check`,
# not when a pipeline is built (see regex_safety.cost_problem).
_TIME_PATTERNS: ContextVar[bool] = ContextVar("time_patterns", default=True)


@dataclass(frozen=True)
class PackFile:
    name: str
    required: bool
    summary: str


PACK_FILES = (
    PackFile("metrics.json", True, "metric ids and the words (head nouns or units) that name them"),
    PackFile("kind_cues.jsonl", True, "phrases that make a figure a plan or an outcome"),
    PackFile("policy_terms.jsonl", False, "policy terms, tagged POLICY_TERM and listed in record.terms"),
    PackFile("places.tsv", False, "extra places for the gazetteer, same columns as renovex/data/places.tsv"),
    PackFile("places.jsonl", False, "extra places, one object a line, no codes needed"),
    PackFile(PATTERNS_FILE, False, "token patterns that add entities with a label of your choosing"),
    PackFile("quantity_words.json", False, "number words, scales, currencies, measure units (inherited)"),
    PackFile("linking.json", False, "clause boundaries and linking settings (inherited)"),
    PackFile("time_words.json", False, "time-expression word lists (default: renovex/data/time_words.json)"),
)
"""Every file a pack may hold; ``quantity_words.json`` and ``linking.json`` fall back to the
default pack's when absent (``renovex.core.resources.INHERITED_FILES``)."""

SKELETON = "_skeleton"
"""The bundled folder that ``renovex pack new`` copies (hidden from the pack list)."""

APPROX_VALUES = ("more_than", "at_least", "about", "nearly", "up_to", "less_than")
PLACE_KEYS = ("name", "level", "province", "aliases", "parent")
EXTRA_LEVELS = LEVELS[1:]

# linking.json: every key the linker reads, and what it must be
# keys added after packs were first written: a pack without them links as before
_LINK_OPTIONAL_REGEXES = ("off_topic", "not_record_before", "per_unit_after", "not_progress_rate_before",
                          "not_progress_rate_after", "deadline_before", "respectively", "parallel_gap",
                          "coordinate_clause_gap", "coordinated_figures_gap",
                          "national_subject", "stock_before", "comparison_before", "list_item",
                          "imperative_item", "gerund_item", "leading_whole", "progress_rate_words")
_LINK_OPTIONAL_LISTS = ("city_provinces", "district_surfaces")
_LINK_OPTIONAL_NUMBERS = ("qualifier_clause_window",)
ROLE_SETTINGS = ("min_record_value", "as_of_only_period", "deadline_period", "cumulative_period")
"""Optional linking.json objects: the first by metric, the others by metric role (period behaviour)."""
_LINK_OPTIONAL = frozenset(_LINK_OPTIONAL_REGEXES + _LINK_OPTIONAL_LISTS + _LINK_OPTIONAL_NUMBERS + ROLE_SETTINGS)
_LINK_REGEXES = ("terminators", "qualifier_cues", "cumulative_cues", "bare_before", "bare_after", "total_between",
                 "place_anaphora_pattern", "ranking_context", "period_excluded_before", "since_before",
                 "anaphoric_years", "deadline_surface", "place_chain_gap") + _LINK_OPTIONAL_REGEXES
_LINK_GROUPS = ("place_anaphora_pattern", "anaphoric_years")  # read with .group(1)
_LINK_NUMBERS = ("qualifier_window", "weak_penalty", "deadline_penalty", "after_penalty",
                 "opener_distance") + _LINK_OPTIONAL_NUMBERS
_LINK_KEYS = frozenset(_LINK_REGEXES + _LINK_NUMBERS + ("place_anaphora", "ignored_place_surfaces")
                       + _LINK_OPTIONAL_LISTS + ROLE_SETTINGS)

# quantity_words.json: the shape of each key (every other key is a list of strings)
_WORD_SHAPES = {"approximations": "approx", "post_approximations": "approx", "scales": "numbers",
                "number_words": "lists", "percent": "lists", "one_exclusions": "lists", "currencies": "currencies",
                "measures": "measures", "year_range": "year_range", "max_digits_without_separator": "int",
                "max_age": "int", "_doc": "str"}

_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_METRIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RESERVED_CODE = re.compile(r"^X\d{5}$")  # renovex_places numbers places.jsonl entries X00001, ...


# --------------------------------------------------------------------------- locating errors
def key_lines(text: str) -> dict[tuple, int]:
    """Line of every key path of a JSON text: ``("metrics", "bridges", "heads", 2)`` -> 14.

    ``json`` gives no positions, so this walks the (already valid) text once; an object
    member is at the line of its key, an array item at the line where it starts."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[tuple, int] = {}
    space = re.compile(r"\s*")
    scalar = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

    def line(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    def skip(pos: int) -> int:
        return space.match(text, pos).end()

    def value(pos: int, path: tuple) -> int:
        pos = skip(pos)
        lines.setdefault(path, line(pos))
        char = text[pos]
        if char in "{[":
            closer, index = "}" if char == "{" else "]", 0
            pos = skip(pos + 1)
            if text[pos] == closer:
                return pos + 1
            while True:
                if char == "{":
                    key, end = scanstring(text, skip(pos) + 1)
                    lines[path + (key,)] = line(skip(pos))
                    pos = value(skip(end) + 1, path + (key,))
                else:
                    pos = value(pos, path + (index,))
                    index += 1
                pos = skip(pos)
                if text[pos] != ",":
                    return pos + 1
                pos += 1
        if char == '"':
            return scanstring(text, pos + 1)[1]
        return scalar.match(text, pos).end()

    try:
        value(0, ())
    except (ValueError, IndexError, AttributeError):  # not valid JSON: json.loads reports it
        pass
    return lines


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class _JsonFile:
    """A parsed JSON pack file that turns key paths into ``FILE:LINE: key.path: message``."""

    def __init__(self, path: Any, errors: list[str]):
        self.name = str(path)
        self.errors = errors
        self.data: Any = None
        self.ok = False
        text = path.read_text(encoding="utf-8")
        try:
            self.data = json.loads(text)
        except json.JSONDecodeError as error:
            errors.append(f"{self.name}:{error.lineno}: not valid JSON: {error.msg} (column {error.colno})")
            return
        except (ValueError, RecursionError) as error:  # a number of 5,000 digits, nesting too deep
            errors.append(f"{self.name}: not usable JSON: {error}")
            return
        self.lines = key_lines(text)
        self.ok = True

    def error(self, path: tuple, message: str) -> None:
        known = path
        while known and known not in self.lines:
            known = known[:-1]
        where = f"{self.name}:{self.lines.get(known, 1)}"
        self.errors.append(f"{where}: {_dotted(path)}: {message}" if path else f"{where}: {message}")

    def keys(self, data: Any, path: tuple, allowed: Any, what: str, notes: bool = False) -> bool:
        """An object with only ``allowed`` keys (and ``_``-prefixed notes when ``notes``)."""
        if not isinstance(data, dict):
            self.error(path, f"{what} must be a JSON object, not {_type(data)}")
            return False
        for key in data:
            if key not in allowed and not (notes and key.startswith("_")):
                self.error(path + (key,), f"unknown key {key!r} in {what}; allowed: {', '.join(sorted(allowed))}")
        return True

    def strings(self, data: Any, path: tuple, what: str) -> list[str]:
        if not isinstance(data, list):
            self.error(path, f"{what} must be a list of strings, not {_type(data)}")
            return []
        for index, item in enumerate(data):
            if not isinstance(item, str) or not item.strip():
                self.error(path + (index,), f"{what} holds {item!r}; every entry must be a non-empty string")
        return [item for item in data if isinstance(item, str)]


def _type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _regex_error(pattern: Any, groups: int = 0) -> str | None:
    from ..core.regex_safety import cost_problem

    if not isinstance(pattern, str):
        return f"must be a regular expression string, not {_type(pattern)}"
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"bad regular expression: {error}"
    if compiled.groups < groups:
        return f"the regular expression needs a group (...) for the word it captures"
    return cost_problem(pattern, compiled, timed=_TIME_PATTERNS.get())


def _jsonl(path: Any, errors: list[str]) -> Iterator[tuple[int, Any]]:
    """``(line, object)`` of a JSONL file, skipping blank and ``#``/``//`` lines; bad JSON is
    reported and skipped, so one typo does not hide the errors after it."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith(("#", "//")):
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(f"{path}:{number}: not valid JSON: {error.msg} (column {error.colno})")
        except (ValueError, RecursionError) as error:  # a number of 5,000 digits, nesting too deep
            errors.append(f"{path}:{number}: not usable JSON: {error}")
