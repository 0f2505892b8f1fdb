"""Reading a graph never uses the network: every command and API, every input format.

A loopback server (tests/trap.py) records every request. Each graph file points at it
in every way its format allows: IRIs on its host, ``owl:imports`` of it, a DOCTYPE with
external entities (RDF/XML), remote ``@context`` references in all their JSON-LD shapes
(a URL, in a list, scoped to a term, ``@import``, in a nested node). Then every command
and API reads every file, and the server must have heard nothing. The JSON-LD files
with a remote context are refused with a message naming the URL; with
``--allow-remote-context`` the fetch happens (so the trap can tell).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from graphs import build_graph
from rdflib import OWL, RDFS, URIRef
from test_serve import running
from trap import Trap
from typer.testing import CliRunner

from kg.cli import app
from kg.models import KGError
from kg.use.export import export
from kg.use.query import load_graph, load_store
from kg.use.serve import make_app

runner = CliRunner()

REMOTE_JSONLD = ("context", "context-list", "scoped-context", "import", "nested-context")


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    with Trap() as server:
        yield server


@pytest.fixture(scope="module")
def files(trap: Trap, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One graph file per format and per way of pointing at the trap."""
    folder = tmp_path_factory.mktemp("offline")
    graph = build_graph()
    here = URIRef(trap.url("ontology"))
    graph.add((here, OWL.imports, URIRef(trap.url("imports.ttl"))))
    graph.add((here, RDFS.seeAlso, URIRef(trap.url("see-also.rdf"))))
    out: dict[str, Path] = {}
    for fmt, name in (("turtle", "graph.ttl"), ("ntriples", "graph.nt"), ("trig", "graph.trig"),
                      ("nquads", "graph.nq"), ("jsonld", "graph.jsonld")):
        export(graph, fmt, folder / name)
        out[fmt] = folder / name
    xml = graph.serialize(format="xml")
    doctype = (f'<!DOCTYPE rdf:RDF SYSTEM "{trap.url("dtd")}" [\n'
               f'  <!ENTITY ext SYSTEM "{trap.url("entity")}">\n'
               f'  <!ENTITY % pe SYSTEM "{trap.url("parameter-entity")}">\n  %pe;\n]>\n')
    out["rdfxml"] = folder / "graph.rdf"
    out["rdfxml"].write_text(xml.replace("<rdf:RDF", doctype + "<rdf:RDF", 1), encoding="utf-8")
    node = {"@id": "http://ex.org/a", "name": "A"}
    remote = {
        "context": {"@context": trap.url("context.jsonld"), **node},
        "context-list": {"@context": [{"ex": "http://ex.org/"}, trap.url("list/context.jsonld")], **node},
        "scoped-context": {"@context": {"knows": {"@id": "http://ex.org/knows",
                                                  "@context": trap.url("scoped/context.jsonld")}},
                           "@id": "http://ex.org/a", "knows": {"@id": "http://ex.org/b", "name": "B"}},
        "import": {"@context": {"@version": 1.1, "@import": trap.url("import/context.jsonld")}, **node},
        "nested-context": {"@id": "http://ex.org/a",
                           "http://ex.org/p": {"@context": trap.url("nested/context.jsonld"), **node}},
    }
    for name, doc in remote.items():
        out[name] = folder / f"{name}.jsonld"
        out[name].write_text(json.dumps(doc), encoding="utf-8")
    assert trap.requests == []
    return out


COMMANDS = {
    "stats": lambda g, tmp: ["stats", str(g)],
    "validate": lambda g, tmp: ["validate", str(g)],
    "export": lambda g, tmp: ["export", "-g", str(g), "-f", "ntriples", "-o", str(tmp / "out.nt")],
    "view": lambda g, tmp: ["view", str(g), "-o", str(tmp / "view.html")],
    "explain": lambda g, tmp: ["explain", str(g)],
    "query --engine rdflib": lambda g, tmp: ["query", "ASK { ?s ?p ?o }", "-g", str(g), "--engine", "rdflib"],
    "query --engine oxigraph": lambda g, tmp: ["query", "ASK { ?s ?p ?o }", "-g", str(g)],
    "serve": lambda g, tmp: ["serve", str(g), "--port", "1", "--host", "127.0.0.1"],
}
FORMATS = ("turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml") + REMOTE_JSONLD


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "serve"])
def test_no_command_reaches_the_network(trap, files, tmp_path, command, fmt):
    before = list(trap.requests)
    result = runner.invoke(app, COMMANDS[command](files[fmt], tmp_path))
    assert trap.requests == before, f"{command} on {fmt} sent {trap.requests[len(before):]}"
    if fmt in REMOTE_JSONLD:
        assert result.exit_code == 1
        assert "--allow-remote-context" in result.output and trap.url() in result.output
    elif fmt != "rdfxml" or "oxigraph" not in command:  # pyoxigraph refuses the DOCTYPE's entities
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output


@pytest.mark.parametrize("fmt", REMOTE_JSONLD)
def test_serve_refuses_a_remote_context_before_listening(trap, files, tmp_path, fmt):
    before = list(trap.requests)
    result = runner.invoke(app, COMMANDS["serve"](files[fmt], tmp_path))
    assert result.exit_code == 1 and trap.url() in result.output
    assert trap.requests == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_api_reaches_the_network(trap, files, fmt):
    before = list(trap.requests)
    for read in (load_graph, load_store):
        if fmt in REMOTE_JSONLD:
            with pytest.raises(KGError, match="remote JSON-LD @context"):
                read(files[fmt])
        elif fmt == "rdfxml" and read is load_store:
            with pytest.raises(KGError, match="Cannot parse"):
                read(files[fmt])
        else:
            assert len(read(files[fmt])) > 0
    assert trap.requests == before


@pytest.mark.parametrize("fmt", ("turtle", "jsonld", "trig"))
def test_the_endpoint_serves_without_reaching_the_network(trap, files, fmt):
    before = list(trap.requests)
    with running(make_app(files[fmt], workers=1)) as url:
        r = httpx.get(url + "/sparql", params={"query": "SELECT ?o WHERE { ?s owl:imports ?o }"}, timeout=30)
        assert r.status_code == 200 and trap.url("imports.ttl") in r.text
    for fmt_remote in REMOTE_JSONLD:
        with pytest.raises(KGError, match="remote JSON-LD @context"):
            make_app(files[fmt_remote])
    assert trap.requests == before


def test_allow_remote_context_fetches_what_it_names(trap, files, tmp_path):
    before = len(trap.requests)
    ok = runner.invoke(app, ["query", "SELECT ?n WHERE { ?s <http://schema.org/name> ?n }", "-g",
                             str(files["context"]), "--allow-remote-context", "-f", "csv"])
    assert ok.exit_code == 0 and ok.output.splitlines() == ["n", "A"], ok.output
    assert trap.requests[before:] == ["GET /context.jsonld"]
    for read in (load_graph, load_store):
        assert len(read(files["scoped-context"], allow_remote_context=True)) == 2
    assert trap.requests[before + 1:] == ["GET /scoped/context.jsonld"] * 2


def test_a_jsonld_file_that_is_not_json_is_not_handed_to_a_parser(tmp_path):
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@context": "http://127.0.0.1:9/c", ', encoding="utf-8")
    with pytest.raises(KGError, match="not JSON"):
        load_graph(bad)


def test_reading_a_deeply_nested_jsonld_file_is_an_error_not_a_crash(tmp_path):
    deep = tmp_path / "deep.jsonld"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(KGError):
        load_graph(deep)
