"""What a name is, from its words alone: ``str`` -> ontology class, resolution key, fragment or not.

No spaCy here: ``classify`` types a name by the gazetteer (``kg.extract.gazetteer``), the
genre's head nouns (``kg.extract.lexicon``) and an optional NER label; ``name_key`` gives
the key and the country mentions of one thing share ("Peruvian Navy", "Navy of Peru" ->
("navy", "Peru")); ``threat_key``, ``group_key`` and ``variant_key`` fold the variants of
threats, unnamed groups and spellings; ``is_fragment`` tells a piece of a title from a name;
``RANK_RE`` finds a rank or title at a position of a text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..ontology import top_class
from . import lexicon as lx
from .gazetteer import capital_country, country_of, demonym_country, fold, is_province, split_country_prefix, state_of

ROMAN = re.compile(r"^(?=[MDCLXVI]{2,})M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

CONNECTORS = {"of", "and", "for", "de", "del", "la", "las", "los", "the", "on", "&", "-", "y"}
DESIGNATORS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "omega", "sigma", "titan",
               "hercules", "one", "two", "three", "north", "south", "east", "west", "central"}
NAME_PARTICLES = {"de", "la", "del", "da", "das", "do", "dos", "di", "van", "von", "der", "le", "bin",
                  "al", "el", "y"}

DISASTERS = frozenset(fold(w) for w in lx.DISASTER_WORDS)
_CANON_THREATS = frozenset(lx.THREATS.values())
_CORPORATE = {"corp", "inc", "ltd", "llc", "plc", "co", "s a", "sa", "ag", "gmbh", "corporation",
              "incorporated", "limited", "company"}
# A service named inside a longer name whose last word is one of these is a unit of that service.
_SERVICES = {"army", "navy", "air force", "coast guard", "marine corps", "marines", "national guard", "naval forces",
             "armed forces", "military"}
_SUBUNIT_HEADS = {"district", "area", "sector", "section", "detachment", "zone", "region", "team"}

NUMBER = re.compile(r"^\d{1,4}$")
YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")


def head_words(words: list[str]) -> list[str]:
    """Candidate head nouns of a name: the last one or two words, and the word before "of"."""
    heads = []
    if words:
        heads += [" ".join(words[-2:]), words[-1]]
    for connector in ("of", "for", "against"):
        if connector in words:
            i = words.index(connector)
            if i > 0:
                heads += [" ".join(words[max(0, i - 2):i]), words[i - 1]]
    return heads


@lru_cache(maxsize=65536)  # pure: the same names come again in every article
def classify(text: str, ner_label: str | None = None, *, publisher: str | None = None) -> str | None:
    """The ontology class a name belongs to, from gazetteers, head nouns and the NER label."""
    f = fold(text)
    if not f:
        return None
    if publisher and f == fold(publisher):
        return "MediaOrganization"
    if f in lx.THREATS or (f.startswith(("countering ", "counter ", "combating ")) and threat_key(f) in _CANON_THREATS):
        return "Threat"
    if country_of(text):
        return "Country"
    if f in lx.WORLD_REGIONS:
        return "Region"
    first = text.split()[0] if text.split() else ""
    if first.isupper() and len(first) >= 3 and first.isalpha() and not country_of(first) and len(text.split()) <= 3 \
            and ner_label in ("GPE", "LOC", "PERSON") and (fold(text.split()[-1]) in DESIGNATORS):
        return "Organization"  # "JIATF East": an acronym with a designator names a body
    if f in lx.MOUNTAIN_RANGES:
        return "NaturalFeature"
    if f in DISASTERS or any(f.startswith(w + " ") for w in DISASTERS) or f.startswith(
            ("hurricane ", "typhoon ", "cyclone ", "storm ", "tropical storm ", "tropical depression ")) or (
            len(f.split()) > 1 and f.split()[-1] in DISASTERS):
        return "Disaster"
    words = f.replace("-", " - ").split()
    # bases, ports, airports and buildings are places ("Rio Seco Air Base", "Naval Station Norfolk")
    if ((len(words) > 1 and (" ".join(words[-2:]) in lx.FACILITY_HEADS or words[-1] in lx.FACILITY_HEADS)
         and not (words[-1] == "station" and any(w in ("guard", "police", "army", "navy") for w in words)))
            or (words and words[0] in ("fort", "camp", "naval") and len(words) > 1
                and words[1] in ("station", "base"))
            or (words[:1] == ["fort"] and len(words) > 1)):
        return "Place"  # a "Coast Guard Station" is a unit, an "Air Force Base" a place
    if words and words[0] in lx.ARMED_GROUP_LEADS and len(words) > 1:
        return "ArmedGroup"  # "Clan del Norte", "Cartel de Sinaloa"
    if text.strip().upper() in lx.INTERNATIONAL_ACRONYMS or f.startswith(("united nations", "un ")):
        return "InternationalOrganization"
    if words and words[0] in ("operation", "exercise", "exercises", "operacion", "operacao") and len(words) > 1:
        return "Operation"
    if len(words) > 2 and (words[-1] in DESIGNATORS or ROMAN.match(words[-1].upper())
                           or (words[-1].isdigit() and not YEAR.match(words[-1]))):
        words = words[:-1]  # "Joint Task Force Omega", "Brigade XII", "Detachment 406": a designator
    if len(words) > 2 and words[-1] in _SUBUNIT_HEADS and "of" not in words and any(
            " ".join(words[i:i + k]) in _SERVICES for k in (1, 2, 3) for i in range(len(words) - 1)):
        return "MilitaryOrganization"  # "Coast Guard Ninth District", "Navy Atlantic Area"
    heads = head_words(words)
    if len(words) >= 3 and words[-1] not in lx.MILITARY_HEADS:
        heads += [h for h in head_words(words[:-1]) if h in lx.MILITARY_HEADS and " " in h]  # "Task Force Trident"
    for head in heads:
        if head in ("exercise", "exercises", "operation", "drill", "drills", "maneuvers", "manoeuvres",
                    "mission"):
            return "Operation"
        if head in lx.CONFERENCE_HEADS:
            return "Conference"
        if head in lx.ARMED_GROUP_HEADS:
            return "ArmedGroup"
        if head in lx.MILITARY_HEADS:
            return "MilitaryOrganization"
        if head in lx.GOVERNMENT_HEADS:
            return "GovernmentOrganization"
        if head in lx.NATURAL_HEADS:
            return "NaturalFeature"
        if head in lx.MEDIA_HEADS and ner_label in ("ORG", None) and head != "agency":
            return "MediaOrganization"
        if head in lx.REGION_HEADS and ner_label != "ORG":
            return "Region"
    if len(words) > 1 and words[-1] in lx.GROUP_PLURALS and set(words[:-1]) & lx.CRIMINAL_MODIFIERS:
        return "ArmedGroup"  # "Organized Armed Groups"
    if words and words[-1] in lx.PROGRAM_HEADS and len(words) > 1:
        return "Operation"  # programmes and named initiatives are typed as operations
    if len(words) > 1 and (YEAR.match(words[-1]) or YEAR.match(words[0]) or (ROMAN.match(words[-1].upper())
                           and words[-1] not in ("mix", "mid", "dim", "civil"))
                           or (NUMBER.match(words[-1]) and text.split()[0].isupper() and len(text.split()[0]) > 2
                           and NUMBER.match(text.split()[-1]))):
        return "Operation"  # "Continuing Hope 2022", "UNITAS 55", "Southern Star 2018": an edition
    if any(w in ("police",) for w in words):
        return "GovernmentOrganization"
    if any(w in ("navy", "army", "military", "armed") for w in words):
        return "MilitaryOrganization"
    if any(w in f for w in ("international", "inter-american", "united nations")):
        return "InternationalOrganization"
    if state_of(text):
        return "Region"
    if capital_country(text):
        return "City"
    if is_province(text) and ner_label in ("GPE", "LOC", None):
        return "Region"
    return {"PERSON": "Person", "ORG": "Organization", "GPE": "City", "LOC": "Region",
            "FAC": "Place", "EVENT": "Event", "NORP": None}.get(ner_label or "", None)


@lru_cache(maxsize=1)
def _fragment_words() -> frozenset[str]:
    """Words that never name a thing alone: rank words and their pieces, body and place head
    nouns (other than the services a text names bare, "the Navy"), directions, name adjectives."""
    words = {fold(w) for r in lx.RANKS for w in r.split()} | {fold(r) for r in lx.RANKS}
    heads = lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS | lx.REGION_HEADS | lx.MEDIA_HEADS
    words |= {fold(h) for h in heads if " " not in h}
    words |= lx.NAME_ADJECTIVES
    return frozenset(words - lx.BARE_SERVICES)


def is_fragment(text: str, cls: str) -> bool:
    """A piece of a name or title that names nothing alone: "General", "Rear", "Office",
    "Military", "Fleet", "Central", "Peruvian" (a demonym as an organisation)."""
    if cls in ("Threat", "Country"):
        return False
    f = fold(text)
    if f in _fragment_words() and not (text.isupper() and len(text) > 1 and f not in lx.NAME_ADJECTIVES):
        return True
    return " " not in f and top_class(cls) in ("Organization", "Person") and demonym_country(text) is not None


@lru_cache(maxsize=65536)  # a corpus names the same things again and again
def name_key(text: str, cls: str) -> tuple[str, str | None]:
    """Normalised resolution key and the country a demonym, "of <Country>" or a country
    prefix gives: "Peruvian Navy", "Navy of Peru" and "Peru Navy" -> ("navy", "Peru");
    "U.S. Southern Command" and "United States Southern Command" -> ("southern command",
    "United States"). Spelling variants share a key ("Defence"/"Defense", "Inter-agency")."""
    if cls == "Country":
        return fold(country_of(text) or text), None
    if cls == "Threat":
        return threat_key(text), None
    if state_of(text):
        return fold(state_of(text) or text), None  # "Fla." is Florida
    if cls == "Person":
        # "Craig S. Faller" = "Craig Faller": a middle initial is not part of the key
        words = [w for i, w in enumerate(text.split()) if not (0 < i < len(text.split()) - 1
                                                                and re.fullmatch(r"[A-Z]\.?", w))]
        return fold(" ".join(words)), None
    words = text.split()
    country = None
    if len(words) > 1 and cls not in ("Person",):
        if top_class(cls) in ("Organization", "Event"):
            royal = words[0].lower() == "royal"  # "Royal Netherlands Navy"
            country, rest = split_country_prefix(" ".join(words[1:]) if royal else text)
            if country and rest.split()[0].lower() not in CONNECTORS:
                words = rest.split()
            else:
                country = None
        if country is None:
            d2 = demonym_country(" ".join(words[:2])) if len(words) > 2 else None
            d = d2 or demonym_country(words[0])
            if d:
                country, words = d, words[2:] if d2 else words[1:]  # "Costa Rican Ministry of ..."
        if cls != "City":
            joined = " ".join(words)
            for m in re.finditer(r"\s+of\s+(?:the\s+)?", joined):
                tail = joined[m.end():]
                if country_of(tail) and m.start() > 0:
                    if country is None or country_of(tail) == country:
                        country, words = country_of(tail), joined[:m.start()].split()
                    break
    if top_class(cls) == "Organization" and len(words) > 1 and fold(words[-1]) in _CORPORATE:
        words = words[:-1]  # "Andes Copper Corp." = "Andes Copper"
    key = variant_key(" ".join(words))
    if top_class(cls) == "Organization":
        key = lx.SERVICE_SYNONYMS.get(key, key)
        key = re.sub(r"^(ministry|secretariat|department) of national ", r"\1 of ", key)  # "of National Defense"
    kw = key.split()
    if cls == "ArmedGroup" and len(kw) > 1 and kw[-1] in lx.GROUP_PLURALS and all(
            w in lx.CRIMINAL_MODIFIERS or w in lx.GROUP_PLURALS for w in kw):
        key = group_key(set(kw[:-1]), kw[-1], key)  # "Organized Armed Groups": unnamed groups
    if cls == "InternationalOrganization":
        key = variant_key(lx.INTERNATIONAL_ACRONYMS.get(text.strip().upper(), text))
    return key, country


_JOINED_PREFIXES = ("inter", "co", "counter", "anti", "non", "multi", "sub", "trans", "cyber", "narco", "para")


def variant_key(text: str) -> str:
    """``fold`` with spelling variants made one: British/American spellings, "Dept."/"Department",
    "&"/"and", hyphens ("Task Force-Bravo" = "Task Force Bravo", "Inter-agency" = "Interagency")."""
    f = fold(text.replace("&", " and "))
    f = re.sub(r"\b(" + "|".join(_JOINED_PREFIXES) + r")-(?=[a-z])", r"\1", f)
    words = [lx.SPELLING_VARIANTS.get(w, w) for w in f.replace("-", " ").split()]
    return " ".join(words)


def _rank_regex() -> re.Pattern[str]:
    forms = sorted(lx.RANKS, key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(r"\.\ ", r"\.\s?").replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?:{alts})(?=\s)")


RANK_RE = _rank_regex()


def threat_key(phrase: str) -> str:
    """The canonical key of a threat phrase: the vocabulary's, else the folded phrase with its
    head in the singular and scope words ("international", "illicit") dropped when the rest is a
    known threat ("international drug trafficking" -> "drug trafficking")."""
    f = fold(phrase)
    if f in lx.THREATS:
        return lx.THREATS[f]
    words = f.split()
    if words and words[-1] in ("crimes", "threats", "kidnappings"):
        words[-1] = words[-1][:-1]
    for k in range(len(words)):
        rest = " ".join(words[k:])
        if rest in lx.THREATS:
            return lx.THREATS[rest]
        if words[k] not in lx.THREAT_SCOPE_MODIFIERS:
            break
    return " ".join(words)


def group_key(mods: set[str], head: str, text: str) -> str:
    """The key of an unnamed criminal group: the article's (and the genre's) "transnational
    criminal organizations", "drug trafficking groups", "gangs", or the phrase itself."""
    if head in ("gangs", "maras") or "gang" in mods:
        return "gangs"
    if mods & {"drug", "narco", "trafficking", "drug-trafficking", "narcotrafficking", "smuggling"}:
        return "drug trafficking groups"
    if mods & {"guerrilla", "insurgent", "rebel", "terrorist", "armed", "paramilitary", "jihadist", "extremist"}:
        return fold(text)
    return "transnational criminal organizations"


# What a name is said to be ("X, a maritime exercise", "X is a port city") -> its class
PREDICATE_NOUNS = {
    "exercise": "Operation", "operation": "Operation", "mission": "Operation", "drill": "Operation",
    "conference": "Conference", "summit": "Conference", "forum": "Conference", "symposium": "Conference",
    "city": "City", "town": "City", "village": "City", "capital": "City", "port": "City",
    "province": "Region", "region": "Region", "district": "Region", "department": "Region",
    "river": "NaturalFeature", "mountain": "NaturalFeature", "island": "NaturalFeature",
    "newspaper": "MediaOrganization", "magazine": "MediaOrganization", "outlet": "MediaOrganization",
    "broadcaster": "MediaOrganization",
}


def is_generic_service(name: str) -> bool:
    """"Defense Force", "Armed Forces": a whole service, not a unit of one."""
    key = variant_key(name)
    return is_bare_service(key) or key in ("defense force", "defense forces", "forces", "force")


def is_bare_service(key: str) -> bool:
    """``"navy"``, ``"air force"``, ``"police"``: a service named without its owner."""
    return key in lx.BARE_SERVICES or key in lx.SERVICE_SYNONYMS.values()


def is_generic_name(key: str) -> bool:
    """A name made only of body words ("navy", "ministry of defense", "joint chiefs of staff",
    "public affairs"): it does not say whose body it is."""
    words = key.split()
    return bool(words) and all(w in lx.GENERIC_NAME_WORDS for w in words)
