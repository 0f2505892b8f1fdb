"""``Mention``s -> ``Entity``s: one node per real-world thing, with every surface form as an alias.

Mentions of one article are merged when they share a normalised key (case,
accents, leading article, possessive, demonym or "of <Country>" removed), when an
acronym is attached to a name ("(CCFFAA, in Spanish)"), when a bare name has one
compatible country-qualified twin ("Navy" -> "Peruvian Navy"), when a person's
short form ("Adm. Paredes") matches exactly one full name, and when a one-word
place is the first word of exactly one longer place name. Different countries
keep different nodes ("Peruvian Navy" vs "Colombian Navy").

The class of an entity is a weighted vote of its mentions' classes, the more
specific class winning over its superclass (``groups``); the other spellings an article
uses for one thing are found by ``variants``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import overload

from ..models import Article, Entity, Mention
from ..ontology import top_class
from . import lexicon as lx
from .credits import credits_of
from .gazetteer import country_of, demonym_country, demonym_of, fold
from .groups import SOURCE_WEIGHT, Group, Key, group_votes, vote_class
from .names import classify, is_generic_name, name_key
from .variants import EDITION, link_variants

# Second words that make a different kind of place of a name ("Amazon" / "Amazon River").
_KIND_WORDS = frozenset(lx.NATURAL_HEADS | {"city", "town", "province", "department", "state", "region", "basin"}) - {
    "ocean", "island", "islands"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CONCEPT_KEYS = frozenset(lx.OPERATION_CONCEPTS.values())
_CANONICAL_THREATS = frozenset(lx.THREATS.values())
_CANONICAL_GROUPS = frozenset({"transnational criminal organizations", "drug trafficking groups", "gangs"})


@dataclass(frozen=True, slots=True)
class Resolution:
    """What ``resolve`` returns: entities, and which entity each mention names."""

    entities: tuple[Entity, ...]
    by_span: dict[tuple[int, int], str]  # (start, end) of a mention -> entity id
    speakers: dict[int, str]  # start offset of an interview speaker label -> person entity id


def _label(group: Group, cls: str) -> str:
    forms = [m.text for m in group.mentions if m.source != "pronoun"]
    if cls == "Country":
        canon = country_of(forms[0]) if forms else None
        if canon:
            return canon
    if cls == "Threat" and forms:
        if group.key in _CANONICAL_THREATS:
            return group.key  # the vocabulary's name: every article labels the concept alike
        return Counter(forms).most_common(1)[0][0]
    if cls == "ArmedGroup" and group.key in _CANONICAL_GROUPS:
        return group.key

    def score(form: str) -> tuple[int, int, int, str]:
        lowered = form.lower().split()
        proper = not any(w in ("your", "our", "their", "his", "her", "its") for w in lowered)
        not_acronym = not (form.isupper() and " " not in form)
        return (int(proper), int(not_acronym), len(form), form)

    pool = forms + sorted(a for a in group.extra_aliases if not a.isupper() and len(a) > 3
                          and cls not in ("Region",))
    return max(pool, key=score) if pool else group.key


def _entity_id(cls: str, key: str, country: str | None, scope: str | None = None) -> str:
    name = f"{key} ({fold(country)})" if country and cls not in ("Country", "Person") else key
    if scope:
        name = f"{name} [{scope}]"
    return f"{top_class(cls)}:{name}"


def title_names(title: str) -> list[tuple[str, str]]:
    """The countries and the countries' services a headline names, as (name, class):
    "Colombian, Peruvian Navies Seize Cocaine in Peru" -> Colombian Navy, Peruvian Navy, Peru.
    A headline is in title case, so only these closed patterns are read from it."""
    words = [w.removesuffix("\u2019s").removesuffix("'s") for w in re.findall(r"[\w.\u2019'-]+", title)]
    out: list[tuple[str, str]] = []
    owners: list[str] = []
    i = 0
    while i < len(words):
        w = words[i].rstrip(",")
        hit: tuple[str, int] | None = None
        for n in (3, 2, 1):
            phrase = " ".join(x.rstrip(",") for x in words[i:i + n])
            named = country_of(phrase) if i + n <= len(words) else None
            if named:
                hit = (named, n)
                break
        demonym = None
        if hit is None and w[:1].isupper():
            two = " ".join(x.rstrip(",") for x in words[i:i + 2])
            if i + 1 < len(words) and demonym_country(two):
                demonym, w = demonym_country(two), two
                hit_len = 2
            else:
                demonym, hit_len = demonym_country(w), 1
        if hit is not None:
            country, n = hit
        elif demonym is not None:
            country, n = demonym, hit_len
        else:
            i += 1
            owners = [] if words[i - 1].lower() not in (",", "and") else owners
            continue
        owners.append(w if demonym else demonym_of(country) or country)
        j = i + n
        while j < len(words) and words[j].lower() in ("and", "&"):
            j += 1
        service = None
        for size in (2, 1):
            phrase = " ".join(words[j:j + size]).lower()
            if j + size <= len(words) and phrase in lx.LOWERCASE_SERVICES:
                service = lx.SERVICE_SINGULAR.get(phrase, phrase)
                cls = "GovernmentOrganization" if lx.LOWERCASE_SERVICES[phrase] in ("Government", "Police") \
                    else "MilitaryOrganization"
                break
        if service:
            for owner in owners:
                out.append((f"{owner} {service.title()}", cls))
            owners = []
        elif hit:
            out.append((country, "Country"))
        i = j if service or hit else i + 1
    return out


def article_country(mentions: Iterable[Mention], article: Article) -> str | None:
    """The country an article is about, when one clearly leads: countries named (by name,
    demonym or prefix) in the title count three times, in the first paragraph twice."""
    scores: Counter[str] = Counter()
    lead = article.text.find("\n\n")
    lead = lead if lead > 0 else 400
    for m in mentions:
        c = country_of(m.text) if m.cls == "Country" else m.country
        if c:
            scores[c] += 2 if m.start < lead else 1
    title = article.title or ""
    for word in re.findall(r"[A-Z][\w.\u2019']*(?:\s+[A-Z][\w.]*)?", title):
        for w in (word, word.split()[0]):
            c = country_of(w.rstrip("\u2019's")) or demonym_country(w.split()[0])
            if c:
                scores[c] += 3
                break
    return _leader(scores, 1.5)


def service_country(mentions: Iterable[Mention]) -> str | None:
    """Whose bodies an article is about: the country that qualifies most of its organisation
    mentions ("U.S. Army South", "U.S. Southern Command" against one "Brazilian army": the
    United States), when one clearly leads. A bare "the Army" is that country's."""
    scores: Counter[str] = Counter(m.country for m in mentions if m.country and top_class(m.cls) == "Organization")
    return _leader(scores, 2.0)


def _leader(scores: Counter[str], margin: float) -> str | None:
    """The country that scores at least 2 and ``margin`` times the next one, if any."""
    ranked = scores.most_common(2)
    if not ranked:
        return None
    top, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top if score >= 2 and score >= margin * second else None


@overload
def _nearest(qualified: list[Key], groups: dict[Key, Group], bare: Group) -> Key: ...
@overload
def _nearest(qualified: list[Key], groups: dict[Key, Group], bare: Group, within: int) -> Key | None: ...
def _nearest(qualified: list[Key], groups: dict[Key, Group], bare: Group, within: int | None = None
             ) -> Key | None:
    """The qualified twin named last before the bare name's first use (else the most used one).
    With ``within``, only a twin named at most that many sentences before it (else ``None``)."""
    first = min((m.start for m in bare.mentions), default=0)
    first_sent = min((m.sent for m in bare.mentions), default=0)
    before = [(max((m.start for m in groups[q].mentions if m.start < first), default=-1), q) for q in qualified]
    best = max(before, key=lambda x: x[0])
    if within is not None:
        if best[0] < 0:
            return None
        sent = max(m.sent for m in groups[best[1]].mentions if m.start < first)
        return best[1] if _sent_distance(groups, sent, first_sent) <= within else None
    if best[0] >= 0:
        return best[1]
    return max(qualified, key=lambda k: (len(groups[k].mentions), k[1] or ""))


def _sent_distance(groups: dict[Key, Group], a: int, b: int) -> int:
    """How many sentences lie between two sentence starts (token offsets), counted over the
    sentence starts the article's mentions show."""
    starts = sorted({m.sent for g in groups.values() for m in g.mentions})
    return abs(starts.index(b) - starts.index(a)) if a in starts and b in starts else 99


def _canonical_key(g: Group, label: str, cls: str) -> str:
    """The key of the member group whose name became the label (so "CENTSEC" merged into
    "Central American Security Conference" gets the conference's key, whatever the order)."""
    want = fold(label)
    for m in g.mentions:
        if fold(m.text) == want:
            return m.key
    return g.key


def _local_scope(key: str, cls: str, g: Group, article: Article) -> str | None:
    """Names that stand for a different thing in each article: an embassy without its host
    ("the U.S. Embassy"), unnamed criminal groups other than "transnational criminal
    organizations", traffickers."""
    words = key.split()
    if ("embassy" in words or "consulate" in words) and "in" not in words:
        return article.id[:12]
    if cls == "ArmedGroup" and key == "drug traffickers":
        return article.id[:12]
    if cls == "ArmedGroup" and key in ("transnational criminal organizations", "drug trafficking groups") and not any(
            {"transnational", "criminal"} <= set(fold(m.text).split()) or fold(m.text) in ("tcos", "tco")
            or {"drug", "trafficking"} <= set(fold(m.text).split()) for m in g.mentions):
        return article.id[:12]
    return None


def _edition_scope(key: str, cls: str, g: Group, article: Article) -> str | None:
    """A recurring event named without its edition ("the Central American Security Conference")
    is the edition of the article's year; without a date it stays the article's own. Named
    operations ("Operation Martillo"), programmes and concepts are not editions."""
    if cls not in ("Conference", "Operation") or any(EDITION.match(w) or _YEAR.match(w) for w in key.split()):
        return None
    words = key.split()
    if cls == "Operation" and (words[0] in ("operation", "operacion", "operacao") or words[-1] in lx.PROGRAM_HEADS
                               or any(m.source == "concept" for m in g.mentions) or key in _CONCEPT_KEYS):
        return None
    if article.date:
        return article.date[:4]
    return article.id[:12]


def resolve(mentions: Iterable[Mention], article: Article, speaker_spans: Iterable[tuple[int, int]] = ()
            ) -> Resolution:
    """Resolve one article's mentions into entities."""
    mentions = [m for m in mentions if m.source != "pronoun"]
    groups: dict[tuple[str, str | None], Group] = {}

    def group_for(key: str, country: str | None) -> Group:
        return groups.setdefault((key, country), Group(key, country))

    for m in mentions:
        group_for(m.key, m.country).mentions.append(m)

    # bodies a mention's words name besides itself ("U.S. Coast Guard" of "U.S. Coast Guard Law
    # Enforcement Detachment 406", the other navies of "the Colombian and Peruvian navies")
    # and the headline's countries and services ("Colombian Armed Forces Capture ..."): entities
    # of the article (a dateline, "LIMA, Peru", is metadata and names nothing)
    named = [(name, classify(name, "ORG") or m.cls) for m in mentions for name in m.implied]
    implied_countries = []
    for name, cls in [*named, *title_names(article.title or "")]:
        key, country = name_key(name, cls)
        g = group_for(key, country)
        g.extra_aliases.add(name)
        g.extra_votes[cls] += SOURCE_WEIGHT["vocab"]
        if country:
            implied_countries.append(country)
    # a country a demonym or prefix names ("Brazilian Rear Adm. X", "Peruvian Navy") is named by the text
    for country in sorted({m.country for m in mentions if m.country} | set(implied_countries)):
        g = group_for(fold(country), None)
        if not any(m.cls == "Country" for m in g.mentions):
            g.extra_aliases.add(country)
            g.extra_votes["Country"] += SOURCE_WEIGHT["gazetteer"]
    # article metadata: the byline's people and outlets (see ``mentions.parse_credit``)
    for credit in credits_of(article):
        g = group_for(*name_key(credit.name, credit.cls))
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
    # 1. acronyms and translations attached to a name
    for k, g in groups.items():
        for m in g.mentions:
            if m.alias:
                g.translations.add(m.alias)
                for k2 in keys:
                    if k2[0] == name_key(m.alias, m.cls)[0] and k2 != k:
                        union(k, k2)
            if m.acronym:
                g.extra_aliases.add(m.acronym)
                for k2 in keys:
                    if k2[0] in (fold(m.acronym), name_key(m.acronym, m.cls)[0]) and k2 != k:
                        union(k, k2)
    # 2. a bare name is scoped: "the Navy" of an article about Chile is the Chilean Navy (its
    # twin "Chilean Navy" if the article names it); a proper name joins its one qualified twin
    # ("Southern Command" -> "U.S. Southern Command"); a generic name no country scopes stays
    # the article's own ("Coast Guard" of an article about several countries)
    dominant = service_country(mentions) or article_country(mentions, article)
    by_key: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for k in keys:
        by_key[k[0]].append(k)
    first_classes = {k: vote_class(group_votes(g)) for k, g in groups.items()}
    for key, ks in by_key.items():
        qualified = [k for k in ks if k[1] is not None]
        if qualified:  # "the Caribbean" and "the Honduran Caribbean", "Pacific coast" and "Colombian Pacific coast"
            for b in (k for k in ks if k[1] is None and top_class(first_classes[k]) == "Place"
                      and first_classes[k] != "Country"):
                union(_nearest(qualified, groups, groups[b]), b)
        bare = [k for k in ks if k[1] is None and top_class(first_classes[k]) == "Organization"]
        generic = is_generic_name(key)
        for b in bare:
            near = _nearest(qualified, groups, groups[b], within=2) if qualified else None
            if generic and dominant:
                target = next((q for q in qualified if q[1] == dominant), None) or near
                if target is not None:
                    union(target, b)
                else:
                    groups[b].country = dominant
            elif qualified:
                union(_nearest(qualified, groups, groups[b]), b)
            elif generic:
                groups[b].scope = article.id[:12]
    # 3. short forms of a person's name; 4. one-word places that begin one longer place name
    classes = {k: vote_class(group_votes(g)) for k, g in groups.items()}
    persons = [k for k in keys if classes[k] == "Person"]
    places = [k for k in keys if top_class(classes[k]) == "Place"]
    events = [k for k in keys if top_class(classes[k]) == "Event"]
    for k in persons:
        words = k[0].split()
        fuller = [p for p in persons if p != k and len(p[0].split()) > len(words)
                  and _contains(p[0].split(), words)]
        # one full name, even when seen with and without its country ("Peruvian Navy Admiral
        # X" and "Admiral X, commander of ...") before those two are joined
        if fuller and (len({find(p) for p in fuller}) == 1 or (
                len({p[0] for p in fuller}) == 1 and len({p[1] for p in fuller} - {None}) <= 1)):
            for p in fuller:
                union(p, k)
    # a one-word name that only NER saw, and that is the surname of exactly one person
    # ("Faller said" tagged ORG): the person
    for k, g in groups.items():
        if k in persons or len(k[0].split()) != 1 or any(m.source != "ner" for m in g.mentions):
            continue
        owners = {find(p) for p in persons if k[0] in p[0].split()[1:]}
        if len(owners) == 1:
            union(owners.pop(), k)
    # a person's surname with a rank ("Col. Quispe") and a full name only NER saw, typed a body
    # ("Rosa Elena Quispe Mamani" tagged ORG): the person
    for k in persons:
        if len(k[0].split()) != 1 or not any(m.rank for m in groups[k].mentions):
            continue
        owners = {find(p) for p, g in groups.items() if p not in persons and 2 <= len(p[0].split()) <= 5
                  and k[0] in p[0].split()[1:] and all(m.source == "ner" for m in g.mentions)
                  and all(w[:1].isupper() for m in g.mentions for w in m.text.split())}
        if len(owners) == 1 and not any(k[0] in p[0].split() for p in persons if p != k):
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
                   and p[0].split()[0] == words[0] and EDITION.match(p[0].split()[1])}
        if len(longer) == 1:
            union(longer.pop(), k)

    link_variants(groups, classes, find, union)

    merged: dict[tuple[str, str | None], Group] = {}
    for k in keys:
        root = find(k)
        if root not in merged:
            merged[root] = Group(groups[root].key, groups[root].country)
        merged[root].merge(groups[k])
    for g in merged.values():  # a local scope holds only when every member was the article's own
        g.scope = g.scopes[0] if len(set(g.scopes)) == 1 else None

    entities: list[Entity] = []
    by_span: dict[tuple[int, int], str] = {}
    for _, g in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if not g.mentions and not g.extra_aliases:
            continue
        cls = vote_class(group_votes(g))
        label = _label(g, cls)
        key = _canonical_key(g, label, cls)
        scope = g.scope or _edition_scope(key, cls, g, article) or _local_scope(key, cls, g, article)
        eid = _entity_id(cls, key if cls != "Country" else fold(label), g.country, scope)
        aliases = sorted({m.text for m in g.mentions} | {m.surface for m in g.mentions if m.surface}
                         | g.extra_aliases | g.translations - {label})
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
    """Cross-article resolution as a map from entity ids to the id they denote corpus-wide
    (``kg.extract.link.links`` without the evidence). Ids not in the map stay as they are."""
    from .link import links

    return {link.source: link.target for link in links([(str(i), ents) for i, ents in enumerate(entity_sets)])}
