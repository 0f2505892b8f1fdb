"""Resolution: one entity per real thing, aliases kept, different things kept apart."""
from __future__ import annotations


def _by_label(ex):
    return {e.label: e for e in ex.entities}


def test_rank_short_form_and_acronym_merge(extract):
    ex = extract("Brazilian Army General Tomas Ribeiro Paiva, commander of the Army's Southern "
                 "Command (CMS, in Portuguese), spoke. Gen. Paiva said the CMS is ready. Paiva left.")
    ents = _by_label(ex)
    person = ents["Tomas Ribeiro Paiva"]
    assert person.cls == "Person" and person.rank == "General"
    assert "Paiva" in person.aliases and person.mention_count == 3
    command = ents["Southern Command"]
    assert "CMS" in command.aliases and command.mention_count >= 2
    assert sum(1 for e in ex.entities if e.cls == "Person") == 1


def test_demonym_variant_merges_but_countries_stay_apart(extract):
    ex = extract("The Colombian Navy and the Peruvian Navy met. The Colombian Navy sent ships; "
                 "the Peruvian Navy sent planes.")
    navies = [e for e in ex.entities if e.label.endswith("Navy")]
    assert sorted(e.label for e in navies) == ["Colombian Navy", "Peruvian Navy"]


def test_bare_name_joins_its_qualified_twin(extract):
    ex = extract("The Ecuadorian Army deployed troops. The Army said the operation ended.")
    armies = [e for e in ex.entities if "Army" in e.label]
    assert len(armies) == 1 and armies[0].label == "Ecuadorian Army" and "Army" in armies[0].aliases


def test_people_sharing_a_surname_are_not_merged(extract):
    ex = extract("General Ana Ruiz met Colonel Pedro Ruiz in Quito. Ana Ruiz spoke first.")
    people = sorted(e.label for e in ex.entities if e.cls == "Person")
    assert people == ["Ana Ruiz", "Pedro Ruiz"]


def test_place_short_form_merges(extract):
    ex = extract("Camps lie in the district of Vilcabamba Alto. Troops entered the Vilcabamba area.")
    places = [e for e in ex.entities if e.cls == "Region"]
    assert len(places) == 1 and "Vilcabamba" in places[0].aliases


def test_country_label_is_canonical(extract):
    ex = extract("Troops served in the Democratic Republic of Congo and in the DRC.")
    [drc] = [e for e in ex.entities if e.cls == "Country"]
    assert drc.label == "Democratic Republic of the Congo"


def test_publisher_and_author_come_from_the_byline(extract):
    ex = extract("By Ann Roe/Daily Lens\nMay 1, 2020\n\nThe Navy met Daily Lens.")
    ents = _by_label(ex)
    assert ents["Daily Lens"].cls == "MediaOrganization" and ents["Ann Roe"].cls == "Person"


def test_link_across_articles(extract):
    from kg.extract.resolve import link_across

    a = extract("Peruvian Navy Admiral José Luis Paredes Lora, commander of the Armed Forces' Joint "
                "Command (CCFFAA, in Spanish), spoke. The Peruvian Armed Forces met.")
    b = extract("Adm. Paredes said the CCFFAA works with the Armed Forces in Peru.")
    c = extract("The Armed Forces of Chile met in Santiago, Chile. Colonel Ana Paredes spoke.")
    remap = link_across([a.entities, b.entities, c.entities])
    ids_a = {e.label: e.id for e in a.entities}
    ids_b = {e.label: e.id for e in b.entities}
    ids_c = {e.label: e.id for e in c.entities}
    assert remap[ids_b["CCFFAA"]] == ids_a["Joint Command"]
    # a bare "Armed Forces" in an article about Peru is scoped there already: the same id
    assert ids_b["Armed Forces"] == ids_a["Peruvian Armed Forces"]
    # two people named Paredes in the corpus: the bare surname stays ambiguous
    assert ids_b["Paredes"] not in remap
    assert ids_c["Armed Forces of Chile"] not in remap
    assert link_across([a.entities, b.entities])[ids_b["Paredes"]] == ids_a["José Luis Paredes Lora"]


def test_every_surface_form_is_an_alias(extract):
    ex = extract("Colombian Army General Ana Ruiz visited the Army's Aviation Brigade. Gen. Ruiz "
                 "met the UN envoy.")
    ents = {e.label: e for e in ex.entities}
    assert {"General Ana Ruiz", "Gen. Ruiz"} <= set(ents["Ana Ruiz"].aliases)
    assert "Army's Aviation Brigade" in ents["Aviation Brigade"].aliases
    assert "United Nations" in (ents.get("United Nations") or ents["UN"]).aliases + ("United Nations",)


def test_an_acronym_of_a_possessive_owner_is_the_owner_not_the_owned(extract):
    ex = extract("Chile sends engineers to the United Nations' peacekeeping missions. "
                 "Its ambassador to the UN spoke in New York.")
    ents = _by_label(ex)
    missions = next(e for e in ex.entities if e.cls == "Operation")
    assert "UN" not in missions.aliases
    assert any(e.cls == "InternationalOrganization" and "UN" in (e.label, *e.aliases) for e in ents.values())
