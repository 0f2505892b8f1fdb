"""Hand-made graphs for the query, export, serve, analyze and validate tests.

Built with ``kg.rdf`` from plain ``kg.models`` values, so no test depends on spaCy.
The story: two articles about Peruvian security forces. Every relation of the
contract appears at least once, one relation has two pieces of evidence, one
cooperation is stated in both directions, three relations share one sentence,
and "United Nations operates in Haiti" forms a second connected component.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from rdflib import Graph, URIRef

from kg.models import Article, Entity, Provenance, Relation
from kg.rdf import add_extraction, add_graph_metadata, entity_iri, new_graph

MODEL = "hand-made 1.0"

ENTITIES: tuple[Entity, ...] = (
    Entity("Person:jane doe", "Jane Doe", "Person", ("Adm. Doe", "Doe"), "Admiral", 3),
    Entity("Person:carlos ruiz", "Carlos Ruiz", "Person", ("Gen. Ruiz",), "General", 1),
    Entity("Person:luis soto", "Luis Soto", "Person", (), "Captain", 1),
    Entity("MilitaryOrganization:peruvian navy", "Peruvian Navy", "MilitaryOrganization",
           ("Navy",), None, 4),
    Entity("MilitaryOrganization:joint command", "Armed Forces' Joint Command",
           "MilitaryOrganization", ("CCFFAA", "Joint Command"), None, 2),
    Entity("MilitaryOrganization:engineering battalion", "Engineering Battalion",
           "MilitaryOrganization", (), None, 1),
    Entity("GovernmentOrganization:national police", "National Police",
           "GovernmentOrganization", ("PNP",), None, 2),
    Entity("ArmedGroup:shining path", "Shining Path", "ArmedGroup", ("Sendero Luminoso",), None, 1),
    Entity("InternationalOrganization:united nations", "United Nations",
           "InternationalOrganization", ("UN",), None, 1),
    Entity("Country:peru", "Peru", "Country", (), None, 3),
    Entity("Country:colombia", "Colombia", "Country", (), None, 1),
    Entity("Country:haiti", "Haiti", "Country", (), None, 1),
    Entity("Region:vraem", "VRAEM", "Region", (), None, 2),
    Entity("City:lima", "Lima", "City", (), None, 1),
    Entity("Conference:south american defense conference", "South American Defense Conference",
           "Conference", ("SOUTHDEC",), None, 1),
    Entity("Threat:narcotrafficking", "narcotrafficking", "Threat", (), None, 2),
)
BY_LABEL = {e.label: e for e in ENTITIES}

# (article key, sentence, ((subject label, predicate, object label, rule, confidence), ...))
SENTENCES: tuple[tuple[str, str, tuple[tuple[str, str, str, str, float], ...]], ...] = (
    ("a1", "Admiral Jane Doe, commander of the Peruvian Navy, said the Navy works with the "
           "National Police in the VRAEM.", (
        ("Jane Doe", "commands", "Peruvian Navy", "appos-commander.v1", 0.9),
        ("Peruvian Navy", "cooperatesWith", "National Police", "with-pp.v1", 0.6),
        ("Peruvian Navy", "operatesIn", "VRAEM", "in-pp.v1", 0.7),
    )),
    ("a1", "Doe, a Peruvian Navy admiral, leads the Navy.", (
        ("Jane Doe", "commands", "Peruvian Navy", "svo-leads.v1", 0.75),
        ("Jane Doe", "memberOf", "Peruvian Navy", "rank-org.v1", 0.8),
        ("Jane Doe", "country", "Peru", "demonym.v1", 0.7),
    )),
    ("a1", "The Engineering Battalion of the Peruvian Navy, part of the Armed Forces' Joint "
           "Command, fights Shining Path.", (
        ("Engineering Battalion", "partOf", "Peruvian Navy", "of-pp.v1", 0.85),
        ("Peruvian Navy", "partOf", "Armed Forces' Joint Command", "appos-part.v1", 0.8),
        ("Peruvian Navy", "counters", "Shining Path", "svo-counter.v1", 0.65),
        ("Peruvian Navy", "country", "Peru", "demonym.v1", 0.9),
    )),
    ("a1", "Captain Luis Soto of the Engineering Battalion spoke.", (
        ("Luis Soto", "memberOf", "Engineering Battalion", "of-pp.v1", 0.8),
    )),
    ("a2", "General Carlos Ruiz, chief of the Joint Command, attended SOUTHDEC in Lima, Peru.", (
        ("Carlos Ruiz", "commands", "Armed Forces' Joint Command", "appos-commander.v1", 0.95),
        ("Carlos Ruiz", "participatesIn", "South American Defense Conference", "attend.v1", 0.8),
        ("South American Defense Conference", "locatedIn", "Lima", "held-in.v1", 0.7),
        ("Lima", "locatedIn", "Peru", "city-country.v1", 0.99),
    )),
    ("a2", "The National Police cooperates with the Peruvian Navy against narcotrafficking.", (
        ("National Police", "cooperatesWith", "Peruvian Navy", "with-pp.v1", 0.7),
        ("National Police", "counters", "narcotrafficking", "against-pp.v1", 0.8),
    )),
    ("a2", "Colombia and Peru cooperate; the VRAEM lies in Peru, and Peru took part in SOUTHDEC.", (
        ("Colombia", "cooperatesWith", "Peru", "conj-coop.v1", 0.6),
        ("VRAEM", "locatedIn", "Peru", "appos-loc.v1", 0.9),
        ("Peru", "participatesIn", "South American Defense Conference", "attend.v1", 0.55),
    )),
    ("a2", "The United Nations operates in Haiti.", (
        ("United Nations", "operatesIn", "Haiti", "in-pp.v1", 0.8),
    )),
)

RELATIONS: tuple[tuple[str, str, str], ...] = tuple(dict.fromkeys(
    (s, p, o) for _, _, rels in SENTENCES for s, p, o, _, _ in rels
))
"""Distinct (subject label, predicate, object label) triples, in story order."""

ARTICLE_META = {
    "a1": {"title": "Navy and Police join forces in the VRAEM", "author": "Ana Torres",
           "publisher": "Diálogo", "date": "2024-03-01"},
    "a2": {"title": "Joint Command at SOUTHDEC", "author": "Luis Vega",
           "publisher": "Diálogo", "date": "2024-04-15"},
}


def iri(label: str) -> URIRef:
    """The IRI ``kg.rdf`` mints for the entity labelled ``label`` in :data:`ENTITIES`."""
    return entity_iri(BY_LABEL[label])


def make_article(key: str, sentences: Sequence[str]) -> tuple[Article, list[int]]:
    """An article whose text is ``sentences`` joined by spaces, and each sentence's offset."""
    starts, pos = [], 0
    for sentence in sentences:
        starts.append(pos)
        pos += len(sentence) + 1
    text = " ".join(sentences)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = ARTICLE_META.get(key, {})
    article = Article(id=digest[:16], text=text, source=f"{key}.txt", content_hash=digest, **meta)
    return article, starts


def build_graph(sentences: Iterable[tuple[str, str, tuple[tuple[str, str, str, str, float], ...]]]
                = SENTENCES) -> Graph:
    """The test graph: every entity, relation and piece of evidence of ``sentences``."""
    by_article: dict[str, list[tuple[str, tuple[tuple[str, str, str, str, float], ...]]]] = {}
    for key, sentence, rels in sentences:
        by_article.setdefault(key, []).append((sentence, rels))
    g = new_graph()
    for key, items in by_article.items():
        article, starts = make_article(key, [s for s, _ in items])
        relations, used = [], set()
        for (sentence, rels), start in zip(items, starts):
            for s, p, o, rule, conf in rels:
                used |= {s, o}
                prov = Provenance(article.id, sentence, start, start + len(sentence), rule, conf)
                relations.append(Relation(BY_LABEL[s].id, p, BY_LABEL[o].id, prov))
        entities = [e for e in ENTITIES if e.label in used]
        add_extraction(g, article, entities, relations)
    add_graph_metadata(g, MODEL)
    return g
