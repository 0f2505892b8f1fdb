"""``--engine dask``: a real LocalCluster (two worker processes) builds what one process builds."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from corpora import SMALL_TEXTS, write_corpus
from rdflib.compare import isomorphic

from kg.pipeline import BuildOptions, build

distributed = pytest.importorskip("distributed")

TEXTS = {f"{k}.txt": SMALL_TEXTS[k] for k in "abcde"}


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", TEXTS)


def _graph(out: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(out / "graph.ttl", format="turtle")


def _dataset(out: Path) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return ds


def test_dask_build_equals_single_process_build(cluster, corpus, tmp_path):
    local = tmp_path / "local"
    build([corpus], out=local, options=BuildOptions(view=False, cache=False))
    dist = tmp_path / "dask"
    opts = BuildOptions(view=False, engine="dask", scheduler=cluster.scheduler_address, partition_size=2)
    _, report = build([corpus], out=dist, options=opts)
    assert report.articles == len(TEXTS)
    assert isomorphic(_graph(local), _graph(dist))
    assert set(_dataset(local).quads((None, None, None, None))) == set(_dataset(dist).quads((None, None, None, None)))
    assert (local / "graph.ttl").read_bytes() == (dist / "graph.ttl").read_bytes()
    assert not list(dist.glob(".kg-tmp-*"))  # nothing of the workers' is left in OUT
    # each worker loaded the model at most once, inside the worker
    with distributed.Client(cluster) as client:
        loads = client.run(lambda: __import__("kg.extract.nlp", fromlist=["nlp"])._load_pipeline.cache_info().misses)
    assert len(loads) == 2 and set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_dask_build_mixes_cached_and_new_articles_in_order(cluster, corpus, tmp_path):
    out = tmp_path / "out"
    opts = BuildOptions(view=False, engine="dask", scheduler=cluster.scheduler_address, partition_size=1)
    (corpus / "b.txt").rename(tmp_path / "b.txt")
    (corpus / "d.txt").rename(tmp_path / "d.txt")
    build([corpus], out=out, options=opts)
    (tmp_path / "b.txt").rename(corpus / "b.txt")
    (tmp_path / "d.txt").rename(corpus / "d.txt")
    build([corpus], out=out, options=opts)  # a, c, e cached; b, d on the workers
    local = tmp_path / "local"
    build([corpus], out=local, options=BuildOptions(view=False, cache=False))
    assert (out / "graph.ttl").read_bytes() == (local / "graph.ttl").read_bytes()
    assert (out / "graph.trig").read_bytes() == (local / "graph.trig").read_bytes()


def test_worker_partition_returns_its_rdf_as_the_task_result(tmp_path, monkeypatch):
    """The worker function itself, in this process: the records come back with every
    article's N-Triples/N-Quads text (valid for the strictest parser), and no file is written."""
    import pickle

    import pyoxigraph as ox

    from kg.ingest import make_article
    from kg.pipeline.distributed import extract_partition

    monkeypatch.chdir(tmp_path)
    batch = [(make_article(t, n), f"key-{n}") for n, t in list(TEXTS.items())[:2]]
    records = extract_partition(batch, model=None, batch_size=8, base="https://example.org/id/",
                                min_confidence=0.0)
    assert list(tmp_path.iterdir()) == []
    assert [r.key for r in records] == ["key-a.txt", "key-b.txt"]
    assert all(r.rendered and r.rendered.named for r in records)
    text = "".join(r.rendered.default + r.rendered.named for r in records if r.rendered)
    quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert quads and {str(q.graph_name.value) for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert pickle.loads(pickle.dumps(records)) == records  # what Dask sends back to the client


def test_unreachable_scheduler_is_a_clear_error(corpus, tmp_path):
    import dask

    from kg.models import KGError

    opts = BuildOptions(view=False, engine="dask", scheduler="tcp://127.0.0.1:9", cache=False)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(KGError, match="Cannot reach the Dask scheduler"):
            build([corpus], out=tmp_path / "out", options=opts)
