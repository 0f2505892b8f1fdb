"""Mentions: NER cleaning, vocabulary names, ranks, acronyms, threats, typing."""
from __future__ import annotations

import pytest

from kg.extract.mentions import find_mentions, interview_turns
from kg.extract.names import classify
from kg.ingest import make_article


@pytest.fixture()
def mentions(nlp):
    def go(text, **meta):
        a = make_article(text, "<t>", **meta)
        return {m.text: m for m in find_mentions(nlp(a.text), a) if m.source != "pronoun"}
    return go


def test_possessive_splits_owner_and_unit(mentions):
    ms = mentions("Officers of the Colombian Army's Aviation Brigade flew to Cali.")
    assert ms["Colombian Army"].cls == "MilitaryOrganization"
    assert ms["Colombian Army"].country == "Colombia"
    assert ms["Aviation Brigade"].cls == "MilitaryOrganization"
    assert not any("'s" in t for t in ms)


def test_rank_is_stripped_and_kept(mentions):
    ms = mentions("Maj. Gen. John Smith met Vice Admiral Rosa Vega in Lima.")
    assert ms["John Smith"].rank == "Maj. Gen." and ms["John Smith"].cls == "Person"
    assert ms["Rosa Vega"].rank == "Vice Admiral"


def test_service_before_rank_is_its_own_mention(mentions):
    ms = mentions("Ecuadorian Navy Captain Luis Soto led the patrol.")
    assert ms["Ecuadorian Navy"].country == "Ecuador" and ms["Luis Soto"].rank == "Captain"


def test_acronyms_in_brackets_attach(mentions):
    ms = mentions("The Anti-Kidnapping Directorate (DIRAS, in Spanish) and the Border Police [Polfron] "
                  "met. Later DIRAS spoke.")
    assert ms["Anti-Kidnapping Directorate"].acronym == "DIRAS"
    assert ms["Border Police"].acronym == "Polfron"
    assert ms["DIRAS"].source == "acronym"


def test_expansion_after_acronym_types_it(mentions):
    ms = mentions("Troops patrol the VRT [Upper Tambo River Valley] area every week.")
    assert ms["VRT"].cls == "Region" and ms["VRT"].acronym == "Upper Tambo River Valley"


def test_threats_and_canonical_keys(mentions):
    ms = mentions("Police fight narco-trafficking, illegal mining and drug trafficking.")
    assert ms["narco-trafficking"].cls == "Threat" and ms["illegal mining"].cls == "Threat"
    assert ms["narco-trafficking"].key == ms["drug trafficking"].key


def test_context_types_places_in_lists(mentions):
    ms = mentions("The camps are in the districts of Alto Moro and Pichari, near the Tambo river.")
    assert ms["Pichari"].cls == "Region"
    assert ms["Tambo river"].cls == "NaturalFeature"


def test_armed_group_from_cue(mentions):
    ms = mentions("The troops attacked camps of the Red Dawn terrorist group.")
    assert ms["Red Dawn"].cls == "ArmedGroup"


@pytest.mark.parametrize("name, cls", [
    ("Peru", "Country"), ("the Democratic Republic of Congo", "Country"), ("South America", "Region"),
    ("Andes", "NaturalFeature"), ("Ministry of Defense", "GovernmentOrganization"),
    ("Southern Command", "MilitaryOrganization"), ("Pacific Security Conference", "Conference"),
    ("Operation Sovereign Shield", "Operation"), ("UN", "InternationalOrganization"),
    ("Buenos Aires", "City"), ("terrorism", "Threat"), ("Hurricane Maria", "Disaster"),
])
def test_classify(name, cls):
    assert classify(name) == cls


def test_publisher_is_a_media_organization(mentions):
    ms = mentions("Daily Lens asked the minister.", publisher="Daily Lens")
    assert ms["Daily Lens"].cls == "MediaOrganization"


def test_interview_turns_and_we(nlp):
    text = ("By Ann Roe/Daily Lens\nMay 1, 2020\n\nDaily Lens: What do you do?\n\n"
            "Gen. Mark Diaz: We patrol the border with Ecuador.\n\nDaily Lens: Thanks?\n\n"
            "Gen. Diaz: Our troops are ready.")
    a = make_article(text, "<t>")
    turns = interview_turns(a)
    assert [t.is_question for t in turns] == [True, False, True, False]
    pron = [m for m in find_mentions(nlp(a.text), a) if m.source == "pronoun"]
    assert [m.text for m in pron] == ["We", "Our"]


def test_designators_titles_and_coordinated_names(mentions):
    ms = mentions("The Joint Task Force Omega operates in Meta and Caquetá. Colombian Defense Minister "
                  "Iván Velásquez met the MS-13 gang's victims.")
    assert ms["Joint Task Force Omega"].cls == "MilitaryOrganization"
    assert {"Meta", "Caquetá"} <= set(ms) and "Meta and Caquetá" not in ms
    assert "Defense" not in ms and ms["Iván Velásquez"].rank == "Defense Minister"
    assert ms["MS-13"].cls == "ArmedGroup"
    assert "Trinidad and Tobago" in mentions("Trinidad and Tobago signed it.")
