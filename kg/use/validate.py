"""SHACL validation: ``rdflib.Graph`` + ``ontology/shapes.ttl`` -> (conforms, report text).

The shapes check what the extractor promises (see ``ontology/shapes.ttl``):
every entity has exactly one ``rdfs:label``; the subject and object of every
relation have the classes the ontology's domain and range name; every
provenance statement reifies an asserted triple and has exactly one
``kg:confidence`` in [0, 1] and one ``kg:rule``; every article has a
``kg:contentHash``.

pyshacl runs with the ontology (``ontology/kg.ttl``) as its ontology graph, so
subclasses count (a ``MilitaryOrganization`` is an ``Organization``).
``inference="rdfs"`` (the default) also applies the ontology's domains and
ranges before checking; wrong types then show up as disjointness violations
("a Place cannot also be an Organization"). ``inference="none"`` checks the
graph exactly as written, which names the relation at fault and is faster.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from rdflib import Graph, Namespace

from ..models import KGError
from ..ontology import ONTOLOGY_PATH, load_ontology

log = logging.getLogger(__name__)

SHAPES_PATH: Path = ONTOLOGY_PATH.parent / "shapes.ttl"
"""The shapes file, beside the ontology (checkout or installed copy)."""

INFERENCE = ("rdfs", "none", "owlrl", "both")

SH = Namespace("http://www.w3.org/ns/shacl#")


@functools.cache
def _shapes(path: Path) -> Graph:
    if not path.is_file():
        raise KGError(f"The SHACL shapes file {path} does not exist; reinstall kg-builder or "
                      "pass the path of a shapes file.")
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except (SyntaxError, ValueError) as err:
        raise KGError(f"Cannot parse the SHACL shapes {path}: {err}. Fix its Turtle "
                      f"(`rapper -i turtle -c {path}`).") from err
    return g


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph (``ontology/shapes.ttl`` unless ``path`` is given); a fresh copy."""
    g = Graph()
    g += _shapes(Path(path) if path is not None else SHAPES_PATH)
    return g


def validate(
    graph: Graph,
    *,
    shapes: str | Path | Graph | None = None,
    inference: str = "rdfs",
    sparql_constraints: bool = True,
) -> tuple[bool, str]:
    """Check ``graph`` against the SHACL shapes; returns ``(conforms, report text)``.

    ``sparql_constraints=False`` skips the SHACL-SPARQL constraints (the check that
    every statement reifies an asserted triple): pyshacl runs them once per focus
    node through rdflib's SPARQL engine, several milliseconds each, which dominates
    on graphs with thousands of statements. ``graph`` is not modified (pyshacl
    infers on a copy).
    """
    import pyshacl  # heavy: only validation needs it

    if inference not in INFERENCE:
        raise KGError(f"Unknown inference {inference!r}: use one of {', '.join(INFERENCE)}.")
    if isinstance(shapes, Graph):
        shapes_graph = Graph()
        shapes_graph += shapes
    else:
        shapes_graph = load_shapes(shapes)
    if not sparql_constraints:
        shapes_graph.remove((None, SH.sparql, None))
    conforms, _results, text = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph,
        ont_graph=load_ontology(),
        inference=inference,
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        inplace=False,
    )
    log.info("SHACL validation: %s", "conforms" if conforms else "violations found")
    return bool(conforms), str(text)
