"""Small articles in other styles (interview, press release, UN news, encyclopedia), written
for development: each lists triples a careful reader finds, classes, and triples that must
not appear. They guard the generality of the rules beyond the seed."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.gazetteer import fold
from kg.ingest import read_inputs

DEV = Path(__file__).resolve().parents[1] / "data" / "dev"

CASES = {
    "dialogo-ecuador-navy.txt": {
        "triples": [
            ("Juan Pérez Salazar", "commands", "Coast Guard Command"),
            ("Juan Pérez Salazar", "memberOf", "Ecuadorian Navy"),
            ("Coast Guard Command", "partOf", "Ecuadorian Navy"),
            ("Anti-Narcotics Directorate", "partOf", "National Police of Ecuador"),
            ("Juan Pérez Salazar", "participatesIn", "Inter-American Naval Conference"),
            ("Inter-American Naval Conference", "locatedIn", "Cartagena"),
            ("Cartagena", "locatedIn", "Colombia"),
            ("Ecuadorian Navy", "cooperatesWith", "Colombian Navy"),       # "We work with" in an answer
            ("Ecuadorian Navy", "cooperatesWith", "National Police of Ecuador"),
            ("Ecuadorian Navy", "operatesIn", "Esmeraldas"),                # "Our units are deployed in"
            ("Ecuadorian Navy", "operatesIn", "Galápagos Islands"),
            ("Ecuadorian Navy", "counters", "drug trafficking"),
            ("Ecuadorian Navy", "country", "Ecuador"),
        ],
        "classes": {"Juan Pérez Salazar": "Person", "Esmeraldas": "Region",
                    "Inter-American Naval Conference": "Conference"},
        "absent": [("Inter-American Naval Conference", "locatedIn", "Colombia")],
    },
    "encyclopedia-farc.txt": {
        "triples": [
            ("Manuel Marulanda", "commands", "FARC"),                    # "It was led by"
            ("FARC", "operatesIn", "Colombia"),
            ("Colombian Army", "counters", "FARC"),                      # "fought the group"
            ("National Police of Colombia", "counters", "FARC"),
            ("Havana", "locatedIn", "Cuba"),
        ],
        "classes": {"FARC": "ArmedGroup", "Manuel Marulanda": "Person"},
        "absent": [("FARC", "operatesIn", "Havana"), ("FARC", "operatesIn", "Cuba")],
    },
    "press-release-southcom.txt": {
        "triples": [
            ("Craig Faller", "commands", "U.S. Southern Command"),
            ("Caribbean Nations Security Conference", "locatedIn", "Miami"),
            ("Kingston", "locatedIn", "Jamaica"),
            ("U.S. Southern Command", "country", "United States"),
            ("Jamaica Defence Force", "country", "Jamaica"),
        ],
        "classes": {"Craig Faller": "Person", "Operation Caribbean Shield": "Operation",
                    "Hurricane Maria": "Disaster", "CANSEC": "Conference"},
        "absent": [("Florida", "locatedIn", "Miami"), ("Caribbean Nations Security Conference",
                                                        "locatedIn", "Florida")],
    },
    "un-news-minusca.txt": {
        "triples": [
            ("Humberto Ruiz", "commands", "MINUSCA"),
            ("MINUSCA", "operatesIn", "Bangui"),
            ("MINUSCA", "operatesIn", "Bambari"),
            ("Rwanda", "operatesIn", "Ouaka"),                          # "Rwanda's contingent operates in"
        ],
        "classes": {"Humberto Ruiz": "Person", "Ouaka": "Region"},
        "absent": [],
    },
    "wire-news-politics.txt": {
        "triples": [
            ("Patricia Bullrich", "commands", "Ministry of Security"),      # "who heads"
            ("Rotela Clan", "locatedIn", "Paraguay"),                       # "Paraguay-based"
            ("Interpol", "locatedIn", "Lyon"),
            ("Lyon", "locatedIn", "France"),
        ],
        "classes": {"Interpol": "InternationalOrganization", "Rotela Clan": "ArmedGroup",
                    "Flávio Dino": "Person"},
        "absent": [("Rotela Clan", "locatedIn", "Lyon"), ("Rotela Clan", "operatesIn", "Lyon"),
                   ("Interpol", "operatesIn", "Lyon"), ("Brazil", "operatesIn", "Argentina"),
                   # "will work together with": a plan, not yet a fact
                   ("Argentine Federal Police", "cooperatesWith", "Brazilian Federal Police")],
    },
    "ngo-report-mexico.txt": {
        "triples": [
            ("Mexican Army", "operatesIn", "Michoacán"),
            ("National Guard", "operatesIn", "Guerrero"),
            ("National Guard", "partOf", "Secretariat of Security and Civilian Protection"),
            ("Mexican Army", "country", "Mexico"),
        ],
        "classes": {"Jalisco New Generation Cartel": "ArmedGroup", "Guerrero": "City",
                    "Luis Cresencio Sandoval": "Person"},
        "absent": [],
    },
    "dialogo-unitas.txt": {
        "triples": [
            ("Juan Ricardo Rozo", "commands", "Caribbean Naval Force"),
            ("Juan Ricardo Rozo", "memberOf", "Colombian Navy"),
            ("Caribbean Naval Force", "partOf", "Colombian Navy"),
            ("Colombian Navy", "participatesIn", "UNITAS LXIV"),            # "hosted the exercise"
            ("Brazilian Marine Corps", "cooperatesWith", "U.S. Marine Corps"),
            ("Brazilian Marine Corps", "operatesIn", "Coveñas"),
            ("Ecuador", "counters", "illicit trafficking"),                # "units from Ecuador and Peru"
            ("Peru", "counters", "illicit trafficking"),
        ],
        "classes": {"UNITAS LXIV": "Operation", "UNITAS": "Operation"},
        "absent": [("UNITAS LXIV", "locatedIn", "Chile")],                  # "will be held in Chile"
    },
    "encyclopedia-chile-navy.txt": {
        "triples": [
            ("Juan Andrés De la Maza", "commands", "Chilean Navy"),         # "is commanded by"
            ("Marine Corps of Chile", "partOf", "Chilean Navy"),           # "are part of the Navy"
            ("DIRECTEMAR", "partOf", "Chilean Navy"),
            ("Chilean Navy", "participatesIn", "War of the Pacific"),
            ("Chilean Navy", "participatesIn", "UN peacekeeping operations"),  # "contributed ships to"
            ("Chilean Navy", "operatesIn", "Haiti"),
            ("Chilean Navy", "partOf", "Chilean Armed Forces"),          # across "(Spanish: ...)"
            ("Chilean Navy", "partOf", "Ministry of National Defense"),  # "It is under"
            ("Chilean Navy", "locatedIn", "Valparaíso"),                  # "Its headquarters are in"
        ],
        "classes": {"Juan Andrés De la Maza": "Person", "Valparaíso": "City"},
        "absent": [],
    },
    "un-news-haiti.txt": {
        "triples": [
            ("Maria Isabel Salvador", "commands", "BINUH"),               # "... and head of Y"
            ("Jimmy Chérizier", "commands", "Viv Ansanm"),                 # "the X gang coalition, led by"
            ("Haitian National Police", "country", "Haiti"),
        ],
        "classes": {"António Guterres": "Person", "MSS": "Operation", "Viv Ansanm": "ArmedGroup",
                    "Port-au-Prince": "City"},
        "absent": [],
    },
    "business-news.txt": {
        "triples": [
            ("Andes Copper", "locatedIn", "Toronto"),                       # "a Toronto-based company"
            ("Laura Bennett", "memberOf", "Andes Copper"),                  # "who joined the company"
            ("Andes Copper", "operatesIn", "Peru"),
            ("Andes Copper", "operatesIn", "Argentina"),
            ("Chilean Ministry of Mining", "country", "Chile"),
        ],
        "classes": {"Laura Bennett": "Person", "Atacama Desert": "NaturalFeature"},
        "absent": [("Andes Copper", "operatesIn", "Bolivia")],              # "does not operate in"
    },
}


@pytest.fixture(scope="module")
def extractions(nlp):
    out = {}
    for article in read_inputs([DEV]):
        out[Path(article.source).name] = extract(nlp(article.text), article)
    return out


def _names(ex):
    return {e.id: (e.label, *e.aliases) for e in ex.entities}


def _found(ex):
    names = _names(ex)
    found = set()
    for r in ex.relations:
        for s in names[r.subject]:
            for o in names[r.object]:
                found.add((fold(s), r.predicate, fold(o)))
                if r.predicate == "cooperatesWith":
                    found.add((fold(o), r.predicate, fold(s)))
    return found


@pytest.mark.parametrize("name", sorted(CASES))
def test_dev_article(extractions, name):
    ex, case = extractions[name], CASES[name]
    found = _found(ex)
    missing = [t for t in case["triples"] if (fold(t[0]), t[1], fold(t[2])) not in found]
    assert not missing, f"{name}: missing {missing}"
    wrong = [t for t in case["absent"] if (fold(t[0]), t[1], fold(t[2])) in found]
    assert not wrong, f"{name}: asserted {wrong}"
    classes = {fold(n): e.cls for e in ex.entities for n in (e.label, *e.aliases)}
    for n, cls in case["classes"].items():
        assert classes.get(fold(n)) == cls, f"{name}: {n} is {classes.get(fold(n))}, not {cls}"


def test_foreign_name_in_brackets_is_an_alias(extractions):
    [navy] = [e for e in extractions["encyclopedia-chile-navy.txt"].entities if e.label == "Chilean Navy"]
    assert "Armada de Chile" in navy.aliases


def test_corporate_suffix_variants_are_one_entity(extractions):
    names = [e.label for e in extractions["business-news.txt"].entities if "Andes Copper" in e.label]
    assert len(names) == 1


def test_no_entity_is_two_people(extractions):
    for ex in extractions.values():
        for e in ex.entities:
            assert not (e.cls == "Person" and len({a.split()[-1] for a in (e.label, *e.aliases)}) > 2), e
