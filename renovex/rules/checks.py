"""One check per pack file: each collects every problem it finds as ``FILE:LINE: message``.
"""
from __future__ import annotations

import csv
import re
from typing import Any, Callable

from ..core.resources import RuleFileError
from ..engines.gazetteer import COLUMNS, load_default
from ..engines.linking import DIRECTIONS, KINDS, STRENGTHS, KindCue
from ..engines.linking.period_ladder import AS_OF_ONLY_PERIODS
from ..engines.metric_choice import has_choice_words
from ..engines.patterns import PatternRule
from ..engines.quantities import _HEAD_KEYS, _METRIC_KEYS, _METRICS_KEYS, _WORDS_KEYS, METRIC_ROLES, QuantityRules
from ..engines.terms import PolicyTerm
from ..engines.timex import OPTIONAL_KEYS as OPTIONAL_TIME_KEYS, REQUIRED_KEYS as TIME_KEYS, TimeGrammar
from .choices import check_choice_words
from .period_settings import check_period_settings
from .files import (APPROX_VALUES, EXTRA_LEVELS, PLACE_KEYS, _JsonFile, _LINK_GROUPS, _LINK_KEYS, _LINK_NUMBERS,
                    _LINK_OPTIONAL, _LINK_OPTIONAL_LISTS, _LINK_REGEXES, _METRIC_ID, _RESERVED_CODE, _WORD_SHAPES,
                    _jsonl, _regex_error, _type)


# --------------------------------------------------------------------------- one check per file
def check_quantity_words(path: Any, errors: list[str]) -> set[str]:
    """``quantity_words.json``; returns the units it defines (for ``metrics.json``)."""
    f = _JsonFile(path, errors)
    units: set[str] = set()
    if not f.ok or not f.keys(f.data, (), _WORDS_KEYS, "quantity_words.json"):
        return units
    for key, value in f.data.items():
        p = (key,)
        shape = _WORD_SHAPES.get(key, "strings")
        if key not in _WORDS_KEYS:
            continue
        if shape == "str":
            if not isinstance(value, str):
                f.error(p, f"must be a string, not {_type(value)}")
        elif shape == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                f.error(p, f"must be a positive whole number, not {value!r}")
        elif shape == "year_range":
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
                    and value[0] < value[1]):
                f.error(p, f"must be [first year, last year], not {value!r}")
        elif shape == "strings":
            f.strings(value, p, key)
        elif not isinstance(value, dict):
            f.error(p, f"must be a JSON object, not {_type(value)}")
        elif shape == "approx":
            for phrase, approx in value.items():
                if approx not in APPROX_VALUES:
                    f.error(p + (phrase,), f"{approx!r} is not an approximation; use one of {', '.join(APPROX_VALUES)}")
        elif shape == "numbers":
            for phrase, number in value.items():
                if not isinstance(number, (int, float)) or isinstance(number, bool) or number <= 0:
                    f.error(p + (phrase,), f"must be a positive number, not {number!r}")
        elif shape == "lists":
            for name, words in value.items():
                f.strings(words, p + (name,), f"{key}.{name}")
            units.update(value if key == "percent" else ())
        elif shape == "currencies":
            for unit, spec in value.items():
                if f.keys(spec, p + (unit,), ("before", "after"), f"currency {unit!r}"):
                    for side, words in spec.items():
                        f.strings(words, p + (unit, side), f"currency {unit!r} {side}")
                units.add(unit)
        elif shape == "measures":
            for phrase, spec in value.items():
                if not f.keys(spec, p + (phrase,), ("unit", "factor", "from"), f"measure {phrase!r}"):
                    continue
                if not isinstance(spec.get("unit"), str) or not spec["unit"]:
                    f.error(p + (phrase,), f"measure {phrase!r} needs a 'unit' (the record unit, e.g. 'km')")
                    continue
                factor = spec.get("factor", 1)
                if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor <= 0:
                    f.error(p + (phrase, "factor"), f"must be a positive number, not {factor!r}")
                units.add(spec["unit"])
    return units


def check_metrics(path: Any, errors: list[str], units: set[str] | None = None,
                  words: dict[str, Any] | None = None) -> list[str]:
    """``metrics.json``; returns the metric ids. ``units`` (from ``quantity_words.json``)
    are the units a unit metric may name."""
    f = _JsonFile(path, errors)
    if not f.ok or not f.keys(f.data, (), _METRICS_KEYS, "metrics.json"):
        return []
    data = f.data
    for key in ("max_modifiers", "max_of_phrase_words"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 1):
            f.error((key,), f"must be a positive whole number, not {data[key]!r}")
    f.strings(data.get("not_metric", []), ("not_metric",), "not_metric")
    if "topic" in data and f.keys(topic := data["topic"], ("topic",), {"pattern", "min_sentences"}, "topic"):
        if (problem := _regex_error(topic.get("pattern"))) is not None:
            f.error(("topic", "pattern"), problem)
        elif not isinstance(topic.get("min_sentences", 1), int) or isinstance(topic.get("min_sentences"), bool) \
                or topic.get("min_sentences", 1) < 1:
            f.error(("topic", "min_sentences"), f"must be a positive whole number, not {topic['min_sentences']!r}")
    table = data.get("metrics")
    if not isinstance(table, dict) or not table:
        f.error(("metrics",) if "metrics" in data else (), "'metrics' must be a non-empty object of metric ids")
        return []
    unit_owner: dict[str, str] = {}
    before = len(errors)
    for metric, spec in table.items():
        p = ("metrics", metric)
        if not _METRIC_ID.match(metric):
            f.error(p, f"bad metric id {metric!r}: use lowercase letters, digits and '_', e.g. 'bridges'")
        if not f.keys(spec, p, _METRIC_KEYS, f"metric {metric!r}"):
            continue
        if "heads" not in spec and "unit" not in spec:
            f.error(p, f"metric {metric!r} needs 'heads' (counted nouns) or a 'unit'")
        if "role" in spec and spec["role"] not in METRIC_ROLES:
            f.error(p + ("role",), f"role must be one of {', '.join(METRIC_ROLES)} (what the metric measures; "
                    f"default from its unit, else count), got {spec['role']!r}")
        if "nouns" in spec and "unit" not in spec:
            f.error(p + ("nouns",), "'nouns' name what a unit measures: give the metric a 'unit' too")
        if "unit" in spec:
            unit = spec["unit"]
            if not isinstance(unit, str):
                f.error(p + ("unit",), f"must be a string, not {_type(unit)}")
            elif units is not None and unit not in units:
                f.error(p + ("unit",), f"unknown unit {unit!r}; units of quantity_words.json: {', '.join(sorted(units))}")
            elif unit in unit_owner and not (has_choice_words(spec) or spec.get("nouns")):
                f.error(p + ("unit",), f"unit {unit!r} already names metric {unit_owner[unit]!r}: a metric that "
                        "shares a unit needs 'words' (or 'nouns', 'verbs', 'clause_words') that choose it in the "
                        "figure's clause")
            else:
                unit_owner.setdefault(unit, metric)
        for key in ("heads", "nouns"):
            if key not in spec:
                continue
            if not isinstance(spec[key], list) or not spec[key]:
                f.error(p + (key,), f"must be a non-empty list of phrases or head objects, not {spec[key]!r}")
                continue
            for index, head in enumerate(spec[key]):
                phrase = _check_head(f, head, p + (key, index), table)
    check_choice_words(f, table)
    if len(errors) == before and words is not None:
        try:  # anything the structural checks above missed
            QuantityRules.from_dicts(data, words)
        except (ValueError, KeyError, TypeError) as error:
            f.error((), str(error))
    return list(table)


def _check_head(f: _JsonFile, head: Any, p: tuple, table: dict) -> str | None:
    if isinstance(head, str):
        if not head.strip():
            f.error(p, "a head is a non-empty phrase")
        return " ".join(head.lower().split()) or None
    if not f.keys(head, p, _HEAD_KEYS, "head object"):
        return None
    if not isinstance(head.get("head"), str) or not head["head"].strip():
        f.error(p, "a head object needs 'head': the counted noun (phrase)")
    for key in ("requires_any", "forbids"):
        if key in head:
            f.strings(head[key], p + (key,), key)
    for key in ("mass", "container"):
        if key in head and not isinstance(head[key], bool):
            f.error(p + (key,), f"must be true or false, not {head[key]!r}")
    if "default_metric" in head:
        if head["default_metric"] is not None and head["default_metric"] not in table:
            f.error(p + ("default_metric",), f"unknown metric {head['default_metric']!r}; "
                                             f"metrics: {', '.join(table)}")
        if not head.get("container"):
            f.error(p + ("default_metric",), "'default_metric' only applies to a container head")
    return None


def check_linking(path: Any, errors: list[str]) -> None:
    """``linking.json``: every setting the linker reads, with its type."""
    f = _JsonFile(path, errors)
    if not f.ok or not f.keys(f.data, (), _LINK_KEYS, "linking.json", notes=True):
        return
    data = f.data
    missing = sorted(_LINK_KEYS - _LINK_OPTIONAL - set(data))
    if missing:
        f.error((), f"missing keys {', '.join(missing)} (copy them from the bundled pack's linking.json)")
    for key in _LINK_REGEXES:
        if key in data:
            problem = _regex_error(data[key], 1 if key in _LINK_GROUPS else 0)
            if problem:
                f.error((key,), problem)
    for key in _LINK_NUMBERS:
        if key in data and (not isinstance(data[key], (int, float)) or isinstance(data[key], bool)):
            f.error((key,), f"must be a number, not {data[key]!r}")
    for key in ("ignored_place_surfaces",) + _LINK_OPTIONAL_LISTS:
        if key in data:
            f.strings(data[key], (key,), key)
    minimum = data.get("min_record_value", {})
    if not isinstance(minimum, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in minimum.values()):
        f.error(("min_record_value",), "must be an object of metric -> number")
    check_period_settings(f, data)
    anaphora = data.get("place_anaphora", {})
    if f.keys(anaphora, ("place_anaphora",), EXTRA_LEVELS, "place_anaphora (level -> words)"):
        for level, words in anaphora.items():
            f.strings(words, ("place_anaphora", level), f"place_anaphora.{level}")


def check_time_words(path: Any, errors: list[str]) -> None:
    """``time_words.json`` (optional): the full set of time word lists."""
    f = _JsonFile(path, errors)
    if not f.ok or not f.keys(f.data, (), TIME_KEYS | OPTIONAL_TIME_KEYS | {"about"}, "time_words.json", notes=True):
        return
    missing = sorted(TIME_KEYS - set(f.data))
    if missing:
        f.error((), f"missing keys {', '.join(missing)} (copy renovex/data/time_words.json and edit it)")
        return
    try:
        TimeGrammar(f.data)
    except (ValueError, KeyError, TypeError, AttributeError, re.error) as error:
        f.error((), f"time words do not compile: {type(error).__name__}: {error}")


def check_kind_cues(path: Any, errors: list[str]) -> int:
    """``kind_cues.jsonl``; returns the number of cues."""
    seen: dict[str, int] = {}
    for number, data in _jsonl(path, errors):
        where = f"{path}:{number}"
        if not isinstance(data, dict):
            errors.append(f"{where}: a cue must be a JSON object, not {_type(data)}")
            continue
        if "inside" in data and not isinstance(data["inside"], bool):
            errors.append(f"{where}: 'inside' must be true or false, not {data['inside']!r}")
            continue
        try:
            cue = KindCue.from_dict(data, where)
        except (ValueError, TypeError) as error:
            message = str(error)
            if "must be one of" in message:  # say which value is wrong
                bad = [f"{k} {data.get(k)!r}" for k, allowed in (("kind", KINDS), ("direction", DIRECTIONS),
                                                                    ("strength", STRENGTHS))
                       if data.get(k, "strong") not in allowed]
                message = f"{where}: bad {', '.join(bad)}: kind is one of {', '.join(KINDS)}; direction one of " \
                          f"{', '.join(DIRECTIONS)}; strength one of {', '.join(STRENGTHS)}"
            errors.append(message if message.startswith(where) else f"{where}: {message}")
            continue
        if not isinstance(cue.id, str) or not cue.id:
            errors.append(f"{where}: 'id' must be a non-empty string")
        elif cue.id in seen:
            errors.append(f"{where}: duplicate id {cue.id!r} (first on line {seen[cue.id]})")
        else:
            seen[cue.id] = number
        if (problem := _regex_error(cue.pattern)) is not None:
            errors.append(f"{where}: pattern: {problem}")
    return len(seen)


def _matcher_check(errors: list[str]) -> Callable[[str, list], None]:
    """A function that reports a token pattern spaCy's Matcher would reject."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    vocab = Vocab()

    def check(where: str, pattern: list) -> None:
        try:
            Matcher(vocab, validate=True).add("check", [[dict(spec) for spec in pattern]])
        except (ValueError, TypeError) as error:
            detail = " ".join(str(error).split()).replace("for matcher rule 'check' Pattern 0: ", "")
            errors.append(f"{where}: spaCy rejects the token pattern: {detail}")
    return check


def _check_rules_with_ids(path: Any, errors: list[str], parse: Callable[..., Any],
                          patterns: Callable[[Any], list]) -> int:
    """A JSONL file of rules with unique ids and token patterns: each line parsed by
    ``parse(data, where=...)``, ids checked for duplicates, ``patterns(rule)`` checked by
    spaCy's Matcher. Returns the number of rules."""
    seen: dict[str, int] = {}
    matcher_check = _matcher_check(errors)
    for number, data in _jsonl(path, errors):
        where = f"{path}:{number}"
        try:
            rule = parse(data, where=where)
        except RuleFileError as error:
            errors.append(str(error))
            continue
        if rule.id in seen:
            errors.append(f"{where}: duplicate id {rule.id!r} (first on line {seen[rule.id]})")
            continue
        seen[rule.id] = number
        for pattern in patterns(rule):
            matcher_check(f"{where} ({rule.id})", list(pattern))
    return len(seen)


def check_policy_terms(path: Any, errors: list[str]) -> int:
    """``policy_terms.jsonl``; returns the number of terms."""
    return _check_rules_with_ids(path, errors, PolicyTerm.from_dict, lambda term: term.patterns)


def check_patterns(path: Any, errors: list[str]) -> int:
    """``patterns.jsonl``; returns the number of patterns (a phrase pattern needs no Matcher check)."""
    return _check_rules_with_ids(path, errors, PatternRule.from_dict,
                                 lambda rule: [] if isinstance(rule.pattern, str) else [rule.pattern])


def _known_places() -> tuple[set[str], set[str]]:
    """Codes and province names of the bundled gazetteer."""
    entries = load_default().entries
    return ({e.place.code for e in entries},
            {e.place.name for e in entries if e.place.level == "province"})


def check_places_tsv(path: Any, errors: list[str]) -> list[dict[str, str]]:
    """``places.tsv``: rows in the columns of ``renovex/data/places.tsv``; returns the good rows."""
    codes, provinces = _known_places()
    lines = [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header_line, header = lines[0][0], lines[0][1].split("\t")
    allowed = COLUMNS + ("zh",)
    bad = [c for c in header if c not in allowed]
    if bad or not {"code", "name", "level"} <= set(header):
        errors.append(f"{path}:{header_line}: the first line names the columns, tab-separated: "
                      f"code, name and level, and any of {', '.join(allowed[3:])}"
                      + (f"; unknown column(s) {', '.join(map(repr, bad))}" if bad else ""))
        return []
    rows = []
    for number, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            errors.append(f"{path}:{number}: {len(cells)} cells for {len(header)} columns (tabs, not spaces?)")
            continue
        rows.append((number, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    own_codes = {row["code"] for _, row in rows}
    own_provinces = {row["name"] for _, row in rows if row["level"] == "province"}
    good, seen = [], {}
    for number, row in rows:
        where = f"{path}:{number}"
        before = len(errors)
        code, level = row["code"].strip(), row["level"].strip()
        if not code:
            errors.append(f"{where}: empty code (use one of your own, e.g. 'U00001')")
        elif _RESERVED_CODE.match(code):
            errors.append(f"{where}: codes like {code!r} are given to places.jsonl entries and places added "
                          "at run time; use another, e.g. 'U00001'")
        elif code in codes:
            errors.append(f"{where}: code {code!r} is already in the bundled gazetteer; "
                          "give your place a code of its own, e.g. 'U00001'")
        elif code in seen:
            errors.append(f"{where}: duplicate code {code!r} (first on line {seen[code]})")
        seen.setdefault(code, number)
        if not row["name"].strip():
            errors.append(f"{where}: empty name")
        if level not in EXTRA_LEVELS:
            errors.append(f"{where}: level {level!r} is not one of {', '.join(EXTRA_LEVELS)}")
        parent = row.get("parent", "").strip()
        if parent and parent not in codes and parent not in own_codes:
            errors.append(f"{where}: parent {parent!r} is not a code of the bundled gazetteer or of this file")
        province = row.get("province", "").strip()
        if province and province not in provinces and province not in own_provinces:
            errors.append(f"{where}: province {province!r} is not a province name of the gazetteer")
        if level and level != "province" and not province:
            errors.append(f"{where}: a {level} needs its province (the English short name, e.g. 'Hebei')")
        if row.get("match", "").strip() not in ("", "suffix"):
            errors.append(f"{where}: match must be empty or 'suffix', not {row['match']!r}")
        if len(errors) == before:
            good.append(row)
    return good


def check_places_jsonl(path: Any, errors: list[str]) -> int:
    """``places.jsonl``: extra places without codes (``renovex_places`` numbers them)."""
    codes, provinces = _known_places()
    count = 0
    for number, data in _jsonl(path, errors):
        where = f"{path}:{number}"
        if not isinstance(data, dict):
            errors.append(f"{where}: a place must be a JSON object, not {_type(data)}")
            continue
        unknown = sorted(set(data) - set(PLACE_KEYS))
        problems = [f"unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(PLACE_KEYS)}"] if unknown else []
        if not isinstance(data.get("name"), str) or not data["name"].strip():
            problems.append("'name' must be a non-empty string")
        if data.get("level") not in EXTRA_LEVELS:
            problems.append(f"'level' must be one of {', '.join(EXTRA_LEVELS)}, not {data.get('level')!r}")
        if "province" in data and data["province"] not in provinces:
            problems.append(f"province {data['province']!r} is not a province name of the gazetteer")
        if "parent" in data and data["parent"] not in codes:
            problems.append(f"parent {data['parent']!r} is not a code of the gazetteer")
        if "aliases" in data and not (isinstance(data["aliases"], list)
                                      and all(isinstance(a, str) and a.strip() for a in data["aliases"])):
            problems.append("'aliases' must be a list of non-empty strings")
        errors.extend(f"{where}: {problem}" for problem in problems)
        count += not problems
    return count
