"""End to end on the seed article: files written, expected triples, provenance, validity."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from corpora import lock_is_held
from rdflib import RDF, RDFS, SKOS

from kg.ingest import read_inputs
from kg.models import KGError
from kg.ontology import KG, ONTOLOGY_IRI
from kg.pipeline import BuildOptions, build

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "peru-synergy-against-narcotrafficking.txt"


def _node(g, label):
    hits = [s for s in g.subjects(RDFS.label, rdflib.Literal(label))]
    assert hits, f"no node labelled {label!r}"
    return hits[0]


def test_outputs_exist_and_parse(seed_build):
    graph, report, out = seed_build
    assert (out / "graph.ttl").is_file() and (out / "graph.html").is_file()
    g = rdflib.Graph().parse(out / "graph.ttl")
    assert len(g) == len(graph)
    assert (None, rdflib.OWL.imports, rdflib.URIRef(ONTOLOGY_IRI)) in g
    assert report.articles == 1 and report.entities >= 25 and report.relations >= 20
    assert not list(out.glob(".*.tmp")) and not lock_is_held(out)


def test_expected_triples_of_the_seed(seed_build):
    g = rdflib.Graph().parse(seed_build[2] / "graph.ttl")
    paredes = _node(g, "José Luis Paredes Lora")
    joint = _node(g, "Joint Command")
    assert (paredes, RDF.type, KG.Person) in g
    assert (paredes, KG.commands, joint) in g
    assert (paredes, KG.memberOf, _node(g, "Peruvian Navy")) in g
    assert (_node(g, "South American Defense Conference"), KG.locatedIn, _node(g, "Buenos Aires")) in g
    assert (_node(g, "Buenos Aires"), KG.locatedIn, _node(g, "Argentina")) in g
    assert (_node(g, "Counter-Terrorist Directorate"), KG.partOf, _node(g, "National Police")) in g
    assert rdflib.Literal("Adm.") in set(g.objects(paredes, KG.rank)) or \
        rdflib.Literal("Admiral") in set(g.objects(paredes, KG.rank))
    assert rdflib.Literal("CCFFAA") in set(g.objects(joint, SKOS.altLabel))


def test_provenance_of_one_triple(seed_build):
    g = rdflib.Graph().parse(seed_build[2] / "graph.ttl")
    q = """PREFIX kg: <https://w3id.org/kg-builder/ontology#>
    SELECT ?sentence ?start ?end ?rule ?conf ?title WHERE {
      ?st rdf:subject ?s ; rdf:predicate kg:commands ; rdf:object ?o ;
          kg:sentence ?sentence ; kg:charStart ?start ; kg:charEnd ?end ; kg:rule ?rule ;
          kg:confidence ?conf ; prov:wasDerivedFrom ?a .
      ?s rdfs:label "José Luis Paredes Lora" . ?o rdfs:label "Joint Command" . ?a dcterms:title ?title }"""
    rows = list(g.query(q, initNs={"prov": rdflib.PROV, "dcterms": rdflib.DCTERMS}))
    assert rows
    # the rule's evidence; the classifier may add its own for the same triple and sentence
    sentence, start, end, _rule, conf, title = next(r for r in rows if str(r[3]).startswith("appos-title"))
    [article] = list(read_inputs([SEED]))
    assert article.text[int(start):int(end)] == str(sentence)
    assert "commander of" in str(sentence)
    assert 0.5 <= float(conf) <= 1.0 and str(title) == "Peru, in Synergy against Narcotrafficking"


def test_failed_build_keeps_previous_outputs(seed_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_build[2], out)
    before = (out / "graph.ttl").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(KGError, match="Nothing to build"):
        build([empty], out=out, options=BuildOptions(view=False))
    assert (out / "graph.ttl").read_bytes() == before


def test_same_input_same_bytes(seed_build, tmp_path):
    build([SEED], out=tmp_path, options=BuildOptions(view=False))
    assert (tmp_path / "graph.ttl").read_bytes() == (seed_build[2] / "graph.ttl").read_bytes()


@pytest.mark.skipif(not shutil.which("rapper") and not __import__("os").environ.get("CI"),
                    reason="Debian raptor2-utils (rapper) not installed; `make system-deps`")
@pytest.mark.parametrize("name", ["graph.ttl", "ontology"])
def test_rapper_accepts_outputs(seed_build, name):
    path = seed_build[2] / "graph.ttl" if name == "graph.ttl" else ROOT / "ontology" / "kg.ttl"
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_short_forms_link_across_articles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "b.txt").write_text("Adm. Paredes said the CCFFAA works with the Colombian Navy.", encoding="utf-8")
    build([corpus], out=tmp_path / "out", options=BuildOptions(view=False))
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    joint = _node(g, "Joint Command")
    assert not list(g.subjects(RDFS.label, rdflib.Literal("CCFFAA")))  # no node of its own
    assert not list(g.subjects(RDFS.label, rdflib.Literal("Paredes")))
    navy = _node(g, "Colombian Navy")
    assert (joint, KG.cooperatesWith, navy) in g or (navy, KG.cooperatesWith, joint) in g


def test_extra_outputs_are_committed_with_the_graph_and_checked_by_name(tmp_path):
    out = tmp_path / "out"
    seen = []

    def count_triples(graph, path):
        seen.append(path.parent)  # the staging folder, not OUT
        path.write_text(f"{len(graph)}\n", encoding="utf-8")

    _, report = build([SEED], out=out, options=BuildOptions(view=False), writers={"triples.txt": count_triples})
    assert seen and seen[0] != out and not seen[0].exists()
    assert int((out / "triples.txt").read_text()) == len(rdflib.Graph().parse(out / "graph.ttl"))
    assert [Path(p).name for p in report.outputs] == ["graph.ttl", "graph.trig", "triples.txt"]
    for bad in ("graph.ttl", ".hidden", "sub/file.txt"):
        with pytest.raises(KGError, match="Cannot add an output named"):
            build([SEED], out=out, options=BuildOptions(view=False), writers={bad: count_triples})
