"""ontology/kg.ttl against the contract (shared/ONTOLOGY.md), and kg.ontology against the file."""
from __future__ import annotations

import doctest
import shutil
import subprocess
import sys
from itertools import product
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

import kg.ontology
from kg.models import KGError
from kg.ontology import (
    CLASSES,
    KG,
    KG_NS,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    RELATIONS,
    SYMMETRIC,
    TOP_CLASSES,
    allows,
    domain_range,
    load_ontology,
    superclasses,
    top_class,
)

REPO = Path(__file__).resolve().parent.parent
TTL = REPO / "ontology" / "kg.ttl"
SCHEMA = "http://schema.org/"
# rdflib's XSD warns when pytest probes module attributes; a plain Namespace does not.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

# The contract, restated here on purpose: the test fails if the file drifts from it.
CONTRACT_PARENTS = {
    "Agent": None,
    "Person": "Agent",
    "Organization": "Agent",
    "MilitaryOrganization": "Organization",
    "GovernmentOrganization": "Organization",
    "InternationalOrganization": "Organization",
    "ArmedGroup": "Organization",
    "MediaOrganization": "Organization",
    "Place": None,
    "Country": "Place",
    "Region": "Place",
    "City": "Place",
    "NaturalFeature": "Place",
    "Event": None,
    "Conference": "Event",
    "Operation": "Event",
    "Disaster": "Event",
    "Threat": None,
    "Article": None,
}
CONTRACT_RELATIONS = {  # property: (domain, range), unions as sets
    "commands": ({"Person", "Organization"}, {"Organization"}),
    "memberOf": ({"Person"}, {"Organization"}),
    "partOf": ({"Organization"}, {"Organization"}),
    "operatesIn": ({"Agent"}, {"Place"}),
    "cooperatesWith": ({"Agent"}, {"Agent"}),
    "locatedIn": ({"Place", "Event", "Organization"}, {"Place"}),
    "participatesIn": ({"Agent"}, {"Event"}),
    "counters": ({"Agent"}, {"Threat", "ArmedGroup", "Organization"}),
    "country": ({"Organization", "Person"}, {"Country"}),
}
DATATYPE_PROPERTIES = {  # property: (domain or None, range)
    "rank": (KG.Person, XSD.string),
    "startDate": (KG.Event, XSD.date),
    "endDate": (KG.Event, XSD.date),
    "confidence": (RDF.Statement, XSD.decimal),
    "sentence": (RDF.Statement, XSD.string),
    "charStart": (RDF.Statement, XSD.integer),
    "charEnd": (RDF.Statement, XSD.integer),
    "rule": (RDF.Statement, XSD.string),
    "mentionCount": (None, XSD.integer),
    "degree": (None, XSD.integer),
    "betweenness": (None, XSD.decimal),
    "community": (None, XSD.integer),
    "contentHash": (KG.Article, XSD.string),
    "sourcePath": (None, XSD.string),
    "extractor": (KG.Article, XSD.string),
    "fetchedAt": (KG.Article, XSD.dateTime),
    "dateline": (KG.Article, XSD.string),
}
SCHEMA_ALIGNMENTS = {
    "Person": "Person",
    "Organization": "Organization",
    "GovernmentOrganization": "GovernmentOrganization",
    "MediaOrganization": "NewsMediaOrganization",
    "Place": "Place",
    "Country": "Country",
    "City": "City",
    "Event": "Event",
    "Article": "NewsArticle",
}
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(TTL, format="turtle")


def kg_terms(graph: Graph) -> set[URIRef]:
    """Every class and property the file declares in the kg: namespace."""
    return {
        s for t in TERM_TYPES for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(KG_NS)
    }


def class_names(graph: Graph, node) -> set[str]:
    if isinstance(node, BNode):
        return {str(m)[len(KG_NS):] for m in Collection(graph, graph.value(node, OWL.unionOf))}
    return {str(node)[len(KG_NS):]}


# --- the file ------------------------------------------------------------------


def test_loader_finds_and_parses_the_file(graph: Graph) -> None:
    assert ONTOLOGY_PATH.is_file()
    assert isomorphic(load_ontology(), graph)


def test_load_ontology_hands_out_independent_copies() -> None:
    first = load_ontology()
    first.remove((None, None, None))
    assert len(load_ontology()) > 0


def test_ontology_header(graph: Graph) -> None:
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert graph.value(onto, OWL.versionInfo) == Literal("0.1.0")
    cc_by = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(onto, DCTERMS.license) == cc_by
    assert graph.value(onto, DCTERMS.created).datatype == XSD.date
    for prop in (DCTERMS.title, DCTERMS.description, RDFS.comment):
        assert graph.value(onto, prop).language == "en", prop
    assert KG_NS == ONTOLOGY_IRI + "#"


@pytest.mark.parametrize("name,parent", CONTRACT_PARENTS.items())
def test_contract_class_and_its_superclass(graph: Graph, name: str, parent: str | None) -> None:
    assert (KG[name], RDF.type, OWL.Class) in graph
    parents = {p for p in graph.objects(KG[name], RDFS.subClassOf) if p.startswith(KG_NS)}
    assert parents == ({KG[parent]} if parent else set())


def test_agent_is_person_or_organization_or_country(graph: Graph) -> None:
    (expression,) = graph.objects(KG.Agent, OWL.equivalentClass)
    assert class_names(graph, expression) == {"Person", "Organization", "Country"}
    assert "Agent" in superclasses("Country") and top_class("Country") == "Place"


@pytest.mark.parametrize("name,schema_name", SCHEMA_ALIGNMENTS.items())
def test_schema_alignment_is_a_subclass_link(graph: Graph, name: str, schema_name: str) -> None:
    assert (KG[name], RDFS.subClassOf, URIRef(SCHEMA + schema_name)) in graph


def test_no_equivalence_to_other_vocabularies(graph: Graph) -> None:
    for s, o in graph.subject_objects(OWL.equivalentClass):
        assert isinstance(o, BNode) or o.startswith(KG_NS), (s, o)


@pytest.mark.parametrize("prop,expected", CONTRACT_RELATIONS.items())
def test_contract_relation_domain_and_range(graph: Graph, prop: str, expected) -> None:
    assert (KG[prop], RDF.type, OWL.ObjectProperty) in graph
    (domain,) = graph.objects(KG[prop], RDFS.domain)
    (range_,) = graph.objects(KG[prop], RDFS.range)
    assert (class_names(graph, domain), class_names(graph, range_)) == expected
    assert domain_range(prop) == tuple(frozenset(side) for side in expected)


def test_every_object_property_has_a_domain_and_a_range(graph: Graph) -> None:
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if prop.startswith(KG_NS):
            assert graph.value(prop, RDFS.domain) is not None, prop
            assert graph.value(prop, RDFS.range) is not None, prop


@pytest.mark.parametrize("prop,expected", DATATYPE_PROPERTIES.items())
def test_datatype_property(graph: Graph, prop: str, expected) -> None:
    domain, range_ = expected
    assert (KG[prop], RDF.type, OWL.DatatypeProperty) in graph
    assert graph.value(KG[prop], RDFS.domain) == domain
    assert graph.value(KG[prop], RDFS.range) == range_


def test_model_is_an_annotation_property_for_the_graph_header(graph: Graph) -> None:
    assert (KG.model, RDF.type, OWL.AnnotationProperty) in graph


def test_cooperates_with_is_symmetric_and_the_only_symmetric_relation(graph: Graph) -> None:
    symmetric = {str(p)[len(KG_NS):] for p in graph.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == SYMMETRIC == {"cooperatesWith"}


def test_commands_is_a_kind_of_leads(graph: Graph) -> None:
    assert (KG.commands, RDFS.subPropertyOf, KG.leads) in graph


def test_every_term_has_an_english_label_and_comment(graph: Graph) -> None:
    for term in kg_terms(graph):
        for prop in (RDFS.label, RDFS.comment):
            values = list(graph.objects(term, prop))
            assert [v.language for v in values] == ["en"], (term, prop)


def test_every_used_term_is_declared(graph: Graph) -> None:
    """What OWL tools need to load the file without guessing: every property and class typed."""
    builtin = (str(RDF), str(RDFS), str(OWL), str(XSD))
    declared_properties = {
        s for t in TERM_TYPES[1:] for s in graph.subjects(RDF.type, t)
    }
    for prop in set(graph.predicates()):
        assert str(prop).startswith(builtin) or prop in declared_properties, prop
    declared_classes = set(graph.subjects(RDF.type, OWL.Class))
    for link in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.unionOf):
        for node in graph.objects(None, link):
            if isinstance(node, BNode) and link is OWL.unionOf:
                for member in Collection(graph, node):
                    assert member in declared_classes, member
            elif isinstance(node, URIRef) and not str(node).startswith(builtin):
                assert node in declared_classes, (link, node)


@pytest.mark.skipif(shutil.which("rapper") is None,
                    reason="rapper not installed (Debian: apt-get install raptor2-utils)")
def test_rapper_accepts_the_file() -> None:
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(TTL)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower() and "warning" not in done.stderr.lower(), done.stderr


def test_pyoxigraph_parses_the_file(graph: Graph) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    triples = set(pyoxigraph.parse(path=str(TTL), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(graph)


# --- kg.ontology ---------------------------------------------------------------


def test_closed_namespace() -> None:
    assert KG.commands == URIRef(KG_NS + "commands")
    assert KG["Person"] == URIRef(KG_NS + "Person")
    with pytest.raises(AttributeError):
        KG.NotATerm  # noqa: B018


def test_namespace_lists_exactly_the_terms_of_the_file(graph: Graph) -> None:
    assert set(dir(KG)) == kg_terms(graph)


def test_class_and_relation_lists_name_terms_of_the_file(graph: Graph) -> None:
    for name in CLASSES:
        assert (KG[name], RDF.type, OWL.Class) in graph
    assert set(RELATIONS) == set(CONTRACT_RELATIONS)
    assert set(CLASSES) == set(CONTRACT_PARENTS) - {"Agent", "Article"}


@pytest.mark.parametrize("cls", CLASSES)
def test_every_class_falls_under_exactly_one_top_class(cls: str) -> None:
    ancestors = superclasses(cls)
    assert ancestors[0] == cls
    assert len(set(ancestors) & set(TOP_CLASSES)) == 1
    assert top_class(cls) in ancestors


def test_superclasses_are_nearest_first() -> None:
    assert superclasses("MilitaryOrganization") == ("MilitaryOrganization", "Organization", "Agent")
    assert superclasses("City") == ("City", "Place")
    assert top_class("City") == "Place"
    assert top_class("Article") == "Article"


@pytest.mark.parametrize("prop,subj,obj,expected", [
    ("commands", "Person", "MilitaryOrganization", True),
    ("commands", "Country", "Threat", False),
    ("commands", "MilitaryOrganization", "Operation", False),
    ("counters", "GovernmentOrganization", "ArmedGroup", True),
    ("counters", "Country", "Threat", True),
    ("counters", "ArmedGroup", "City", False),
    ("locatedIn", "City", "Country", True),
    ("locatedIn", "Conference", "City", True),
    ("locatedIn", "Person", "City", False),
    ("country", "Person", "City", False),
    ("country", "MilitaryOrganization", "Country", True),
    ("operatesIn", "Country", "Region", True),
    ("operatesIn", "Threat", "Region", False),
    ("cooperatesWith", "Country", "InternationalOrganization", True),
    ("participatesIn", "Person", "Operation", True),
    ("participatesIn", "Person", "Organization", False),
    ("memberOf", "Person", "ArmedGroup", True),
    ("memberOf", "Organization", "Organization", False),
    ("partOf", "MilitaryOrganization", "MilitaryOrganization", True),
])
def test_allows(prop: str, subj: str, obj: str, expected: bool) -> None:
    assert allows(prop, subj, obj) is expected


@pytest.mark.parametrize("prop", sorted(SYMMETRIC))
def test_symmetric_relations_allow_both_directions(prop: str) -> None:
    for a, b in product(CLASSES, repeat=2):
        assert allows(prop, a, b) == allows(prop, b, a), (a, b)


def test_unknown_names_fail_with_the_name_and_the_fix() -> None:
    with pytest.raises(KGError, match=r"'Persn'.*Person"):
        superclasses("Persn")
    with pytest.raises(KGError, match="'command'"):
        allows("command", "Person", "Organization")
    with pytest.raises(KGError, match="no top class"):
        top_class("Agent")


def test_importing_parses_nothing() -> None:
    probe = (
        "import sys, kg.ontology as o\n"
        "parser = 'rdflib.plugins.parsers.notation3'\n"
        "assert parser not in sys.modules, 'parsed at import'\n"
        "o.top_class('City')\n"
        "assert parser in sys.modules, 'probe is blind'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_docstring_examples() -> None:
    assert doctest.testmod(kg.ontology).failed == 0
