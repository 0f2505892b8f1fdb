"""SPARQL over a built graph: graph file + query text -> :class:`QueryResult` -> text.

Two engines answer the same queries with the same results:

* an ``rdflib.Graph`` (:func:`load_graph`), the graph every other stage reads;
* a ``pyoxigraph.Store`` (:func:`load_store`), 30x faster to load and orders of
  magnitude faster on joins and aggregates (see shared/FIELD-NOTES.md); the HTTP
  endpoint (``kg.serve``) uses it.

:func:`run_query` takes either, with the prefixes of :data:`PREFIXES` predefined,
and returns a :class:`QueryResult` holding rdflib terms whichever engine ran.
:func:`format_result` writes it as an aligned text table, CSV, TSV, SPARQL 1.1
results JSON or XML, or (for ``CONSTRUCT``/``DESCRIBE``) Turtle or N-Triples.

Queries are parameterised by ``$``-variables: ``$name`` is an ordinary SPARQL
variable, so the query runs as is (the variable is then free and matches
anything); :func:`run_query`'s ``bindings`` bind it with a ``VALUES`` block of
escaped terms at the top of the WHERE clause (:func:`bind_parameters`), the same
way for both engines::

    >>> g = Graph().parse(data='<http://ex.org/n> <http://ex.org/name> "Navy" .', format="nt")
    >>> r = run_query(g, "SELECT ?e WHERE { ?e <http://ex.org/name> $name }", bindings={"name": "Navy"})
    >>> print(format_result(r), end="")
    e
    -----------------
    <http://ex.org/n>

Queries run against the local graph only, and read-only: ``SERVICE``, ``LOAD``
and SPARQL Update are refused with a :class:`QueryRefusedError` (a ``KGError``).
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral
from xml.sax import SAXException
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.term import Node

from .models import KGError
from .rdf import PREFIXES as _RDF_PREFIXES

log = logging.getLogger(__name__)

PREFIXES: Mapping[str, str] = dict(_RDF_PREFIXES)
"""Prefixes predefined in every query: kg, rdf, rdfs, owl, skos, prov, dcterms, xsd."""

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

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "xml")
"""Formats for ``SELECT`` and ``ASK`` results."""

GRAPH_RESULT_FORMATS = ("turtle", "ntriples")
"""Formats for ``CONSTRUCT`` and ``DESCRIBE`` results."""

RESULT_FORMATS = TABULAR_FORMATS + GRAPH_RESULT_FORMATS

_XSD_STRING = str(XSD.string)

Kind = TypingLiteral["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
Binding = Node | str


class QuerySyntaxError(KGError):
    """The query text is not valid SPARQL; ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QueryRefusedError(KGError):
    """The query asks for something kg-builder never does (``SERVICE``, ``LOAD``)."""


class ReadOnlyError(QueryRefusedError):
    """The text is a SPARQL Update; graphs are queried read-only."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to one query, as rdflib terms whichever engine ran it.

    ``rows`` (``SELECT``) hold one term or ``None`` (unbound) per variable;
    ``boolean`` answers an ``ASK``; ``triples`` answer ``CONSTRUCT``/``DESCRIBE``.
    ``truncated`` says the engine had more rows than the ``max_rows`` asked for.
    """

    kind: Kind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Node, Node, Node], ...] = ()
    truncated: bool = False

    def __len__(self) -> int:
        if self.kind == "ASK":
            return 1
        return len(self.rows) if self.kind == "SELECT" else len(self.triples)

    @property
    def is_graph(self) -> bool:
        return self.kind in ("CONSTRUCT", "DESCRIBE")

    def graph(self) -> Graph:
        """The ``CONSTRUCT``/``DESCRIBE`` triples as a new graph with :data:`PREFIXES` bound."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True)
        for triple in self.triples:
            g.add(triple)
        return g

    def dicts(self) -> list[dict[str, Node]]:
        """The ``SELECT`` rows as dicts of the bound variables (handy in tests and notebooks)."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


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


def load_graph(path: str | Path, *, format: str | None = None) -> Graph:
    """Parse a graph file into rdflib; the format comes from the suffix unless given.

    ``-`` reads standard input (then ``format`` defaults to Turtle). TriG and N-Quads
    load into a ``Dataset`` with ``default_union=True``: queries and iteration see
    the union of all the named graphs and the default graph.
    """
    data, p = _read_source(path)
    fmt = _graph_format(p, format or ("turtle" if str(path) == "-" else None))
    g: Graph = Dataset(default_union=True) if fmt in _DATASET_FORMATS else Graph()
    try:
        g.parse(data=data, format=fmt)
    # rdflib's parsers raise: Turtle/TriG BadSyntax (a SyntaxError), N-Triples/N-Quads
    # ParserError, RDF/XML SAXException, JSON-LD ValueError; unknown formats a LookupError
    except (SyntaxError, ParserError, SAXException, ValueError, LookupError, TypeError) as err:
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


def load_store(path: str | Path, *, format: str | None = None) -> ox.Store:
    """Load a graph file into an in-memory ``pyoxigraph.Store`` (about 1M triples/s).

    pyoxigraph is the strictest RDF parser we have; a file it rejects is invalid.
    """
    data, p = _read_source(path)
    fmt = _graph_format(p, format or ("turtle" if str(path) == "-" else None))
    if fmt not in _OX_FORMATS:
        raise KGError(f"pyoxigraph cannot read {fmt!r} ({p}); use one of {', '.join(_OX_FORMATS)}.")
    store = ox.Store()
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


# --------------------------------------------------------------------------- lexing

# Everything that can hide a keyword from a naive search: long and short strings,
# IRIs and comments, in one left-to-right alternation so a '#' in a string is no comment.
_OPAQUE = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# Variables, prefixed names, blank node labels and language tags, after _OPAQUE.
# A local name neither starts nor ends with ".", so "ex: .SERVICE" keeps its keyword.
_NAMES = re.compile(
    r"[?$]\w+"
    r"|(?:[A-Za-z_][\w.\-]*)?:(?:[\w:%\\\-](?:[\w.:%\\\-]*[\w:%\\\-])?)?"
    r"|@[A-Za-z][\w\-]*"
)
_PROLOGUE = re.compile(
    r"\A\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s*[\w.\-]*:\s*<[^>]*>)\s*)*", re.IGNORECASE
)
_UPDATE = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.startswith("<"):
        return "<" + " " * (len(text) - 2) + ">"
    return re.sub(r"[^\n]", " ", text)


def _code_only(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments blanked out (same length, same lines)."""
    return _OPAQUE.sub(_blank, sparql)


def query_parameters(sparql: str) -> tuple[str, ...]:
    """The ``$``-variables of a query, in order of first use: its parameters.

    >>> query_parameters('SELECT ?e WHERE { ?e rdfs:label $name . FILTER(?x != "$no") }')
    ('name',)
    """
    return tuple(dict.fromkeys(re.findall(r"\$(\w+)", _code_only(sparql))))


def check_query(sparql: str) -> None:
    """Refuse what kg-builder never runs: ``SERVICE``, ``LOAD`` and SPARQL Update.

    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE <http://ex.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.query.QueryRefusedError: The query uses SERVICE at line 1 ...
    """
    code = _code_only(sparql)
    bare = _NAMES.sub(lambda m: " " * len(m.group(0)), code)
    for keyword, why in (
        ("SERVICE", "federated queries would reach other servers"),
        ("LOAD", "it would fetch remote data and change the graph"),
    ):
        found = re.search(rf"(?<!\w){keyword}(?!\w)", bare, re.IGNORECASE)
        if found:
            line, column = _line_col(sparql, found.start())
            raise QueryRefusedError(
                f"The query uses {keyword} at line {line} column {column}, which kg-builder "
                f"refuses: {why}. Query the local graph only."
            )
    prologue = _PROLOGUE.match(code)
    start = prologue.end() if prologue else 0
    if _UPDATE.match(code, start):
        raise ReadOnlyError(
            "This is a SPARQL Update, and kg-builder queries graphs read-only: it answers "
            "SELECT, ASK, CONSTRUCT and DESCRIBE and never changes the graph. Rebuild the "
            "graph with `kg build` to change it."
        )


def query_form(sparql: str) -> Kind:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: what the query returns.

    >>> query_form("PREFIX ex: <http://ex.org/> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    code = _code_only(sparql)
    prologue = _PROLOGUE.match(code)
    found = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)(?!\w)", code[prologue.end() if prologue else 0:], re.I)
    if not found:
        raise KGError("Cannot tell the query form: a query starts (after PREFIX and BASE lines) "
                      "with SELECT, ASK, CONSTRUCT or DESCRIBE.")
    return found[1].upper()  # type: ignore[return-value]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_error(sparql: str, line: int, column: int, message: str, name: str) -> QuerySyntaxError:
    lines = sparql.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    message = " ".join(message.split())
    if len(message) > 240:
        message = message[:240] + " …"
    return QuerySyntaxError(
        f"SPARQL syntax error in {name} at line {line}, column {column}: {message}\n"
        f"    {shown}\n    {' ' * max(column - 1, 0)}^\n"
        f"Fix the query; the prefixes {', '.join(PREFIXES)} are predefined.",
        line,
        column,
    )


_PARSE_PROBE = ox.Store()  # empty: parsing a query against it evaluates nothing


def parse_check(sparql: str, *, name: str = "the query") -> None:
    """Raise :class:`QuerySyntaxError` (with line and column) unless ``sparql`` is valid SPARQL.

    pyoxigraph's parser, the strictest we have, is the judge for both engines.
    Call :func:`check_query` first: an empty store still evaluates ``SERVICE``.
    """
    try:
        result = _PARSE_PROBE.query(sparql, prefixes=dict(PREFIXES))
    except SyntaxError as err:
        raise _ox_syntax_error(sparql, err, name) from err
    del result


def _ox_syntax_error(sparql: str, err: SyntaxError, name: str) -> QuerySyntaxError:
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", str(err), re.DOTALL)
    if match:
        return _syntax_error(sparql, int(match[1]), int(match[2]), match[3], name)
    return _syntax_error(sparql, 1, 1, str(err), name)


# --------------------------------------------------------------------------- bindings


def parse_binding(value: str) -> Node:
    """A command-line value as an RDF term: ``<iri>``, ``prefix:local`` or a string.

    Only the prefixes of :data:`PREFIXES` expand; quote a value to keep it a string.

    >>> parse_binding("kg:commands")
    rdflib.term.URIRef('https://w3id.org/kg-builder/ontology#commands')
    >>> parse_binding("<https://ex.org/a>")
    rdflib.term.URIRef('https://ex.org/a')
    >>> parse_binding('"kg:commands"'), parse_binding("Peruvian Navy")
    (rdflib.term.Literal('kg:commands'), rdflib.term.Literal('Peruvian Navy'))
    """
    if len(value) >= 2 and value[0] == "<" and value[-1] == ">":
        return URIRef(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return Literal(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and re.fullmatch(r"[\w\-.]*", local):
        return URIRef(PREFIXES[prefix] + local)
    return Literal(value)


def parse_bindings(items: Iterable[str]) -> dict[str, Node]:
    """``["name=Peruvian Navy", "relation=kg:commands"]`` -> bindings for :func:`run_query`."""
    out: dict[str, Node] = {}
    for item in items:
        name, eq, value = item.partition("=")
        name = name.strip().lstrip("$?")
        if not eq or not re.fullmatch(r"\w+", name):
            raise KGError(
                f"Cannot read the binding {item!r}: write NAME=VALUE, e.g. "
                "name='Peruvian Navy' or relation=kg:commands."
            )
        out[name] = parse_binding(value)
    return out


def _as_term(value: Binding) -> Node:
    return value if isinstance(value, Node) else Literal(value)


_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def sparql_term(term: Node) -> str:
    """``term`` in SPARQL syntax, escaped so it cannot change the query around it.

    >>> print(sparql_term(Literal('say "hi"\\n')), sparql_term(URIRef("https://ex.org/a")))
    "say \\"hi\\"\\n" <https://ex.org/a>
    """
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise KGError(f"Cannot bind the IRI {str(term)!r}: it contains characters no IRI may contain.")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^{sparql_term(URIRef(term.datatype))}"
        return text
    raise KGError(f"Cannot bind {term!r}: bind an IRI or a literal (a blank node matches nothing).")


def _where_brace(sparql: str) -> int:
    """The offset of the ``{`` that opens the outermost WHERE group of ``sparql``."""
    bare = _NAMES.sub(lambda m: " " * len(m.group(0)), _code_only(sparql))
    wheres = {m.start() for m in re.finditer(r"(?<!\w)WHERE(?!\w)", bare, re.IGNORECASE)}
    depth, seen_where, first = 0, False, -1
    for i, ch in enumerate(bare):
        if depth == 0 and i in wheres:
            seen_where = True
        elif ch in "({":
            if ch == "{" and depth == 0:
                if seen_where:
                    if first < 0 and query_form(sparql) == "CONSTRUCT":
                        raise KGError(
                            "The short form CONSTRUCT WHERE { … } cannot take parameters (its "
                            "template is its pattern); write CONSTRUCT { … } WHERE { … }."
                        )
                    return i
                if first < 0:
                    first = i
            depth += 1
        elif ch in ")}":
            depth -= 1
    if first >= 0 and query_form(sparql) != "CONSTRUCT":  # SELECT * { … }, ASK { … }
        return first
    raise KGError("Cannot find the query's WHERE clause to bind its parameters: a query with "
                  "parameters needs a WHERE group.")


def bind_parameters(sparql: str, bindings: Mapping[str, Binding], *, name: str = "the query") -> str:
    """``sparql`` with its ``$``-parameters bound by a ``VALUES`` block.

    The block opens the outermost WHERE group, so the values hold everywhere in
    the outer query (not inside sub-SELECTs, which SPARQL evaluates first). Terms
    are escaped (:func:`sparql_term`); strings become plain literals. Binding a
    name the query does not use is an error, so a typo cannot silently match all.

    >>> print(bind_parameters("SELECT ?e WHERE { ?e rdfs:label $name }", {"name": "Navy"}))
    SELECT ?e WHERE { VALUES ($name) { ("Navy") } ?e rdfs:label $name }
    """
    if not bindings:
        return sparql
    params = query_parameters(sparql)
    unknown = sorted(set(bindings) - set(params))
    if unknown:
        have = ", ".join(f"${p}" for p in params) or "none"
        raise KGError(
            f"{name} has no parameter {', '.join('$' + u for u in unknown)} (its parameters: "
            f"{have}). Parameters are the query's $-variables; fix the name."
        )
    names = sorted(bindings)
    values = " ".join(sparql_term(_as_term(bindings[n])) for n in names)
    block = f" VALUES ({' '.join('$' + n for n in names)}) {{ ({values}) }}"
    at = _where_brace(sparql) + 1
    return sparql[:at] + block + sparql[at:]


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

    Raises :class:`QuerySyntaxError` with line and column for invalid SPARQL, and
    :class:`QueryRefusedError` for ``SERVICE``, ``LOAD`` and updates.
    """
    check_query(sparql)
    parse_check(sparql, name=name)
    if bindings:
        sparql = bind_parameters(sparql, bindings, name=name)
        parse_check(sparql, name=f"{name} with its parameters bound")
    if isinstance(source, ox.Store):
        return _run_oxigraph(source, sparql, max_rows, should_stop)
    if isinstance(source, Graph):
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
        raise _syntax_error(
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
                  should_stop: Callable[[], bool] | None) -> QueryResult:
    result = store.query(
        sparql,
        prefixes=dict(PREFIXES),
        use_default_graph_as_union=True,
    )
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


# --------------------------------------------------------------------------- formatting


def format_result(result: QueryResult, fmt: str = "table", *, max_width: int | None = 60) -> str:
    """``result`` as text in ``fmt`` (see :data:`RESULT_FORMATS`).

    ``table`` aligns columns for reading, shortens IRIs with :data:`PREFIXES` and
    cuts cells at ``max_width`` characters (``None``: never). ``csv``, ``tsv``,
    ``json`` and ``xml`` follow the SPARQL 1.1 results formats. ``CONSTRUCT`` and
    ``DESCRIBE`` results come as ``turtle`` (also for ``table``) or ``ntriples``.
    """
    if fmt not in RESULT_FORMATS:
        raise KGError(f"Unknown result format {fmt!r}: use one of {', '.join(RESULT_FORMATS)}.")
    if result.is_graph:
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_RESULT_FORMATS:
            raise KGError(
                f"A {result.kind} query returns a graph, which cannot be written as {fmt}: "
                f"use {' or '.join(GRAPH_RESULT_FORMATS)}."
            )
        return _graph_text(result, fmt)
    if fmt in GRAPH_RESULT_FORMATS:
        raise KGError(
            f"A {result.kind} query returns a table, which cannot be written as {fmt}: use one of "
            f"{', '.join(TABULAR_FORMATS)} (or write a CONSTRUCT query)."
        )
    return _FORMATTERS[fmt](result, max_width)


def _graph_text(result: QueryResult, fmt: str) -> str:
    g = result.graph()
    if fmt == "ntriples":
        lines = sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())
        return "".join(line + "\n" for line in lines)
    return g.serialize(format="turtle")


def _compact(iri: str) -> str:
    best, shown = "", f"<{iri}>"
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best) and re.fullmatch(r"[\w\-.]*", iri[len(ns):]):
            best, shown = ns, f"{prefix}:{iri[len(ns):]}"
    return shown


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return _compact(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())  # one line per row


def _table(result: QueryResult, max_width: int | None) -> str:
    if result.kind == "ASK":
        return f"{'true' if result.boolean else 'false'}\n"
    header = list(result.variables)
    body = [[_cell(t) for t in row] for row in result.rows]
    if max_width:
        body = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in body]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    widths = [max(w, 1) for w in widths]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    if result.truncated:
        lines.append(f"… (cut at {len(result.rows)} rows)")
    return "\n".join(lines) + "\n"


def _delimited(result: QueryResult, delimiter: str, term_text: Callable[[Node | None], str]) -> str:
    buffer = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(buffer, lineterminator="\r\n")
        if result.kind == "ASK":
            writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
            return buffer.getvalue()
        writer.writerow(result.variables)
        writer.writerows([term_text(t) for t in row] for row in result.rows)
        return buffer.getvalue()
    if result.kind == "ASK":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(term_text(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _csv_term(term: Node | None) -> str:
    """SPARQL 1.1 CSV: IRIs and literals as their plain text, blank nodes as ``_:label``."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv_term(term: Node | None) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax (tabs and newlines escaped)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = '"' + str(term).translate(_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult, max_width: int | None = None) -> str:
    if result.kind == "ASK":
        doc: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        doc = {
            "head": {"vars": list(result.variables)},
            "results": {"bindings": [
                {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows
            ]},
        }
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{xml_escape(str(term))}</literal>"


def _xml(result: QueryResult, max_width: int | None = None) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ASK":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(result.variables, row) if t is not None]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


_FORMATTERS: Mapping[str, Callable[[QueryResult, int | None], str]] = {
    "table": _table,
    "csv": lambda r, _w: _delimited(r, ",", _csv_term),
    "tsv": lambda r, _w: _delimited(r, "\t", _tsv_term),
    "json": _json,
    "xml": _xml,
}
