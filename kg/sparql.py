"""SPARQL text, before any graph sees it: query text -> checked, parsed, parameters bound.

The read-only policy and the query text tools that every query path shares (``kg query``,
``kg serve``, ``kg.use.query.run_query``; core, so that ``kg.store`` can use it too):

* :func:`check_query` refuses ``SERVICE``, ``LOAD`` and SPARQL Update with a
  :class:`QueryRefusedError` (a ``KGError``): queries run against the local graph only,
  read-only. pyoxigraph has no parse-only API and no switch to turn ``SERVICE`` off,
  so this check runs before any query reaches a store;
* :func:`parse_check` raises :class:`QuerySyntaxError` with line and column;
* :func:`query_form` says what a query returns;
* :func:`bind_parameters` binds ``$``-variables (a query's parameters) with a ``VALUES``
  block of escaped terms (:func:`sparql_term`); :func:`parse_bindings` reads
  ``NAME=VALUE`` items of the command line.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal as TypingLiteral
from typing import cast

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from .models import KGError
from .rdf import PREFIXES as RDF_PREFIXES

PREFIXES: Mapping[str, str] = dict(RDF_PREFIXES)
"""Prefixes predefined in every query: kg, rdf, rdfs, owl, skos, prov, dcterms, xsd."""

_XSD_STRING = str(XSD.string)

STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
"""``str.translate`` table that escapes a string for a SPARQL, Turtle or TSV literal."""

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
    kg.sparql.QueryRefusedError: The query uses SERVICE at line 1 ...
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
    return cast(Kind, found[1].upper())  # the pattern above admits only these four


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def syntax_error(sparql: str, line: int, column: int, message: str, name: str) -> QuerySyntaxError:
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
        raise _oxsyntax_error(sparql, err, name) from err
    del result


def _oxsyntax_error(sparql: str, err: SyntaxError, name: str) -> QuerySyntaxError:
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", str(err), re.DOTALL)
    if match:
        return syntax_error(sparql, int(match[1]), int(match[2]), match[3], name)
    return syntax_error(sparql, 1, 1, str(err), name)


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
        text = '"' + str(term).translate(STRING_ESCAPES) + '"'
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
