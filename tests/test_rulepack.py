"""Rule packs: validation with FILE:LINE errors, `renovex pack` commands, loading by name and
by path, optional and inherited files, token patterns and extra places."""
import json
import re
from importlib import resources

import pytest
import spacy

import renovex
from renovex.api import PIPELINE
from renovex.cli import main
from renovex.pipeline.extensions import entities
from renovex.engines.patterns import PatternRule
from renovex.core.resources import DEFAULT_PACK, RuleFileError, pack_file
from renovex.rules import PACK_FILES, check_pack, key_lines, new_pack

TSV_HEADER = "code\tname\tlevel\tparent\tprovince\taliases\tmatch\n"


def make_pack(tmp_path, **files):
    """A skeleton pack with some files replaced (``None`` deletes one); keys use '_' for '.'."""
    folder = new_pack("pack", tmp_path)
    for key, text in files.items():
        name = key.replace("__", ".")
        if text is None:
            (folder / name).unlink()
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def default_json(name: str) -> dict:
    return json.loads(pack_file(DEFAULT_PACK, name).read_text(encoding="utf-8"))


BAD_LINKING = json.dumps({**default_json("linking.json"), "terminators": "(;"}, indent=1)
NO_GROUP = json.dumps({**default_json("linking.json"), "anaphoric_years": "the years"}, indent=1)
BAD_WORDS = json.dumps({**default_json("quantity_words.json"), "approximations": {"over": "plenty"}}, indent=1)

# file, content, the error expected (a regex; FILE:LINE first)
CASES = [
    ("metrics__json", '{\n "metrics": {\n  "bridges": {\n   "heads": ["bridges"],\n   "colour": "red"\n  }\n }\n}',
     r"metrics\.json:5: metrics\.bridges\.colour: unknown key 'colour' in metric 'bridges'; allowed: .*heads"),
    ("metrics__json", '{\n "metrics": {\n  "roads_km": {"unit": "kms"}\n }\n}',
     r"metrics\.json:3: metrics\.roads_km\.unit: unknown unit 'kms'; units of quantity_words\.json: .*\bkm\b"),
    ("metrics__json", '{\n "metrics": {\n  "bridges": {\n   "heads": [\n    "bridges",\n'
                      '    {"head": "sets", "container": true, "default_metric": "spans"}\n   ]\n  }\n }\n}',
     r"metrics\.json:6: metrics\.bridges\.heads\[1\]\.default_metric: unknown metric 'spans'; metrics: bridges"),
    ("metrics__json", '{\n "metrics": {\n  "roads_km": {"unit": "km"},\n  "rails_km": {"unit": "km"}\n }\n}',
     r"metrics\.json:4: metrics\.rails_km\.unit: unit 'km' already names metric 'roads_km'"),
    ("metrics__json", '{"metrics": {"bridges": {"heads": "bridges"}}}',
     r"metrics\.json:1: metrics\.bridges\.heads: must be a non-empty list"),
    ("metrics__json", '{"metrics": {"Big-Bridges": {"heads": ["bridges"]}}}',
     r"metrics\.json:1: metrics\.Big-Bridges: bad metric id 'Big-Bridges'"),
    ("metrics__json", '{\n "metrics": {\n  "bridges": {"heads": ["bridges"],}\n }\n}',
     r"metrics\.json:3: not valid JSON"),
    ("metrics__json", '{"not_metric": []}', r"metrics\.json:1: 'metrics' must be a non-empty object"),
    ("metrics__json", '{\n "topic": {\n  "pattern": "bridges|("\n },\n "metrics": {"bridges": {"heads": ["bridges"]}}\n}',
     r"metrics\.json:3: topic\.pattern: bad regular expression"),
    ("metrics__json", '{\n "topic": "bridges",\n "metrics": {"bridges": {"heads": ["bridges"]}}\n}',
     r"metrics\.json:2: topic: topic must be a JSON object, not a string"),
    ("kind_cues__jsonl", '# a comment\n{"id": "plan.x", "kind": "maybe", "direction": "forward", "pattern": "will"}',
     r"kind_cues\.jsonl:2: bad kind 'maybe': kind is one of plan, outcome"),
    ("kind_cues__jsonl", '{"id": "plan.x", "kind": "plan", "direction": "forward", "pattern": "will", "scope": 3}',
     r"kind_cues\.jsonl:1: unknown keys \['scope'\]; allowed: id, kind, direction"),
    ("kind_cues__jsonl", '{"id": "plan.x", "kind": "plan", "direction": "forward", "pattern": "(will"}',
     r"kind_cues\.jsonl:1: bad pattern: missing \)"),
    ("kind_cues__jsonl", '{"id": "plan.x", "kind": "plan", "direction": "forward"}',
     r"kind_cues\.jsonl:1: missing keys \['pattern'\]"),
    ("kind_cues__jsonl", '{"id": "plan.x", "kind": "plan", "direction": "forward", "pattern": "will"}\n' * 2,
     r"kind_cues\.jsonl:2: duplicate id 'plan\.x' \(first on line 1\)"),
    ("kind_cues__jsonl", '\n\n{"id": "plan.x",}', r"kind_cues\.jsonl:3: not valid JSON"),
    ("policy_terms__jsonl", '{"id": "works.x", "category": "works", "phrases": ["x"], "colour": 1}',
     r"policy_terms\.jsonl:1: unknown key 'colour' in policy term \(allowed: id, category"),
    ("policy_terms__jsonl", '{"id": "works.x", "category": "works", "patterns": [[{"LOWR": "x"}]]}',
     r"policy_terms\.jsonl:1 \(works\.x\): spaCy rejects the token pattern: .*LOWR"),
    ("places__tsv", TSV_HEADER + "U1\tAtlantis City\tprefecture\t\tAtlantis\t\t\n",
     r"places\.tsv:2: province 'Atlantis' is not a province name"),
    ("places__tsv", TSV_HEADER + "# a comment\nU1\tA\tcity\t130000\tHebei\t\t\n",
     r"places\.tsv:3: level 'city' is not one of province, prefecture, county"),
    ("places__tsv", TSV_HEADER + "U1\tA\tcounty\t999999\tHebei\t\t\n", r"places\.tsv:2: parent '999999' is not a code"),
    ("places__tsv", TSV_HEADER + "110000\tA\tcounty\t\tHebei\t\t\n",
     r"places\.tsv:2: code '110000' is already in the bundled gazetteer"),
    ("places__tsv", TSV_HEADER + "X00001\tA\tcounty\t\tHebei\t\t\n", r"places\.tsv:2: codes like 'X00001' are given"),
    ("places__tsv", TSV_HEADER + "U1\tA\tcounty\t\t\t\t\n", r"places\.tsv:2: a county needs its province"),
    ("places__tsv", "code\tname\tkind\nU1\tA\tcounty\n", r"places\.tsv:1: the first line names the columns.*'kind'"),
    ("places__jsonl", '{"name": "A", "level": "county", "province": "Hebei", "kind": 1}',
     r"places\.jsonl:1: unknown key\(s\) 'kind'; allowed: name, level"),
    ("patterns__jsonl", '{"id": "p.x", "label": "PLACE", "pattern": "x"}',
     r"patterns\.jsonl:1: label 'PLACE' is set by renovex itself"),
    ("patterns__jsonl", '{"id": "p.x", "label": "project", "pattern": "x"}', r"patterns\.jsonl:1: bad label 'project'"),
    ("patterns__jsonl", '{"id": "p.x", "label": "PROJECT", "pattern": []}',
     r"patterns\.jsonl:1: 'pattern' must be a phrase or a non-empty list"),
    ("patterns__jsonl", '{"id": "p.x", "label": "PROJECT", "pattern": [{"LOWR": "x"}]}',
     r"patterns\.jsonl:1 \(p\.x\): spaCy rejects the token pattern"),
    ("patterns__jsonl", '{"id": "p.x", "label": "PROJECT", "pattern": "x", "colour": 1}',
     r"patterns\.jsonl:1: unknown key 'colour' in pattern \(allowed: id, label, pattern, note\)"),
    ("patterns__jsonl", '{"id": "p.x", "label": "PROJECT", "pattern": "x"}\n{"id": "p.x", "label": "P", "pattern": "y"}',
     r"patterns\.jsonl:2: duplicate id 'p\.x'"),
    ("linking__json", BAD_LINKING, r"linking\.json:2: terminators: bad regular expression"),
    ("linking__json", NO_GROUP, r"linking\.json:\d+: anaphoric_years: the regular expression needs a group"),
    ("linking__json", '{"terminators": ";"}', r"linking\.json:1: missing keys .*weak_penalty"),
    ("quantity_words__json", BAD_WORDS,
     r"quantity_words\.json:\d+: approximations\.over: 'plenty' is not an approximation; use one of more_than"),
    ("time_words__json", '{"months": {}}', r"time_words\.json:1: missing keys"),
    ("metric__json", "{}", r"metric\.json: not a pack file \(pack files: kind_cues\.jsonl"),
    ("metrics__json", None, r"metrics\.json: missing: every pack needs its metrics\.json"),
]


@pytest.mark.parametrize("name, text, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_kind_of_error_names_file_and_line(tmp_path, name, text, expected):
    errors = check_pack(make_pack(tmp_path, **{name: text})).errors
    assert any(re.search(expected, error) for error in errors), errors


def test_generated_json_errors_point_at_the_offending_key(tmp_path):
    error = next(e for e in check_pack(make_pack(tmp_path, quantity_words__json=BAD_WORDS)).errors if "plenty" in e)
    line = int(re.search(r"quantity_words\.json:(\d+):", error).group(1))
    assert '"over": "plenty"' in BAD_WORDS.splitlines()[line - 1]


def test_every_error_is_reported_not_just_the_first(tmp_path, capsys):
    folder = make_pack(tmp_path,
                       metrics__json='{"metrics": {"bridges": {"heads": ["bridges"], "colour": 1}}}',
                       kind_cues__jsonl='{"id": "a", "kind": "maybe", "direction": "forward", "pattern": "x"}\n'
                                        '{"id": "b", "kind": "plan", "direction": "sideways", "pattern": "x"}',
                       patterns__jsonl='{"id": "p.x", "label": "PLACE", "pattern": "x"}')
    assert main(["pack", "check", str(folder)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 4 and "4 errors" in err
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines] == [
        "metrics.json", "kind_cues.jsonl", "kind_cues.jsonl", "patterns.jsonl"]
    assert "direction 'sideways'" in lines[2]


def test_key_lines_of_nested_json():
    text = '{\n "a": {\n  "b": [\n   1,\n   {"c": "x,\\"y"}\n  ]\n },\n "d": true\n}'
    lines = key_lines(text)
    assert lines[("a",)] == 2 and lines[("a", "b")] == 3 and lines[("a", "b", 0)] == 4
    assert lines[("a", "b", 1, "c")] == 5 and lines[("d",)] == 8
    assert key_lines("{not json") == {(): 1}


# --- the bundled packs and the skeleton -------------------------------------------------------
def test_bundled_default_pack_is_valid_and_ships_every_file():
    report = check_pack(DEFAULT_PACK)
    assert report.ok, report.errors
    assert report.counts["metrics"] >= 15 and report.counts["cues"] >= 10 and not report.inherited
    root = resources.files("renovex").joinpath("packs")
    for name in ("metrics.json", "kind_cues.jsonl", "quantity_words.json", "linking.json", "policy_terms.jsonl"):
        assert root.joinpath(DEFAULT_PACK).joinpath(name).is_file()
    assert root.joinpath("_skeleton").joinpath("patterns.jsonl").is_file()


def test_pack_new_writes_a_skeleton_that_passes_check(tmp_path, capsys):
    assert main(["pack", "new", "roads", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "roads"
    written = {p.name for p in folder.iterdir()}
    optional = {"quantity_words.json", "linking.json", "time_words.json", "places.jsonl"}
    assert {f.name for f in PACK_FILES} - optional <= written
    for name in written - {"README.md", "metrics.json"}:  # one example entry each, with comments
        text = (folder / name).read_text(encoding="utf-8")
        assert "#" in text and len([l for l in text.splitlines() if l.strip() and not l.startswith("#")]) in (1, 2)
    capsys.readouterr()
    assert main(["pack", "check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "1 metric, 1 cue, 1 policy term, 1 extra place, 1 token pattern" in out
    assert "quantity_words.json, linking.json from the bundled 'renovation' pack" in out
    assert main(["pack", "new", "roads", "--dir", str(tmp_path)]) == 2  # never overwrites


def test_pack_new_from_a_bundled_pack_copies_it(tmp_path):
    assert main(["pack", "new", "mine", "--dir", str(tmp_path), "--from", DEFAULT_PACK]) == 0
    copy = tmp_path / "mine"
    assert (copy / "linking.json").read_text(encoding="utf-8") == pack_file(DEFAULT_PACK, "linking.json").read_text(
        encoding="utf-8")
    assert check_pack(copy).counts == check_pack(DEFAULT_PACK).counts


def test_pack_list_and_unknown_pack(capsys):
    assert main(["pack", "list"]) == 0
    out = capsys.readouterr().out
    assert "renovation:" in out and "(default)" in out and "_skeleton" not in out
    assert main(["pack", "check", "no-such-pack"]) == 1
    assert "no rule pack named 'no-such-pack'" in capsys.readouterr().out


# --- loading ------------------------------------------------------------------------------------
def test_the_default_pipeline_is_the_renovation_pack_by_name(nlp):
    assert nlp.pipe_names == list(PIPELINE)
    assert {nlp.get_pipe_config(name)["pack"] for name in PIPELINE} == {DEFAULT_PACK}
    by_name = spacy.blank("en").add_pipe("renovex_quantities", config={"pack": DEFAULT_PACK})
    assert by_name.rules["metrics"] == nlp.get_pipe("renovex_quantities").rules["metrics"] == json.loads(
        pack_file(DEFAULT_PACK, "metrics.json").read_text(encoding="utf-8"))


def test_loading_a_bad_pack_raises_with_file_and_line(tmp_path):
    folder = make_pack(tmp_path, metrics__json='{\n "metrics": {\n  "bridges": {"heads": ["bridges"], "colour": 1}\n }\n}')
    with pytest.raises(RuleFileError, match=r"has 1 error:\n.*metrics\.json:3: metrics\.bridges\.colour"):
        renovex.load(str(folder))


def test_optional_files_are_optional_and_two_are_inherited(tmp_path):
    folder = make_pack(tmp_path, policy_terms__jsonl=None, places__tsv=None, patterns__jsonl=None)
    report = check_pack(folder)
    assert report.ok and set(report.counts) == {"metrics", "cues"}
    assert report.inherited == ["quantity_words.json", "linking.json"]
    assert pack_file(folder, "linking.json") == pack_file(DEFAULT_PACK, "linking.json")
    assert not pack_file(folder, "policy_terms.jsonl").is_file()
    nlp = spacy.blank("en")
    assert nlp.add_pipe("renovex_terms", config={"pack": str(folder)}).rules == {"terms": []}
    assert nlp.add_pipe("renovex_patterns", config={"pack": str(folder)}).rules == {"patterns": []}


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory):
    """A pack by path: the skeleton (its Lingang place and PROJECT pattern) plus a phrase pattern."""
    folder = new_pack("skeleton", tmp_path_factory.mktemp("packs"))
    with open(folder / "patterns.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"id": "fund.harbour", "label": "FUND", "pattern": "harbour fund"}\n')
    return folder


@pytest.fixture(scope="module")
def skeleton_nlp(skeleton):
    return renovex.load(str(skeleton))


TEXT = "Under the Harbour Bridge Project, Lingang plans to build 3 bridges in 2025 with the HARBOUR FUND."


def test_a_pack_by_path_extracts_its_own_metric_at_its_own_place(skeleton_nlp):
    records = renovex.extract(TEXT, published="2024-05-01", nlp=skeleton_nlp)
    assert [(r.kind, r.metric, r.value, r.location, r.province, r.period) for r in records] == [
        ("plan", "bridges", 3, "Lingang", "Shanghai", {"start": 2025, "end": 2025})]
    # the renovation metrics are not this pack's
    assert renovex.extract("Shanghai will renovate 300 old communities in 2025.", nlp=skeleton_nlp) == []


def test_extra_places_join_the_gazetteer(skeleton_nlp):
    found = [s for s in entities(skeleton_nlp("Lin-gang and Pudong grew.")) if s.label_ == "PLACE"]
    assert [(s.text, s._.value.code, s._.value.parent, s._.value.province) for s in found] == [
        ("Lin-gang", "U00001", "310115", "Shanghai"), ("Pudong", "310115", "310000", "Shanghai")]


def test_token_patterns_add_labelled_entities_with_their_rule(skeleton_nlp):
    spans = [s for s in entities(skeleton_nlp(TEXT)) if s.label_ in ("PROJECT", "FUND")]
    assert [(s.text, s.label_, s._.rule) for s in spans] == [
        ("Harbour Bridge Project", "PROJECT", "project.named"), ("HARBOUR FUND", "FUND", "fund.harbour")]
    assert isinstance(spans[0]._.value, PatternRule) and spans[0]._.value.label == "PROJECT"


def test_token_patterns_survive_saving_and_run_time_additions(skeleton, tmp_path):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_patterns", config={"pack": str(skeleton)})
    component.add_patterns([{"id": "fund.sea", "label": "FUND", "pattern": [{"LOWER": "sea"}, {"LOWER": "fund"}]}])
    with pytest.raises(RuleFileError, match="bad label"):
        component.add_patterns([{"id": "x.y", "label": "fund", "pattern": "x"}])
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    found = [(s.text, s._.rule) for s in entities(loaded("The Sea Fund and the Harbour Fund."))]
    assert found == [("Sea Fund", "fund.sea"), ("Harbour Fund", "fund.harbour")]


def test_the_places_component_names_a_bad_places_tsv_line(tmp_path):
    folder = make_pack(tmp_path, places__tsv=TSV_HEADER + "# note\nU1\tA\tcounty\t\tNarnia\t\t\n")
    with pytest.raises(RuleFileError, match=r"places\.tsv:3: province 'Narnia'"):
        spacy.blank("en").add_pipe("renovex_places", config={"pack": str(folder)})


def test_a_third_domain_from_pack_new_is_data_only(tmp_path, capsys):
    """Issue 15: `pack new`, then edits to its data files only, give a working domain."""
    import json

    assert main(["pack", "new", "bridges", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "bridges"
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    metrics["metrics"] = {"bridges": {"heads": ["bridges", "bridge"]}, "spend_cny": {"unit": "cny"}}
    (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    (folder / "kind_cues.jsonl").write_text(
        '{"id": "plan.will", "kind": "plan", "direction": "forward", "pattern": "will|plans? to"}\n'
        '{"id": "outcome.done", "kind": "outcome", "direction": "forward", "pattern": "built|repaired|completed"}\n',
        encoding="utf-8")
    capsys.readouterr()
    assert main(["pack", "check", str(folder)]) == 0
    article = tmp_path / "a.txt"
    article.write_text("In 2023, Yunnan built 42 bridges. In 2024, the province will build 60 bridges, "
                       "spending 1.2 billion yuan.", encoding="utf-8")
    capsys.readouterr()
    assert main(["extract", str(article), "--pack", str(folder)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["metric"], r["value"], r["kind"], r["location"], r["period"]["start"]) for r in records] == [
        ("bridges", 42, "outcome", "Yunnan", 2023), ("bridges", 60, "plan", "Yunnan", 2024),
        ("spend_cny", 1200000000, "plan", "Yunnan", 2024)]
