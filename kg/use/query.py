"""SPARQL over a built graph: graph file + query text -> :class:`QueryResult` -> text.

Two engines answer the same queries with the same results:

* an ``rdflib.Graph`` (:func:`load_graph`), the graph every other stage reads;
* a ``pyoxigraph.Store`` (:func:`load_store`), 30x faster to load and orders of
  magnitude faster on joins and aggregates (see shared/FIELD-NOTES.md); the HTTP
  endpoint (``kg.use.serve``) uses it.

:func:`run_query` takes either, with the prefixes of :data:`PREFIXES` predefined,
and returns a :class:`QueryResult` holding rdflib terms whichever engine ran.
:func:`format_result` (``kg.use.results``) writes it as an aligned text table, CSV, TSV,
SPARQL 1.1 results JSON or XML, or (for ``CONSTRUCT``/``DESCRIBE``) Turtle or N-Triples.

Queries are parameterised by ``$``-variables: ``$name`` is an ordinary SPARQL
variable, so the query runs as is (the variable is then free and matches
anything); :func:`run_query`'s ``bindings`` bind it with a ``VALUES`` block of
escaped terms at the top of the WHERE clause (``kg.sparql.bind_parameters``), the same
way for both engines::

    >>> g = Graph().parse(data='<http://ex.org/n> <http://ex.org/name> "Navy" .', format="nt")
    >>> r = run_query(g, "SELECT ?e WHERE { ?e <http://ex.org/name> $name }", bindings={"name": "Navy"})
    >>> print(format_result(r), end="")
    e
    -----------------
    <http://ex.org/n>

Queries run against the local graph only, and read-only: ``SERVICE``, ``LOAD``
and SPARQL Update are refused with a ``QueryRefusedError`` (a ``KGError``) by
``kg.sparql.check_query``, which every query path shares. Reading a graph file never
uses the network either: a JSON-LD file that names a remote ``@context`` is refused
(naming the URL) unless the caller passes ``allow_remote_context=True``.
"""
from __future__ import annotations

import json
import logging
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from xml.sax import SAXException

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.term import Node

from ..models import KGError
from ..sparql import (
    PREFIXES,
    Binding,
    bind_parameters,
    check_query,
    oxigraph_syntax_error,
    parse_check,
    query_form,
    syntax_error,
)
from .results import QueryResult, format_result

log = logging.getLogger(__name__)

__all__ = [
    "GRAPH_FORMATS", "PREFIXES", "QueryResult", "format_result", "load_graph",
    "load_store", "read_query", "run_query", "to_oxigraph", "to_rdflib",
]

_XSD_STRING = str(XSD.string)

GRAPH_FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}
"""Graph file suffix -> rdflib parser name, as :func:`load_graph` guesses it."""

_DATASET_FORMATS = frozenset({"trig", "nquads"})

_OX_FORMATS: Mapping[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

# --------------------------------------------------------------------------- loading


_FORMAT_ALIASES = {"ttl": "turtle", "nq": "nquads", "ntriples": "nt", "n-triples": "nt",
                   "n-quads": "nquads", "jsonld": "json-ld", "rdfxml": "xml", "rdf/xml": "xml"}


def _graph_format(path: Path, fmt: str | None) -> str:
    if fmt:
        fmt = fmt.lower()
        fmt = _FORMAT_ALIASES.get(fmt, fmt)
        if fmt not in _OX_FORMATS:
            raise KGError(f"Unknown graph format {fmt!r}: use one of {', '.join(_OX_FORMATS)}.")
        return fmt
    found = GRAPH_FORMATS.get(path.suffix.lower())
    if found is None:
        raise KGError(
            f"Cannot tell the RDF format of {path} from its suffix {path.suffix!r}: use one of "
            f"{', '.join(sorted(GRAPH_FORMATS))}, or name the format explicitly."
        )
    return found


def _read_source(path: str | Path) -> tuple[bytes, Path]:
    if str(path) == "-":
        return sys.stdin.buffer.read(), Path("-")
    p = Path(path)
    if not p.is_file():
        raise KGError(f"The graph file {p} does not exist. Build one with `kg build`, or fix the path.")
    try:
        return p.read_bytes(), p
    except OSError as err:
        raise KGError(f"Cannot read the graph file {p}: {err.strerror}.") from err


def load_graph(path: str | Path, *, format: str | None = None,
               allow_remote_context: bool = False) -> Graph:
    """Parse a graph file into rdflib; the format comes from the suffix unless given.

    ``-`` reads standard input (then ``format`` defaults to Turtle). TriG and N-Quads
    load into a ``Dataset`` with ``default_union=True``: queries and iteration see
    the union of all the named graphs and the default graph.

    Reading never uses the network: a JSON-LD file that names a ``@context`` by URL (which
    rdflib's parser would fetch) raises ``KGError`` naming it, unless
    ``allow_remote_context`` (the command line's ``--allow-remote-context``).
    """
    data, p = _read_source(path)
    fmt = _graph_format(p, format or ("turtle" if str(path) == "-" else None))
    if fmt == "json-ld" and not allow_remote_context:
        _refuse_external_contexts(data, p)
    return _rdflib_graph(data, p, fmt)


def _rdflib_graph(data: bytes, p: Path, fmt: str, g: Graph | None = None) -> Graph:
    if g is None:
        g = Dataset(default_union=True) if fmt in _DATASET_FORMATS else Graph()
    try:
        g.parse(data=data, format=fmt)
    # rdflib's parsers raise: Turtle/TriG BadSyntax (a SyntaxError), N-Triples/N-Quads
    # ParserError, RDF/XML SAXException, JSON-LD ValueError; unknown formats a LookupError;
    # a remote @context that cannot be fetched an OSError (URLError)
    except (SyntaxError, ParserError, SAXException, ValueError, LookupError, TypeError, OSError) as err:
        raise _parse_error(p, fmt, err) from err
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=False)
    return g


_RAPPER_NAMES = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "nt": "ntriples", "xml": "rdfxml"}


def _parse_error(path: Path, fmt: str, err: BaseException) -> KGError:
    hint = (f"; `rapper -c -i {_RAPPER_NAMES[fmt]} {path}` shows every error"
            if fmt in _RAPPER_NAMES else "")
    return KGError(f"Cannot parse {path} as {fmt}: {str(err).strip().rstrip('.')}. Fix the file, "
                   f"or name its right format{hint}.")


def external_contexts(data: bytes | str, *, name: str = "the JSON-LD document") -> tuple[str, ...]:
    """Every context that a JSON-LD document names by reference (a URL, or a path relative
    to the document), which a JSON-LD processor would fetch: the strings that stand as a
    ``@context`` (alone or in a list, at any depth: scoped contexts included) or as an
    ``@import``. In order of appearance, without repeats.

    >>> external_contexts(b'{"@context": ["https://schema.org/", {"@import": "c.jsonld"}], "name": "x"}')
    ('https://schema.org/', 'c.jsonld')

    Raises ``KGError`` if the document is not JSON: a file this check cannot read is not
    handed to a parser that might fetch from it.
    """
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as err:
        raise KGError(f"Cannot parse {name} as json-ld: it is not JSON ({err}). Fix the file, or "
                      "name its right format.") from err
    found: dict[str, None] = {}
    stack: list[object] = [doc]
    while stack:  # iterative: the nesting of a hostile document does not matter
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            found[ctx] = None
                elif key == "@import" and isinstance(value, str):
                    found[value] = None
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return tuple(found)


def _refuse_external_contexts(data: bytes, path: Path) -> None:
    contexts = external_contexts(data, name=str(path))
    if contexts:
        more = f" (and {len(contexts) - 1} more)" if len(contexts) > 1 else ""
        raise KGError(
            f"{path} names the remote JSON-LD @context {contexts[0]!r}{more}. kg-builder does not "
            "fetch it: reading a graph file never uses the network unless you ask. Put the "
            "context in the file, or pass --allow-remote-context (Python: "
            "allow_remote_context=True) to fetch it."
        )


def load_store(path: str | Path, *, format: str | None = None,
               allow_remote_context: bool = False) -> ox.Store:
    """Load a graph file into an in-memory ``pyoxigraph.Store`` (about 1M triples/s).

    pyoxigraph is the strictest RDF parser we have; a file it rejects is invalid. It never
    fetches a remote JSON-LD ``@context``; a file that names one raises ``KGError`` naming
    it, or, with ``allow_remote_context``, is read by rdflib (which fetches the context)
    and copied into the store.
    """
    data, p = _read_source(path)
    fmt = _graph_format(p, format or ("turtle" if str(path) == "-" else None))
    if fmt not in _OX_FORMATS:
        raise KGError(f"pyoxigraph cannot read {fmt!r} ({p}); use one of {', '.join(_OX_FORMATS)}.")
    store = ox.Store()
    if fmt == "json-ld":
        if not allow_remote_context:
            _refuse_external_contexts(data, p)
        elif external_contexts(data, name=str(p)):  # rdflib fetches them; pyoxigraph cannot
            dataset = _rdflib_graph(data, p, fmt, Dataset())
            with warnings.catch_warnings():  # rdflib's N-Quads writer uses its own deprecated API
                warnings.simplefilter("ignore", DeprecationWarning)
                data, fmt = dataset.serialize(format="nquads", encoding="utf-8"), "nquads"
    try:
        store.bulk_load(data, format=_OX_FORMATS[fmt])
    except (SyntaxError, ValueError) as err:
        raise _parse_error(p, fmt, err) from err
    return store


def read_query(path: str | Path) -> str:
    """The text of a query file (``-``: standard input)."""
    if str(path) == "-":
        return sys.stdin.read()
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise KGError(f"The query file {p} does not exist; see queries/ for examples.") from err
    except (OSError, UnicodeDecodeError) as err:
        raise KGError(f"Cannot read the query file {p}: {err}.") from err


# --------------------------------------------------------------------------- running


def run_query(
    source: Graph | ox.Store,
    sparql: str,
    *,
    bindings: Mapping[str, Binding] | None = None,
    max_rows: int | None = None,
    should_stop: Callable[[], bool] | None = None,
    name: str = "the query",
) -> QueryResult:
    """Run ``sparql`` on an rdflib graph or a pyoxigraph store.

    ``bindings`` pre-bind the query's ``$``-parameters (strings become plain
    literals). At most ``max_rows`` rows (or triples) are kept; ``truncated`` says
    whether there were more. ``should_stop`` is polled between rows: when it
    returns true the partial result comes back with ``truncated=True`` (the HTTP
    endpoint uses it to end timed-out queries). ``name`` (e.g. the query's file)
    appears in error messages.

    Raises ``kg.sparql.QuerySyntaxError`` with line and column for invalid SPARQL, and
    ``kg.sparql.QueryRefusedError`` for ``SERVICE``, ``LOAD`` and updates.
    """
    check_query(sparql)
    if bindings:
        parse_check(sparql, name=name)  # an error points into the text as written
        sparql = bind_parameters(sparql, bindings, name=name)
        name = f"{name} with its parameters bound"
    if isinstance(source, ox.Store):
        return _run_oxigraph(source, sparql, max_rows, should_stop, name)
    if isinstance(source, Graph):
        parse_check(sparql, name=name)  # pyoxigraph's parser, the strictest, judges for rdflib too
        return _run_rdflib(source, sparql, max_rows, should_stop, name)
    raise TypeError(f"run_query needs an rdflib.Graph or a pyoxigraph.Store, not {type(source).__name__}")


def _take(items: Iterator[object], max_rows: int | None,
          should_stop: Callable[[], bool] | None) -> tuple[list[object], bool]:
    out: list[object] = []
    for item in items:
        if (max_rows is not None and len(out) >= max_rows) or (should_stop and should_stop()):
            return out, True
        out.append(item)
    return out, False


def _run_rdflib(graph: Graph, sparql: str, max_rows: int | None,
                should_stop: Callable[[], bool] | None, name: str) -> QueryResult:
    try:
        result = graph.query(sparql, initNs=dict(PREFIXES))
    except ParseBaseException as err:  # valid for pyoxigraph, beyond rdflib's grammar
        raise syntax_error(
            sparql, err.lineno, err.col,
            f"rdflib cannot parse this (pyoxigraph can: query a pyoxigraph store instead): {err.msg}",
            name,
        ) from err
    kind = result.type
    if kind == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if kind == "SELECT":
        variables = tuple(str(v) for v in result.vars or ())
        rows, truncated = _take(iter(result), max_rows, should_stop)
        return QueryResult(
            "SELECT", variables, tuple(tuple(row) for row in rows), truncated=truncated  # type: ignore[arg-type]
        )
    assert result.graph is not None
    triples, truncated = _take(iter(sorted(result.graph)), max_rows, should_stop)
    return QueryResult(kind, triples=tuple(triples), truncated=truncated)  # type: ignore[arg-type]


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (``xsd:string`` literals become plain)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise KGError(f"kg-builder cannot represent the RDF term {term!r} (RDF-star triple terms are not supported).")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise KGError(f"Cannot use {term!r} as a query binding: bind an IRI, a blank node or a literal.")


def _run_oxigraph(store: ox.Store, sparql: str, max_rows: int | None,
                  should_stop: Callable[[], bool] | None, name: str) -> QueryResult:
    try:
        result = store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
    except SyntaxError as err:
        raise oxigraph_syntax_error(sparql, err, name) from err
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        solutions, truncated = _take(iter(result), max_rows, should_stop)
        rows = tuple(tuple(to_rdflib(s[v]) for v in variables) for s in solutions)  # type: ignore[index]
        return QueryResult("SELECT", variables, rows, truncated=truncated)
    kind = query_form(sparql)
    found, truncated = _take(iter(result), max_rows, should_stop)
    triples = tuple(
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in found  # type: ignore[attr-defined]
    )
    return QueryResult(kind, triples=triples, truncated=truncated)  # type: ignore[arg-type]
