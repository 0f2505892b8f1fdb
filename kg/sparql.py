"""SPARQL text, before any graph sees it: query text -> checked, parsed, parameters bound.

The read-only policy and the query text tools that every query path shares (``kg query``,
``kg serve``, ``kg.use.query.run_query``, ``kg.store.query``; core, so that ``kg.store``
can use it too):

* :func:`check_query` refuses ``SERVICE``, ``LOAD``, SPARQL Update and brackets nested
  deeper than :data:`MAX_DEPTH` with a :class:`QueryRefusedError` (a ``KGError``):
  queries run against the local graph only, read-only. pyoxigraph has no parse-only API
  and no switch to turn ``SERVICE`` off, so this check runs before any query reaches a
  store. It reads any text in time linear in its length, and a string that never
  closes is a :class:`QuerySyntaxError` (see the lexing notes below);
* :func:`parse_check` raises :class:`QuerySyntaxError` with line and column;
* :func:`query_form` says what a query returns;
* :func:`bind_parameters` binds ``$``-variables (a query's parameters) with a ``VALUES``
  block of escaped terms (:func:`sparql_term`); :func:`parse_bindings` reads
  ``NAME=VALUE`` items of the command line.
"""
from __future__ import annotations

import functools
import heapq
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
#
# The pre-check has to agree with pyoxigraph and rdflib on which parts of a query are
# code (where SERVICE is a keyword) and which are strings, IRIs and comments, for every
# text they accept; and it must take time linear in the text, since it reads whatever a
# client sends. How:
#
# * strings, IRIs and comments are each matched by one regular expression with a single
#   way to match, tried once at a known start; a string that never closes fails closed
#   (a syntax error), it is not rescanned from every later quote;
# * in code a backslash escapes the next character (the \' and \# of a local name);
# * '<' is either an IRI or the "less than" operator, and the parsers decide by grammar
#   position. When the would-be IRI holds ' or # (the only characters that change the
#   context in code) both readings are followed. A reading is a position in code; two
#   readings at one position are one. The characters scanned, over all readings, are
#   capped at _WORK_FACTOR x the length: beyond that the query is refused;
# * SERVICE counts wherever it is not inside a variable or a local name: the parsers
#   accept "SERVICE<...>", "1SERVICE" and "SERVICEex:x" as the keyword.
#
# rdflib expands \uXXXX escapes in the whole text before parsing it, so a text holding
# them is checked a second time, expanded.

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
                  "\U00010000-\U000EFFFF")
_PN_CHARS_U = "_" + _PN_CHARS_BASE
_PN_CHARS = "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040" + _PN_CHARS_U
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"

_IRI_BODY = r"""(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"""
# Code up to the next character that may open a string, IRI or comment: a '<' that cannot
# start an IRI (no '>' before a character no IRI holds) is "less than", and code.
_CODE_RUN = re.compile(rf"""(?:[^<'"#\\]+|\\.|<(?!{_IRI_BODY}>))*""", re.DOTALL)
_STRINGS = {
    "'": re.compile(r"'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*'", re.DOTALL),
    '"': re.compile(r'"[^"\\\n\r]*(?:\\.[^"\\\n\r]*)*"', re.DOTALL),
    "'" * 3: re.compile(r"'{3}[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'{3}", re.DOTALL),
    '"' * 3: re.compile(r'"{3}[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"{3}', re.DOTALL),
}
_IRI = re.compile(rf"<{_IRI_BODY}>")
_CONTEXT_CHARS = re.compile("['#]")
_EOL = re.compile(r"[\n\r]")
# Removed from code before looking for keywords: variables (which also swallow a path's
# "?" before letters: SERVICE cannot follow one) and the local part of prefixed names.
# Both match no more than the SPARQL grammar's VARNAME and PN_LOCAL: what they miss
# stays code, which can only make the check refuse more.
_VARIABLES = re.compile(rf"[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*")
_LOCAL_PARTS = re.compile(
    rf"(?<=:)(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:[{_PN_CHARS}:]|{_PLX}|\.(?=[{_PN_CHARS}:.%\\]))*"
)
_SERVICE = re.compile("SERVICE", re.IGNORECASE)
_MAYBE_KEYWORD = re.compile("SERVICE|LOAD", re.IGNORECASE)
# LOAD is SPARQL Update, which no query parser accepts: a word of its own is enough.
_LOAD = re.compile(rf"(?<![{_PN_CHARS}])LOAD(?![{_PN_CHARS}:])", re.IGNORECASE)
_RDFLIB_ESCAPES = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
_PROLOGUE = re.compile(
    r"\A\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s*[\w.\-]*:\s*<[^>]*>)\s*)*", re.IGNORECASE
)
_UPDATE = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
_BRACKETS = re.compile(r"[()\[\]{}]")

_WORK_FACTOR = 6
MAX_DEPTH = 64
"""Brackets nest at most this deep in a query (pyoxigraph's parser overflows its stack
on a few thousand levels, which ends the process)."""


def _no_names(code: str, fill: str | None = None) -> str:
    """``code`` without variables and local names (each replaced by one space), or with
    them blanked by ``fill`` (same length, so offsets stay)."""
    if fill is None:
        return _LOCAL_PARTS.sub(" ", _VARIABLES.sub(" ", code))
    blank = lambda m: fill * len(m.group(0))  # noqa: E731
    return _LOCAL_PARTS.sub(blank, _VARIABLES.sub(blank, code))


def _refused_keyword(segment: str) -> tuple[str, int] | None:
    """``("SERVICE" | "LOAD", offset in segment)`` for a refused keyword in a run of code."""
    bare = _no_names(segment)
    if not (_SERVICE.search(bare) or _LOAD.search(bare)):
        return None
    bare = _no_names(segment, " ")  # again, keeping offsets, to say where
    hits = [(m.start(), kw) for kw, rx in (("SERVICE", _SERVICE), ("LOAD", _LOAD))
            if (m := rx.search(bare))]
    offset, keyword = min(hits)
    return keyword, offset


class _Lexed:
    """One pass over a query: the main reading's code, and the first refused keyword
    that any reading has in code."""

    __slots__ = ("code", "keyword")

    def __init__(self, code: str, keyword: tuple[str, int] | None) -> None:
        self.code = code          # the main reading, strings, IRIs and comments blanked
        self.keyword = keyword    # ("SERVICE" | "LOAD", offset) or None


def _lex(sparql: str, *, strict: bool = True) -> _Lexed:
    """Follow every reading of ``sparql`` (see the comment above); linear in its length.

    The main reading takes every ``<…>`` that can be an IRI as one: its code (with
    strings, IRIs and comments blanked, same length) is what :func:`query_form` and the
    parameter tools read. With ``strict``, a string the main reading opens and never
    closes is a :class:`QuerySyntaxError`; readings other than the main one just end there.

    Readings are positions where a reading is in code, taken in increasing order, so
    readings that meet merge: at the same position, or when a comment ends inside a run
    of code already read (a reading in code at a position has one future).
    """
    n = len(sparql)
    budget = _WORK_FACTOR * n + 4096
    work = 0
    pieces: list[str] = []
    keyword: tuple[str, int] | None = None
    pending: list[int] = []          # positions to read from, a heap
    main, queued = {0}, {0}          # positions the main reading reaches; every position ever queued
    run_start = run_end = -1         # the run of code that reaches furthest so far
    eol_from = eol_at = -1           # the last end of line looked up: eol_at for [eol_from, eol_at]
    long_failed: dict[str, int] = {}  # quote -> a start from which that long string never closes

    def look_for_keywords(start: int, stop: int) -> None:
        nonlocal keyword
        if _MAYBE_KEYWORD.search(sparql, start, stop):
            found = _refused_keyword(sparql[start:stop])
            if found and (keyword is None or start + found[1] < keyword[1]):
                keyword = (found[0], start + found[1])

    def end_of_line(start: int) -> int:
        nonlocal eol_from, eol_at, work
        if not eol_from <= start <= eol_at:  # readings come in order: one search serves many
            eol = _EOL.search(sparql, start)
            eol_from, eol_at = start, (eol.start() if eol else n)
            work += eol_at - start
        return eol_at

    def past_opaque(start: int, is_main: bool) -> int | None:
        """Where the comment or string at ``start`` ends (``None``: a string never closes)."""
        nonlocal work
        if sparql[start] == "#":
            return end_of_line(start)
        char = sparql[start]
        quote = char * 3 if sparql.startswith(char * 3, start) else char
        failed = long_failed.get(quote, n)
        found = _STRINGS[quote].match(sparql, start) if start < failed + 3 else None
        if found is not None:
            work += found.end() - start
            return found.end()
        if is_main and strict:
            raise _unterminated(sparql, start, quote)
        if len(quote) == 1:
            end_of_line(start)
        elif start < failed:
            long_failed[quote] = start  # from any later start it does not close either
            work += n - start
        return None

    at: int | None = 0
    while at is not None:
        is_main = at in main
        end = _CODE_RUN.match(sparql, at).end()  # type: ignore[union-attr]
        work += end - at + 1
        if end > at:
            look_for_keywords(at, end)
            if is_main:
                pieces.append(sparql[at:end])
        if end > run_end:
            run_start, run_end = at, end
        nexts: tuple[int, ...] = ()
        if end < n:
            char = sparql[end]
            if char in "#'\"":
                stop = past_opaque(end, is_main)
                nexts, blank = ((stop,), " " * (stop - end)) if stop is not None else ((), "")
            elif char == "<":
                iri = _IRI.match(sparql, end)
                if iri is None:  # the operator
                    work += 1
                    nexts, blank = (end + 1,), "<"
                else:
                    work += iri.end() - end
                    blank = "<" + " " * (iri.end() - end - 2) + ">"
                    nexts = (iri.end(),)
                    context = _CONTEXT_CHARS.search(sparql, end, iri.end())
                    if context is not None:  # read as "less than", the ' or # changes the context
                        look_for_keywords(end + 1, context.start())
                        other = past_opaque(context.start(), False)
                        if other is not None:
                            nexts = (other, iri.end())
            else:  # a backslash at the very end
                nexts, blank = (end + 1,), char
            if is_main:
                pieces.append(blank)
                main.add(nexts[-1] if nexts else n)
        if work > budget:
            raise QueryRefusedError(
                "The query is too ambiguous to check for SERVICE in reasonable time: it has "
                "many '<' that can be read both as IRIs holding ' or # and as comparisons. "
                "Put spaces around the comparison operators < and >."
            )
        if len(nexts) == 1 and nexts[0] not in queued and (not pending or nexts[0] < pending[0]):
            at = nexts[0]  # the common case: one reading, no queue
            queued.add(at)
            continue
        for nxt in nexts:
            if nxt not in queued:  # a reading that reaches a queued position merges with it
                queued.add(nxt)
                heapq.heappush(pending, nxt)
        at = None
        while pending:
            nxt = heapq.heappop(pending)
            if (nxt not in main and run_start < nxt < run_end and sparql[nxt] in "\n\r"
                    and sparql[nxt - 1] != "\\"):
                continue  # a comment ended inside code another reading has read: merged
            at = nxt
            break
    return _Lexed("".join(pieces), keyword)


def _unterminated(sparql: str, offset: int, quote: str) -> QuerySyntaxError:
    line, column = _line_col(sparql, offset)
    where = "the end of the query" if len(quote) == 3 else "the end of its line"
    return syntax_error(sparql, line, column, f"the string opened here with {quote} does not close "
                        f"before {where}; close it, or escape the quote inside it (\\{quote[0]})",
                        "the query")


@functools.lru_cache(maxsize=16)
def _lexed(sparql: str) -> _Lexed:
    return _lex(sparql)


def _code_only(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments blanked out (same length)."""
    return _lexed(sparql).code


def _rdflib_expanded(sparql: str) -> str:
    """``sparql`` with its ``\\uXXXX`` escapes expanded, as rdflib's parser first does."""
    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return chr(code) if code <= 0x10FFFF else "\uFFFD"

    return _RDFLIB_ESCAPES.sub(expand, sparql)


def query_parameters(sparql: str) -> tuple[str, ...]:
    """The ``$``-variables of a query, in order of first use: its parameters.

    >>> query_parameters('SELECT ?e WHERE { ?e rdfs:label $name . FILTER(?x != "$no") }')
    ('name',)
    """
    return tuple(dict.fromkeys(re.findall(r"\$(\w+)", _code_only(sparql))))


def check_query(sparql: str) -> None:
    """Refuse what kg-builder never runs: ``SERVICE``, ``LOAD`` and SPARQL Update; and
    brackets nested deeper than :data:`MAX_DEPTH`. Linear in the length of ``sparql``.

    A string that never closes is a :class:`QuerySyntaxError`: the check fails closed.

    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE <http://ex.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.sparql.QueryRefusedError: The query uses SERVICE at line 1 ...
    """
    lexed = _lexed(sparql)
    keyword = lexed.keyword
    if keyword is None and "\\" in sparql and _RDFLIB_ESCAPES.search(sparql):
        # rdflib reads the text with its \u escapes expanded: check that text too
        keyword = _lex(_rdflib_expanded(sparql), strict=False).keyword
        if keyword is not None:
            keyword = (keyword[0], min(keyword[1], len(sparql) - 1))
    if keyword is not None:
        name, offset = keyword
        why = ("federated queries would reach other servers" if name == "SERVICE"
               else "it would fetch remote data and change the graph")
        line, column = _line_col(sparql, offset)
        raise QueryRefusedError(
            f"The query uses {name} at line {line} column {column}, which kg-builder "
            f"refuses: {why}. Query the local graph only"
            + (" (a prefix or other word that contains SERVICE counts too: rename it)."
               if name == "SERVICE" else ".")
        )
    code = lexed.code
    prologue = _PROLOGUE.match(code)
    start = prologue.end() if prologue else 0
    if _UPDATE.match(code, start):
        raise ReadOnlyError(
            "This is a SPARQL Update, and kg-builder queries graphs read-only: it answers "
            "SELECT, ASK, CONSTRUCT and DESCRIBE and never changes the graph. Rebuild the "
            "graph with `kg build` to change it."
        )
    _check_depth(sparql, code)


def _check_depth(sparql: str, code: str) -> None:
    if code.count("(") + code.count("[") + code.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _BRACKETS.finditer(code):
        depth += 1 if match.group(0) in "([{" else -1
        if depth > MAX_DEPTH:
            line, column = _line_col(sparql, match.start())
            raise QueryRefusedError(
                f"The query nests brackets more than {MAX_DEPTH} deep (at line {line} column "
                f"{column}); kg-builder refuses deeper queries, which can crash the SPARQL "
                "engine. Flatten the query."
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
        raise oxigraph_syntax_error(sparql, err, name) from err
    del result


def oxigraph_syntax_error(sparql: str, err: SyntaxError, name: str = "the query") -> QuerySyntaxError:
    """pyoxigraph's ``SyntaxError`` for ``sparql`` as a :class:`QuerySyntaxError` (its position
    is only in the message: ``error at LINE:COLUMN: ...``)."""
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
    bare = _no_names(_code_only(sparql), " ")
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
