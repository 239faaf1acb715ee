"""Policy terms: the taxonomy data, its validation, the ``renovex_terms`` component, saving and loading."""
from __future__ import annotations

import json

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from renovex.pipeline.components.terms import LABEL, TermsComponent, make_terms  # registers the factory
from renovex.pipeline.extensions import entities
from renovex.core.resources import RuleFileError
from renovex.engines.terms import ALLOWED_KEYS, CATEGORIES, TERMS_FILE, PolicyTerm, load_terms

assert make_terms  # the import registers the factory


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("renovex_terms")
    return nlp


def terms(nlp, text: str) -> list[tuple[str, str]]:
    """(span text, term id) in text order."""
    return [(s.text, s._.rule) for s in entities(nlp(text), LABEL)]


# --- the bundled taxonomy ----------------------------------------------------------------------
REQUIRED_IDS = {
    "programme.old_community_renovation", "programme.shantytown_redevelopment",
    "programme.public_rental_housing", "programme.subsidized_rental_housing", "programme.urban_renewal",
    "programme.urban_village_renovation", "programme.dilapidated_housing_renovation",
    "works.elevator_installation", "works.pipeline_renewal", "works.energy_saving_retrofit", "works.parking",
    "works.charging", "works.barrier_free_access", "works.elderly_care_facilities",
    "works.childcare_facilities", "works.community_service_facilities", "works.green_space_sports_venues",
    "finance.central_subsidies", "finance.special_bonds", "finance.social_capital",
    "finance.residents_contributions", "finance.bank_loans",
    "governance.property_services", "governance.residents_participation",
    "governance.long_term_management", "governance.fifteen_minute_living_circle",
}


def test_bundled_pack_has_every_category_and_required_term():
    loaded = load_terms()
    ids = {t.id for t in loaded}
    assert REQUIRED_IDS <= ids
    assert {t.category for t in loaded} == set(CATEGORIES)
    assert all(t.id.split(".")[0] == t.category for t in loaded)


def test_bundled_terms_round_trip_through_dicts():
    for term in load_terms():
        again = PolicyTerm.from_dict(json.loads(json.dumps(term.to_dict())))
        assert again == term and again.note == term.note
        assert hash(again) == hash(term)


def test_every_pattern_word_is_one_token():
    """A word the tokenizer splits ("run-down") could never match a single token spec."""
    tokenizer = spacy.blank("en").tokenizer
    for term in load_terms():
        for pattern in term.patterns:
            for spec in pattern:
                for attr in ("LOWER", "ORTH"):
                    value = spec.get(attr)
                    words = value["IN"] if isinstance(value, dict) else [value] if value else []
                    for word in words:
                        assert len(tokenizer(word)) == 1, (term.id, word)
                        assert attr != "LOWER" or word == word.lower(), (term.id, word)


def test_every_bundled_phrase_finds_its_own_term(nlp):
    """No dead phrase, and no phrase swallowed by another term's longer or earlier match."""
    for term in load_terms():
        for phrase in term.phrases:
            doc = nlp(phrase)
            found = [(s.start, s.end, s._.rule) for s in entities(doc, LABEL)]
            assert found == [(0, len(doc), term.id)], (phrase, found)


# --- every term, at least two variants ------------------------------------------------------------
@pytest.mark.parametrize("text, span, term_id", [
    # programme
    ("The county will speed up the renovation of old urban residential communities.",
     "renovation of old urban residential communities", "programme.old_community_renovation"),
    ("Officials reviewed the transformation of the old residential areas downtown.",
     "transformation of the old residential areas", "programme.old_community_renovation"),
    ("The city began renovating aging residential compounds in May.",
     "renovating aging residential compounds", "programme.old_community_renovation"),
    ("Old neighbourhood renovation remains a priority.", "Old neighbourhood renovation",
     "programme.old_community_renovation"),
    ("It has upgraded 40 older housing estates.", "older housing estates", "programme.old_community_renovation"),
    ("The retrofit of ageing urban neighborhoods went on.", "retrofit of ageing urban neighborhoods",
     "programme.old_community_renovation"),
    ("A plan for urban old community reconstruction was issued.", "urban old community reconstruction",
     "programme.old_community_renovation"),
    ("Work covered the restoration of old residential quarters.", "restoration of old residential quarters",
     "programme.old_community_renovation"),
    ("Shantytown redevelopment slowed last year.", "Shantytown redevelopment", "programme.shantytown_redevelopment"),
    ("The rebuilding of shanty towns continued.", "rebuilding of shanty towns", "programme.shantytown_redevelopment"),
    ("It finished the shanty-town renovation project early.", "shanty-town renovation",
     "programme.shantytown_redevelopment"),
    ("Some 3,000 shantytown units were rebuilt.", "shantytown", "programme.shantytown_redevelopment"),
    ("The city will raise more public rental housing.", "public rental housing", "programme.public_rental_housing"),
    ("Applicants for public rental apartments rose.", "public rental apartments", "programme.public_rental_housing"),
    ("Low-rent housing was merged into the scheme.", "Low-rent housing", "programme.public_rental_housing"),
    ("Building of government-subsidized rental homes sped up.", "government-subsidized rental homes",
     "programme.subsidized_rental_housing"),
    ("The supply of affordable rental housing grew.", "affordable rental housing",
     "programme.subsidized_rental_housing"),
    ("Subsidised rental flats near metro stations opened.", "Subsidised rental flats",
     "programme.subsidized_rental_housing"),
    ("More affordable housing is planned.", "affordable housing", "programme.affordable_housing"),
    ("The country pushes urban renewal in a steady manner.", "urban renewal", "programme.urban_renewal"),
    ("Urban regeneration shapes the new plan.", "Urban regeneration", "programme.urban_renewal"),
    ("Nine urban-village renovation projects started.", "urban-village renovation",
     "programme.urban_village_renovation"),
    ("The city is rebuilding urban villages near the station.", "rebuilding urban villages",
     "programme.urban_village_renovation"),
    ("Villages in the city will be upgraded.", "Villages in the city", "programme.urban_village_renovation"),
    ("The renovation of dilapidated housing in the old town ended.", "renovation of dilapidated housing",
     "programme.dilapidated_housing_renovation"),
    ("It repaired units of dilapidated urban housing.", "dilapidated urban housing",
     "programme.dilapidated_housing_renovation"),
    ("Rural dilapidated houses were rebuilt as well.", "Rural dilapidated houses",
     "programme.rural_housing_renovation"),
    # works
    ("Residents voted on the installation of elevators last week.", "installation of elevators",
     "works.elevator_installation"),
    ("The district will install elevators in existing residential buildings.",
     "install elevators in existing residential buildings", "works.elevator_installation"),
    ("Newly installed elevators now serve 300 families.", "Newly installed elevators", "works.elevator_installation"),
    ("Lift installation is under way in six blocks.", "Lift installation", "works.elevator_installation"),
    ("Crews began installing lifts in May.", "installing lifts", "works.elevator_installation"),
    ("A total of 210 elevators were added.", "elevators", "works.elevator_installation"),
    ("The city will replace ageing gas pipelines.", "replace ageing gas pipelines", "works.pipeline_renewal"),
    ("Pipe network renovation covers the east bank.", "Pipe network renovation", "works.pipeline_renewal"),
    ("It renewed 400 km of underground drainage pipes.", "underground drainage pipes", "works.pipeline_renewal"),
    ("The renewal of old water supply pipes is finished.", "renewal of old water supply pipes",
     "works.pipeline_renewal"),
    ("Energy-saving renovation of buildings was carried out.", "Energy-saving renovation of buildings",
     "works.energy_saving_retrofit"),
    ("The blocks got an energy efficiency retrofit.", "energy efficiency retrofit", "works.energy_saving_retrofit"),
    ("Workers added external wall insulation.", "external wall insulation", "works.energy_saving_retrofit"),
    ("It added 5,000 parking spaces.", "parking spaces", "works.parking"),
    ("Two parking lots and a car park were built.", "parking lots", "works.parking"),
    ("Two new car parks were built.", "car parks", "works.parking"),
    ("More charging piles for electric vehicles were installed.", "charging piles for electric vehicles",
     "works.charging"),
    ("Each block has e-bike charging points now.", "e-bike charging points", "works.charging"),
    ("Smart charging stations went up.", "charging stations", "works.charging"),
    ("Barrier-free access was added at every entrance.", "Barrier-free access", "works.barrier_free_access"),
    ("Age-friendly renovation helps older residents.", "Age-friendly renovation", "works.barrier_free_access"),
    ("The plan improves accessibility for wheelchair users.", "accessibility", "works.barrier_free_access"),
    ("New elderly-care facilities opened.", "elderly-care facilities", "works.elderly_care_facilities"),
    ("The site adds services for the elderly.", "services for the elderly", "works.elderly_care_facilities"),
    ("It lacks pension facilities.", "pension facilities", "works.elderly_care_facilities"),
    ("Two childcare centres were built.", "childcare centres", "works.childcare_facilities"),
    ("The estate lacks kindergartens.", "kindergartens", "works.childcare_facilities"),
    ("Child care services expanded.", "Child care services", "works.childcare_facilities"),
    ("It adds 68 community service facilities.", "community service facilities",
     "works.community_service_facilities"),
    ("A neighbourhood service centre opened.", "neighbourhood service centre", "works.community_service_facilities"),
    ("Convenience stores and farmers' markets were upgraded.", "Convenience stores",
     "works.community_service_facilities"),
    ("The area gains 2 hectares of green space.", "green space", "works.green_space_sports_venues"),
    ("New sports venues and fitness trails opened.", "sports venues", "works.green_space_sports_venues"),
    ("Pocket parks replaced idle plots.", "Pocket parks", "works.green_space_sports_venues"),
    # finance
    ("Central government subsidy funds reached 2 billion yuan.", "Central government subsidy funds",
     "finance.central_subsidies"),
    ("It received central budget investment of 5 million yuan.", "central budget investment",
     "finance.central_subsidies"),
    ("The project relies on central subsidies.", "central subsidies", "finance.central_subsidies"),
    ("Local government special bonds were issued.", "Local government special bonds", "finance.special_bonds"),
    ("The work is backed by special-purpose bonds.", "special-purpose bonds", "finance.special_bonds"),
    ("Social capital is invited to take part.", "Social capital", "finance.social_capital"),
    ("Private capital joined the programme.", "Private capital", "finance.social_capital"),
    ("Residents contribute funds for new lifts.", "Residents contribute funds", "finance.residents_contributions"),
    ("Contributions from residents covered a tenth.", "Contributions from residents",
     "finance.residents_contributions"),
    ("Residents' contributions paid for paint.", "Residents' contributions", "finance.residents_contributions"),
    ("Banks offered loans at low rates.", "loans", "finance.bank_loans"),
    ("It sought financial support from banks.", "financial support", "finance.bank_loans"),
    ("Bank credit of 1 billion yuan was granted.", "Bank credit", "finance.bank_loans"),
    # governance
    ("Property management companies were brought in.", "Property management companies",
     "governance.property_services"),
    ("The coverage of property services rose.", "property services", "governance.property_services"),
    ("The city follows co-construction, co-governance and sharing.", "co-construction, co-governance and sharing",
     "governance.residents_participation"),
    ("Residents' participation is encouraged.", "Residents' participation", "governance.residents_participation"),
    ("The participation of the public decided the design.", "participation of the public",
     "governance.residents_participation"),
    ("A long-term management mechanism is needed.", "long-term management mechanism",
     "governance.long_term_management"),
    ("It set up a long-term mechanism for upkeep.", "long-term mechanism", "governance.long_term_management"),
    ("Long term maintenance and management mechanisms exist.", "Long term maintenance and management mechanisms",
     "governance.long_term_management"),
    ("Ten 15-minute living circles are planned.", "15-minute living circles",
     "governance.fifteen_minute_living_circle"),
    ("The community life circle keeps shops close.", "community life circle",
     "governance.fifteen_minute_living_circle"),
    ("A 15 minute community life circle is the goal.", "15 minute community life circle",
     "governance.fifteen_minute_living_circle"),
])
def test_variants(nlp, text, span, term_id):
    assert (span, term_id) in terms(nlp, text), terms(nlp, text)


# --- negatives --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, term_id", [
    ("She met old friends at the station.", None),
    ("Old people gathered in the square.", None),
    ("The public housing market cooled this spring.", None),
    ("Prices in the housing market rose.", None),
    ("Elderly people make up a large share.", None),
    ("The shop is charging more for bread.", None),
    ("Xinjiang will implement long-term housing policies.", None),
    ("The Party Central Committee met in Beijing.", None),
    ("The property market is weak.", None),
    ("She called a special meeting.", None),
    ("The green light was given in June.", None),
    ("The team will lift the ban next year.", None),
    ("Xinjiang plans to renovate 1,273 old communities.", "finance.bank_loans"),
    ("The city improved public services.", "works.community_service_facilities"),
])
def test_negatives(nlp, text, term_id):
    found = terms(nlp, text)
    if term_id is None:
        assert found == []
    else:
        assert term_id not in {t for _, t in found}, found


# --- edges ------------------------------------------------------------------------------------------
def test_terms_at_start_and_end_of_text(nlp):
    assert terms(nlp, "Elevator installation") == [("Elevator installation", "works.elevator_installation")]
    assert terms(nlp, "parking spaces were added and so were charging piles") == [
        ("parking spaces", "works.parking"), ("charging piles", "works.charging")]


def test_term_broken_by_line_break_or_odd_spaces(nlp):
    assert terms(nlp, "They began the renovation of old\nresidential areas.") == [
        ("renovation of old\nresidential areas", "programme.old_community_renovation")]
    assert terms(nlp, "More public\u00a0rental housing.") == [("public\u00a0rental housing",
                                                               "programme.public_rental_housing")]
    assert terms(nlp, "More public  rental  housing.") == [("public  rental  housing",
                                                           "programme.public_rental_housing")]
    assert terms(nlp, "Lift\u00a0installation started.") == [("Lift\u00a0installation", "works.elevator_installation")]


def test_paragraph_break_is_never_crossed(nlp):
    assert terms(nlp, "The plan covers old residential\n\nareas of study are listed.") == []
    assert terms(nlp, "Roads\nparking spaces\n") == [("parking spaces", "works.parking")]


def test_all_caps_headline_and_typographic_apostrophe(nlp):
    assert terms(nlp, "CITY SPEEDS UP RENOVATION OF OLD URBAN COMMUNITIES AND SHANTY-TOWNS") == [
        ("RENOVATION OF OLD URBAN COMMUNITIES", "programme.old_community_renovation"),
        ("SHANTY-TOWNS", "programme.shantytown_redevelopment")]
    assert terms(nlp, "Residents\u2019 contributions and owners\u2019 committees") == [
        ("Residents\u2019 contributions", "finance.residents_contributions"),
        ("owners\u2019 committees", "governance.residents_participation")]


def test_longest_match_wins_and_matches_do_not_overlap(nlp):
    found = terms(nlp, "Rural dilapidated housing renovation and dilapidated housing renovation.")
    assert found == [("Rural dilapidated housing renovation", "programme.rural_housing_renovation"),
                     ("dilapidated housing renovation", "programme.dilapidated_housing_renovation")]
    found = terms(nlp, "The guide asks residents to contribute funds.")
    assert found == [("residents to contribute funds", "finance.residents_contributions")]


def test_span_carries_value_rule_and_label(nlp):
    doc = nlp("Special bonds paid for new parking lots.")
    spans = entities(doc, LABEL)
    assert [s.label_ for s in spans] == [LABEL, LABEL]
    value = spans[0]._.value
    assert isinstance(value, PolicyTerm)
    assert (value.id, value.category, value.label) == ("finance.special_bonds", "finance", "special bonds")
    assert spans[1]._.rule == "works.parking" and spans[1]._.value.category == "works"


def test_empty_and_termless_docs(nlp):
    assert terms(nlp, "") == []
    assert terms(nlp, "The weather was fine.") == []
    assert terms(nlp, "\n\u00a0 \n") == []


# --- the pattern engine: regexes agree with spaCy's Matcher -----------------------------------------
CUSTOM_PATTERNS = [
    [{"LOWER": "roof"}, {"LOWER": {"NOT_IN": ["leak", "leaks"]}}, {"LOWER": "repair"}],
    [{"LOWER": "wall"}, {"LOWER": "crack", "OP": "!"}, {"LOWER": "painting"}],
    [{"LOWER": "stair"}, {"LOWER": "rail", "OP": "+"}, {"LOWER": "fix"}],
    [{"LOWER": "door"}, {"LOWER": {"IN": ["bell", "lock"]}, "OP": "{1,2}"}, {"LOWER": "upgrade"}],
    [{"ORTH": "CCTV"}, {"LOWER": "cameras"}],  # case-sensitive: left to spaCy's Matcher
    [{"LIKE_NUM": True}, {"LOWER": "streetlights"}],  # not a word test: left to spaCy's Matcher
]


def test_custom_patterns_behave_like_spacy_matcher():
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_terms", config={"pack": "renovation"})
    component.add_terms([{"id": "works.repairs", "category": "works", "patterns": CUSTOM_PATTERNS}])
    assert len(component.matcher) == 1  # the two non-word patterns share one key
    text = ("roof tile repair , roof leak repair , wall new painting , wall crack painting , "
            "stair rail rail fix , stair fix , door bell lock upgrade , door upgrade , "
            "CCTV cameras , cctv cameras , 12 streetlights , many streetlights")
    expected_matcher = Matcher(nlp.vocab)
    expected_matcher.add("X", CUSTOM_PATTERNS, greedy="LONGEST")
    doc = nlp.make_doc(text)
    expected = sorted(doc[s:e].text for _, s, e in expected_matcher(doc))
    found = sorted(s.text for s in entities(nlp(text), LABEL) if s._.rule == "works.repairs")
    assert found == expected == sorted(["roof tile repair", "wall new painting", "stair rail rail fix",
                                        "door bell lock upgrade", "CCTV cameras", "12 streetlights"])


# --- validation --------------------------------------------------------------------------------------
GOOD = {"id": "works.roofs", "category": "works", "label": "roof repair", "phrases": ["roof repair"]}


def write_pack(folder, lines: list[str]):
    folder.mkdir(exist_ok=True)
    (folder / TERMS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_unknown_key_names_allowed_keys_file_and_line(tmp_path):
    pack = write_pack(tmp_path / "p", ["# a comment", json.dumps(GOOD), json.dumps({**GOOD, "id": "works.x",
                                                                                    "phrase": ["x"]})])
    with pytest.raises(RuleFileError) as error:
        load_terms(pack)
    message = str(error.value)
    assert f"{TERMS_FILE}:3" in message and "'phrase'" in message
    assert all(key in message for key in ALLOWED_KEYS)


def test_missing_id_names_file_and_line(tmp_path):
    pack = write_pack(tmp_path / "p", [json.dumps({k: v for k, v in GOOD.items() if k != "id"})])
    with pytest.raises(RuleFileError, match=rf"{TERMS_FILE}:1: .*no 'id'"):
        load_terms(pack)


def test_bad_json_line_names_file_and_line(tmp_path):
    pack = write_pack(tmp_path / "p", [json.dumps(GOOD), "", '{"id": "works.y", "category": works}'])
    with pytest.raises(RuleFileError, match=rf"{TERMS_FILE}:3: not valid JSON"):
        load_terms(pack)


@pytest.mark.parametrize("data, message", [
    ({**GOOD, "id": "works.roofs"}, "duplicate id 'works.roofs' (first on line 1)"),
    ({**GOOD, "id": "Works Roofs"}, "bad id"),
    ({**GOOD, "id": "works.z", "category": ""}, "no 'category'"),
    ({**GOOD, "id": "works.z", "phrases": [], "patterns": []}, "at least one phrase or pattern"),
    ({**GOOD, "id": "works.z", "phrases": "roof repair"}, "'phrases' must be a list"),
    ({**GOOD, "id": "works.z", "phrases": ["ok", 3]}, "every entry must be a non-empty string"),
    ({**GOOD, "id": "works.z", "patterns": [{"LOWER": "x"}]}, "pattern 1 must be a non-empty list"),
    ({**GOOD, "id": "works.z", "label": 5}, "'label' must be a non-empty string"),
    (["works.z"], "must be a JSON object"),
])
def test_invalid_terms_are_rejected_with_file_and_line(tmp_path, data, message):
    pack = write_pack(tmp_path / "p", [json.dumps(GOOD), json.dumps(data)])
    with pytest.raises(RuleFileError) as error:
        load_terms(pack)
    assert f"{TERMS_FILE}:2" in str(error.value) and message in str(error.value)


def test_label_defaults_to_the_id_and_phrases_are_normalised():
    term = PolicyTerm.from_dict({"id": "works.roof_repair", "category": "works", "phrases": ["roof  repair"]})
    assert term.label == "roof repair" and term.phrases == ("roof repair",)


def test_bad_token_pattern_is_reported_with_its_term():
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_terms")
    with pytest.raises(ValueError, match="works.bad"):
        component.add_terms([{"id": "works.bad", "category": "works", "patterns": [[{"LOWER": "x", "OP": "%"}]]}])


# --- packs, saving and loading -----------------------------------------------------------------------
def test_a_users_pack_folder(tmp_path):
    pack = write_pack(tmp_path / "mine", [json.dumps(GOOD)])
    nlp = spacy.blank("en")
    nlp.add_pipe("renovex_terms", config={"pack": str(pack)})
    assert terms(nlp, "Roof repair begins and parking spaces wait.") == [("Roof repair", "works.roofs")]


def test_round_trip_keeps_a_term_added_at_run_time(tmp_path):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_terms")
    assert isinstance(component, TermsComponent)
    component.add_terms([PolicyTerm("works.roofs", "works", "roof repair", ("roof repair",),
                                    (({"LOWER": "leaking"}, {"LOWER": "roofs"}),))])
    nlp.to_disk(tmp_path / "pipeline")
    assert json.loads((tmp_path / "pipeline" / "renovex_terms" / "rules.json").read_text())["terms"][-1]["id"] == "works.roofs"
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Roof repair and leaking roofs come before the renovation of old communities."
    assert terms(loaded, text) == terms(nlp, text) == [
        ("Roof repair", "works.roofs"), ("leaking roofs", "works.roofs"),
        ("renovation of old communities", "programme.old_community_renovation")]


def test_add_terms_replaces_a_term_with_the_same_id():
    nlp = spacy.blank("en")
    component = nlp.add_pipe("renovex_terms")
    before = len(component.terms)
    component.add_terms([{"id": "works.parking", "category": "works", "phrases": ["car port"]}])
    assert len(component.terms) == before
    assert terms(nlp, "A car port and parking spaces.") == [("car port", "works.parking")]


def test_terms_found_in_a_whole_article(nlp):
    text = ("Hainan to renovate 150 old neighbourhoods\n\n"
            "HAIKOU -- The province will renovate more than 150 old residential quarters this year, "
            "install 300 elevators and add 2,000 parking spaces, officials said.\n"
            "Funds will come from central subsidies, local government special bonds and social capital, "
            "while residents contribute funds for the elevators.\n\n"
            "Property services will be introduced under a long-term management mechanism.")
    found = {t for _, t in terms(nlp, text)}
    assert found == {"programme.old_community_renovation", "works.elevator_installation", "works.parking",
                     "finance.central_subsidies", "finance.special_bonds", "finance.social_capital",
                     "finance.residents_contributions", "governance.property_services",
                     "governance.long_term_management"}
