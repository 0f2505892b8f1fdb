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
from .gazetteer import (capital_country, country_of, demonym_country, demonym_of, fold, is_province,
                        split_country_prefix)
from .acronyms import acronym_form as _acronym_form, acronym_matches
from .mentions import classify, credits_of, name_key
from ..models import Article, Entity, Mention
from ..ontology import superclasses, top_class

# How much a recogniser's typing counts in the class vote.
SOURCE_WEIGHT = {"predicate": 8.0, "role": 3.0, "gazetteer": 4.0, "acronym": 3.0, "vocab": 3.0, "rank": 3.0, "concept": 3.0,
                 "threat": 3.0, "metadata": 5.0, "byline": 5.0, "ship": 5.0, "ner": 1.0}
_GENERIC = {"Organization", "Place", "Event", "Agent"}
# Second words that make a different kind of place of a name ("Amazon" / "Amazon River").
_KIND_WORDS = frozenset(lx.NATURAL_HEADS | {"city", "town", "province", "department", "state", "region", "basin"}) - {
    "ocean", "island", "islands"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CONCEPT_KEYS = frozenset(lx.OPERATION_CONCEPTS.values())
_CANONICAL_THREATS = frozenset(lx.THREATS.values())
_CANONICAL_GROUPS = frozenset({"transnational criminal organizations", "drug trafficking groups", "gangs"})
_EDITION = re.compile(r"^(?:\d{4}|[mdclxvi]+|\d+(?:st|nd|rd|th)?)$")


@dataclass
class _Group:
    key: str
    country: str | None
    mentions: list[Mention] = field(default_factory=list)
    extra_aliases: set[str] = field(default_factory=set)
    extra_votes: Counter[str] = field(default_factory=Counter)
    scope: str | None = None  # an article id (a generic name no country scopes) or an edition year
    members: list[str] = field(default_factory=list)  # keys of the groups merged into this one
    scopes: list[str | None] = field(default_factory=list)  # the scopes of the groups merged into this one
    translations: set[str] = field(default_factory=set)  # names in another language: aliases, never the label

    def merge(self, other: _Group) -> None:
        self.mentions += other.mentions
        self.extra_aliases |= other.extra_aliases
        self.translations |= other.translations
        self.extra_votes.update(other.extra_votes)
        self.country = self.country or other.country
        self.members += [other.key, *other.members]
        self.scopes.append(other.scope)


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
        hit = None
        for n in (3, 2, 1):
            phrase = " ".join(x.rstrip(",") for x in words[i:i + n])
            if i + n <= len(words) and country_of(phrase):
                hit = (country_of(phrase), n)
                break
        demonym = None
        if hit is None and w[:1].isupper():
            two = " ".join(x.rstrip(",") for x in words[i:i + 2])
            if i + 1 < len(words) and demonym_country(two):
                demonym, w = demonym_country(two), two
                hit_len = 2
            else:
                demonym, hit_len = demonym_country(w), 1
        if hit is None and demonym is None:
            i += 1
            owners = [] if words[i - 1].lower() not in (",", "and") else owners
            continue
        n = hit[1] if hit else hit_len
        country = hit[0] if hit else demonym
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


def is_generic_name(key: str) -> bool:
    """A name made only of body words ("navy", "ministry of defense", "joint chiefs of staff",
    "public affairs"): it does not say whose body it is."""
    words = key.split()
    return bool(words) and all(w in lx.GENERIC_NAME_WORDS for w in words)


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
    if not scores:
        return None
    ranked = scores.most_common(2)
    top, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top if score >= 2 and score >= 1.5 * second else None


def service_country(mentions: Iterable[Mention]) -> str | None:
    """Whose bodies an article is about: the country that qualifies most of its organisation
    mentions ("U.S. Army South", "U.S. Southern Command" against one "Brazilian army": the
    United States), when one clearly leads. A bare "the Army" is that country's."""
    scores: Counter[str] = Counter(m.country for m in mentions if m.country and top_class(m.cls) == "Organization")
    if not scores:
        return None
    ranked = scores.most_common(2)
    top, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top if score >= 2 and score >= 2 * second else None


def _nearest(qualified: list[_Key], groups: dict[_Key, _Group], bare: _Group, within: int | None = None
             ) -> _Key | None:
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


def _sent_distance(groups: dict[_Key, _Group], a: int, b: int) -> int:
    """How many sentences lie between two sentence starts (token offsets), counted over the
    sentence starts the article's mentions show."""
    starts = sorted({m.sent for g in groups.values() for m in g.mentions})
    return abs(starts.index(b) - starts.index(a)) if a in starts and b in starts else 99


def _canonical_key(g: _Group, label: str, cls: str) -> str:
    """The key of the member group whose name became the label (so "CENTSEC" merged into
    "Central American Security Conference" gets the conference's key, whatever the order)."""
    want = fold(label)
    for m in g.mentions:
        if fold(m.text) == want:
            return m.key
    return g.key


def _local_scope(key: str, cls: str, g: _Group, article: Article) -> str | None:
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


def _edition_scope(key: str, cls: str, g: _Group, article: Article) -> str | None:
    """A recurring event named without its edition ("the Central American Security Conference")
    is the edition of the article's year; without a date it stays the article's own. Named
    operations ("Operation Martillo"), programmes and concepts are not editions."""
    if cls not in ("Conference", "Operation") or any(_EDITION.match(w) or _YEAR.match(w) for w in key.split()):
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
    groups: dict[tuple[str, str | None], _Group] = {}

    def group_for(key: str, country: str | None) -> _Group:
        return groups.setdefault((key, country), _Group(key, country))

    for m in mentions:
        group_for(m.key, m.country).mentions.append(m)

    # bodies a mention's words name besides itself ("U.S. Coast Guard" of "U.S. Coast Guard Law
    # Enforcement Detachment 406", the other navies of "the Colombian and Peruvian navies")
    implied_countries = []
    for m in mentions:
        for name in m.implied:
            cls = classify(name, "ORG") or m.cls
            key, country = name_key(name, cls)
            g = group_for(key, country)
            g.extra_aliases.add(name)
            g.extra_votes[cls] += SOURCE_WEIGHT["vocab"]
            if country:
                implied_countries.append(country)
    # the headline's countries and services ("Colombian Armed Forces Capture ..."): entities of the
    # article (a dateline, "LIMA, Peru", is metadata and names nothing)
    for name, cls in title_names(article.title or ""):
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
    first_classes = {k: vote_class(_votes(g)) for k, g in groups.items()}
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
    classes = {k: vote_class(_votes(g)) for k, g in groups.items()}
    persons = [k for k in keys if classes[k] == "Person"]
    places = [k for k in keys if top_class(classes[k]) == "Place"]
    events = [k for k in keys if top_class(classes[k]) == "Event"]
    for k in persons:
        words = k[0].split()
        longer = [p for p in persons if p != k and len(p[0].split()) > len(words)
                  and _contains(p[0].split(), words)]
        # one full name, even when seen with and without its country ("Peruvian Navy Admiral
        # X" and "Admiral X, commander of ...") before those two are joined
        if longer and (len({find(p) for p in longer}) == 1 or (
                len({p[0] for p in longer}) == 1 and len({p[1] for p in longer} - {None}) <= 1)):
            for p in longer:
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
                   and p[0].split()[0] == words[0] and _EDITION.match(p[0].split()[1])}
        if len(longer) == 1:
            union(longer.pop(), k)

    _link_variants(groups, classes, find, union)

    merged: dict[tuple[str, str | None], _Group] = {}
    for k in keys:
        root = find(k)
        if root not in merged:
            merged[root] = _Group(groups[root].key, groups[root].country)
        merged[root].merge(groups[k])
    for g in merged.values():  # a local scope holds only when every member was the article's own
        g.scope = g.scopes[0] if len(set(g.scopes)) == 1 else None

    entities: list[Entity] = []
    by_span: dict[tuple[int, int], str] = {}
    for root, g in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if not g.mentions and not g.extra_aliases:
            continue
        cls = vote_class(_votes(g))
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


_Key = tuple[str, "str | None"]


def _link_variants(groups: dict[_Key, _Group], classes: dict[_Key, str], find, union) -> None:  # type: ignore[no-untyped-def]
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
        hits = {find(p) for p in named if p != k and (top_class(classes[k]) != "Event" or top_class(classes[p]) == "Event")
                and any(acronym_matches(a, n) for a in acronyms for n in _names(groups[p]))}
        if len(hits) == 1 and find(k) not in hits:
            union(hits.pop(), k)
    events = [k for k in keys if top_class(classes[k]) == "Event"]
    for k in keys:
        core = _event_core(k[0])
        if not core or top_class(classes[k]) not in ("Event", "Organization", "Person") or classes[k] == "Person" and \
                any(m.source != "ner" for m in groups[k].mentions):
            continue
        same = {find(p) for p in events if p != k and _event_core(p[0]) == core and p[1] == k[1]}
        editions = {find(p) for p in events if p != k and p[1] == k[1] and _is_edition_of(p[0], core)}
        if len(same) == 1:
            union(same.pop(), k)
        elif not same and len(editions) == 1 and len(core.split()) == 1 and not _is_edition_of(k[0], core):
            union(editions.pop(), k)  # "UNITAS" and its one edition "UNITAS LX"
    by_bag: dict[tuple[tuple[str, ...], str | None], list[_Key]] = defaultdict(list)
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


def _names(g: _Group) -> set[str]:
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
    return bool(tail) and all(_EDITION.match(w) for w in tail)


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
    """Cross-article resolution as a map from entity ids to the id they denote corpus-wide
    (``kg.extract.link.links`` without the evidence). Ids not in the map stay as they are."""
    from .link import links

    return {link.source: link.target for link in links([(str(i), ents) for i, ents in enumerate(entity_sets)])}
