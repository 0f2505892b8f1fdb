"""kg.use.analyze: the entity-only projection, its statistics and the annotations, as invariants."""
from __future__ import annotations

import io
from decimal import Decimal

import networkx as nx
import pytest
from graphs import BY_LABEL, RELATIONS, build_graph, iri
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.compare import isomorphic

from kg.ontology import KG
from kg.rdf import new_graph
from kg.use.analyze import (
    RELATION_IRIS,
    annotate,
    betweenness,
    communities,
    components,
    degrees,
    format_stats,
    stats,
    to_networkx,
)

# rdflib's XSD warns when pytest probes module attributes; a plain Namespace does not.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


@pytest.fixture(scope="module")
def projection(graph: Graph) -> nx.MultiDiGraph:
    return to_networkx(graph)


def test_nodes_are_the_entities_only(graph, projection):
    assert set(projection.nodes) == {str(iri(label)) for label in BY_LABEL}
    articles = {str(a) for a in graph.subjects(RDF.type, KG.Article)}
    statements = {str(s) for s in graph.subjects(RDF.type, RDF.Statement)}
    assert not set(projection.nodes) & (articles | statements)
    assert not any(n.startswith(str(KG._NS)) for n in projection.nodes)  # no classes


def test_edges_are_the_relation_triples(projection):
    edges = {(u, v, d["relation"]) for u, v, d in projection.edges(data=True)}
    assert edges == {(str(iri(s)), str(iri(o)), p) for s, p, o in RELATIONS}
    assert projection.number_of_edges() == len(RELATIONS)


def test_node_attributes_are_plain_strings(projection):
    nx.write_graphml(projection, io.BytesIO())  # fails on any rdflib term
    navy = projection.nodes[str(iri("Peruvian Navy"))]
    assert navy == {"label": "Peruvian Navy", "class": "MilitaryOrganization", "aliases": "Navy"}


def test_degree_is_the_number_of_incident_relation_triples(graph, projection):
    deg = degrees(projection)
    for label in BY_LABEL:
        node = iri(label)
        incident = {(s, p, o) for p in RELATION_IRIS for s, o in graph.subject_objects(p)
                    if node in (s, o)}
        assert deg[str(node)] == len(incident), label


def test_self_loops_count_once():
    g = nx.MultiDiGraph()
    g.add_edge("a", "a", key="partOf")
    g.add_edge("a", "b", key="partOf")
    assert degrees(g) == {"a": 2, "b": 1}


def test_communities_partition_the_nodes(projection):
    found = communities(projection)
    members = [n for c in found for n in c]
    assert sorted(members) == sorted(projection.nodes)  # every node exactly once
    assert all(c == sorted(c) for c in found)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)


def test_communities_are_deterministic_with_the_seed(graph):
    first = communities(to_networkx(graph), seed=42)
    assert all(communities(to_networkx(graph), seed=42) == first for _ in range(3))


def test_components_separate_what_nothing_links(projection):
    found = components(projection)
    assert sorted(n for c in found for n in c) == sorted(projection.nodes)
    assert sorted(map(str, (iri("United Nations"), iri("Haiti")))) in found


def test_betweenness_is_highest_where_paths_meet(projection):
    scores = betweenness(projection)
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    leaves = [n for n, d in nx.Graph(projection.to_undirected()).degree() if d <= 1]
    assert all(scores[n] == 0.0 for n in leaves)
    assert max(scores, key=scores.get) == str(iri("Peruvian Navy"))
    sampled = betweenness(projection, k=5, seed=1)
    assert set(sampled) == set(scores)


def test_stats_summarise_the_graph(graph, projection):
    summary = stats(graph, top=3)
    assert summary["entities"] == len(BY_LABEL)
    assert summary["relations"] == len(RELATIONS)
    assert summary["articles"] == 2
    assert summary["statements"] == len(set(graph.subjects(RDF.type, RDF.Statement)))
    assert sum(summary["by_class"].values()) == summary["entities"]
    assert sum(summary["by_relation"].values()) == summary["relations"]
    assert summary["by_class"]["Person"] == sum(e.cls == "Person" for e in BY_LABEL.values())
    deg = degrees(projection)
    top = summary["top_degree"]
    assert len(top) == 3 and [t["degree"] for t in top] == sorted(deg.values(), reverse=True)[:3]
    assert top[0]["label"] == "Peruvian Navy"
    comms = summary["communities"]
    assert sorted(n for c in comms for n in c["members"]) == sorted(projection.nodes)
    assert all(c["size"] == len(c["members"]) == len(c["labels"]) for c in comms)
    assert summary["components"]["count"] == 2 and sum(summary["components"]["sizes"]) == len(BY_LABEL)
    assert stats(graph, top=3) == summary  # deterministic
    text = format_stats(summary)
    assert "Peruvian Navy" in text and "communities" in text


def test_annotate_writes_typed_values_back(graph):
    g = build_graph()
    assert annotate(g) == len(BY_LABEL)
    projection = to_networkx(graph)
    deg = degrees(projection)
    member = {n: i for i, c in enumerate(communities(projection)) for n in c}
    for label in BY_LABEL:
        node = iri(label)
        (d,) = g.objects(node, KG.degree)
        (b,) = g.objects(node, KG.betweenness)
        (c,) = g.objects(node, KG.community)
        assert d.datatype == XSD.integer and int(d) == deg[str(node)]
        assert b.datatype == XSD.decimal and Decimal(0) <= b.toPython() <= Decimal(1)
        assert c.datatype == XSD.integer and int(c) == member[str(node)]
    again = build_graph()
    annotate(again)
    annotate(again)  # idempotent: values are replaced, not added
    assert isomorphic(again, g)


def test_annotations_do_not_change_the_projection(graph):
    g = build_graph()
    annotate(g)
    assert nx.utils.graphs_equal(to_networkx(g), to_networkx(graph))


def test_empty_graph():
    g = new_graph()
    summary = stats(g)
    assert summary["entities"] == summary["relations"] == 0
    assert summary["communities"] == [] and summary["components"]["count"] == 0
    assert annotate(g) == 0


def test_literal_objects_never_become_nodes():
    g = build_graph()
    g.add((iri("Peru"), KG.locatedIn, Literal("South America")))  # malformed, but seen in the wild
    assert set(to_networkx(g).nodes) == {str(iri(label)) for label in BY_LABEL}


def test_doctests():
    import doctest

    import kg.use.analyze

    assert doctest.testmod(kg.use.analyze, optionflags=doctest.ELLIPSIS).failed == 0
