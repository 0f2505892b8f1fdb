"""kg.use.validate and ontology/shapes.ttl: good graphs conform, each kind of damage is caught."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pyoxigraph as ox
import pytest
from graphs import SENTENCES, build_graph, iri
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg.models import KGError
from kg.ontology import KG, RELATIONS, domain_range
from kg.use.analyze import annotate
from kg.use.validate import SHAPES_PATH, load_shapes, validate

SH = Namespace("http://www.w3.org/ns/shacl#")
AGENT = frozenset({"Person", "Organization", "Country"})  # kg:Agent's definition in kg.ttl
BOTH = pytest.mark.parametrize("inference", ["rdfs", "none"])


def with_sentence(key: str, text: str, *rels: tuple[str, str, str, str, float]) -> Graph:
    return build_graph((*SENTENCES, (key, text, rels)))


def first_statement(g: Graph) -> URIRef:
    return min(g.subjects(RDF.type, RDF.Statement))


@BOTH
def test_a_good_graph_conforms(inference):
    conforms, report = validate(build_graph(), inference=inference)
    assert conforms, report


def test_an_annotated_graph_conforms():
    g = build_graph()
    annotate(g)
    conforms, report = validate(g)
    assert conforms, report


@BOTH
def test_a_wrong_typed_object_does_not_conform(inference):
    g = with_sentence("a3", "Jane Doe commands Lima.", ("Jane Doe", "commands", "Lima", "x.v1", 0.5))
    conforms, report = validate(g, inference=inference)
    assert not conforms
    assert str(iri("Lima")) in report
    if inference == "none":  # as written: the relation's own shape names the fault
        assert "The object of kg:commands must be a kg:Organization" in report
    else:  # RDFS made Lima an Organization too; disjointness catches it
        assert "cannot also be" in report


@BOTH
def test_a_wrong_typed_subject_does_not_conform(inference):
    g = with_sentence("a3", "Lima is part of the Navy.", ("Lima", "partOf", "Peruvian Navy", "x.v1", 0.5))
    conforms, report = validate(g, inference=inference)
    assert not conforms and str(iri("Lima")) in report


@BOTH
def test_confidence_out_of_range_does_not_conform(inference):
    g = with_sentence("a3", "Jane Doe leads the Navy.", ("Jane Doe", "commands", "Peruvian Navy", "x.v1", 1.5))
    conforms, report = validate(g, inference=inference)
    assert not conforms
    assert "MaxInclusive" in report and "1.500" in report


def test_statements_need_exactly_one_confidence_and_one_rule():
    g = build_graph()
    st = first_statement(g)
    g.add((st, KG.confidence, Literal(Decimal("0.5"))))
    g.remove((st, KG.rule, None))
    conforms, report = validate(g)
    assert not conforms
    assert "exactly one kg:confidence" in report and "exactly one kg:rule" in report


def test_a_statement_must_reify_an_asserted_triple():
    g = build_graph()
    st = first_statement(g)
    triple = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
    g.remove(triple)
    conforms, report = validate(g)
    assert not conforms and "does not assert that triple" in report


def test_sparql_constraints_can_be_skipped_for_speed():
    g = build_graph()
    st = first_statement(g)
    g.remove((g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)))
    assert validate(g, sparql_constraints=False)[0]
    g.add((st, KG.confidence, Literal(Decimal("0.5"))))  # core constraints still run
    assert not validate(g, sparql_constraints=False)[0]


def test_entities_have_exactly_one_label():
    g = build_graph()
    g.add((iri("Peru"), RDFS.label, Literal("Republic of Peru")))
    g.remove((iri("Haiti"), RDFS.label, None))
    conforms, report = validate(g)
    assert not conforms
    assert str(iri("Peru")) in report and str(iri("Haiti")) in report


def test_articles_have_a_content_hash():
    g = build_graph()
    article = next(g.subjects(RDF.type, KG.Article))
    g.remove((article, KG.contentHash, None))
    conforms, report = validate(g)
    assert not conforms and "kg:contentHash" in report


def test_unknown_inference_is_an_error():
    with pytest.raises(KGError, match="Unknown inference"):
        validate(build_graph(), inference="owl-full")


def _classes(shapes: Graph, node: object) -> frozenset[str]:
    """The kg: classes a shape accepts through sh:class or sh:or of sh:class."""
    found = {str(c).rsplit("#", 1)[1] for c in shapes.objects(node, SH["class"])}
    for members in shapes.objects(node, SH["or"]):
        for member in Collection(shapes, members):
            found |= {str(c).rsplit("#", 1)[1] for c in shapes.objects(member, SH["class"])}
    return frozenset(found)


def _expand(classes: frozenset[str]) -> frozenset[str]:
    return (classes - {"Agent"}) | AGENT if "Agent" in classes else classes


def test_relation_shapes_agree_with_the_ontology():
    shapes = load_shapes()
    for relation in (*RELATIONS, "leads"):
        domain, range_ = domain_range(relation)
        (subject_shape,) = shapes.subjects(SH.targetSubjectsOf, KG[relation])
        (object_shape,) = shapes.subjects(SH.targetObjectsOf, KG[relation])
        assert _classes(shapes, subject_shape) == _expand(domain), relation
        assert _classes(shapes, object_shape) == _expand(range_), relation


def test_statement_predicates_are_the_relations():
    shapes = load_shapes()
    (prop,) = shapes.subjects(SH.path, RDF.predicate)
    (members,) = shapes.objects(prop, SH["in"])
    assert {str(m).rsplit("#", 1)[1] for m in Collection(shapes, members)} == {*RELATIONS, "leads"}


def test_shapes_file_is_valid_turtle_for_strict_parsers():
    assert len(list(ox.parse(path=str(SHAPES_PATH), format=ox.RdfFormat.TURTLE))) > 0
    rapper = shutil.which("rapper")
    if rapper:
        run = subprocess.run([rapper, "-i", "turtle", "-c", str(SHAPES_PATH)],
                             capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
