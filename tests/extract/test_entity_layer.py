"""The entity layer on sentences of the genre: bylines, threats, fragments, units, events,
services named in lower case, and the classes they get (the relation layer filters by class)."""
from __future__ import annotations

import pytest

from kg.extract.acronyms import acronym_form, acronym_matches
from kg.extract.credits import Credit, parse_credit
from kg.extract.names import is_fragment, threat_key


def _ents(ex):
    return {e.label: e for e in ex.entities}


def _by_class(ex, cls):
    return sorted(e.label for e in ex.entities if e.cls == cls)


# ---------------------------------------------------------------- bylines and credit lines

@pytest.mark.parametrize("line, want", [
    ("By Ann Roe/Daily Lens", [("Ann Roe", "Person"), ("Daily Lens", "MediaOrganization")]),
    ("Dialogo", [("Dialogo", "MediaOrganization")]),
    ("Staff Sgt. Ann Lee Joint Task Force-Delta Public Affairs",
     [("Ann Lee", "Person"), ("Joint Task Force-Delta Public Affairs", "MediaOrganization")]),
    ("Lt. Col. Rosa M. Vidal Ohio National Guard", [("Rosa M. Vidal", "Person"),
                                                    ("Ohio National Guard", "MilitaryOrganization")]),
    ("Courtesy of the Ohio National Guard", [("Ohio National Guard", "MilitaryOrganization")]),
    ("Press Release | May 2, 2020", []),
    ("Under Secretary for Political Affairs", []),
])
def test_credit_lines_name_people_and_outlets(line, want):
    assert [(c.name, c.cls) for c in parse_credit(line)] == want


def test_a_one_word_byline_is_the_outlet(extract):
    ex = extract("Tropical Gazette Staff Picks\n\nBy Portavoz\nMay 2, 2020\n\nThe Peruvian Navy told Portavoz "
                 "that its ships sailed.")
    assert _ents(ex)["Portavoz"].cls == "MediaOrganization"
    assert not _by_class(ex, "Person")


def test_a_credit_line_in_the_body(extract):
    ex = extract("Chile Hosts a Naval Review\n\nAnn Roe/Daily Lens | 21 May 2018\n\nThe Chilean Navy met in "
                 "Valparaíso.")
    ents = _ents(ex)
    assert ents["Ann Roe"].cls == "Person" and ents["Daily Lens"].cls == "MediaOrganization"


# ---------------------------------------------------------------- threats

def test_threat_heads_with_modifiers(extract):
    ex = extract("The units fight border crimes, environmental crimes, gang violence and irregular migration, "
                 "and face new threats and transnational threats.")
    assert _by_class(ex, "Threat") == ["border crimes", "environmental crimes", "gang violence",
                                       "irregular migration", "transnational threats"]


def test_trafficked_goods_distribute_over_the_list(extract):
    ex = extract("The operation combats illegal trafficking of people, drugs, weapons and munitions.")
    keys = {e.id for e in ex.entities if e.cls == "Threat"}
    assert keys == {"Threat:human trafficking", "Threat:drug trafficking", "Threat:arms trafficking"}
    ex = extract("The isthmus is a route for drugs, weapons, and money trafficking.")
    assert {e.id for e in ex.entities if e.cls == "Threat"} == {
        "Threat:drug trafficking", "Threat:arms trafficking", "Threat:money trafficking"}


def test_threat_keys_fold_variants():
    assert threat_key("international drug trafficking") == threat_key("narco-trafficking") == "drug trafficking"
    assert threat_key("transnational crimes") == threat_key("organized crime")
    assert threat_key("counter illicit trafficking") == "illicit trafficking"


def test_unnamed_criminal_groups_are_one_armed_group(extract):
    ex = extract("Police arrested members of transnational criminal organizations. The criminal groups "
                 "and other illegal networks use the river.")
    groups = [e for e in ex.entities if e.cls == "ArmedGroup"]
    assert len(groups) == 1 and groups[0].label == "transnational criminal organizations"


def test_a_threat_word_inside_a_name_is_not_a_threat(extract):
    ex = extract("The Special Unit against Drug Trafficking seized cocaine.")
    assert not _by_class(ex, "Threat")
    assert _ents(ex)["Special Unit against Drug Trafficking"].cls in ("MilitaryOrganization",
                                                                       "GovernmentOrganization")


# ---------------------------------------------------------------- fragments and ranks

@pytest.mark.parametrize("text", ["General", "Rear", "Office", "Fleet", "Central", "Peruvian"])
def test_fragments_name_nothing(text):
    assert is_fragment(text, "Organization")


def test_military_before_a_noun_is_an_adjective(extract):
    ex = extract("The Colombian Navy said Military personnel and Military commands took part.")
    assert not [e for e in ex.entities if e.label == "Military"]


def test_services_named_bare_are_not_fragments():
    assert not is_fragment("Navy", "MilitaryOrganization") and not is_fragment("Coast Guard", "MilitaryOrganization")


def test_retired_rank_and_demonym_before_a_rank(extract):
    ex = extract("The panel heard Rear Adm. (Ret.) Ann Lee and Brazilian Rear Adm. Luis Faria.")
    people = _by_class(ex, "Person")
    assert people == ["Ann Lee", "Luis Faria"]
    assert _by_class(ex, "Country") == ["Brazil"]  # the demonym names the country
    assert not [e for e in ex.entities if e.label in ("Rear", "Ret", "Rear Adm.")]


def test_a_middle_initial_is_not_a_second_person(extract):
    ex = extract("Adm. Carl T. Mendes visited Quito. Carl Mendes met the Ecuadorian Navy.")
    assert _by_class(ex, "Person") == ["Carl T. Mendes"]


# ---------------------------------------------------------------- units, ships, services

def test_units_with_ordinals_and_numbers_and_ships(extract):
    ex = extract("The 4th Fleet sent the USS Aurora (DDG 71) with Law Enforcement Detachment 406. "
                 "The USS Aurora then docked.")
    ents = _ents(ex)
    assert ents["4th Fleet"].cls == "MilitaryOrganization"
    assert ents["USS Aurora (DDG 71)"].cls == "MilitaryOrganization"
    assert ents["Law Enforcement Detachment 406"].cls == "MilitaryOrganization"
    assert sum(1 for e in ex.entities if "Aurora" in e.label) == 1


def test_services_in_lower_case_and_shared_owners(extract):
    ex = extract("Leaders of the Honduran Army, Air Force and Navy met officers of the Brazilian army, the "
                 "Colombian and Peruvian navies and the government of El Salvador.")
    ids = {e.id for e in ex.entities}
    assert {"Organization:air force (honduras)", "Organization:navy (honduras)", "Organization:army (brazil)",
            "Organization:navy (colombia)", "Organization:navy (peru)",
            "Organization:government (el salvador)"} <= ids


def test_armies_of_several_countries(extract):
    ex = extract("The Armies of Brazil, Colombia, and Peru came together in the Amazon.")
    ids = {e.id for e in ex.entities}
    assert {"Organization:army (brazil)", "Organization:army (colombia)", "Organization:army (peru)"} <= ids


def test_a_unit_named_after_its_service_names_the_service(extract):
    ex = extract("The Chilean Navy Fleet Command sailed to Valparaíso.")
    ids = {e.id for e in ex.entities}
    assert "Organization:navy (chile)" in ids and "Organization:navy fleet command (chile)" in ids


# ---------------------------------------------------------------- events

def test_editions_and_exercises_are_operations(extract):
    ex = extract("Troops joined UNITAS 64 multinational exercises and Exercise Cold Harbor 2019. Continuing "
                 "Hope 2022 began in May.")
    assert _by_class(ex, "Operation") == ["Continuing Hope 2022", "Exercise Cold Harbor 2019", "UNITAS 64"]


def test_operation_with_and_without_its_kind_word(extract):
    ex = extract("Operation Jaguar began in June. During Jaguar, the Army seized weapons.")
    ops = [e for e in ex.entities if "Jaguar" in e.label]
    assert len(ops) == 1 and ops[0].cls == "Operation" and "Jaguar" in ops[0].aliases


def test_a_named_disaster(extract):
    ex = extract("Relief reached the towns hit by Tropical Storm Berta and the Fuego volcano eruption.")
    assert _by_class(ex, "Disaster") == ["Fuego volcano eruption", "Tropical Storm Berta"]


def test_bases_are_places(extract):
    ex = extract("The helicopters flew from Rio Seco Air Base to the Tela Coast Guard Station.")
    ents = _ents(ex)
    assert ents["Rio Seco Air Base"].cls == "Place"
    assert ents["Tela Coast Guard Station"].cls == "MilitaryOrganization"


# ---------------------------------------------------------------- acronyms and variants

@pytest.mark.parametrize("acronym, name, want", [
    ("BDF", "Belize Defence Force", True), ("DoD", "Department of Defense", True),
    ("SOUTHCOM", "U.S. Southern Command", True), ("JTF-Delta", "Joint Task Force-Delta", True),
    ("JIATF-S", "Joint Interagency Task Force-South", True), ("FARC", "Revolutionary Armed Forces of Colombia", True),
    ("BDF", "Border Police", False), ("UNITAS 55", "United States Army South", False),
    ("SEMAR", "Mexican Navy", False),
])
def test_acronym_matches(acronym, name, want):
    assert acronym_matches(acronym, name) is want


def test_strict_acronyms_take_initials_or_syllables_throughout():
    assert not acronym_matches("ISIS", "Isla Serena National Park", strict=True)
    assert acronym_matches("SOUTHCOM", "U.S. Southern Command", strict=True)


def test_acronym_forms():
    assert acronym_form("JTF-Bravo") and acronym_form("CENTSEC 2015") and acronym_form("DoD")
    assert not acronym_form("Navy") and not acronym_form("Joint Task Force")


def test_an_undefined_acronym_joins_its_name(extract):
    ex = extract("The Belize Defence Force patrols the coast. The BDF seized a boat.")
    bdf = [e for e in ex.entities if e.cls == "MilitaryOrganization"]
    assert len(bdf) == 1 and "BDF" in bdf[0].aliases


def test_a_translation_in_brackets_is_an_alias(extract):
    ex = extract("Seizures rose during Operation Shield of the North (Operación Escudo del Norte), officials said.")
    op = _ents(ex)["Operation Shield of the North"]
    assert "Operación Escudo del Norte" in op.aliases and len(_by_class(ex, "Operation")) == 1


def test_credit_is_a_value():
    assert Credit("Ann Roe", "Person") == Credit("Ann Roe", "Person", None)


def test_the_headline_names_countries_and_their_services(extract):
    ex = extract("Colombian Armed Forces Seize a Ton of Cocaine\n\nBy Ann Roe/Daily Lens\nMay 2, 2021\n\n"
                 "Troops seized the cargo near Puerto Claro on Monday.")
    ids = {e.id for e in ex.entities}
    assert "Organization:armed forces (colombia)" in ids and "Place:colombia" in ids


def test_a_defence_force_is_its_country_s_armed_forces(extract):
    ex = extract("The Jamaica Defence Force trained with the Jamaican military in Kingston, Jamaica.")
    assert len([e for e in ex.entities if e.cls == "MilitaryOrganization"]) == 1


def test_ranks_and_titles_end_a_body_s_name(extract):
    ex = extract("Said U.S. Army Col. Ana Ruiz, standing beside U.S. Army South Commanding General, Maj. Gen. "
                 "Mark Stone, and the Army 7th Special Forces Group.")
    ids = {e.id for e in ex.entities}
    assert {"Organization:army (united states)", "Organization:army south (united states)",
            "Organization:7th special forces group"} <= ids
    assert _by_class(ex, "Person") == ["Ana Ruiz", "Mark Stone"]


def test_a_royal_navy_has_its_country(extract):
    ex = extract("The U.S. Navy trained with the Royal Netherlands Navy near Curaçao.")
    assert "Organization:navy (netherlands)" in {e.id for e in ex.entities}


def test_a_regional_adjective_names_no_country(extract):
    ex = extract("Delegates discussed South American military cooperation and the Peruvian military.")
    militaries = [e for e in ex.entities if e.cls == "MilitaryOrganization"]
    assert [e.label for e in militaries] == ["Peruvian military"]
    assert "United States" not in {e.label for e in ex.entities}
    countries = {(r.subject, r.object) for r in ex.relations if r.predicate == "country"}
    assert {o for _, o in countries} <= {e.id for e in ex.entities if e.label == "Peru"}
