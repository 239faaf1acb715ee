"""The ``renovex_places`` component: forms, negatives, edges, ambiguity, saving and loading."""
from __future__ import annotations

import json

import pytest
import spacy

from renovex.pipeline.components.places import PlaceComponent, make_places  # registers the factory
from renovex.pipeline.extensions import entities
from renovex.engines.gazetteer import CHINA
from renovex.core.resources import RuleFileError


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("renovex_places")
    return nlp


def places(nlp, text: str) -> list[tuple[str, str, str | None, str]]:
    """(span text, place name, province, rule) in text order."""
    return [(s.text, s._.value.name, s._.value.province, s._.rule) for s in entities(nlp(text), "PLACE")]


def find(nlp, text: str, span_text: str):
    hits = [s for s in entities(nlp(text), "PLACE") if s.text == span_text]
    assert len(hits) == 1, (span_text, places(nlp, text))
    return hits[0]


# --- every form ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, span, name, province", [
    ("Xinjiang will renovate more estates next year.", "Xinjiang", "Xinjiang", "Xinjiang"),
    ("Officials in Inner Mongolia met on Monday.", "Inner Mongolia", "Inner Mongolia", "Inner Mongolia"),
    ("A meeting in Beijing set the goal.", "Beijing", "Beijing", "Beijing"),
    ("Shenyang has upgraded its old blocks.", "Shenyang", "Shenyang", "Liaoning"),
    ("The Shijingshan district government said so.", "Shijingshan district", "Shijingshan", "Beijing"),
    ("Work in Jiading District went fast.", "Jiading District", "Jiading", "Shanghai"),
    ("Residents of Harbin welcomed the lifts.", "Harbin", "Harbin", "Heilongjiang"),
    ("Urumqi City will add parking.", "Urumqi City", "Urumqi", "Xinjiang"),
    ("Hohhot plans more work.", "Hohhot", "Hohhot", "Inner Mongolia"),
    ("Lhasa and Kashgar both joined.", "Lhasa", "Lhasa", "Tibet"),
    ("Lhasa and Kashgar both joined.", "Kashgar", "Kashgar", "Xinjiang"),
    ("Xi'an opened a new centre.", "Xi'an", "Xi'an", "Shaanxi"),
    ("Xian opened a new centre.", "Xian", "Xi'an", "Shaanxi"),
    ("Shaanxi and Shanxi are neighbours.", "Shaanxi", "Shaanxi", "Shaanxi"),
    ("Shaanxi and Shanxi are neighbours.", "Shanxi", "Shanxi", "Shanxi"),
    ("Tibet and Xizang name one region.", "Xizang", "Tibet", "Tibet"),
    ("Hong Kong SAR and Macau sent delegates.", "Hong Kong SAR", "Hong Kong", "Hong Kong"),
    ("Hong Kong SAR and Macau sent delegates.", "Macau", "Macao", "Macao"),
    ("Taiwan was not mentioned further.", "Taiwan", "Taiwan", "Taiwan"),
    ("Liaoning province has a plan.", "Liaoning province", "Liaoning", "Liaoning"),
    ("The Jiangxi Provincial Department of Housing said.", "Jiangxi", "Jiangxi", "Jiangxi"),
    ("Shenyang city has a plan.", "Shenyang city", "Shenyang", "Liaoning"),
    ("The Xilingol League office reported.", "Xilingol League", "Xilingol", "Inner Mongolia"),
    ("Hulunbuir, Ordos and Baotou reported.", "Ordos", "Ordos", "Inner Mongolia"),
    ("Yinchuan reported first.", "Yinchuan", "Yinchuan", "Ningxia"),
    ("The Xinjiang Uygur Autonomous Region will act.", "Xinjiang Uygur Autonomous Region", "Xinjiang", "Xinjiang"),
    ("The Xinjiang Autonomous Region will act.", "Xinjiang Autonomous Region", "Xinjiang", "Xinjiang"),
    ("The Guangxi Zhuang Autonomous Region will act.", "Guangxi Zhuang Autonomous Region", "Guangxi", "Guangxi"),
    ("The Ningxia Hui Autonomous Region will act.", "Ningxia Hui Autonomous Region", "Ningxia", "Ningxia"),
    ("The Inner Mongolia Autonomous Region will act.", "Inner Mongolia Autonomous Region", "Inner Mongolia", "Inner Mongolia"),
    ("The Tibet Autonomous Region will act.", "Tibet Autonomous Region", "Tibet", "Tibet"),
    ("Nei Mongol is another spelling.", "Nei Mongol", "Inner Mongolia", "Inner Mongolia"),
    ("Jiulongpo district of Chongqing added lifts.", "Jiulongpo district", "Jiulongpo", "Chongqing"),
    ("Tai’an is written with a curly apostrophe here.", "Tai’an", "Tai'an", "Shandong"),
    ("Taian is written without one.", "Taian", "Tai'an", "Shandong"),
    ("The Qiannan Buyei and Miao Autonomous Prefecture joined.", "Qiannan Buyei and Miao Autonomous Prefecture", "Qiannan", "Guizhou"),
    ("He County joined the programme.", "He County", "He County", "Anhui"),
    ("Guide County in Qinghai joined.", "Guide County", "Guide", "Qinghai"),
    ("Chongqing Municipality set a target.", "Chongqing Municipality", "Chongqing", "Chongqing"),
])
def test_forms(nlp, text, span, name, province):
    found = find(nlp, text, span)
    assert found.label_ == "PLACE"
    assert (found._.value.name, found._.value.province) == (name, province)


def test_suffix_rule_ids(nlp):
    assert find(nlp, "Liaoning province acts.", "Liaoning province")._.rule == "gazetteer+suffix"
    assert find(nlp, "Liaoning acts.", "Liaoning")._.rule == "gazetteer"
    assert find(nlp, "Chaoyang district of Beijing acts.", "Chaoyang district")._.rule == "x_of_y"


# --- national references -----------------------------------------------------------------------
@pytest.mark.parametrize("text, span", [
    ("China has sped up the work.", "China"),
    ("China's cities renovated many estates.", "China"),
    ("Estates across the country were renovated.", "across the country"),
    ("The work is going on nationwide.", "nationwide"),
    ("A national meeting was held.", "national"),
    ("The country will build more homes.", "The country"),
    ("Old estates in the whole country were listed.", "the whole country"),
    ("The People's Republic of China was founded in 1949.", "People's Republic of China"),
    ("Production in CHINA rose.", "CHINA"),
])
def test_national(nlp, text, span):
    found = find(nlp, text, span)
    assert found._.value is CHINA or found._.value == CHINA
    assert found._.rule == "national"
    assert not found.text.endswith("'s")


@pytest.mark.parametrize("text", [
    "He works at the Bank of China branch.",
    "The story ran in China Daily on Monday.",
    "Guiyang is the capital of Southwest China's Guizhou province.",
    "Follow China.org.cn on social media.",
    "Winters in Northeast China are long.",
])
def test_not_national(nlp, text):
    assert not any(s._.value == CHINA for s in entities(nlp(text), "PLACE"))


# --- negatives -------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The guide said the boxing club was guiding the new residents.",
    "Everyone should lean on the dean for help, not just in yuan terms.",
    "Call the hotline on 400-617-2035 or 13581620477 for details.",
    "He said the mile-long road was fixed.",
    "General Secretary Xi Jinping spoke at the meeting.",
    "The lift was built near Renhe Street and Qingyang North Road.",
    "The Xinhua report was published on Tuesday.",
    "The saga of the bole of the tree continued.",
    "The longan harvest was good.",
    "",
])
def test_negatives(nlp, text):
    assert places(nlp, text) == []


def test_county_names_need_capitals(nlp):
    # County-only names match only when capitalised; provinces and prefectures in any case.
    assert places(nlp, "jiading district did well") == []
    assert [p[1] for p in places(nlp, "shenyang city in the liaoning province")] == ["Shenyang", "Liaoning"]


def test_person_name_is_not_a_place(nlp):
    assert places(nlp, "Zhang Jinhui took the photo in Chengdu.") == [("Chengdu", "Chengdu", "Sichuan", "gazetteer")]


# --- edges -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Guizhou", ["Guizhou"]),
    ("Guizhou province", ["Guizhou province"]),
    ("Renovation news from Guizhou", ["Guizhou"]),
    ("Jiangsu\nplans more work in Zhejiang.", ["Jiangsu", "Zhejiang"]),
    ("Hainan\nprovince", ["Hainan"]),  # no suffix across a line break
    ("Liaoning\u00a0province set a goal.", ["Liaoning\u00a0province"]),
    ("CHONGQING (CQNEWS) -- Work went on.", ["CHONGQING"]),
    ("BEIJING, Jan. 30 (Xinhua) -- The ministry said.", ["BEIJING"]),
    ("XINJIANG UYGUR AUTONOMOUS REGION", ["XINJIANG UYGUR AUTONOMOUS REGION"]),
    ("Estates in Shanghai's Jiading District.", ["Shanghai", "Jiading District"]),
])
def test_edges(nlp, text, expected):
    assert [p[0] for p in places(nlp, text)] == expected


# --- ambiguity -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, span, name, province, code", [
    ("Jilin has a new plan.", "Jilin", "Jilin", "Jilin", "220000"),
    ("Jilin city has a new plan.", "Jilin city", "Jilin", "Jilin", "220200"),
    ("Xinjiang has a new plan.", "Xinjiang", "Xinjiang", "Xinjiang", "650000"),
    ("Chaoyang district of Beijing has a plan.", "Chaoyang district", "Chaoyang", "Beijing", "110105"),
    ("Beijing's Chaoyang District has a plan.", "Chaoyang District", "Chaoyang", "Beijing", "110105"),
    ("Chaoyang, Liaoning province, has a plan.", "Chaoyang", "Chaoyang", "Liaoning", "211300"),
    ("Taishan district of Tai'an, Shandong province, held a ceremony.", "Taishan district", "Taishan", "Shandong", "370902"),
    ("Guanshanhu district in Guiyang, capital of Guizhou province, grew.", "Guanshanhu district", "Guanshanhu", "Guizhou", "520115"),
    ("A complex in Jiading District got chargers. Shanghai's rules changed.", "Jiading District", "Jiading", "Shanghai", "310114"),
    ("Jiangxi named its cities. Yichun did best.", "Yichun", "Yichun", "Jiangxi", "360900"),
    ("Heilongjiang named its cities. Yichun did best.", "Yichun", "Yichun", "Heilongjiang", "230700"),
    ("Jinniu District, Chengdu, renovated the Qingyang estates.", "Jinniu District", "Jinniu", "Sichuan", "510106"),
    ("Chengdu's Qingyang district did the work.", "Qingyang district", "Qingyang", "Sichuan", "510105"),
    ("Qingyang in Gansu did the work.", "Qingyang", "Qingyang", "Gansu", "621000"),
    ("Taishan, Guangdong province, has a plan.", "Taishan", "Taishan", "Guangdong", "440781"),
    ("Suzhou, Anhui province, has a plan.", "Suzhou", "Suzhou", "Anhui", "341300"),
    ("Suzhou has a plan.", "Suzhou", "Suzhou", "Jiangsu", "320500"),
    ("Hainan Prefecture in Qinghai has a plan.", "Hainan Prefecture", "Hainan", "Qinghai", "632500"),
])
def test_ambiguity(nlp, text, span, name, province, code):
    found = find(nlp, text, span)
    assert (found._.value.name, found._.value.province, found._.value.code) == (name, province, code)


# --- rules: run-time additions, packs, saving and loading -------------------------------------
def test_round_trip_keeps_a_place_added_at_run_time(tmp_path):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_places")
    assert places(nlp, "Lingang New Area grew.") == []
    component.add_place("Lingang", "county", province="Shanghai", aliases=["Lin-gang"])
    assert places(nlp, "Lingang New Area grew.")[0][:3] == ("Lingang New Area", "Lingang", "Shanghai")
    nlp.to_disk(tmp_path / "pipe")
    rules = json.loads((tmp_path / "pipe" / "renovex_places" / "rules.json").read_text(encoding="utf-8"))
    assert rules["extra_places"][-1]["name"] == "Lingang"
    loaded = spacy.load(tmp_path / "pipe")
    found = [s for s in entities(loaded("Lingang New Area grew."), "PLACE")]
    assert [(s.text, s._.value.name, s._.value.province) for s in found] == [("Lingang New Area", "Lingang", "Shanghai")]
    assert found[0]._.value.parent == "310000"
    assert [s.text for s in entities(loaded("Liaoning province acts."), "PLACE")] == ["Liaoning province"]


def test_add_place_rejects_bad_input_and_keeps_rules():
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_places")
    before = list(component.rules["extra_places"])
    with pytest.raises(ValueError):
        component.add_place("Nowhere", "planet")
    assert component.rules["extra_places"] == before
    assert places(nlp, "Liaoning acts.")[0][0] == "Liaoning"


def test_pack_places_file(tmp_path):
    pack = tmp_path / "mypack"
    pack.mkdir()
    (pack / "places.jsonl").write_text(
        '# extra places of this pack\n'
        '{"name": "Xiong\'an", "level": "prefecture", "province": "Hebei", "aliases": ["Xiongan New Area"]}\n',
        encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("renovex_places", config={"pack": str(pack)})
    assert [p[:3] for p in places(nlp, "Xiongan New Area and Xiong'an grew.")] == [
        ("Xiongan New Area", "Xiong'an", "Hebei"), ("Xiong'an", "Xiong'an", "Hebei")]


def test_pack_places_errors_name_file_and_line(tmp_path):
    pack = tmp_path / "badpack"
    pack.mkdir()
    (pack / "places.jsonl").write_text('{"name": "A", "level": "county"}\n{"name": "B", "kind": "x"}\n', encoding="utf-8")
    nlp = spacy.blank("en")
    with pytest.raises(RuleFileError, match=r"places.jsonl:2:.*kind"):
        nlp.add_pipe("renovex_places", config={"pack": str(pack)})


def test_rules_are_plain_json(nlp):
    component = nlp.get_pipe("renovex_places")
    assert isinstance(component, PlaceComponent)
    json.dumps(component.rules)
    assert len(component.rules["places"]) >= 3100
    assert callable(make_places)


def test_spans_go_to_the_renovex_group(nlp):
    doc = nlp("Jiangsu and Zhejiang")
    assert [s.text for s in doc.spans["renovex"]] == ["Jiangsu", "Zhejiang"]


def test_abbreviated_regions_of_china_are_not_the_country(nlp):
    from renovex.api import make_doc
    from renovex.pipeline.extensions import entities

    doc = nlp(make_doc(nlp, "NE China city spends big on old homes. SW China town follows.", None))
    assert [span.text for span in entities(doc, "PLACE")] == []


# --- issue 12: collisions, one rule each -------------------------------------------------------
def test_a_written_form_beats_a_name_extended_by_a_suffix_word(nlp) -> None:
    """"Hotan County" is the county written so, not Hotan city extended by "County"."""
    span = find(nlp, "Hotan County repaired its old blocks.", "Hotan County")
    assert span._.value.code == "653221"
    assert find(nlp, "Lanzhou New Area repaired 30 blocks.", "Lanzhou New Area")._.value.province == "Gansu"


def test_a_level_word_before_of_narrows_the_level(nlp) -> None:
    """"the city of Jilin" is the prefecture-level city, not the province."""
    assert find(nlp, "The city of Jilin repaired 50 blocks.", "Jilin")._.value.code == "220200"
    assert find(nlp, "Jilin repaired 50 blocks.", "Jilin")._.value.code == "220000"


def test_the_country_inside_an_organisation_name_is_not_the_country(nlp) -> None:
    assert places(nlp, "Renmin University of China said 30 blocks were done.") == []
    assert places(nlp, "China Railway Group built 20 blocks.") == []
    assert [p[1] for p in places(nlp, "China will repair 50,000 blocks.")] == ["China"]
