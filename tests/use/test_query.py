"""kg.sparql, kg.use.query, kg.use.results: checking, loading, running, formatting SPARQL; every query in queries/.

Each query's answer is checked on the hand-made graph of tests/graphs.py with
both engines (an rdflib Graph and a pyoxigraph Store): the expected answers are
derived from the story's data, not typed in as counts.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
import pytest
from graphs import BY_LABEL, RELATIONS, SENTENCES, build_graph, iri
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.models import KGError
from kg.ontology import CLASSES, KG, superclasses
from kg.ontology import RELATIONS as ONTOLOGY_RELATIONS
from kg.sparql import (
    PREFIXES,
    QueryRefusedError,
    QuerySyntaxError,
    ReadOnlyError,
    bind_parameters,
    check_query,
    parse_binding,
    parse_bindings,
    query_form,
    query_parameters,
)
from kg.use.export import export
from kg.use.query import load_graph, load_store, read_query, run_query
from kg.use.results import QueryResult, format_result

# rdflib's own parsers use APIs rdflib itself deprecates; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

QUERIES = Path(__file__).resolve().parents[2] / "queries"
RQ_FILES = sorted(QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


@pytest.fixture(scope="module")
def graph_file(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "graph.ttl"
    export(graph, "turtle", path)
    return path


@pytest.fixture(scope="module")
def store(graph_file: Path) -> ox.Store:
    return load_store(graph_file)


@pytest.fixture(params=["rdflib", "oxigraph"])
def source(request: pytest.FixtureRequest, graph: Graph, store: ox.Store) -> Graph | ox.Store:
    return graph if request.param == "rdflib" else store


def py(term: object) -> object:
    """A result term as a plain Python value (decimals as floats, IRIs as str)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return float(value) if isinstance(value, Decimal) else value
    return str(term)


def answer(source: Graph | ox.Store, query_file: str, /, **bindings: object) -> list[dict[str, object]]:
    """The rows of ``queries/<query_file>`` as dicts of plain values."""
    text = read_query(QUERIES / query_file)
    terms = {k: v if isinstance(v, (URIRef, Literal)) else Literal(v) for k, v in bindings.items()}
    result = run_query(source, text, bindings=terms, name=query_file)
    return [{k: py(v) for k, v in row.items()} for row in result.dicts()]


def label_of(iri_text: str) -> str:
    return next(e.label for e in BY_LABEL.values() if str(iri(e.label)) == iri_text)


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize("fmt,suffix", [("turtle", ".ttl"), ("ntriples", ".nt"), ("jsonld", ".jsonld")])
def test_load_graph_reads_every_triple_format_by_suffix(graph, tmp_path, fmt, suffix):
    path = tmp_path / f"g{suffix}"
    export(graph, fmt, path)
    assert isomorphic(load_graph(path), graph)
    assert len(load_store(path)) == len(graph)


@pytest.mark.parametrize("fmt,suffix", [("trig", ".trig"), ("nquads", ".nq")])
def test_load_graph_reads_datasets_as_the_union_of_their_graphs(graph, tmp_path, fmt, suffix):
    path = tmp_path / f"g{suffix}"
    export(graph, fmt, path)
    loaded = load_graph(path)
    union = Graph()
    for t in loaded.triples((None, None, None)):
        union.add(t)
    assert set(graph) <= set(union)
    # the queries see the union too, on both engines
    ask = "ASK { ?s kg:commands ?o . ?st rdf:subject ?s ; kg:rule ?r }"
    assert run_query(loaded, ask).boolean is True
    assert run_query(load_store(path), ask).boolean is True


def test_load_graph_takes_format_names_and_standard_input(graph, graph_file, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(graph_file.read_bytes())))
    assert isomorphic(load_graph("-"), graph)
    assert isomorphic(load_graph(graph_file, format="ttl"), graph)
    with pytest.raises(KGError, match="Unknown graph format 'yaml'"):
        load_graph(graph_file, format="yaml")


@pytest.mark.parametrize("name,text", [
    ("g.nt", "<a> <b> ."), ("g.nq", "<http://a> <http://b> ."), ("g.rdf", "<rdf:RDF"),
    ("g.jsonld", "{not json"), ("g.trig", "<http://g> { <http://a> <http://b> }"),
])
def test_every_parser_failure_is_a_kg_error(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    for load in (load_graph, load_store):
        with pytest.raises(KGError, match=f"Cannot parse .*{name}"):
            load(tmp_path / name)


def test_load_graph_explains_bad_paths_and_formats(tmp_path):
    with pytest.raises(KGError, match="does not exist"):
        load_graph(tmp_path / "missing.ttl")
    odd = tmp_path / "graph.xyz"
    odd.write_text("")
    with pytest.raises(KGError, match="suffix"):
        load_graph(odd)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://ex.org/a> <http://ex.org/b> .\n")
    with pytest.raises(KGError, match="Cannot parse"):
        load_graph(broken)
    with pytest.raises(KGError, match="Cannot parse"):
        load_store(broken)


# --------------------------------------------------------------------------- running


def test_select_ask_construct_describe_on_both_engines(source):
    rows = run_query(source, "SELECT ?o WHERE { ?s rdfs:label 'Jane Doe' ; kg:commands ?o }")
    assert rows.kind == "SELECT" and rows.variables == ("o",)
    assert [r[0] for r in rows.rows] == [iri("Peruvian Navy")]
    assert run_query(source, "ASK { ?s kg:cooperatesWith ?o }").boolean is True
    assert run_query(source, "ASK { ?s kg:commands ?s }").boolean is False
    built = run_query(source, "CONSTRUCT { ?s kg:commands ?o } WHERE { ?s kg:commands ?o }")
    assert built.kind == "CONSTRUCT"
    assert set(built.triples) == set(build_graph().triples((None, KG.commands, None)))
    described = run_query(source, f"DESCRIBE <{iri('Lima')}>")
    assert described.kind == "DESCRIBE"
    assert (iri("Lima"), KG.locatedIn, iri("Peru")) in set(described.triples)


def test_prefixes_are_predefined():
    assert set(PREFIXES) == {"kg", "rdf", "rdfs", "owl", "skos", "prov", "dcterms", "xsd"}
    assert PREFIXES["kg"] == str(KG._NS)


def test_max_rows_cuts_and_says_so(source):
    everything = run_query(source, "SELECT * WHERE { ?s ?p ?o }")
    assert not everything.truncated
    cut = run_query(source, "SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    assert len(cut) == 5 and cut.truncated
    exact = run_query(source, "SELECT * WHERE { ?s ?p ?o }", max_rows=len(everything))
    assert not exact.truncated
    stopped = run_query(source, "SELECT * WHERE { ?s ?p ?o }", should_stop=lambda: True)
    assert stopped.truncated and len(stopped) == 0


def test_syntax_errors_give_line_and_column(source):
    text = "SELECT ?s\nWHERE {\n  ?s kg:commands\n}\n"
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(source, text, name="bad.rq")
    err = caught.value
    assert (err.line, err.column) == (4, 1)
    assert "bad.rq at line 4, column 1" in str(err)
    assert isinstance(err, KGError)
    with pytest.raises(QuerySyntaxError, match="line 1"):
        run_query(source, "SELECT ?x WHERE { ?x nope:p ?y }")


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c .SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service ?endpoint { ?s ?p ?o } }",
    "PREFIX ex: <http://ex.org/> SELECT * WHERE { ?s ?p ex: .SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "LOAD <http://example.org/data.ttl>",
])
def test_service_and_load_are_refused(source, text):
    with pytest.raises(QueryRefusedError, match="refuses"):
        run_query(source, text)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://ex.org/a> <http://ex.org/b> <http://ex.org/c> }",
    "PREFIX ex: <http://ex.org/>\n# note\nDELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "WITH <http://ex.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(source, graph, text):
    before = len(graph)
    with pytest.raises(ReadOnlyError, match="read-only"):
        run_query(source, text)
    assert len(graph) == before


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p 'SERVICE' }",
    'SELECT ?service WHERE { ?service ?p """LOAD\nSERVICE""" }',
    "SELECT * WHERE { ?s <http://ex.org/SERVICE> ?o } # SERVICE",
    "PREFIX load: <http://ex.org/>\nSELECT * WHERE { ?s load:service ?o }",
    "PREFIX ex: <http://ex.org/>\nSELECT * WHERE { ?s ?p ex:a.service }",
    "SELECT * WHERE { ?s ?p ?o FILTER(LANG(?o) = 'en') } ",
])
def test_harmless_mentions_of_keywords_pass(text):
    check_query(text)
    assert query_form(text) == "SELECT"


# --------------------------------------------------------------------------- parameters


def test_query_parameters_are_the_dollar_variables():
    text = 'SELECT ?x WHERE { ?x rdfs:label $name ; ?p $value . FILTER(?x != "$no") } # $nor'
    assert query_parameters(text) == ("name", "value")


def test_binding_is_escaped_not_pasted(source):
    text = "SELECT ?e WHERE { ?e rdfs:label|skos:altLabel $name }"
    sneaky = 'x" } ; DROP ALL ; SELECT * { ?s ?p "'
    bound = bind_parameters(text, {"name": sneaky})
    assert "DROP ALL" in bound and query_form(bound) == "SELECT"
    assert run_query(source, text, bindings={"name": sneaky}).rows == ()
    assert [r[0] for r in run_query(source, text, bindings={"name": "CCFFAA"}).rows] == [
        iri("Armed Forces' Joint Command")
    ]


def test_unknown_parameter_is_an_error(source):
    with pytest.raises(KGError, match=r"no parameter \$nmae .*\$name"):
        run_query(source, "SELECT ?e WHERE { ?e rdfs:label $name }", bindings={"nmae": "Peru"})


def test_parameters_need_a_where_group():
    with pytest.raises(KGError, match="short form"):
        bind_parameters("CONSTRUCT WHERE { ?s rdfs:label $name }", {"name": "Peru"})


def test_parameters_bind_in_select_without_where_and_in_construct(source):
    assert len(run_query(source, "SELECT ?e { ?e rdfs:label $name }", bindings={"name": "Peru"})) == 1
    built = run_query(source, "CONSTRUCT { ?e rdfs:comment 'found' } WHERE { ?e rdfs:label $name }",
                      bindings={"name": "Peru"})
    assert set(built.triples) == {(iri("Peru"), RDFS.comment, Literal("found"))}


def test_parse_bindings_reads_command_line_values():
    got = parse_bindings(["name=Peruvian Navy", "$relation=kg:commands", "iri=<https://ex.org/a>",
                          'text="kg:commands"', "empty="])
    assert got == {
        "name": Literal("Peruvian Navy"),
        "relation": KG.commands,
        "iri": URIRef("https://ex.org/a"),
        "text": Literal("kg:commands"),
        "empty": Literal(""),
    }
    assert parse_binding("Time: 10:30") == Literal("Time: 10:30")
    with pytest.raises(KGError, match="NAME=VALUE"):
        parse_bindings(["no equals sign"])


# --------------------------------------------------------------------------- formatting


def test_table_is_aligned_and_compacts_iris(source):
    result = run_query(source, "SELECT ?class ?label WHERE { ?e a ?class ; rdfs:label ?label } "
                               "ORDER BY ?label LIMIT 5")
    lines = format_result(result).splitlines()
    assert lines[0].split() == ["class", "label"]
    assert set(lines[1]) <= {"-", " "}
    column = lines[1].index(" -") + 1  # where the second column starts
    assert all(line[column - 2:column] == "  " for line in lines[2:])
    assert any(line.startswith("kg:") for line in lines[2:])


def test_csv_tsv_json_xml_follow_the_sparql_results_formats(source):
    text = ("SELECT ?e ?label ?mentions ?none WHERE { ?e rdfs:label ?label ; kg:mentionCount ?mentions "
            "FILTER(?label = 'Peru') OPTIONAL { ?e kg:nothing ?none } }")
    result = run_query(source, text)
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows == [["e", "label", "mentions", "none"], [str(iri("Peru")), "Peru", "6", ""]]
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0] == "?e\t?label\t?mentions\t?none"
    assert tsv[1] == f'<{iri("Peru")}>\t"Peru"\t"6"^^<http://www.w3.org/2001/XMLSchema#integer>\t'
    doc = json.loads(format_result(result, "json"))
    assert doc["head"]["vars"] == ["e", "label", "mentions", "none"]
    (binding,) = doc["results"]["bindings"]
    assert binding["e"] == {"type": "uri", "value": str(iri("Peru"))}
    assert binding["label"] == {"type": "literal", "value": "Peru"}
    assert binding["mentions"]["datatype"].endswith("#integer") and "none" not in binding
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(format_result(result, "xml"))
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["e", "label", "mentions", "none"]
    assert root.find("r:results/r:result/r:binding[@name='label']/r:literal", ns).text == "Peru"


def test_tsv_escapes_tabs_and_newlines():
    result = QueryResult("SELECT", ("x",), ((Literal('a\tb\n"c"'),),))
    assert format_result(result, "tsv").splitlines()[1] == '"a\\tb\\n\\"c\\""'


def test_ask_results_in_every_tabular_format(source):
    result = run_query(source, "ASK { ?s kg:partOf ?o }")
    assert format_result(result) == "true\n"
    assert json.loads(format_result(result, "json")) == {"head": {}, "boolean": True}
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [["_askResult"], ["true"]]
    assert "<boolean>true</boolean>" in format_result(result, "xml")


def test_graph_results_as_turtle_or_ntriples(source):
    result = run_query(source, read_query(QUERIES / "neighbourhood.rq"), bindings={"name": "VRAEM"})
    turtle = format_result(result)  # a table of a graph is Turtle
    assert turtle == format_result(result, "turtle")
    parsed = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(result)
    nt = format_result(result, "ntriples")
    assert len(list(ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES))) == len(result)
    with pytest.raises(KGError, match="returns a graph"):
        format_result(result, "csv")
    with pytest.raises(KGError, match="returns a table"):
        format_result(run_query(source, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "turtle")
    with pytest.raises(KGError, match="Unknown result format"):
        format_result(result, "yaml")


# --------------------------------------------------------------------------- queries/


def test_every_query_file_is_documented_and_listed():
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    assert len(RQ_FILES) >= 8
    for path in RQ_FILES:
        text = path.read_text(encoding="utf-8")
        header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        assert text.startswith("# "), f"{path.name}: start with a comment that says what it answers"
        assert "Parameters:" in header and "Example:" in header, path.name
        for param in query_parameters(text):
            assert f"${param}" in header, f"{path.name}: document ${param} in the header"
        assert f"`{path.name}`" in readme, f"list {path.name} in queries/README.md"


@pytest.mark.parametrize("path", RQ_FILES, ids=lambda p: p.name)
def test_every_query_gives_the_same_answer_on_both_engines(graph, store, path):
    text = path.read_text(encoding="utf-8")
    a, b = run_query(graph, text, name=path.name), run_query(store, text, name=path.name)

    def normal(result: QueryResult) -> object:
        if result.is_graph:
            return sorted(tuple(map(py, t)) for t in result.triples)
        return [tuple(py(t) for t in row) for row in result.rows]

    assert normal(a) == normal(b)


def test_commands(source):
    got = {(r["commander"], r["rank"], r["organization"], r["confidence"])
           for r in answer(source, "commands.rq")}
    best: dict[tuple[str, str], float] = {}
    for _, _, rels in SENTENCES:
        for s, p, o, _, conf in rels:
            if p == "commands":
                best[(s, o)] = max(conf, best.get((s, o), 0.0))
    assert got == {(s, BY_LABEL[s].rank, o, c) for (s, o), c in best.items()}


def test_operates_in(source):
    got = {(r["organization"], r["class"].rsplit("#", 1)[1], r["place"], r["evidence"])
           for r in answer(source, "operates-in.rq")}
    expected = {(s, BY_LABEL[s].cls, o, 1) for s, p, o in RELATIONS
                if p == "operatesIn" and "Organization" in superclasses(BY_LABEL[s].cls)}
    assert got == expected and expected


def test_operates_in_lists_every_organisation_class():
    text = (QUERIES / "operates-in.rq").read_text(encoding="utf-8")
    listed = set(re.findall(r"kg:(\w+)", text.split("VALUES ?class", 1)[1].split("}", 1)[0]))
    assert listed == {c for c in CLASSES if "Organization" in superclasses(c)}


def test_relation_lists_in_queries_match_the_ontology():
    expected = set(ONTOLOGY_RELATIONS) | {"leads"}
    for name in ("relation-counts.rq", "neighbourhood.rq"):
        text = (QUERIES / name).read_text(encoding="utf-8")
        block = text.split("VALUES ?relation", 1)[1].split("}", 1)[0]
        assert set(re.findall(r"kg:(\w+)", block)) == expected, name


def test_cooperation_is_symmetric_aware(source):
    got = {frozenset((r["a"], r["b"])): (r["evidence"], r["confidence"])
           for r in answer(source, "cooperation.rq")}
    expected: dict[frozenset[str], list[float]] = {}
    for _, _, rels in SENTENCES:
        for s, p, o, _, conf in rels:
            if p == "cooperatesWith":
                expected.setdefault(frozenset((s, o)), []).append(conf)
    assert got == {pair: (len(c), max(c)) for pair, c in expected.items()}
    assert len(answer(source, "cooperation.rq")) == len(expected)  # each pair once


def test_chain_of_command_follows_part_of_paths(source):
    got = {(r["person"], r["role"].rsplit("#", 1)[1], r["unit"], r.get("above"))
           for r in answer(source, "chain-of-command.rq")}
    part_of = {s: o for s, p, o in RELATIONS if p == "partOf"}

    def above(unit: str) -> list[str | None]:
        chain = []
        while unit in part_of:
            unit = part_of[unit]
            chain.append(unit)
        return chain or [None]

    expected = {(s, p, o, a) for s, p, o in RELATIONS
                if p in ("commands", "memberOf") and BY_LABEL[s].cls == "Person" for a in above(o)}
    assert got == expected
    assert ("Luis Soto", "memberOf", "Engineering Battalion", "Armed Forces' Joint Command") in got


def test_entity_by_label_or_alias(source):
    by_alias = answer(source, "entity.rq", name="Navy")
    assert by_alias == answer(source, "entity.rq", name="Peruvian Navy")
    assert {r["entity"] for r in by_alias} == {str(iri("Peruvian Navy"))}
    facts = {(r["direction"], r["property"].rsplit("#", 1)[-1], r.get("valueLabel") or r["value"])
             for r in by_alias}
    navy = "Peruvian Navy"
    expected_out = {("out", p, o) for s, p, o in RELATIONS if s == navy}
    expected_in = {("in", p, s) for s, p, o in RELATIONS if o == navy}
    assert expected_out | expected_in <= facts
    assert ("out", "label", navy) in facts and ("out", "altLabel", "Navy") in facts
    assert not {f for f in facts if f[1] in ("subject", "object")}
    assert answer(source, "entity.rq", name="No Such Entity") == []


def test_provenance_of_a_triple(source):
    rows = answer(source, "provenance.rq", subject="Adm. Doe", relation=KG.commands,
                  object="Peruvian Navy")
    evidence = [(sentence, rule, conf) for _, sentence, rels in SENTENCES
                for s, p, o, rule, conf in rels if (s, p, o) == ("Jane Doe", "commands", "Peruvian Navy")]
    assert [(r["sentence"], r["rule"], r["confidence"]) for r in rows] == sorted(
        evidence, key=lambda e: -e[2])
    for r in rows:
        assert r["subjectLabel"] == "Jane Doe" and r["objectLabel"] == "Peruvian Navy"
        assert r["charEnd"] - r["charStart"] == len(r["sentence"])
        assert r["title"] == "Navy and Police join forces in the VRAEM"
    everything = answer(source, "provenance.rq")
    assert len(everything) == sum(len(rels) for _, _, rels in SENTENCES)


def test_entities_by_class(source):
    countries = answer(source, "by-class.rq", **{"class": KG.Country})
    expected = sorted((e for e in BY_LABEL.values() if e.cls == "Country"), key=lambda e: e.label)
    assert sorted(r["label"] for r in countries) == [e.label for e in expected]
    mentions = [r["mentions"] for r in countries]
    assert mentions == sorted(mentions, reverse=True)
    every = answer(source, "by-class.rq")
    assert Counter(r["label"] for r in every) == Counter(e.label for e in BY_LABEL.values())
    assert all(r["class"].rsplit("#", 1)[1] == BY_LABEL[r["label"]].cls for r in every)


def test_co_mentioned_entities_share_a_sentence(source):
    got = {frozenset((r["a"], r["b"])): r["sentences"] for r in answer(source, "co-mentioned.rq")}
    expected: Counter[frozenset[str]] = Counter()
    for _, _, rels in SENTENCES:
        mentioned = {x for s, _, o, _, _ in rels for x in (s, o)}
        expected.update(frozenset(pair) for pair in combinations(sorted(mentioned), 2))
    assert got == dict(expected)


def test_relation_counts(source):
    got = {r["relation"].rsplit("#", 1)[1]: (r["triples"], r["statements"], r["meanConfidence"])
           for r in answer(source, "relation-counts.rq")}
    confs: dict[str, list[float]] = {}
    for _, _, rels in SENTENCES:
        for _, p, _, _, conf in rels:
            confs.setdefault(p, []).append(conf)
    triples = Counter(p for _, p, _ in RELATIONS)
    assert set(got) == set(triples)
    for p, (n, statements, mean) in got.items():
        assert (n, statements) == (triples[p], len(confs[p]))
        assert mean == pytest.approx(sum(confs[p]) / len(confs[p]), abs=0.0006)


def test_neighbourhood_is_a_graph_of_one_entity(source):
    result = run_query(source, read_query(QUERIES / "neighbourhood.rq"), bindings={"name": "VRAEM"})
    relations = {(s, p, o) for s, p, o in result.triples if p in {KG[r] for r in ONTOLOGY_RELATIONS}}
    assert relations == {(iri(s), KG[p], iri(o)) for s, p, o in RELATIONS if "VRAEM" in (s, o)}
    nodes = {t for s, _, o in relations for t in (s, o)}
    assert {s for s, p, _ in result.triples if p == RDFS.label} == nodes


def test_doctests():
    import doctest

    import kg.sparql
    import kg.use.query

    for module in (kg.sparql, kg.use.query):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
