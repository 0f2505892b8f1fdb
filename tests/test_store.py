"""kg.store.query: the documented API takes the same safe path as ``kg query`` and ``kg serve``."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from trap import Trap

from kg.sparql import QueryRefusedError, QuerySyntaxError, ReadOnlyError
from kg.store import query

KG = "https://w3id.org/kg-builder/ontology#"


@pytest.fixture
def store() -> ox.Store:
    store = ox.Store()
    a, b = ox.NamedNode("https://ex.org/a"), ox.NamedNode("https://ex.org/b")
    store.add(ox.Quad(a, ox.NamedNode(KG + "commands"), b, ox.NamedNode("https://ex.org/graph/1")))
    return store


def test_service_through_the_api_is_refused_and_no_request_leaves(store):
    with Trap() as trap:
        text = f"SELECT * WHERE {{ ?s kg:commands ?o SERVICE <{trap.url('sparql')}> {{ ?x ?y ?z }} }}"
        with pytest.raises(Exception):  # noqa: B017 - unchecked, pyoxigraph calls the service (404)
            list(store.query(text, prefixes={"kg": KG}, use_default_graph_as_union=True))
        assert len(trap.requests) == 1  # the probe is real
        with pytest.raises(QueryRefusedError, match="SERVICE at line 1"):
            query(store, text)
        with pytest.raises(ReadOnlyError):
            query(store, "DELETE WHERE { ?s ?p ?o }")
        assert len(trap.requests) == 1


def test_syntax_errors_name_the_line_of_the_text_as_written(store):
    with pytest.raises(QuerySyntaxError) as caught:
        query(store, "SELECT ?s\nWHERE {\n  ?s kg:commands\n}\n")
    assert (caught.value.line, caught.value.column) == (4, 1)  # not 12: no PREFIX lines pasted in front


def test_prefixes_and_the_union_of_graphs(store):
    rows = list(query(store, "SELECT ?o WHERE { ?s kg:commands ?o }"))
    assert [r["o"].value for r in rows] == ["https://ex.org/b"]
    extra = list(query(store, "SELECT ?s WHERE { ?s kg:commands ex:b }", prefixes={"ex": "https://ex.org/"}))
    assert [r["s"].value for r in extra] == ["https://ex.org/a"]
    assert not list(query(store, "SELECT * WHERE { ?s ?p ?o }", use_default_graph_as_union=False))
