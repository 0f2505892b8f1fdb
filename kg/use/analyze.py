"""Graph analytics: ``rdflib.Graph`` -> entity-only networkx projection -> statistics.

rdflib's own networkx converters turn every literal and class into a node, which
skews every centrality; :func:`to_networkx` keeps entities only (the nodes typed
with a ``kg:`` class other than ``kg:Article``) and one edge per relation triple,
with plain ``str``/``int``/``float`` attributes so GraphML and GEXF writers accept
them:

* node (its IRI): ``label``, ``class`` (the finest ``kg:`` class), ``aliases``
  (the ``skos:altLabel`` values, sorted, joined by ``"|"``);
* edge (keyed by the relation's local name): ``relation``, ``evidence`` (how many
  provenance statements back it) and, when there is evidence, ``confidence``
  (the best one, a float) and ``sentence`` (the best statement's sentence).

:func:`stats` sums a graph up (counts by class and relation, top entities by
degree and betweenness, seeded Louvain communities, connected components) and
:func:`annotate` writes ``kg:degree``, ``kg:betweenness`` and ``kg:community``
back onto the entities. Same graph + same seed -> same numbers.
"""
from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, cast

import networkx as nx
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Identifier, Node

from ..models import KGError
from ..ontology import KG, KG_NS, RELATIONS, superclasses

log = logging.getLogger(__name__)

DEFAULT_SEED = 42

LARGE = 5000
"""Above this many entities exact betweenness gets slow (about 8 s at 2,000 on 2 cores)."""

RELATION_IRIS: frozenset[URIRef] = frozenset({KG[name] for name in RELATIONS} | {KG.leads})
"""The predicates that become edges: the contract's relations and ``kg:leads``."""

_NOT_ENTITY = frozenset({KG.Article})


def node_id(term: Node) -> str:
    """The networkx node id of an entity: its IRI (``_:label`` for a blank node)."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _local(term: Node) -> str:
    return str(term)[len(KG_NS):] if str(term).startswith(KG_NS) else str(term)


def _depth(cls: str) -> int:
    try:
        return len(superclasses(cls))
    except KGError:  # a class the ontology does not (yet) know
        return 0


def finest_class(classes: Iterable[str]) -> str:
    """The most specific of ``classes`` (deepest in the ontology; ties by name).

    >>> finest_class(["Organization", "MilitaryOrganization"])
    'MilitaryOrganization'
    """
    return min(classes, key=lambda c: (-_depth(c), c), default="")


def entities(graph: Graph) -> dict[Node, str]:
    """Every entity of ``graph`` -> its finest ``kg:`` class local name."""
    found: dict[Node, list[str]] = defaultdict(list)
    for s, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and cls.startswith(KG_NS) and cls not in _NOT_ENTITY \
                and not isinstance(s, Literal):
            found[s].append(_local(cls))
    return {s: finest_class(c) for s, c in found.items()}


def relation_triples(graph: Graph) -> list[tuple[Node, URIRef, Node]]:
    """The relation triples (``s kg:<relation> o``, ``o`` not a literal), sorted."""
    out = [
        (s, p, o)
        for p in RELATION_IRIS
        for s, o in graph.subject_objects(p)
        if not isinstance(o, Literal) and not isinstance(s, Literal)
    ]
    return sorted(out, key=lambda t: (node_id(t[0]), str(t[1]), node_id(t[2])))


def _terms(nodes: Iterator[Node]) -> Iterator[Identifier]:
    """The terms of a graph, typed as what they are (rdflib types them as ``Node``, which
    declares no ordering), for ``min`` and ``max``."""
    return cast(Iterator[Identifier], nodes)


def evidence(graph: Graph) -> dict[tuple[Node, Node, Node], list[tuple[float, str]]]:
    """``(s, p, o)`` -> ``(confidence, sentence)`` of every statement that reifies it."""
    out: dict[tuple[Node, Node, Node], list[tuple[float, str]]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(st, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        conf = max(_terms(graph.objects(st, KG.confidence)), default=None)
        try:
            value = float(str(conf)) if conf is not None else float("nan")
        except ValueError:
            value = float("nan")
        sentence = min(_terms(graph.objects(st, KG.sentence)), default=None)
        out[(s, p, o)].append((value, " ".join(str(sentence or "").split())))
    return out


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The entity-only projection of ``graph`` (see the module docstring).

    Nodes and edges are added in sorted order, so the result (and everything
    computed from it) is the same on every run.
    """
    g = nx.MultiDiGraph()
    typed = entities(graph)
    triples = relation_triples(graph)
    nodes = set(typed) | {t for s, _, o in triples for t in (s, o)}
    for term in sorted(nodes, key=node_id):
        label = min(_terms(graph.objects(term, RDFS.label)), default=None)  # one, if the shapes hold
        aliases = sorted(str(a) for a in graph.objects(term, SKOS.altLabel))
        g.add_node(
            node_id(term),
            label=str(label) if label is not None else node_id(term),
            **{"class": typed.get(term, "")},
            aliases="|".join(aliases),
        )
    found = evidence(graph)
    for s, p, o in triples:
        attrs: dict[str, Any] = {"relation": _local(p)}
        backing = found.get((s, p, o), [])
        scored = [e for e in backing if not math.isnan(e[0])]  # a statement without a confidence
        attrs["evidence"] = len(backing)
        if scored:
            best = max(scored, key=lambda e: (e[0], e[1]))
            attrs["confidence"] = best[0]
            attrs["sentence"] = best[1]
        g.add_edge(node_id(s), node_id(o), key=_local(p), **attrs)
    return g


def _undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph; ``weight`` = the number of relations between the pair."""
    h = nx.Graph()
    h.add_nodes_from(g.nodes)
    for u, v in g.edges():
        if u == v:
            continue
        if h.has_edge(u, v):
            h[u][v]["weight"] += 1
        else:
            h.add_edge(u, v, weight=1)
    return h


def degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    """Node -> the number of relation triples it takes part in (a self-loop counts once)."""
    loops = Counter(u for u, v in g.edges() if u == v)
    return {n: g.in_degree(n) + g.out_degree(n) - loops[n] for n in g.nodes}


def betweenness(g: nx.MultiDiGraph, *, k: int | None = None, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Normalised betweenness centrality on the undirected projection.

    ``k`` samples that many source nodes (seeded) instead of all: use it on graphs
    of many thousands of entities, where the exact computation is O(nodes x edges).
    """
    h = _undirected(g)
    if k is not None and k >= h.number_of_nodes():
        k = None
    if k is None and h.number_of_nodes() > LARGE:
        log.warning("exact betweenness on %d entities takes minutes; sample with k=500 for an "
                    "estimate", h.number_of_nodes())
    return nx.betweenness_centrality(h, k=k, normalized=True, seed=seed if k else None)


def communities(g: nx.MultiDiGraph, *, seed: int = DEFAULT_SEED) -> list[list[str]]:
    """Louvain communities of the undirected projection, largest first, members sorted.

    Every node is in exactly one community (an isolated entity is its own).
    """
    h = _undirected(g)
    if h.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(h, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def components(g: nx.MultiDiGraph) -> list[list[str]]:
    """Connected components (ignoring direction), largest first, members sorted."""
    return sorted((sorted(c) for c in nx.weakly_connected_components(g)), key=lambda c: (-len(c), c[0]))


def stats(graph: Graph, *, top: int = 10, seed: int = DEFAULT_SEED, k: int | None = None) -> dict[str, Any]:
    """A JSON-ready summary of ``graph``.

    Keys: ``entities``, ``relations`` (triples), ``statements``, ``articles``,
    ``by_class`` and ``by_relation`` (counts, largest first), ``top_degree`` and
    ``top_betweenness`` (the ``top`` entities: ``iri``, ``label``, ``class`` and the
    score), ``communities`` (``id``, ``size``, ``members`` IRIs, ``labels``) with
    their ``modularity``, and ``components`` (``count``, ``sizes``). ``seed`` seeds
    Louvain (and the sampling); ``k`` samples betweenness (see :func:`betweenness`).
    """
    g = to_networkx(graph)
    deg = degrees(g)
    btw = betweenness(g, k=k, seed=seed)
    comms = communities(g, seed=seed)
    comps = components(g)
    h = _undirected(g)
    modularity = (
        nx.community.modularity(h, comms, weight="weight") if h.number_of_edges() else 0.0
    )

    def counted(values: Iterable[str]) -> dict[str, int]:
        return dict(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))

    def ranked(scores: Mapping[str, float], key: str, digits: int | None) -> list[dict[str, Any]]:
        order = sorted(scores, key=lambda n: (-scores[n], g.nodes[n]["label"], n))[:top]
        return [
            {"iri": n, "label": g.nodes[n]["label"], "class": g.nodes[n]["class"],
             key: round(scores[n], digits) if digits is not None else scores[n]}
            for n in order
        ]

    return {
        "entities": g.number_of_nodes(),
        "relations": g.number_of_edges(),
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "articles": len(set(graph.subjects(RDF.type, KG.Article))),
        "by_class": counted(c or "(untyped)" for _, c in g.nodes(data="class")),
        "by_relation": counted(r for _, _, r in g.edges(data="relation")),
        "top_degree": ranked(deg, "degree", None),
        "top_betweenness": ranked(btw, "betweenness", 6),
        "communities": [
            {"id": i, "size": len(c), "members": c, "labels": [g.nodes[n]["label"] for n in c]}
            for i, c in enumerate(comms)
        ],
        "modularity": round(modularity, 6),
        "components": {"count": len(comps), "sizes": [len(c) for c in comps]},
        "seed": seed,
        "betweenness_sample": k,
    }


def annotate(graph: Graph, *, seed: int = DEFAULT_SEED, k: int | None = None) -> int:
    """Write ``kg:degree``, ``kg:betweenness`` and ``kg:community`` onto every entity.

    Replaces earlier values, so annotating twice changes nothing. Community numbers
    are those of :func:`communities` (0 = the largest). Returns how many entities
    were annotated.
    """
    g = to_networkx(graph)
    terms = {node_id(t): t for t in entities(graph)}
    for s, _, o in relation_triples(graph):
        terms.setdefault(node_id(s), s)
        terms.setdefault(node_id(o), o)
    deg = degrees(g)
    btw = betweenness(g, k=k, seed=seed)
    member = {n: i for i, c in enumerate(communities(g, seed=seed)) for n in c}
    for n in g.nodes:
        term = terms[n]
        graph.set((term, KG.degree, Literal(deg[n], datatype=XSD.integer)))
        graph.set((term, KG.betweenness, Literal(Decimal(f"{btw[n]:.6f}"), datatype=XSD.decimal)))
        graph.set((term, KG.community, Literal(member[n], datatype=XSD.integer)))
    return g.number_of_nodes()


def format_stats(summary: Mapping[str, Any], *, communities_shown: int = 10) -> str:
    """A :func:`stats` summary as readable text (for ``kg stats``)."""
    lines = [
        f"{summary['entities']} entities, {summary['relations']} relations, "
        f"{summary['statements']} statements, {summary['articles']} articles",
        "",
        "entities by class:",
        *(f"  {n:>6}  {c}" for c, n in summary["by_class"].items()),
        "",
        "relations:",
        *(f"  {n:>6}  {r}" for r, n in summary["by_relation"].items()),
        "",
        "top by degree:",
        *(f"  {e['degree']:>6}  {e['label']} ({e['class']})" for e in summary["top_degree"]),
        "",
        "top by betweenness:",
        *(f"  {e['betweenness']:>8.4f}  {e['label']} ({e['class']})" for e in summary["top_betweenness"]),
        "",
        f"{len(summary['communities'])} communities (Louvain, seed {summary['seed']}, "
        f"modularity {summary['modularity']:.3f}):",
    ]
    for c in summary["communities"][:communities_shown]:
        shown = ", ".join(c["labels"][:8]) + (", …" if c["size"] > 8 else "")
        lines.append(f"  #{c['id']} ({c['size']}): {shown}")
    comps = summary["components"]
    lines += ["", f"{comps['count']} connected components, sizes {comps['sizes'][:10]}"]
    return "\n".join(lines) + "\n"
