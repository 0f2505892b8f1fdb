"""Entities of many articles -> ``Link``s: which entity of one article is which of another.

Within an article ``resolve`` merged what it could and scoped what names no thing on its own
("the Navy" of an article about Chile is ``navy (chile)``; a generic name no country scopes,
or a recurring event without a date, carries its article in its id). Across articles the same
id is already the same node. :func:`links` adds the other spellings of one thing, each only
when exactly one entity of the corpus fits, with the reason kept as evidence:

* ``link.person.v1``: a person named by a part of the name only ("Adm. Faller", "Paredes") is
  the one person of the corpus whose full name contains it;
* ``link.acronym.v1``: an acronym used alone ("SOUTHCOM", "JIATF-S") is the one entity that
  has it as an alias, or whose name it abbreviates;
* ``link.twin.v1``: a proper name without a country ("Southern Command", "Army South") is the
  one entity of the corpus with that name and a country ("U.S. Southern Command");
* ``link.class.v1``: one name typed a place or a person in one article and an organisation
  in the others ("Diálogo" read as a city) is the organisation.

A user can undo or add merges: ``keep_apart`` pairs (``owl:differentFrom``) drop every link
that would put the two into one node; ``join`` pairs (``owl:sameAs``) add a link. The linker
never follows a link that the ``keep_apart`` pairs forbid, so a forced split is stable.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..models import Entity
from ..ontology import top_class
from .acronyms import acronym_form, acronym_matches
from .gazetteer import fold, split_country_prefix

Articles = list[tuple[str, list[Entity]]]
"""Article ids with their entities."""


@dataclass(frozen=True, slots=True)
class Link:
    """Entity ``source`` (named in ``article``) is entity ``target``, for ``rule``'s reason."""

    source: str
    target: str
    rule: str
    evidence: str
    article: str = ""


def _name(eid: str) -> str:
    return eid.split(":", 1)[-1]


def _qualified(eid: str) -> tuple[str, str | None]:
    """'Organization:navy (peru)' -> ('navy', 'peru'); scoped ids ('navy [ab12]') are local."""
    name = _name(eid)
    if name.endswith("]"):
        return name, "@local"
    if name.endswith(")") and " (" in name:
        key, country = name[:-1].rsplit(" (", 1)
        return key, country
    return name, None


def links(articles: Sequence[tuple[str, Iterable[Entity]]], *,
          keep_apart: Iterable[tuple[str, str]] = (), join: Iterable[tuple[str, str]] = ()) -> tuple[Link, ...]:
    """The links among the entities of ``articles`` (pairs of article id and its entities).

    Every link maps an id to an id that is not itself linked further (chains are followed).
    """
    arts = [(aid, list(ents)) for aid, ents in articles]
    by_id: dict[str, Entity] = {}
    where: dict[str, str] = {}
    for aid, ents in arts:
        for e in ents:
            by_id.setdefault(e.id, e)
            where.setdefault(e.id, aid)
    found: list[Link] = []
    found += _person_links(arts, by_id, where)
    found += _twin_links(arts, by_id, where)
    found += _class_links(arts, by_id, where)
    merged_into = {link.source: link.target for link in found}
    found += _acronym_links(arts, by_id, where, merged_into)
    for a, b in join:
        found.append(Link(b, a, "link.user.v1", f"{a} owl:sameAs {b} (identity file)"))
    return _settle(found, [tuple(p) for p in keep_apart])


def _person_links(arts: Articles, by_id: dict[str, Entity], where: dict[str, str]) -> list[Link]:
    persons = {eid: fold(e.label).split() for eid, e in by_id.items() if e.cls == "Person"}
    by_word: dict[str, set[str]] = defaultdict(set)  # a word after the first -> the persons it names
    for pid, full in persons.items():
        for w in full[1:]:
            by_word[w].add(pid)
    out = []
    for eid in persons:
        if len(_name(eid).split()) != 1:
            continue
        surname = _name(eid)
        owners = by_word.get(surname, set()) - {eid}
        if len(owners) == 1:
            owner = owners.pop()
            out.append(Link(eid, owner, "link.person.v1",
                            f"'{by_id[eid].label}' is a part of one person's name in the corpus, "
                            f"'{by_id[owner].label}'", where[eid]))
    return out


def _acronym_links(arts: Articles, by_id: dict[str, Entity], where: dict[str, str], merged_into: dict[str, str]
                   ) -> list[Link]:
    """An acronym used alone is the one entity (after the other links: "Southern Command" and
    "U.S. Southern Command" are one) that has it as an alias or whose name it abbreviates."""
    by_alias: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)  # entity id -> its long names
    by_letter: dict[str, set[str]] = defaultdict(set)  # a letter an acronym of the name may start with
    for eid, e in by_id.items():
        for form in (e.label, *e.aliases):
            if acronym_form(form):
                by_alias[form].add(eid)
            elif len(form.split()) >= 2:
                names[eid].add(form)
                for letter in _first_letters(form):
                    by_letter[letter].add(eid)
    out = []
    for eid, e in by_id.items():
        if not acronym_form(e.label) or e.cls in ("Person", "Country") or names.get(eid):
            continue
        owners = {merged_into.get(o, o) for o in by_alias.get(e.label, set()) - {eid}}
        how = "an alias of"
        if not owners:
            owners = {merged_into.get(other, other) for other in by_letter.get(e.label[:1].lower(), set())
                      if other != eid and _compatible(e.cls, by_id[other].cls)
                      and any(acronym_matches(e.label, f, strict=True) for f in names[other])}
            how = "the acronym of"
        if len(owners) == 1:
            owner = owners.pop()
            out.append(Link(eid, owner, "link.acronym.v1",
                            f"'{e.label}' is {how} one entity of the corpus, '{by_id[owner].label}'", where[eid]))
    return out


def _first_letters(name: str) -> set[str]:
    """The letters an acronym of ``name`` can start with: the initials of its words up to the
    first that is not a connector or a country ("U.S. Southern Command": u, s)."""
    out = set()
    _, rest = split_country_prefix(name)
    for text in (name, rest):
        for word in fold(text).replace("-", " ").split():
            out.add(word[0])
            if word not in ("of", "the", "and", "for", "de", "del", "la"):
                break
    return out


def _compatible(acronym_cls: str, name_cls: str) -> bool:
    """An acronym typed an event abbreviates an event; one typed a body (or only guessed a
    person or a place by the tagger) abbreviates a body or a place."""
    top = top_class(acronym_cls)
    if top == "Event":
        return top_class(name_cls) == "Event"
    return top_class(name_cls) in ("Organization", "Place") and name_cls != "Country"


def _twin_links(arts: Articles, by_id: dict[str, Entity], where: dict[str, str]) -> list[Link]:
    twins: dict[tuple[str, str], set[str]] = defaultdict(set)  # (top class, key) -> qualified ids
    for eid, e in by_id.items():
        key, country = _qualified(eid)
        if country and country != "@local":
            twins[(top_class(e.cls), key)].add(eid)
    out = []
    for eid, e in by_id.items():
        key, country = _qualified(eid)
        if country is not None or e.cls in ("Person", "Country", "Threat"):
            continue
        found = twins.get((top_class(e.cls), key), set())
        if len(found) == 1:
            owner = found.pop()
            out.append(Link(eid, owner, "link.twin.v1",
                            f"'{e.label}' names no country; the corpus has one '{key}' with one: "
                            f"'{by_id[owner].label}'", where[eid]))
    return out


def _class_links(arts: Articles, by_id: dict[str, Entity], where: dict[str, str]) -> list[Link]:
    """One name, an organisation in most articles and a place or person in some: the organisation."""
    weight: dict[str, int] = defaultdict(int)
    for _, ents in arts:
        for e in ents:
            weight[e.id] += max(1, e.mention_count)
    by_name: dict[str, list[str]] = defaultdict(list)
    for eid in by_id:
        by_name[_name(eid)].append(eid)
    out = []
    for ids in by_name.values():
        orgs = [i for i in ids if top_class(by_id[i].cls) == "Organization"]
        others = [i for i in ids if top_class(by_id[i].cls) in ("Place", "Person") and by_id[i].cls != "Country"]
        if len(orgs) != 1 or not others:
            continue
        org = orgs[0]
        for other in others:
            if weight[org] > weight[other]:
                out.append(Link(other, org, "link.class.v1",
                                f"'{by_id[other].label}' is typed {by_id[other].cls} here and "
                                f"{by_id[org].cls} in most articles", where[other]))
    return out


def _settle(found: list[Link], keep_apart: list[tuple[str, ...]]) -> tuple[Link, ...]:
    """One link per source (the first rule's), no cycles, chains followed to their end, and no
    link that puts two ids of a ``keep_apart`` pair into one node."""
    chosen: dict[str, Link] = {}
    for link in found:
        if link.source != link.target and link.source not in chosen:
            chosen[link.source] = link

    def end(i: str, table: dict[str, Link]) -> str:
        seen = {i}
        while i in table and table[i].target not in seen:
            i = table[i].target
            seen.add(i)
        return i

    apart = [(a, b) for a, b in keep_apart if a != b]
    changed = True
    while changed and apart:
        changed = False
        for a, b in apart:
            if end(a, chosen) == end(b, chosen):
                # drop the links on the way from a and from b (the user's pair wins)
                for i in (a, b):
                    while i in chosen:
                        nxt = chosen.pop(i).target
                        i = nxt
                    changed = True
    out = []
    for src in chosen:
        target = end(src, chosen)
        if target != src:
            out.append(Link(src, target, chosen[src].rule, chosen[src].evidence, chosen[src].article))
    return tuple(sorted(out, key=lambda link: link.source))
