"""kg.use.export: every format reads back, in three parsers where it can, as the same graph."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from graphs import RELATIONS, SENTENCES, build_graph, iri
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.models import KGError
from kg.ontology import KG
from kg.use.analyze import RELATION_IRIS, to_networkx
from kg.use.export import (
    FORMATS,
    NEO4J_NODE_HEADER,
    NEO4J_REL_HEADER,
    export,
    graph_name,
    render,
    to_dataset,
)
from kg.use.query import PREFIXES, load_graph

# rdflib's own parsers use APIs rdflib itself deprecates; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

TESTS = Path(__file__).resolve().parents[1]
RAPPER = shutil.which("rapper")
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
              "jsonld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
RAPPER_NAMES = {"turtle": "turtle", "ntriples": "ntriples", "trig": "trig", "nquads": "nquads"}
QUAD_FORMATS = ("trig", "nquads")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


@pytest.fixture(scope="module")
def exported(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    paths = {}
    for name, spec in FORMATS.items():
        target = out / (f"graph{spec.suffix}" if spec.suffix else "neo4j")
        written = export(graph, name, target)
        paths[name] = target
        assert all(p.is_file() for p in written)
    return paths


def quad_count(graph: Graph) -> int:
    return len(list(to_dataset(graph).quads((None, None, None, None))))


def test_registry_lists_every_format():
    assert set(FORMATS) == {"turtle", "ntriples", "jsonld", "trig", "nquads", "graphml", "gexf",
                            "cytoscape", "neo4j"}
    for name, spec in FORMATS.items():
        assert spec.name == name and spec.description and spec.media_type


@pytest.mark.parametrize("fmt", sorted(OX_FORMATS))
def test_rdf_exports_read_back_in_pyoxigraph_with_the_same_count(graph, exported, fmt):
    parsed = list(ox.parse(path=str(exported[fmt]), format=OX_FORMATS[fmt]))
    expected = quad_count(graph) if fmt in QUAD_FORMATS else len(graph)
    assert len(parsed) == expected
    if fmt in QUAD_FORMATS:
        names = {q.graph_name for q in parsed}
        assert ox.DefaultGraph() in names and len(names) > 1


@pytest.mark.skipif(RAPPER is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt", sorted(RAPPER_NAMES))
def test_rdf_exports_read_back_in_rapper_with_the_same_count(graph, exported, fmt):
    run = subprocess.run([RAPPER, "-i", RAPPER_NAMES[fmt], "-c", str(exported[fmt])],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    count = int(re.search(r"returned (\d+) (?:triples|statements)", run.stderr)[1])
    assert count == (quad_count(graph) if fmt in QUAD_FORMATS else len(graph))


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_triple_exports_are_isomorphic_to_the_graph(graph, exported, fmt):
    assert isomorphic(load_graph(exported[fmt]), graph)


def test_jsonld_has_a_context_of_the_prefixes_and_expands_back(graph, exported):
    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"] == dict(PREFIXES)
    text = exported["jsonld"].read_text(encoding="utf-8")
    assert '"kg:commands"' in text  # compacted with the prefixes
    assert isomorphic(Graph().parse(data=text, format="json-ld"), graph)


def test_named_graphs_hold_what_each_article_evidences(graph, exported):
    for fmt in QUAD_FORMATS:
        ds = Dataset()
        ds.parse(exported[fmt], format=fmt)
        default = ds.default_graph.identifier
        per_graph: dict[URIRef, set] = {}
        for s, p, o, g in ds.quads((None, None, None, None)):
            per_graph.setdefault(g, set()).add((s, p, o))
        articles = set(graph.subjects(RDF.type, KG.Article))
        assert set(per_graph) - {default} == {graph_name(a) for a in articles}
        for article in articles:
            named = per_graph[graph_name(article)]
            statements = set(graph.subjects(PROV.wasDerivedFrom, article))
            assert {s for s, _, _ in named if s in statements} == statements
            for s, p, o in named:  # only statements and the relation triples they reify
                assert s in statements or (p in RELATION_IRIS and (s, p, o) in graph)
            reified = {(graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                        graph.value(st, RDF.object)) for st in statements}
            assert {t for t in named if t[1] in RELATION_IRIS} == reified
            assert (graph_name(article), PROV.wasDerivedFrom, article) in per_graph[default]
        in_default = per_graph[default]
        assert not any(p == RDF.type and o == RDF.Statement for _, p, o in in_default)
        assert (iri("Peru"), RDF.type, KG.Country) in in_default
        union = set().union(*per_graph.values())
        derivations = {(graph_name(a), PROV.wasDerivedFrom, a) for a in articles}
        assert union - derivations == set(graph)


def test_graph_names_are_minted_beside_the_articles(graph):
    for article in graph.subjects(RDF.type, KG.Article):
        assert str(graph_name(article)) == str(article).replace("/article/", "/graph/")
    assert graph_name(URIRef("urn:x:article")) == URIRef("urn:x:article#graph")


def _edges(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, d["relation"]) for u, v, d in g.edges(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_in_networkx(graph, exported, fmt):
    back = nx.read_graphml(exported[fmt]) if fmt == "graphml" else nx.read_gexf(exported[fmt])
    expected = to_networkx(graph)
    assert set(back.nodes) == set(expected.nodes)
    assert _edges(back) == _edges(expected)
    assert back.number_of_edges() == expected.number_of_edges() == len(RELATIONS)
    for n, data in expected.nodes(data=True):
        for key in ("label", "class", "aliases"):
            assert (back.nodes[n].get(key) or "") == data[key], (n, key)
    best = {(u, v, d["relation"]): d["confidence"] for u, v, d in back.edges(data=True)}
    assert best[(str(iri("Jane Doe")), str(iri("Peruvian Navy")), "commands")] == 0.9


def test_projection_attributes_are_plain(graph):
    g = to_networkx(graph)
    for _, data in g.nodes(data=True):
        assert set(data) == {"label", "class", "aliases"}
        assert all(type(v) is str for v in data.values())
    for _, _, data in g.edges(data=True):
        assert type(data["relation"]) is str and type(data["confidence"]) is float
    assert g.nodes[str(iri("Armed Forces' Joint Command"))]["aliases"] == "CCFFAA|Joint Command"


def test_neo4j_csvs(graph, exported):
    folder = exported["neo4j"]
    with open(folder / "nodes.csv", newline="", encoding="utf-8") as fh:
        nodes = list(csv.reader(fh))
    with open(folder / "relationships.csv", newline="", encoding="utf-8") as fh:
        rels = list(csv.reader(fh))
    assert tuple(nodes[0]) == NEO4J_NODE_HEADER == ("id:ID", "label", ":LABEL", "aliases")
    assert tuple(rels[0]) == NEO4J_REL_HEADER == (
        ":START_ID", ":END_ID", ":TYPE", "confidence:float", "sentence")
    projection = to_networkx(graph)
    assert len(nodes) - 1 == projection.number_of_nodes()
    assert len(rels) - 1 == len(RELATIONS)
    ids = {row[0] for row in nodes[1:]}
    sentences = {s for _, s, _ in SENTENCES}
    for start, end, rel_type, conf, sentence in rels[1:]:
        assert start in ids and end in ids and rel_type in {p for _, p, _ in RELATIONS}
        assert 0.0 <= float(conf) <= 1.0 and sentence in sentences
    navy = next(row for row in nodes[1:] if row[1] == "Peruvian Navy")
    assert navy[2].split(";")[:2] == ["MilitaryOrganization", "Organization"]


def test_cytoscape_elements(graph, exported):
    doc = json.loads(exported["cytoscape"].read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert ids == set(to_networkx(graph).nodes)
    assert len(edges) == len(RELATIONS) == len({e["data"]["id"] for e in edges})
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)


def test_exports_are_byte_identical_across_runs(graph):
    """Run the exports in a second interpreter with another hash seed and compare."""
    script = (
        "import hashlib, sys\n"
        f"sys.path.insert(0, {str(TESTS)!r})\n"
        "from graphs import build_graph\n"
        "from kg.use.export import FORMATS, render\n"
        "g = build_graph()\n"
        "for f in FORMATS:\n"
        "    files = render(g, f)\n"
        "    print(f, hashlib.sha256(b''.join(files[k] for k in sorted(files))).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True, cwd=TESTS.parent)
    theirs = dict(line.split() for line in run.stdout.splitlines())
    for fmt in FORMATS:
        files = render(graph, fmt)
        ours = hashlib.sha256(b"".join(files[k] for k in sorted(files))).hexdigest()
        assert ours == theirs[fmt], f"{fmt} differs between runs"


def test_export_replaces_files_atomically(graph, tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("old\n")
    export(graph, "turtle", target)
    assert target.read_text().startswith("@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    before = target.read_bytes()
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KGError, match="No space left"):
        export(graph, "ntriples", target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_export_creates_folders_and_rejects_unknown_formats(graph, tmp_path):
    written = export(graph, "neo4j", tmp_path / "a" / "neo4j")
    assert sorted(p.name for p in written) == ["nodes.csv", "relationships.csv"]
    assert export(graph, "gexf", tmp_path / "b" / "g.gexf") == (tmp_path / "b" / "g.gexf",)
    with pytest.raises(KGError, match=r"Unknown export format 'xlsx'.*turtle"):
        export(graph, "xlsx", tmp_path / "x.xlsx")


def test_exports_work_from_a_loaded_dataset(graph, exported):
    ds = load_graph(exported["trig"])
    back = Graph().parse(data=render(ds, "turtle")[""], format="turtle")
    assert set(graph) <= set(back)
    for fmt in QUAD_FORMATS:  # splitting the union again gives the same dataset
        assert render(ds, fmt)[""] == exported[fmt].read_bytes()


def test_invalid_iris_fail_with_a_clear_message():
    g = Graph()
    g.add((URIRef("http://ex.org/a b"), RDF.type, KG.Person))  # rdflib accepts it; RDF does not
    with pytest.raises(KGError, match="Cannot export the triple"):
        render(g, "turtle")
