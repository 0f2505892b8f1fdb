"""Corpus builds: streaming, the merged graph, per-article named graphs, the Oxigraph store.

Invariants checked on real builds (real spaCy model, rdflib, pyoxigraph):
the streamed/assembled graph is the graph ``rdf.add_extraction`` builds article by
article; ``graph.trig`` holds the same triples, each article's facts in its own named
graph; dropping an article drops exactly its evidence; entities merge across articles.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from corpora import SMALL_TEXTS, write_corpus
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, PROV

from kg.api import build
from kg.extract import load_nlp
from kg.extract.nlp import model_id
from kg.ingest import make_article, read_inputs
from kg.models import Article
from kg.ontology import KG
from kg.pipeline import BuildOptions, assemble
from kg.pipeline.records import iter_extractions, iter_records, to_graph

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "peru-synergy-against-narcotrafficking.txt"

TEXTS = {f"{k}-{tag}.txt": SMALL_TEXTS[k] for k, tag in zip("abcd", ("ruiz", "vega", "coast", "diaz"))}
NO_VIEW = BuildOptions(view=False)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", TEXTS)


def _articles(*paths: Path) -> list[Article]:
    return [a for a in read_inputs(list(paths)) if isinstance(a, Article)]


def _reference(paths: list[Path], opts: BuildOptions = NO_VIEW) -> rdflib.Graph:
    """The graph the pre-streaming pipeline built: rdf.add_extraction, article by article."""
    exs = list(iter_extractions(_articles(*paths), opts))
    return to_graph(exs, base=opts.base, model=model_id(load_nlp(opts.model)))


def _ttl(out: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(out / "graph.ttl", format="turtle")


def _ttl_of(triples: set) -> rdflib.Graph:  # type: ignore[type-arg]
    g = rdflib.Graph()
    for t in triples:
        g.add(t)
    return g


def _trig(out: Path) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return ds


def _named(ds: rdflib.Dataset) -> dict[str, set]:  # type: ignore[type-arg]
    return {str(g.identifier): set(g) for g in ds.graphs()
            if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID and len(g)}


def test_seed_graph_is_byte_identical_to_article_by_article_build(tmp_path):
    reference = _reference([SEED]).serialize(format="turtle").encode("utf-8")
    build([SEED], out=tmp_path, options=NO_VIEW)
    assert (tmp_path / "graph.ttl").read_bytes() == reference


def test_large_graph_path_gives_the_same_triples(corpus, tmp_path, monkeypatch):
    """Past TURTLE_RDFLIB_MAX the Turtle comes from pyoxigraph: same triples, strictly valid."""
    monkeypatch.setattr(assemble, "TURTLE_RDFLIB_MAX", 0)
    graph, report = build([corpus], out=tmp_path, options=BuildOptions(view=True))
    data = (tmp_path / "graph.ttl").read_bytes()
    assert set(rdflib.Graph().parse(data=data, format="turtle")) == set(_reference([corpus]))
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(set(_ttl(tmp_path)))
    # the returned graph reads an Oxigraph store (loaded on first use) and behaves as a Graph
    assert len(graph) == len(_ttl(tmp_path)) == sum(1 for s, p, o in graph)
    assert (tmp_path / "graph.html").stat().st_size > 0  # the view read it
    assert report.articles == 4 and report.relations > 0


def test_report_counts_match_the_graph(corpus, tmp_path):
    from kg.pipeline.run import summarize

    _, report = build([corpus], out=tmp_path, options=NO_VIEW)
    by_class, by_rel = summarize(_ttl(tmp_path))
    assert report.entities_by_class == by_class and report.relations_by_property == by_rel


def test_trig_holds_the_same_triples_with_one_named_graph_per_article(corpus, tmp_path):
    build([corpus], out=tmp_path, options=NO_VIEW)
    ttl, ds = set(_ttl(tmp_path)), _trig(tmp_path)
    links = set(ds.default_graph.triples((None, PROV.wasDerivedFrom, None)))
    union = set(ds.default_graph) | set().union(*_named(ds).values())
    assert union - links == ttl  # links: <graph> prov:wasDerivedFrom <article>, TriG only
    named = _named(ds)
    assert len(named) == len(TEXTS)
    for g_iri, triples in named.items():
        [article] = [a for g, _, a in links if str(g) == g_iri]
        sources = {o for s, p, o in triples if p == PROV.wasDerivedFrom}
        assert sources == {article}  # every piece of evidence in it comes from its article
        relation_props = {KG[n] for n in ("commands", "cooperatesWith", "partOf", "country", "operatesIn",
                                          "counters", "memberOf", "locatedIn", "participatesIn")}
        assert not set(ds.default_graph.triples((None, RDF.type, RDF.Statement)))
        assert not [t for t in ds.default_graph if t[1] in relation_props]
    assert len(list(ox.parse((tmp_path / "graph.trig").read_bytes(), format=ox.RdfFormat.TRIG))) > 0


def test_removing_an_article_removes_exactly_its_evidence(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out=out, options=NO_VIEW)
    before_ttl, before = set(_ttl(out)), _named(_trig(out))
    [vega] = _articles(corpus / "b-vega.txt")
    (corpus / "b-vega.txt").unlink()
    build([corpus], out=out, options=NO_VIEW)
    after_ttl, after = set(_ttl(out)), _named(_trig(out))
    gone = str(assemble.article_graph_iri(vega))
    assert set(after) == set(before) - {gone}
    assert all(after[g] == before[g] for g in after)  # the other articles' facts are untouched
    # every statement derived from the removed article is gone, and nothing else of the evidence
    statements = lambda ts: {s for s, p, o in ts if p == PROV.wasDerivedFrom and s != o}  # noqa: E731
    b_article = rdflib.URIRef(str(assemble.rdf.article_iri(vega)))
    removed = {s for s, p, o in before_ttl if p == PROV.wasDerivedFrom and o == b_article}
    assert removed and statements(after_ttl) == statements(before_ttl) - removed
    # a relation only that article supported is gone; one that others support too stays
    g_before, g_after = _ttl_of(before_ttl), _ttl(out)
    [vega_node] = list(g_before.subjects(RDFS.label, Literal("Rosa Vega")))
    [police] = list(g_before.subjects(RDFS.label, Literal("National Police of Peru")))
    [peru] = list(g_before.subjects(RDFS.label, Literal("Peru")))
    assert (vega_node, KG.commands, None) in g_before and (vega_node, None, None) not in g_after
    assert (police, KG.country, peru) in g_after
    assert after_ttl == set(_reference([corpus]))


def test_entities_merge_across_articles(corpus, tmp_path):
    build([corpus / "a-ruiz.txt", corpus / "b-vega.txt"], out=tmp_path, options=NO_VIEW)
    g = _ttl(tmp_path)
    [police] = list(g.subjects(RDFS.label, Literal("National Police of Peru")))
    articles = set(g.subjects(RDF.type, KG.Article))
    assert len(articles) == 2
    assert set(g.objects(police, DCTERMS.source)) == articles
    assert int(g.value(police, KG.mentionCount)) == 2
    named = _named(_trig(tmp_path))
    assert len(named) == 2 and not [t for ts in named.values() for t in ts if t[1] == DCTERMS.source]


def test_trig_is_the_export_layout(corpus, tmp_path):
    """graph.trig (made while streaming) == `kg export --format trig` of graph.ttl (made from the graph)."""
    from kg.use.export import to_dataset

    build([corpus], out=tmp_path, options=NO_VIEW)
    quads = lambda ds: {(s, p, o, None if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g)  # noqa: E731
                        for s, p, o, g in ds.quads((None, None, None, None))}
    assert quads(_trig(tmp_path)) == quads(to_dataset(_ttl(tmp_path)))


def test_streaming_reads_only_a_batch_ahead():
    pulled = []

    def items():
        for i in range(40):
            pulled.append(i)
            yield make_article(f"Admiral Rosa Vega commands the Chilean Navy. Report {i}.", f"<{i}>"), "", None

    stream = iter_records(items(), BuildOptions(batch_size=4))
    first, _, parsed = next(stream)
    assert parsed and first.source == "<0>" and len(pulled) <= 5
    rest = [a.source for a, _, _ in stream]
    assert rest == [f"<{i}>" for i in range(1, 40)]


def test_jobs_2_builds_the_same_graph(corpus, tmp_path):
    """spaCy n_process=2: the kg_paragraphs component runs in the child processes."""
    build([corpus], out=tmp_path / "one", options=BuildOptions(view=False, cache=False))
    build([corpus], out=tmp_path / "two", options=BuildOptions(view=False, cache=False, jobs=2, batch_size=1))
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert (tmp_path / "one" / "graph.trig").read_bytes() == (tmp_path / "two" / "graph.trig").read_bytes()


def test_store_holds_the_built_dataset_and_is_replaced_on_rebuild(corpus, tmp_path):
    from kg.store import open_store, query

    spec = f"oxigraph:{tmp_path / 'store'}"
    opts = BuildOptions(view=False, store=spec)
    _, report = build([corpus], out=tmp_path / "out", options=opts)
    assert str(tmp_path / "store") in report.outputs
    store = open_store(spec, read_only=True)
    assert len(list(store.named_graphs())) == len(TEXTS)
    n = lambda s: int(next(iter(query(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:commands ?o }")))[0].value)  # noqa: E731
    ttl = _ttl(tmp_path / "out")
    assert n(store) == len(set(ttl.triples((None, KG.commands, None))))
    del store
    (corpus / "d-diaz.txt").unlink()
    build([corpus], out=tmp_path / "out", options=opts)
    store = open_store(spec, read_only=True)
    assert len(list(store.named_graphs())) == len(TEXTS) - 1
    assert n(store) == len(set(_ttl(tmp_path / "out").triples((None, KG.commands, None))))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store")]


def test_store_spec_errors_are_clear(tmp_path):
    from kg.models import KGError
    from kg.store import open_store, store_path

    assert store_path("oxigraph:/x/y") == Path("/x/y")
    with pytest.raises(KGError, match="Unknown store"):
        store_path("neo4j:bolt")
    with pytest.raises(KGError, match="No Oxigraph store"):
        open_store(f"oxigraph:{tmp_path / 'none'}", read_only=True)


def test_cli_build_with_store_and_no_cache(corpus, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["build", str(corpus), "--out", str(out), "--no-view", "--no-cache",
                                   "--store", f"oxigraph:{tmp_path / 'st'}"])
    assert res.exit_code == 0, res.output
    assert "graph.trig" in res.output and str(tmp_path / "st") in res.output
    assert not (out / ".kg-cache").exists() and (tmp_path / "st").is_dir()
    res = CliRunner().invoke(app, ["build", str(corpus), "--engine", "spark"])
    assert res.exit_code == 2


def test_sort_unique_merges_runs_in_bounded_memory(tmp_path):
    import random

    rng = random.Random(3)
    lines = [f"<s{rng.randrange(50)}> <p> \"{rng.randrange(40)}\" .\n" for _ in range(500)]
    target = assemble.sort_unique(iter(lines), tmp_path / "out.nt", tmp_path, chunk=37)
    assert target.read_text(encoding="utf-8").splitlines(keepends=True) == sorted(set(lines))
    assert [p.name for p in tmp_path.iterdir()] == ["out.nt"]  # the runs are gone
