"""kg.pipeline.assemble.render: an article's RDF written as text, without an rdflib Graph."""
from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef

from kg import rdf
from kg.models import Article, Entity, Provenance, Relation
from kg.ontology import KG
from kg.pipeline.assemble import article_graph_iri, nt_term, render

ARTICLE = Article(id="a1", text="Col. Ada Brun commands the Fourth Brigade.\n", source="in/a1.txt",
                  content_hash="h1", title='The "Fourth"\x07 Brigade', author="R. Staff",
                  date="2026-03-01", dateline="PORT TOWN", url="https://example.org/a 1")
ENTITIES = (Entity("person:ada-brun", "Ada Brun", "Person", ("Col. Brun",), "Col.", 2),
            Entity("org:fourth-brigade", "Fourth Brigade", "MilitaryOrganization", (), None, 1))


def _relation(confidence: float, rule: str = "classifier.v1", start: int = 0,
              sentence: str = "Col. Ada Brun commands the Fourth Brigade.") -> Relation:
    return Relation("person:ada-brun", "commands", "org:fourth-brigade",
                    Provenance("a1", sentence, start, start + len(sentence), rule, confidence,
                               ("path:nsubj>commands<dobj", "between:commands")))


RELATIONS = (
    _relation(0.61), _relation(0.87), _relation(0.74),  # one evidence node: the highest stays
    _relation(1.0, rule="commands.title.v1"),
    _relation(0.5, start=44, sentence="She said:\r\n\"the brigade\\holds\"\x0b\ud800."),
)


def _through_rdflib() -> tuple[Graph, Graph]:
    """What ``rdf.py``'s Graph functions make of the same article."""
    head, facts = Graph(), Graph()
    a = rdf.add_article(head, ARTICLE)
    nodes = {e.id: rdf.entity_iri(e) for e in ENTITIES}
    for node in nodes.values():
        head.add((node, rdf.DCTERMS.source, a))
    for rel in RELATIONS:
        rdf.add_relation(facts, rel, nodes, a)
    return head, facts


def test_render_writes_what_the_graph_functions_make():
    rendered = render(ARTICLE, ENTITIES, RELATIONS)
    head, facts = _through_rdflib()
    assert set(Graph().parse(data=rendered.default, format="nt")) == set(head)
    ds = Dataset()
    ds.parse(data=rendered.named, format="nquads")
    named = ds.graph(article_graph_iri(ARTICLE))
    assert set(named) == set(facts) and len(named) == len(facts)


def test_one_evidence_node_keeps_its_highest_confidence():
    rendered = render(ARTICLE, ENTITIES, RELATIONS)
    lines = [line for line in rendered.named.splitlines() if str(KG.confidence) in line]
    assert len(lines) == 3  # three evidence nodes: the classifier's, the rule's, the second sentence's
    assert sum('"0.870"' in line for line in lines) == 1 and '"0.610"' not in rendered.named


def test_rendering_is_sorted_without_repeats_and_honours_min_confidence():
    rendered = render(ARTICLE, ENTITIES, RELATIONS, min_confidence=0.8)
    lines = rendered.named.splitlines()
    assert lines == sorted(set(lines))
    assert '"0.500"' not in rendered.named and '"0.870"' in rendered.named


def test_plain_values_are_written_as_rdf_term_makes_them():
    for value in ("plain", 'quote " and \\ and \n', "bell\x07", 7, rdf.confidence_value(0.1234), True, 2.5,
                  URIRef("https://example.org/x"), Literal("2026-01-01", datatype=rdf.XSD.date)):
        assert nt_term(value) == nt_term(rdf.term(value))


def test_relinking_moves_subjects_and_objects_but_not_text():
    from kg.pipeline.assemble import _relink

    moves = {"https://x.org/person/brun": "https://x.org/person/ada-brun"}
    quad = "<https://x.org/person/brun> <https://x.org/p> <https://x.org/person/brun> <https://x.org/g> .\n"
    assert _relink(quad, moves) == ("<https://x.org/person/ada-brun> <https://x.org/p> "
                                    "<https://x.org/person/ada-brun> <https://x.org/g> .\n")
    text = '<https://x.org/s> <https://x.org/p> "see <https://x.org/person/brun>" <https://x.org/g> .\n'
    assert _relink(text, moves) == text
    other = "<https://x.org/s> <https://x.org/p> <https://x.org/person/other> .\n"
    assert _relink(other, moves) == other
    for odd in ("\n", "", "x\n", "<https://x.org/person/brun> <p>\n"):
        assert _relink(odd, moves) == odd  # not a line nt_lines writes: left as it is


def test_a_zero_or_negative_confidence_is_written_as_the_graph_functions_write_it():
    for confidence in (0.0, -0.0, -0.5):
        rels = (_relation(confidence),)
        rendered = render(ARTICLE, ENTITIES, rels, min_confidence=-1.0)
        facts = Graph()
        nodes = {e.id: rdf.entity_iri(e) for e in ENTITIES}
        rdf.add_relation(facts, rels[0], nodes, rdf.article_iri(ARTICLE))
        ds = Dataset()
        ds.parse(data=rendered.named, format="nquads")
        assert set(ds.graph(article_graph_iri(ARTICLE))) == set(facts)
