"""The other spellings one article uses for one thing: ``Group``s + their classes -> unions.

``link_variants`` calls ``union`` for an acronym the article never defines and the one name
it abbreviates, an operation with and without its kind word, a series and its one edition,
one name in another word order, a body with and without the place it is named after, and
the article's unnamed criminal groups; ``resolve`` (``kg.extract.resolve``) then merges them.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from ..ontology import top_class
from . import lexicon as lx
from .acronyms import acronym_form as _acronym_form
from .acronyms import acronym_matches
from .gazetteer import capital_country, country_of, is_province
from .groups import Group, Key
from .names import is_generic_name

EDITION = re.compile(r"^(?:\d{4}|[mdclxvi]+|\d+(?:st|nd|rd|th)?)$")


def link_variants(groups: dict[Key, Group], classes: dict[Key, str], find: Callable[[Key], Key],
                  union: Callable[[Key, Key], None]) -> None:
    """Unions for the other spellings an article uses for one thing: an acronym it never
    defines ("BDF" for "Belize Defence Force", "SOUTHCOM" for "U.S. Southern Command"), an
    operation with and without its kind word ("Operation Jaguar", "Jaguar"), a series name and its
    one edition ("Continuing Hope", "Continuing Hope 2015"), words in another order
    ("Multimodal Puerto Sol Port"), and a body with and without the place it is named after ("State
    Police", "New Mexico State Police")."""
    keys = list(groups)
    named = [k for k in keys if len(k[0].split()) >= 2 and top_class(classes[k]) in ("Organization", "Event", "Place",
                                                                                  "Threat")
             and classes[k] != "Country"]
    for k in keys:
        forms = {m.text for m in groups[k].mentions}
        acronyms = [f for f in forms if _acronym_form(f)]
        if not acronyms or classes[k] == "Country":
            continue
        hits = {find(p) for p in named if p != k
                and (top_class(classes[k]) != "Event" or top_class(classes[p]) == "Event")
                and any(_abbreviates(a, n) for a in acronyms for n in _names(groups[p]))}
        if len(hits) == 1 and find(k) not in hits:
            union(hits.pop(), k)
    events = [k for k in keys if top_class(classes[k]) == "Event"]
    for k in keys:
        core = _event_core(k[0])
        if not core or top_class(classes[k]) not in ("Event", "Organization", "Person") or (classes[k] == "Person" and \
                any(m.source != "ner" for m in groups[k].mentions)):
            continue
        same = {find(p) for p in events if p != k and _event_core(p[0]) == core and p[1] == k[1]}
        editions = {find(p) for p in events if p != k and p[1] == k[1] and _is_edition_of(p[0], core)}
        if len(same) == 1:
            union(same.pop(), k)
        elif not same and len(editions) == 1 and len(core.split()) == 1 and not _is_edition_of(k[0], core):
            union(editions.pop(), k)  # "UNITAS" and its one edition "UNITAS LX"
    by_bag: dict[tuple[tuple[str, ...], str | None], list[Key]] = defaultdict(list)
    for k in named:  # "Multimodal Puerto Sol Port", "Defense Ministry" = "Ministry of Defense"
        by_bag[(tuple(sorted(w for w in k[0].split() if w not in ("of", "the", "for"))), k[1])].append(k)
    for ks in by_bag.values():
        for k in ks[1:]:
            union(ks[0], k)
    for k in keys:
        if top_class(classes[k]) != "Organization":
            continue
        longer = {find(p) for p in named if p != k and p[1] in (None, k[1]) and p[0].endswith(" " + k[0])
                  and _is_place_name(p[0][: -len(k[0]) - 1])}
        if len(longer) == 1:
            union(longer.pop(), k)
    # "the Special District of Puerto Claro" and "Puerto Claro", "the Department of Meta" and "Meta"
    for k in keys:
        words = k[0].split()
        if top_class(classes[k]) != "Place" or "of" not in words or words[0] not in lx.PLACE_KIND_LEADS:
            continue
        rest = " ".join(words[words.index("of") + 1:])
        short = {find(p) for p in keys if p != k and p[0] == rest and top_class(classes[p]) in ("Place", "Person")}
        if len(short) == 1:
            union(k, short.pop())
    # "General Staff" and "Uruguayan Defense General Staff": a generic name that ends one longer name
    for k in keys:
        if top_class(classes[k]) != "Organization" or len(k[0].split()) < 2 or not is_generic_name(k[0]):
            continue
        longer = {find(p) for p in named if p != k and p[0].endswith(" " + k[0]) and (k[1] is None or p[1] == k[1])
                  and top_class(classes[p]) == "Organization" and is_generic_name(p[0])}
        if len(longer) == 1:
            union(longer.pop(), k)
    # "Rio Seco" and "Rio Seco Air Base": a facility named after its place
    for k in keys:
        if classes[k] in ("Person", "Country"):
            continue
        longer = {find(p) for p in named if p != k and p[1] in (None, k[1]) and p[0].startswith(k[0] + " ")
                  and p[0][len(k[0]) + 1:] in lx.SAME_THING_SUFFIXES}
        if len(longer) == 1:
            union(longer.pop(), k)
    # an article's unnamed criminal groups are one ("drug trafficking groups", "criminal
    # organizations"); gangs, traffickers and armed (guerrilla, insurgent) groups are their own
    gangs = [k for k in keys if k[0] in ("transnational criminal organizations", "drug trafficking groups")]
    for k in gangs[1:]:
        union(gangs[0], k)


def _abbreviates(acronym: str, name: str) -> bool:
    """``acronym_matches``, except that an acronym of the owner before a possessive abbreviates
    the owner, not the name ("UN" and "the United Nations' peacekeeping missions")."""
    owner = _POSSESSIVE.split(name, maxsplit=1)
    if len(owner) == 2 and acronym_matches(acronym, owner[0]):
        return False
    return acronym_matches(acronym, name)


_POSSESSIVE = re.compile(r"['’]s?\s")


def _names(g: Group) -> set[str]:
    return {m.text for m in g.mentions} | {m.surface for m in g.mentions if m.surface} | g.extra_aliases


def _is_place_name(text: str) -> bool:
    return bool(is_province(text) or capital_country(text) or country_of(text))


_EVENT_LEADS = ("operation ", "exercise ", "exercises ", "operacion ", "operacao ", "the ")


def _event_core(key: str) -> str:
    """'operation jaguar' -> 'jaguar'; 'exercise coastwatch 2012' -> 'coastwatch 2012'."""
    for lead in _EVENT_LEADS:
        if key.startswith(lead) and len(key) > len(lead):
            return key[len(lead):]
    return key


def _is_edition_of(key: str, core: str) -> bool:
    """'continuing hope 2015' is an edition of 'continuing hope'; so is 'unitas lx'."""
    rest = _event_core(key)
    if not rest.startswith(core + " "):
        return False
    tail = rest[len(core) + 1:].split()
    return bool(tail) and all(EDITION.match(w) for w in tail)
