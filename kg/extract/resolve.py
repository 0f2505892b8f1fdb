"""``Mention``s -> ``Entity``s: one node per real-world thing, with every surface form as an alias.

Mentions of one article are merged when they share a normalised key (case,
accents, leading article, possessive, demonym or "of <Country>" removed), when an
acronym is attached to a name ("(CCFFAA, in Spanish)"), when a bare name has one
compatible country-qualified twin ("Navy" -> "Peruvian Navy"), when a person's
short form ("Adm. Paredes") matches exactly one full name, and when a one-word
place is the first word of exactly one longer place name. Different countries
keep different nodes ("Peruvian Navy" vs "Colombian Navy").

The class of an entity is a weighted vote of its mentions' classes, the more
specific class winning over its superclass.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import lexicon as lx
from .gazetteer import country_of, fold
from .mentions import name_key, credits_of
from ..models import Article, Entity, Mention
from ..ontology import superclasses, top_class

# How much a recogniser's typing counts in the class vote.
SOURCE_WEIGHT = {"predicate": 8.0, "role": 3.0, "gazetteer": 4.0, "acronym": 3.0, "vocab": 3.0, "rank": 3.0, "concept": 3.0,
                 "threat": 3.0, "metadata": 5.0, "byline": 5.0, "ship": 5.0, "ner": 1.0}
_GENERIC = {"Organization", "Place", "Event", "Agent"}
# Second words that make a different kind of place of a name ("Amazon" / "Amazon River").
_KIND_WORDS = frozenset(lx.NATURAL_HEADS | {"city", "town", "province", "department", "state", "region", "basin"})
_EDITION = re.compile(r"^(?:\d{4}|[mdclxvi]+|\d+(?:st|nd|rd|th)?)$")


@dataclass
class _Group:
    key: str
    country: str | None
    mentions: list[Mention] = field(default_factory=list)
    extra_aliases: set[str] = field(default_factory=set)
    extra_votes: Counter[str] = field(default_factory=Counter)

    def merge(self, other: _Group) -> None:
        self.mentions += other.mentions
        self.extra_aliases |= other.extra_aliases
        self.extra_votes.update(other.extra_votes)
        self.country = self.country or other.country


@dataclass(frozen=True, slots=True)
class Resolution:
    """What ``resolve`` returns: entities, and which entity each mention names."""

    entities: tuple[Entity, ...]
    by_span: dict[tuple[int, int], str]  # (start, end) of a mention -> entity id
    speakers: dict[int, str]  # start offset of an interview speaker label -> person entity id


def vote_class(votes: Counter[str]) -> str:
    """The winning class; a specific class collects the votes of its superclasses."""
    if not votes:
        return "Organization"
    total: Counter[str] = Counter()
    for cls, w in votes.items():
        total[cls] += w
    for cls in list(total):
        if cls in _GENERIC:
            continue
        for sup in superclasses(cls)[1:]:
            if sup in votes:
                total[cls] += votes[sup]
    specific = {c: w for c, w in total.items() if c not in _GENERIC}
    pool = specific or dict(total)
    return max(sorted(pool), key=lambda c: pool[c])


def _label(group: _Group, cls: str) -> str:
    forms = [m.text for m in group.mentions if m.source != "pronoun"]
    if cls == "Country":
        canon = country_of(forms[0]) if forms else None
        if canon:
            return canon
    if cls == "Threat" and forms:
        return Counter(forms).most_common(1)[0][0]

    def score(form: str) -> tuple[int, int, int, str]:
        lowered = form.lower().split()
        proper = not any(w in ("your", "our", "their", "his", "her", "its") for w in lowered)
        not_acronym = not (form.isupper() and " " not in form)
        return (int(proper), int(not_acronym), len(form), form)

    pool = forms + sorted(a for a in group.extra_aliases if not a.isupper() and len(a) > 3
                          and cls not in ("Region",))
    return max(pool, key=score) if pool else group.key


def _entity_id(cls: str, key: str, country: str | None) -> str:
    name = f"{key} ({fold(country)})" if country and cls not in ("Country", "Person") else key
    return f"{top_class(cls)}:{name}"


def resolve(mentions: Iterable[Mention], article: Article, speaker_spans: Iterable[tuple[int, int]] = ()
            ) -> Resolution:
    """Resolve one article's mentions into entities."""
    mentions = [m for m in mentions if m.source != "pronoun"]
    groups: dict[tuple[str, str | None], _Group] = {}

    def group_for(key: str, country: str | None) -> _Group:
        return groups.setdefault((key, country), _Group(key, country))

    for m in mentions:
        group_for(m.key, m.country).mentions.append(m)

    # a country a demonym or prefix names ("Brazilian Rear Adm. X", "Peruvian Navy") is named by the text
    for country in sorted({m.country for m in mentions if m.country}):
        g = group_for(fold(country), None)
        if not any(m.cls == "Country" for m in g.mentions):
            g.extra_aliases.add(country)
            g.extra_votes["Country"] += SOURCE_WEIGHT["gazetteer"]
    # article metadata: the byline's people and outlets (see ``mentions.parse_credit``)
    for credit in credits_of(article):
        g = group_for(name_key(credit.name, credit.cls)[0], None)
        g.extra_aliases.add(credit.name)
        g.extra_votes[credit.cls] += SOURCE_WEIGHT["metadata"]

    parent: dict[tuple[str, str | None], tuple[str, str | None]] = {}

    def find(k: tuple[str, str | None]) -> tuple[str, str | None]:
        while k in parent:
            k = parent[k]
        return k

    def union(a: tuple[str, str | None], b: tuple[str, str | None]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for g in groups.values():  # "UN" -> also "United Nations"
        for m in g.mentions:
            expansion = lx.INTERNATIONAL_ACRONYMS.get(m.text.upper())
            if m.cls == "InternationalOrganization" and expansion and expansion != m.text:
                g.extra_aliases.add(expansion)
    keys = list(groups)
    # 1. acronyms attached to a name
    for k, g in groups.items():
        for m in g.mentions:
            if m.acronym:
                g.extra_aliases.add(m.acronym)
                for k2 in keys:
                    if k2[0] == fold(m.acronym) and k2 != k:
                        union(k, k2)
    # 2. a bare name joins its one country-qualified twin (or the most mentioned one)
    by_key: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for k in keys:
        by_key[k[0]].append(k)
    for key, ks in by_key.items():
        bare = [k for k in ks if k[1] is None]
        qualified = [k for k in ks if k[1] is not None]
        if bare and qualified:
            target = max(qualified, key=lambda k: (len(groups[k].mentions), k[1] or ""))
            for b in bare:
                union(target, b)
    # 3. short forms of a person's name; 4. one-word places that begin one longer place name
    classes = {k: vote_class(_votes(g)) for k, g in groups.items()}
    persons = [k for k in keys if classes[k] == "Person"]
    places = [k for k in keys if top_class(classes[k]) == "Place"]
    events = [k for k in keys if top_class(classes[k]) == "Event"]
    for k in persons:
        words = k[0].split()
        longer = [p for p in persons if p != k and len(p[0].split()) > len(words)
                  and _contains(p[0].split(), words)]
        if len({find(p) for p in longer}) == 1:
            union(longer[0], k)
    # a one-word name that only NER saw, and that is the surname of exactly one person
    # ("Faller said" tagged ORG): the person
    for k, g in groups.items():
        if k in persons or len(k[0].split()) != 1 or any(m.source != "ner" for m in g.mentions):
            continue
        owners = {find(p) for p in persons if k[0] in p[0].split()[1:]}
        if len(owners) == 1:
            union(owners.pop(), k)

    for k in keys:
        words = k[0].split()
        if len(words) != 1 or top_class(classes[k]) not in ("Place", "Person", "Organization"):
            continue
        if classes[k] == "Person" and any(p != k and words[0] in p[0].split() for p in persons):
            continue  # a surname of a known person, not a place
        if classes[k] == "Country" or k[0] in lx.WORLD_REGIONS:
            continue  # "Mexico" is not "Mexico City", "Caribbean" not "Caribbean Sea"
        longer = {find(p) for p in places if p != k and len(p[0].split()) > 1
                  and p[0].split()[0] == words[0] and not (
                      len(p[0].split()) == 2 and p[0].split()[1] in _KIND_WORDS)}
        # "UNITAS" and "UNITAS LXIV", "SOUTHDEC" and "SOUTHDEC 2018": an event and its edition
        longer |= {find(p) for p in events if p != k and len(p[0].split()) == 2
                   and p[0].split()[0] == words[0] and _EDITION.match(p[0].split()[1])}
        if len(longer) == 1:
            union(longer.pop(), k)

    merged: dict[tuple[str, str | None], _Group] = {}
    for k in keys:
        root = find(k)
        merged.setdefault(root, _Group(groups[root].key, groups[root].country)).merge(groups[k])

    entities: list[Entity] = []
    by_span: dict[tuple[int, int], str] = {}
    for root, g in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if not g.mentions and not g.extra_aliases:
            continue
        cls = vote_class(_votes(g))
        eid = _entity_id(cls, g.key if cls != "Country" else fold(_label(g, cls)), g.country)
        label = _label(g, cls)
        aliases = sorted({m.text for m in g.mentions} | {m.surface for m in g.mentions if m.surface}
                         | g.extra_aliases - {label})
        ranks = Counter(m.rank for m in g.mentions if m.rank)
        rank = max(ranks, key=lambda r: (len(r), ranks[r])) if ranks else None
        entities.append(Entity(id=eid, label=label, cls=cls, aliases=tuple(a for a in aliases if a != label),
                               rank=rank, mention_count=len(g.mentions)))
        for m in g.mentions:
            by_span[(m.start, m.end)] = eid
    entities = _dedupe_ids(entities)

    speakers: dict[int, str] = {}
    for start, end in speaker_spans:
        inside = [(s, e) for (s, e) in by_span if start <= s and e <= end]
        people = [by_span[s] for s in sorted(inside) if by_span[s].startswith("Person:")]
        if people:
            speakers[start] = people[0]
    return Resolution(tuple(entities), by_span, speakers)


def _votes(g: _Group) -> Counter[str]:
    votes: Counter[str] = Counter()
    for m in g.mentions:
        votes[m.cls] += SOURCE_WEIGHT.get(m.source, 1.0)
    votes.update(g.extra_votes)
    return votes


def _contains(long: list[str], short: list[str]) -> bool:
    """``short``'s words appear in ``long`` in order (a surname, or given name + surname)."""
    it = iter(long)
    return all(w in it for w in short)


def _dedupe_ids(entities: list[Entity]) -> list[Entity]:
    """Two groups that ended with the same id (e.g. case variants) become one entity."""
    out: dict[str, Entity] = {}
    for e in entities:
        if e.id in out:
            o = out[e.id]
            label = max((o.label, e.label), key=len)
            aliases = tuple(sorted(set(o.aliases) | set(e.aliases) | {o.label, e.label} - {label}))
            out[e.id] = Entity(e.id, label, o.cls, aliases, o.rank or e.rank,
                               o.mention_count + e.mention_count)
        else:
            out[e.id] = e
    return list(out.values())


def link_across(entity_sets: Iterable[Iterable[Entity]]) -> dict[str, str]:
    """Cross-article resolution: a map from entity ids to the id they denote corpus-wide.

    Within an article ``resolve`` already merged what it could; across articles the same
    id already means the same node. This adds the short forms an article may use alone:
    a one-word person name ("Paredes") that is a word of exactly one longer person name in
    the corpus; an acronym ("CCFFAA") that is an alias of exactly one entity; a bare body
    name ("Armed Forces") whose only country-qualified twins in the corpus belong to one
    country that the article itself names. Ids not in the map stay as they are.
    """
    sets = [list(s) for s in entity_sets]
    persons: dict[str, str] = {}  # id -> folded label
    by_alias: dict[str, set[str]] = defaultdict(set)
    qualified: dict[str, set[tuple[str, str]]] = defaultdict(set)  # bare key -> {(id, country)}
    for ents in sets:
        for e in ents:
            if e.cls == "Person":
                persons[e.id] = fold(e.label)
            for a in e.aliases:
                if a.isupper() and " " not in a and len(a) >= 2:
                    by_alias[a].add(e.id)
            name = e.id.split(":", 1)[-1]
            if name.endswith(")") and " (" in name and top_class(e.cls) == "Organization":
                key, country = name[:-1].rsplit(" (", 1)
                qualified[key].add((e.id, country))
    remap: dict[str, str] = {}
    for ents in sets:
        countries = {fold(e.label) for e in ents if e.cls == "Country"}
        for e in ents:
            name = e.id.split(":", 1)[-1]
            if e.cls == "Person" and len(name.split()) == 1:
                owners = {pid for pid, full in persons.items()
                          if pid != e.id and name in full.split()[1:]}
                if len(owners) == 1:
                    remap[e.id] = owners.pop()
            elif e.label.isupper() and " " not in e.label:
                owners = by_alias.get(e.label, set()) - {e.id}
                if len(owners) == 1:
                    remap[e.id] = owners.pop()
            elif top_class(e.cls) == "Organization" and not name.endswith(")"):
                twins = {(i, c) for i, c in qualified.get(name, set()) if c in countries}
                if len({i for i, _ in twins}) == 1:
                    remap[e.id] = twins.pop()[0]
    # follow chains (a -> b -> c) to their end
    for k in list(remap):
        seen = {k}
        while remap[k] in remap and remap[k] not in seen:
            seen.add(remap[k])
            remap[k] = remap[remap[k]]
    return remap
