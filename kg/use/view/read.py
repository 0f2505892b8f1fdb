"""``rdflib.Graph`` -> the entities, relations and evidence the view draws (plain values).

Reads only the layout documented in :mod:`kg.rdf`: entities are the subjects typed
with a ``kg:`` class other than ``kg:Article``; relations are the ``kg:`` triples
between two entities; their evidence is the ``rdf:Statement`` reification.
"""
from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ...ontology import CLASSES, KG, KG_NS

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entity:
    iri: str
    label: str
    cls: str
    aliases: tuple[str, ...]
    rank: str | None
    mentions: int
    betweenness: float | None
    community: str | None


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    article: str
    date: str | None
    confidence: float | None
    rule: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Relation:
    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...]


def _local(term: Node | None) -> str | None:
    if isinstance(term, URIRef) and str(term).startswith(KG_NS):
        return str(term)[len(KG_NS):]
    return None


def _number(term: Node | None, kind: type[float] | type[int]) -> Any:
    """``term`` as an int or float, or ``None`` when it is missing or not numeric."""
    if term is None:
        return None
    try:
        value = kind(term.toPython() if hasattr(term, "toPython") else str(term))
    except (TypeError, ValueError, ArithmeticError):
        log.warning("graph view: ignoring non-numeric value %r", str(term))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _class_of(types: Iterable[str]) -> str:
    """The finest known class among an entity's ``kg:`` types (then any other, by name)."""
    names = set(types)
    for cls in CLASSES:
        if cls in names:
            return cls
    return min(names)


def read_entities(graph: Graph) -> dict[str, Entity]:
    types: dict[str, set[str]] = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        name = _local(cls)
        if isinstance(node, URIRef) and name and name != "Article":
            types[str(node)].add(name)
    entities = {}
    for iri, names in types.items():
        node = URIRef(iri)
        label = graph.value(node, RDFS.label)
        label_text = str(label) if label is not None and str(label).strip() \
            else iri.rstrip("/#").rsplit("/", 1)[-1]
        aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} - {label_text},
                         key=lambda a: (a.casefold(), a))
        rank = graph.value(node, KG.rank)
        community = graph.value(node, KG.community)
        entities[iri] = Entity(
            iri=iri,
            label=label_text,
            cls=_class_of(names),
            aliases=tuple(aliases),
            rank=str(rank) if rank is not None else None,
            mentions=_number(graph.value(node, KG.mentionCount), int) or 0,
            betweenness=_number(graph.value(node, KG.betweenness), float),
            community=str(community) if community is not None else None,
        )
    return entities


def _article_names(graph: Graph) -> dict[Node, tuple[str, str | None]]:
    names = {}
    for article in graph.subjects(RDF.type, KG.Article):
        title = (graph.value(article, DCTERMS.title) or graph.value(article, RDFS.label)
                 or article)
        date = graph.value(article, DCTERMS.date)
        names[article] = (str(title), str(date) if date is not None else None)
    return names


def _read_evidence(graph: Graph) -> dict[tuple[str, str, str], list[Evidence]]:
    articles = _article_names(graph)
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                   graph.value(st, RDF.object))
        if s is None or p is None or o is None:
            continue
        source = graph.value(st, PROV.wasDerivedFrom)
        article, date = articles.get(source, (str(source), None)) if source is not None \
            else ("(unknown article)", None)
        confidence = _number(graph.value(st, KG.confidence), float)
        rule = graph.value(st, KG.rule)
        found[(str(s), str(p), str(o))].append(Evidence(
            sentence=str(graph.value(st, KG.sentence) or ""),
            article=article,
            date=date,
            confidence=round(confidence, 3) if confidence is not None else None,
            rule=str(rule) if rule is not None else None,
            start=_number(graph.value(st, KG.charStart), int),
            end=_number(graph.value(st, KG.charEnd), int),
        ))
    return found


def _evidence_key(ev: Evidence) -> tuple[Any, ...]:
    return (-(ev.confidence or 0.0), ev.article, ev.start if ev.start is not None else -1,
            ev.sentence, ev.rule or "")


def read_relations(graph: Graph, entities: dict[str, Entity]) -> list[Relation]:
    """Every ``kg:`` triple between two entities, with the evidence behind it, sorted."""
    evidence = _read_evidence(graph)
    relations = []
    for s, p, o in graph:
        name = _local(p)
        if name is None or str(s) not in entities or str(o) not in entities:
            continue
        found = evidence.get((str(s), str(p), str(o)), [])
        relations.append(Relation(str(s), name, str(o), tuple(sorted(found, key=_evidence_key))))
    relations.sort(key=lambda r: (r.subject, r.predicate, r.object))
    return relations
