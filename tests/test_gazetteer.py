"""The bundled gazetteer table and the pure lookup / disambiguation functions (no spaCy)."""
from __future__ import annotations

import pytest

from renovex.engines.gazetteer import CHINA, Gazetteer, Place, load_default, normalise, resolve, within


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_default()


def one(gaz: Gazetteer, name: str, level: str | None = None, province: str | None = None) -> Place:
    found = [p for p in gaz.lookup(name)
             if (level is None or p.level == level) and (province is None or p.province == province)]
    assert len(found) == 1, (name, found)
    return found[0]


# --- the table -------------------------------------------------------------------------------
def test_table_size(gaz):
    levels = [e.place.level for e in gaz.entries]
    assert levels.count("province") == 34
    assert levels.count("prefecture") >= 330
    assert levels.count("county") >= 2800


def test_every_parent_and_province_exists(gaz):
    provinces = {e.place.name for e in gaz.entries if e.place.level == "province"}
    for entry in gaz.entries:
        place = entry.place
        assert place.province in provinces, place
        if place.level == "province":
            assert place.parent is None and place.province == place.name
        else:
            parent = gaz.by_code(place.parent)
            assert parent is not None, place
            assert parent.level in ("province", "prefecture")
            assert parent.province == place.province


def test_codes_are_six_digits_and_unique(gaz):
    codes = [e.place.code for e in gaz.entries]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)


@pytest.mark.parametrize("name, level, province", [
    ("Xinjiang", "province", "Xinjiang"), ("Inner Mongolia", "province", "Inner Mongolia"),
    ("Beijing", "province", "Beijing"), ("Shenyang", "prefecture", "Liaoning"),
    ("Shijingshan", "county", "Beijing"), ("Jiading", "county", "Shanghai"),
    ("Guanshanhu", "county", "Guizhou"), ("Harbin", "prefecture", "Heilongjiang"),
    ("Urumqi", "prefecture", "Xinjiang"), ("Hohhot", "prefecture", "Inner Mongolia"),
    ("Lhasa", "prefecture", "Tibet"), ("Kashgar", "prefecture", "Xinjiang"),
    ("Xi'an", "prefecture", "Shaanxi"), ("Shaanxi", "province", "Shaanxi"), ("Shanxi", "province", "Shanxi"),
    ("Tibet", "province", "Tibet"), ("Hong Kong", "province", "Hong Kong"), ("Macao", "province", "Macao"),
    ("Taiwan", "province", "Taiwan"), ("Chongqing", "province", "Chongqing"), ("Changsha", "prefecture", "Hunan"),
    ("Xiamen", "prefecture", "Fujian"), ("Bengbu", "prefecture", "Anhui"), ("Lu'an", "prefecture", "Anhui"),
    ("Leshan", "prefecture", "Sichuan"), ("Changchun", "prefecture", "Jilin"), ("Tai'an", "prefecture", "Shandong"),
    ("Ordos", "prefecture", "Inner Mongolia"), ("Hulunbuir", "prefecture", "Inner Mongolia"),
    ("Xilingol", "prefecture", "Inner Mongolia"), ("Baotou", "prefecture", "Inner Mongolia"),
    ("Yinchuan", "prefecture", "Ningxia"), ("Guiyang", "prefecture", "Guizhou"), ("Wuhu", "prefecture", "Anhui"),
    ("Jiulongpo", "county", "Chongqing"), ("Pudong", "county", "Shanghai"), ("Chengdu", "prefecture", "Sichuan"),
])
def test_canonical_names(gaz, name, level, province):
    place = one(gaz, name, level, province)
    assert place.name == name


@pytest.mark.parametrize("alias, name", [
    ("Taian", "Tai'an"), ("Xian", "Xi'an"), ("Xinjiang Uygur Autonomous Region", "Xinjiang"),
    ("Guangxi Zhuang Autonomous Region", "Guangxi"), ("Ningxia Hui Autonomous Region", "Ningxia"),
    ("Inner Mongolia Autonomous Region", "Inner Mongolia"), ("Tibet Autonomous Region", "Tibet"),
    ("Nei Mongol", "Inner Mongolia"), ("Xizang", "Tibet"), ("Wulumuqi", "Urumqi"), ("Huhehaote", "Hohhot"),
    ("Haerbin", "Harbin"), ("Kashi", "Kashgar"), ("Xilingol League", "Xilingol"), ("Macau", "Macao"),
    ("Hong Kong SAR", "Hong Kong"), ("Luan", "Lu'an"),
])
def test_aliases(gaz, alias, name):
    assert name in {p.name for p in gaz.lookup(alias)}


@pytest.mark.parametrize("written", ["Tai'an", "Tai’an", "taian", "TAI'AN", "Tai-an", "Tai an"])
def test_lookup_folds_case_apostrophes_hyphens_spaces(gaz, written):
    assert any(p.code == "370900" for p in gaz.lookup(written))


@pytest.mark.parametrize("text, folded", [
    ("Lüliang", "luliang"), ("Xi’an", "xian"), ("Inner  Mongolia", "innermongolia"), ("Ürümqi", "urumqi"),
])
def test_normalise(text, folded):
    assert normalise(text) == folded


def test_polyphonic_readings(gaz):
    assert {p.province for p in gaz.lookup("Chaoyang")} >= {"Beijing", "Liaoning", "Jilin"}
    assert gaz.lookup("Zhaoyang") == [] or all(p.name != "Zhaoyang" for p in gaz.lookup("Chaoyang"))
    assert one(gaz, "Changning", "county", "Shanghai").name == "Changning"
    assert one(gaz, "Chengdu", "prefecture").name == "Chengdu"


def test_one_syllable_names_keep_their_suffix(gaz):
    he = one(gaz, "He County")
    assert he.province == "Anhui"
    assert gaz.lookup("He") == []
    entry = next(e for e in gaz.entries if e.place == he)
    assert entry.suffix_only


@pytest.mark.parametrize("name", ["Guide", "Mile", "Boxing", "Guiding", "Xinhua"])
def test_english_words_need_a_suffix(gaz, name):
    entries = [e for e in gaz.entries if e.place.name == name]
    assert entries and all(e.suffix_only for e in entries)


@pytest.mark.parametrize("alias", ["Dean", "Lean", "Yuan", "He", "Ali"])
def test_no_bare_english_forms(gaz, alias):
    # lookup() folds apostrophes ("Le'an" == "lean"), so check the written forms themselves.
    assert not any(alias in e.forms for e in gaz.entries)


def test_province_of_and_ancestors(gaz):
    taishan = one(gaz, "Taishan", "county", "Shandong")
    assert gaz.province_of(taishan).name == "Shandong"
    assert [p.name for p in gaz.ancestors(taishan)] == ["Tai'an", "Shandong", "China"]
    jiading = one(gaz, "Jiading")
    assert [p.name for p in gaz.ancestors(jiading)] == ["Shanghai", "China"]
    assert gaz.province_of(CHINA) is None
    assert gaz.by_code("100000") is CHINA
    assert gaz.by_code("999999") is None


def test_directly_administered_county_hangs_on_province(gaz):
    shihezi = one(gaz, "Shihezi")
    assert shihezi.parent == "650000" and shihezi.province == "Xinjiang"


# --- disambiguation --------------------------------------------------------------------------
@pytest.mark.parametrize("name, kwargs, code", [
    ("Jilin", {}, "220000"),
    ("Jilin", {"levels": ["prefecture", "county"]}, "220200"),
    ("Xinjiang", {}, "650000"),
    ("Xinjiang", {"article_provinces": {"Shanxi"}}, "650000"),
    ("Xinjiang", {"levels": ["county"]}, "140825"),
    ("Chaoyang", {"parent": "Beijing"}, "110105"),
    ("Chaoyang", {}, "211300"),
    ("Chaoyang", {"article_provinces": {"Beijing"}}, "110105"),
    ("Taishan", {"parent": "Tai'an"}, "370902"),
    ("Taishan", {"article_provinces": {"Guangdong"}}, "440781"),
    ("Jiading", {"article_provinces": {"Shanghai"}}, "310114"),
    ("Guanshanhu", {"parent": "Guiyang"}, "520115"),
    ("Hainan", {}, "460000"),
    ("Hainan", {"levels": ["prefecture"]}, "632500"),
    ("Yichun", {"article_provinces": {"Jiangxi"}}, "360900"),
    ("Yichun", {}, "230700"),
    ("Suzhou", {"parent": "Anhui"}, "341300"),
    ("Beijing", {"levels": ["prefecture", "county"]}, "110000"),
])
def test_resolve(gaz, name, kwargs, code):
    kwargs = dict(kwargs)
    if "parent" in kwargs:
        kwargs["parent_hint"] = next(p for p in gaz.lookup(kwargs.pop("parent")) if p.level in ("province", "prefecture"))
    assert resolve(gaz.lookup(name), **kwargs).code == code


def test_resolve_ignores_a_hint_that_contains_nothing(gaz):
    hint = one(gaz, "Xinjiang", "province")
    assert resolve(gaz.lookup("Jiading"), parent_hint=hint).code == "310114"


def test_resolve_needs_candidates():
    with pytest.raises(ValueError):
        resolve([])


def test_within(gaz):
    taishan = one(gaz, "Taishan", "county", "Shandong")
    assert within(taishan, one(gaz, "Tai'an", "prefecture"))
    assert within(taishan, one(gaz, "Shandong"))
    assert within(taishan, CHINA)
    assert not within(taishan, one(gaz, "Guangdong"))


def test_from_rows_small_table():
    gaz = Gazetteer.from_rows([
        {"code": "990000", "name": "Testland", "level": "province", "parent": "", "province": "Testland", "aliases": ""},
        ["990100", "Alpha'an", "prefecture", "990000", "Testland", "Alpha City|Alfa", ""],
    ])
    assert [p.code for p in gaz.lookup("alphaan")] == ["990100"]
    assert [p.code for p in gaz.lookup("Alfa")] == ["990100"]
    assert gaz.province_of(gaz.by_code("990100")).name == "Testland"
    with pytest.raises(ValueError):
        Gazetteer.from_rows([{"code": "1", "name": "x", "level": "planet"}])
    with pytest.raises(ValueError):
        Gazetteer.from_rows([{"code": "1", "name": "x", "level": "county", "colour": "red"}])


def test_place_is_frozen():
    with pytest.raises(Exception):
        CHINA.name = "Elsewhere"  # type: ignore[misc]


# conventional English names (RECORDS.md) of county-level units written in pinyin by the
# generator; the pinyin stays an alias (scripts/place_overrides.tsv)
CONVENTIONAL = [("Xilinhot", "Xilinhot"), ("Xilinhaote", "Xilinhot"), ("West Ujimqin Banner", "West Ujimqin"),
                ("Xiwuzhumuqin", "West Ujimqin"), ("Hailar", "Hailar"), ("Arxan", "Arxan"), ("Abag Banner", "Abag"),
                ("Kuqa", "Kuqa"), ("Yarkant", "Yarkant"), ("Shache", "Yarkant"), ("Kuytun", "Kuytun"),
                ("Gyantse", "Gyantse"), ("Tingri", "Tingri"), ("Hunchun", "Hunchun"), ("Korla", "Korla"),
                ("Ulanhot", "Ulanhot"), ("Erenhot", "Erenhot"), ("Qiqihar", "Qiqihar"), ("Qiqihaer", "Qiqihar"),
                ("Golmud", "Golmud"), ("Chamdo", "Qamdo"), ("Ghulja", "Yining"),
                ("Urumchi", "Urumqi"), ("Taifu Temple Banner", "Taibus"), ("Taipusi Banner", "Taibus")]


def test_xiongan_new_area_is_a_place_of_hebei(nlp):
    from renovex.api import extract

    (record,) = extract("In 2023, Xiong'an New Area renovated 40 old communities.", nlp=nlp)
    assert (record.location, record.province) == ("Xiong'an", "Hebei")


@pytest.mark.parametrize("surface,name", CONVENTIONAL, ids=[row[0] for row in CONVENTIONAL])
def test_conventional_english_names(surface, name):
    from renovex.engines.gazetteer import load_default

    assert name in {place.name for place in load_default().lookup(surface)}


def test_ximeng_is_the_league_in_inner_mongolia_and_the_county_in_yunnan(nlp):
    """'Ximeng' abbreviates Xilingol League (锡盟) in Inner Mongolia news; a county of the
    same name is in Yunnan: the article's province decides."""
    from renovex.api import extract

    inner_mongolia = "Ximeng, Inner Mongolia, will renovate 71 old communities this year."
    yunnan = "Ximeng county in Yunnan will renovate 7 old communities this year."
    assert [r.location for r in extract(inner_mongolia, "2023-03-01", nlp=nlp)] == ["Xilingol"]
    assert [r.location for r in extract(yunnan, "2023-03-01", nlp=nlp)] == ["Ximeng"]
