"""Exports: ``rdflib.Graph`` -> files in other formats, through a registry of writers.

:data:`FORMATS` maps a name to an :class:`ExportFormat`; :func:`render` turns a
graph into ``{file name: bytes}`` and :func:`export` writes them atomically
(``kg.outputs.write_atomic``: temporary file, fsync, rename; a reader never sees half a file).

RDF formats (every one reads back as the same triples or quads in pyoxigraph,
the strictest parser, and all but JSON-LD in ``rapper``):

* ``turtle``, ``ntriples``: the graph as it is; ``jsonld``: the same, written by
  pyoxigraph (lossless), with property names and types shortened by an ``@context``
  that maps the prefixes of ``kg.rdf.PREFIXES``;
* ``trig``, ``nquads``: one named graph per article, holding the relation
  triples the article evidences and their provenance statements; the default
  graph holds everything else (entities, articles, build metadata) and says
  which article each named graph was derived from (``<graph>
  prov:wasDerivedFrom <article>``, the nanopublication pattern). See
  :func:`to_dataset`.

Graph formats, over the entity-only projection of ``kg.use.analyze.to_networkx``:
``graphml`` and ``gexf`` (Gephi, yEd, Cytoscape desktop), ``cytoscape``
(Cytoscape.js JSON elements) and ``neo4j`` (``nodes.csv`` and
``relationships.csv`` for ``neo4j-admin database import``).

Every writer is deterministic: the same graph gives byte-identical files.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from networkx.readwrite.gexf import GEXFWriter
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from ..models import KGError
from ..ontology import superclasses
from ..outputs import write_atomic
from ..rdf import mint_iri
from ..sparql import PREFIXES
from .analyze import to_networkx
from .query import to_oxigraph

log = logging.getLogger(__name__)

Files = dict[str, bytes]
"""File name (relative to the output) -> content; ``""`` is the output path itself."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: how to name its output and how to write it."""

    name: str
    suffix: str  # of the output file; "" for a directory of files
    media_type: str
    description: str
    write: Callable[[Graph], Files]
    rdf: bool = False  # carries the full RDF graph (vs. a projection)


# --------------------------------------------------------------------------- RDF


def _term_key(term: Node) -> tuple[int, str, str]:
    if isinstance(term, URIRef):
        return (0, str(term), "")
    if isinstance(term, BNode):
        return (1, str(term), "")
    assert isinstance(term, Literal)
    return (2, str(term), f"{term.language or ''}^{term.datatype or ''}")


def _triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """All the triples of ``graph`` (the union of its graphs, for a Dataset), sorted."""
    return sorted(set(graph.triples((None, None, None))), key=lambda t: tuple(map(_term_key, t)))


def _ox_triple(t: tuple[Node, Node, Node]) -> ox.Triple:
    try:
        return ox.Triple(*(to_oxigraph(x) for x in t))  # type: ignore[arg-type]
    except (ValueError, TypeError) as err:
        raise KGError(
            f"Cannot export the triple ({', '.join(repr(str(x)) for x in t)}): {err}. The graph holds a "
            "term no RDF syntax allows (rdflib's parser is lenient); fix or rebuild the graph."
        ) from err


def _serialize(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    data = ox.serialize(items, format=fmt, prefixes=dict(PREFIXES))
    assert data is not None  # without an output, pyoxigraph returns the bytes
    return data


def write_turtle(graph: Graph) -> Files:
    return {"": _serialize((_ox_triple(t) for t in _triples(graph)), ox.RdfFormat.TURTLE)}


def write_ntriples(graph: Graph) -> Files:
    return {"": _serialize((_ox_triple(t) for t in _triples(graph)), ox.RdfFormat.N_TRIPLES)}


def _json_sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted_json(value: object, ordered: bool = False) -> object:
    """JSON-LD with every node object and value array in a canonical order.

    Arrays are sets in JSON-LD except under ``@list`` (an RDF collection), kept as is.
    """
    if isinstance(value, dict):
        return {k: _sorted_json(v, ordered=k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return items if ordered else sorted(items, key=_json_sort_key)
    return value


def write_jsonld(graph: Graph) -> Files:
    """JSON-LD: pyoxigraph's lossless expanded form, with property names and types shortened
    to CURIEs of an ``@context`` of the project's prefixes, under ``@graph``."""
    expanded = json.loads(_serialize((_ox_triple(t) for t in _triples(graph)), ox.RdfFormat.JSON_LD))
    doc = _sorted_json({"@context": dict(PREFIXES), "@graph": [_compact_node(n) for n in expanded]})
    return {"": (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")}


def _compact_node(node: dict[str, Any]) -> dict[str, Any]:
    """One expanded node object with CURIE keys, and its ``rdf:type`` IRIs as ``@type``; every
    value stays in expanded form (rdflib 7.6's compaction drops ``""``, ``0`` and ``false``
    beside other values of a property)."""
    out: dict[str, Any] = {}
    for key, values in node.items():
        if key.startswith("@"):
            out[key] = values
            continue
        for value in values:
            if key == _RDF_TYPE and "@id" in value:
                out.setdefault("@type", []).append(_curie(value["@id"]))
            else:
                out.setdefault(_curie(key), []).append(value)
    return out


_RDF_TYPE = str(RDF.type)


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(ns):]
        if iri.startswith(ns) and local and all(ch.isalnum() or ch in "_-." for ch in local):
            return f"{prefix}:{local}"
    return iri


def graph_name(article: Node) -> URIRef:
    """The IRI of the named graph that holds what ``article`` evidences.

    Minted by ``kg.rdf.mint_iri`` beside the article: ``…/article/x`` -> ``…/graph/x``.
    """
    match = re.fullmatch(r"(.*/)article/([^/]+)", str(article))
    if match:
        return mint_iri("graph", match[2], match[1])
    return URIRef(f"{article}#graph")


def to_dataset(graph: Graph) -> Dataset:
    """``graph`` split into one named graph per article (see the module docstring).

    The union of the named graphs and the default graph is ``graph`` plus one
    ``<graph> prov:wasDerivedFrom <article>`` triple per named graph.
    """
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    placed: set[tuple[Node, Node, Node]] = set()
    statements = sorted(set(graph.subjects(RDF.type, RDF.Statement)), key=_term_key)
    for st in statements:
        articles = sorted(graph.objects(st, PROV.wasDerivedFrom), key=_term_key)
        if not articles:
            continue  # no article: stays in the default graph
        s, p, o = (graph.value(st, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        own = list(graph.triples((st, None, None)))
        for article in articles:
            name = graph_name(article)
            named = ds.graph(name)
            for t in own:
                named.add(t)
            if s is not None and p is not None and o is not None and (s, p, o) in graph:
                named.add((s, p, o))
                placed.add((s, p, o))
            ds.add((name, PROV.wasDerivedFrom, article))
        placed.update(own)
    for t in graph.triples((None, None, None)):
        if t not in placed:
            ds.add(t)
    return ds


def _quads(ds: Dataset) -> list[ox.Quad]:
    """The quads of ``ds``, default graph first, then by graph name and triple."""
    default = ds.default_graph.identifier
    keyed = []
    for s, p, o, name in ds.quads((None, None, None, None)):
        name = getattr(name, "identifier", name)  # a Graph in some rdflib versions
        graph_key = (-1, "", "") if name is None or name == default else _term_key(name)
        keyed.append((graph_key, tuple(map(_term_key, (s, p, o))), (s, p, o), name))
    keyed.sort(key=lambda q: (q[0], q[1]))
    quads = []
    for gk, _, t, name in keyed:
        triple = _ox_triple(t)
        graph_name = ox.DefaultGraph() if gk[0] == -1 or name is None else to_oxigraph(name)
        if isinstance(graph_name, ox.Literal):
            raise KGError(f"Cannot export a graph named by the literal {str(name)!r}: name graphs by IRIs.")
        quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph_name))
    return quads


def write_trig(graph: Graph) -> Files:
    return {"": _serialize(_quads(to_dataset(graph)), ox.RdfFormat.TRIG)}


def write_nquads(graph: Graph) -> Files:
    return {"": _serialize(_quads(to_dataset(graph)), ox.RdfFormat.N_QUADS)}


# --------------------------------------------------------------------------- graph formats


def _numbered_edges(graph: Graph) -> nx.MultiDiGraph:
    """The projection with an ``id`` on every edge (``e0``, ``e1``, … in sorted order)."""
    g = to_networkx(graph)
    for i, (_, _, data) in enumerate(g.edges(data=True)):
        data["id"] = f"e{i}"
    return g


def write_graphml(graph: Graph) -> Files:
    g = _numbered_edges(graph)
    lines = nx.generate_graphml(g, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    return {"": ("\n".join(lines) + "\n").encode("utf-8")}


def write_gexf(graph: Graph) -> Files:
    g = _numbered_edges(graph)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:  # a date stamp would make every export differ
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(g)
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"": buffer.getvalue()}


def write_cytoscape(graph: Graph) -> Files:
    """Cytoscape.js ``elements`` JSON: ``cytoscape({elements: …})`` or Cytoscape's JSON import."""
    g = _numbered_edges(graph)
    nodes = [
        {"data": {"id": n, "label": d["label"], "class": d["class"], "aliases": d["aliases"]},
         "classes": d["class"]}
        for n, d in g.nodes(data=True)
    ]
    edges = []
    for u, v, d in g.edges(data=True):
        data = {"id": d["id"], "source": u, "target": v, "relation": d["relation"],
                "confidence": d.get("confidence"), "evidence": d["evidence"]}
        edges.append({"data": data, "classes": d["relation"]})
    doc = {"elements": {"nodes": nodes, "edges": edges}}
    return {"": (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}


NEO4J_NODE_HEADER = ("id:ID", "label", ":LABEL", "aliases")
NEO4J_REL_HEADER = (":START_ID", ":END_ID", ":TYPE", "confidence:float", "sentence")


def _neo4j_labels(cls: str) -> str:
    """``MilitaryOrganization;Organization;Agent;Entity``: Cypher can match any level."""
    if not cls:
        return "Entity"
    try:
        chain = superclasses(cls)
    except KGError:
        chain = (cls,)
    return ";".join((*chain, "Entity"))


def write_neo4j(graph: Graph) -> Files:
    """``nodes.csv`` and ``relationships.csv`` in the ``neo4j-admin database import`` layout."""
    g = to_networkx(graph)
    nodes, rels = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(NEO4J_NODE_HEADER)
    for n, d in g.nodes(data=True):
        w.writerow((n, d["label"], _neo4j_labels(d["class"]), d["aliases"]))
    w = csv.writer(rels, lineterminator="\n")
    w.writerow(NEO4J_REL_HEADER)
    for u, v, d in g.edges(data=True):
        conf = d.get("confidence")
        w.writerow((u, v, d["relation"], "" if conf is None else repr(conf), d.get("sentence", "")))
    return {"nodes.csv": nodes.getvalue().encode("utf-8"),
            "relationships.csv": rels.getvalue().encode("utf-8")}


# --------------------------------------------------------------------------- registry


FORMATS: Mapping[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", ".ttl", "text/turtle", "Turtle, the whole graph", write_turtle, True),
        ExportFormat("ntriples", ".nt", "application/n-triples",
                     "N-Triples, one sorted triple a line", write_ntriples, True),
        ExportFormat("jsonld", ".jsonld", "application/ld+json",
                     "JSON-LD with an @context of the prefixes", write_jsonld, True),
        ExportFormat("trig", ".trig", "application/trig",
                     "TriG, one named graph per article", write_trig, True),
        ExportFormat("nquads", ".nq", "application/n-quads",
                     "N-Quads, one named graph per article", write_nquads, True),
        ExportFormat("graphml", ".graphml", "application/graphml+xml",
                     "GraphML of the entity graph (yEd, Gephi, Cytoscape)", write_graphml),
        ExportFormat("gexf", ".gexf", "application/gexf+xml",
                     "GEXF 1.2 of the entity graph (Gephi)", write_gexf),
        ExportFormat("cytoscape", ".cyjs", "application/json",
                     "Cytoscape.js JSON elements of the entity graph", write_cytoscape),
        ExportFormat("neo4j", "", "text/csv",
                     "a folder with nodes.csv and relationships.csv for neo4j-admin import",
                     write_neo4j),
    )
}
"""Export format name -> :class:`ExportFormat`."""


def get_format(fmt: str) -> ExportFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise KGError(f"Unknown export format {fmt!r}: use one of {', '.join(FORMATS)}.") from None


def render(graph: Graph, fmt: str) -> Files:
    """``graph`` in format ``fmt``, as file name -> bytes (``""``: a single-file format)."""
    return get_format(fmt).write(graph)


def export(graph: Graph, fmt: str, out_path: str | Path) -> tuple[Path, ...]:
    """Write ``graph`` as ``fmt`` to ``out_path``; returns the files written.

    ``out_path`` is a file, except for ``neo4j``, whose two CSV files go into the
    folder ``out_path`` (created if needed). Each file is written to a temporary
    file beside it and renamed into place.
    """
    spec = get_format(fmt)
    files = spec.write(graph)
    out = Path(out_path)
    written = []
    try:
        target_dir = out if not spec.suffix else out.parent
        target_dir.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = out / name if name else out
            write_atomic(path, data)
            written.append(path)
    except OSError as err:
        raise KGError(f"Cannot write the {fmt} export to {out}: {err.strerror or err}. "
                      "Check the path and its permissions.") from err
    log.info("wrote %s export: %s", fmt, ", ".join(map(str, written)))
    return tuple(written)
