"""``rdflib.Graph`` -> what the view draws, as plain values: entities, relations, evidence, articles.

Reads only the layout documented in :mod:`kg.rdf`: entities are the IRIs typed with
a ``kg:`` class other than ``kg:Article``; relations are the triples of the
ontology's relations (and ``kg:leads``) between two entities; their evidence is the
``rdf:Statement`` reification (``prov:wasDerivedFrom`` the article, ``kg:sentence``,
``kg:rule``, ``kg:confidence``, ``kg:charStart``/``kg:charEnd`` and, for classifier
relations, ``kg:feature`` strings); articles carry ``dcterms:title``, ``dcterms:date``,
``dcterms:publisher``, ``schema:url`` (or ``dcterms:source``, the URL a fetched article
came from, as an IRI) and ``kg:sourcePath``.

Each property is read with one pass over its triples (not one lookup per subject),
so a graph of thousands of entities and tens of thousands of statements reads in
seconds, also through an Oxigraph-backed ``Graph``. Where a subject has several
values of a property that should have one, the smallest (as text) is kept, so the
result does not depend on the order the store returns triples in.
"""
from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ...ontology import CLASSES, KG, KG_NS, RELATIONS

log = logging.getLogger(__name__)

SCHEMA = Namespace("http://schema.org/")
FEATURE = URIRef(KG_NS + "feature")  # not (yet) a term of the closed KG namespace
RELATION_NAMES: tuple[str, ...] = (*RELATIONS, "leads")
"""The predicates drawn as edges: the ontology's relations and ``kg:leads`` (as ``kg stats``)."""


@dataclass(frozen=True, slots=True)
class EntityInfo:
    iri: str
    label: str
    cls: str
    aliases: tuple[str, ...]
    rank: str | None
    mentions: int
    betweenness: float | None
    sources: tuple[str, ...]  # IRIs of the articles that mention it (dcterms:source)


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    article: str | None  # the article's IRI
    confidence: float | None
    rule: str | None
    start: int | None
    end: int | None
    features: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelationInfo:
    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    iri: str
    title: str
    date: str | None  # as written in the graph
    month: str | None  # "YYYY-MM" when the date starts with an ISO year and month
    url: str | None  # schema:url, else the dcterms:source IRI; only when it is an http(s) URL
    source: str | None  # kg:sourcePath
    publisher: str | None


@dataclass(frozen=True, slots=True)
class GraphData:
    entities: dict[str, EntityInfo]
    relations: list[RelationInfo]  # sorted by (subject, predicate, object)
    articles: dict[str, ArticleInfo]


def _text(term: Node) -> str:
    return str(term)


def _values(graph: Graph, predicate: URIRef) -> dict[Node, list[Node]]:
    found: dict[Node, list[Node]] = defaultdict(list)
    for s, o in graph.subject_objects(predicate):
        found[s].append(o)
    return found


def _value(graph: Graph, predicate: URIRef) -> dict[Node, Node]:
    """Subject -> its one value of ``predicate`` (the smallest as text, if there are several)."""
    return {s: min(os, key=_text) for s, os in _values(graph, predicate).items()}


def _number(term: Node | str | None, kind: type[float] | type[int]) -> Any:
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


def _class_of(types: set[str]) -> str:
    """The finest known class among an entity's ``kg:`` types (then any other, by name)."""
    for cls in CLASSES:
        if cls in types:
            return cls
    return min(types)


def _month(date: str | None) -> str | None:
    found = re.match(r"\s*([0-9]{4})-([0-9]{2})", date or "")
    if found and 1 <= int(found.group(2)) <= 12:
        return f"{found.group(1)}-{found.group(2)}"
    return None


def _web_url(value: Node | None) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if re.match(r"https?://[^\s]+$", text, re.I) else None


def read_articles(graph: Graph, extra: Iterable[str] = ()) -> dict[str, ArticleInfo]:
    """Every ``kg:Article`` (and every IRI in ``extra``: articles only referred to)."""
    iris = {str(a) for a in graph.subjects(RDF.type, KG.Article)} | set(extra)
    titles, labels = _value(graph, DCTERMS.title), _value(graph, RDFS.label)
    dates, urls, fetched = _value(graph, DCTERMS.date), _value(graph, SCHEMA.url), _value(graph, DCTERMS.source)
    sources, publishers = _value(graph, KG.sourcePath), _value(graph, DCTERMS.publisher)
    articles = {}
    for iri in sorted(iris):
        node = URIRef(iri)
        title = titles.get(node) or labels.get(node)
        date = dates.get(node)
        articles[iri] = ArticleInfo(
            iri=iri,
            title=str(title) if title is not None and str(title).strip() else iri,
            date=str(date) if date is not None else None,
            month=_month(str(date) if date is not None else None),
            url=_web_url(urls.get(node)) or _web_url(fetched.get(node) if isinstance(fetched.get(node), URIRef)
                                                     else None),
            source=str(sources[node]) if node in sources else None,
            publisher=str(publishers[node]) if node in publishers else None,
        )
    return articles


def read_entities(graph: Graph) -> dict[str, EntityInfo]:
    types: dict[str, set[str]] = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and isinstance(cls, URIRef) and str(cls).startswith(KG_NS) \
                and cls != KG.Article:
            types[str(node)].add(str(cls)[len(KG_NS):])
    labels, ranks = _value(graph, RDFS.label), _value(graph, KG.rank)
    mentions, betweenness = _value(graph, KG.mentionCount), _value(graph, KG.betweenness)
    aliases, sources = _values(graph, SKOS.altLabel), _values(graph, DCTERMS.source)
    entities = {}
    for iri, names in types.items():
        node = URIRef(iri)
        label = labels.get(node)
        label_text = str(label) if label is not None and str(label).strip() \
            else iri.rstrip("/#").rsplit("/", 1)[-1]
        rank = ranks.get(node)
        entities[iri] = EntityInfo(
            iri=iri,
            label=label_text,
            cls=_class_of(names),
            aliases=tuple(sorted({str(a) for a in aliases.get(node, ())} - {label_text},
                                 key=lambda a: (a.casefold(), a))),
            rank=str(rank) if rank is not None else None,
            mentions=_number(mentions.get(node), int) or 0,
            betweenness=_number(betweenness.get(node), float),
            sources=tuple(sorted({str(a) for a in sources.get(node, ()) if isinstance(a, URIRef)})),
        )
    return entities


def _evidence_key(ev: Evidence) -> tuple[Any, ...]:
    return (-(ev.confidence or 0.0), ev.article or "", ev.start if ev.start is not None else -1,
            ev.sentence, ev.rule or "", ev.features)


_FIELDS = ("s", "p", "o", "article", "sentence", "rule", "confidence", "start", "end")
_PACKED = """
PREFIX kg: <https://w3id.org/kg-builder/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?row WHERE { {
  SELECT (CONCAT(%s) AS ?row) WHERE {
    ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    OPTIONAL { ?st prov:wasDerivedFrom ?article FILTER(isIRI(?article)) }
    OPTIONAL { ?st kg:sentence ?sentence } OPTIONAL { ?st kg:rule ?rule } OPTIONAL { ?st kg:confidence ?confidence }
    OPTIONAL { ?st kg:charStart ?start } OPTIONAL { ?st kg:charEnd ?end }
  }
} }"""
_ENCODED = {"sentence", "rule"}  # free text; IRIs and numbers have no spaces
_PACKED_FIELDS = ", \" \", ".join(
    ["STR(?st)"] + [f'COALESCE(CONCAT("+", {"ENCODE_FOR_URI" if f in _ENCODED else ""}(STR(?{f}))), "")'
                    for f in _FIELDS])


def _oxigraph_backed(graph: Graph) -> bool:
    """Whether ``graph`` is rdflib's API over an Oxigraph store (as ``kg build`` hands the view)."""
    from oxrdflib import OxigraphStore

    return isinstance(graph.store, OxigraphStore)


def _statement_fields(graph: Graph) -> dict[str, dict[str, str]]:
    """Statement -> field -> text, for the :data:`_FIELDS` of every ``rdf:Statement``.

    On an Oxigraph store, one SPARQL query packs each statement into one string (fields
    joined by spaces, free text percent-encoded), so only one term per statement crosses into
    Python: turning terms into rdflib objects one by one is what costs (the 54,000
    statements of a 5,000-entity corpus: 23 s property by property, 10 s packed, both
    under cProfile on a loaded machine). rdflib's own memory store is read property by
    property (its SPARQL engine is the slow path there).
    """
    found: dict[str, dict[str, str]] = defaultdict(dict)
    if _oxigraph_backed(graph):
        for (row,) in graph.query(_PACKED % _PACKED_FIELDS):  # type: ignore[misc]
            st, *values = str(row).split(" ")
            fields = found[st]
            for name, value in zip(_FIELDS, values):
                if value:
                    text = unquote(value[1:]) if name in _ENCODED else value[1:]
                    fields[name] = min(fields.get(name, text), text)
        return found
    sources = {"s": RDF.subject, "p": RDF.predicate, "o": RDF.object, "article": PROV.wasDerivedFrom,
               "sentence": KG.sentence, "rule": KG.rule, "confidence": KG.confidence, "start": KG.charStart,
               "end": KG.charEnd}
    statements = {str(x) for x in graph.subjects(RDF.type, RDF.Statement)}
    for name, predicate in sources.items():
        for node, term in _value(graph, predicate).items():
            if str(node) in statements and (name != "article" or isinstance(term, URIRef)):
                found[str(node)][name] = str(term)
    for st in statements:
        found.setdefault(st, {})
    return found


def read_evidence(graph: Graph) -> dict[tuple[str, str, str], list[Evidence]]:
    """``(subject, predicate, object)`` IRIs -> the evidence of every statement reifying it."""
    features = {str(st): values for st, values in _values(graph, FEATURE).items()}
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for st, fields in _statement_fields(graph).items():
        if not {"s", "p", "o"} <= fields.keys():
            continue
        confidence = _number(fields.get("confidence"), float)
        found[(fields["s"], fields["p"], fields["o"])].append(Evidence(
            sentence=fields.get("sentence", ""),
            article=fields.get("article"),
            confidence=round(confidence, 3) if confidence is not None else None,
            rule=fields.get("rule"),
            start=_number(fields.get("start"), int),
            end=_number(fields.get("end"), int),
            features=tuple(sorted(str(f) for f in features.get(st, ()))),
        ))
    return found


def read_graph(graph: Graph) -> GraphData:
    """The entities, the relations between them with their evidence, and the articles."""
    entities = read_entities(graph)
    evidence = read_evidence(graph)
    relations = []
    for name in RELATION_NAMES:
        predicate = URIRef(KG_NS + name)
        for s, o in graph.subject_objects(predicate):
            if str(s) not in entities or str(o) not in entities:
                continue
            found = evidence.get((str(s), str(predicate), str(o)), [])
            relations.append(RelationInfo(str(s), name, str(o), tuple(sorted(found, key=_evidence_key))))
    relations.sort(key=lambda r: (r.subject, r.predicate, r.object))
    referred = {ev.article for r in relations for ev in r.evidence if ev.article is not None}
    referred |= {a for e in entities.values() for a in e.sources}
    return GraphData(entities, relations, read_articles(graph, referred))
