"""Query results: :class:`QueryResult` (rdflib terms, whichever engine ran) -> text.

:func:`format_result` writes a result as an aligned text table, CSV, TSV, SPARQL 1.1
results JSON or XML, or (for ``CONSTRUCT``/``DESCRIBE``) Turtle or N-Triples.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..models import KGError
from ..sparql import PREFIXES, STRING_ESCAPES, Kind

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "xml")
"""Formats for ``SELECT`` and ``ASK`` results."""

GRAPH_RESULT_FORMATS = ("turtle", "ntriples")
"""Formats for ``CONSTRUCT`` and ``DESCRIBE`` results."""

RESULT_FORMATS = TABULAR_FORMATS + GRAPH_RESULT_FORMATS

_XSD_STRING = str(XSD.string)

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
    text = '"' + str(term).translate(STRING_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


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
