"""``kg build --engine dask``: per-article extraction on dask.distributed workers.

(``Article``, cache key, cached ``Record`` or ``None``) items -> partitions of the
uncached articles -> ``extract_partition`` on a worker (loads the spaCy model once per
worker process, parses the partition with ``nlp.pipe``, extracts and renders each
article) -> the partition's records, their RDF text included, returned as the task's
result -> records in input order, for ``kg.pipeline.build`` to merge and serialise.

Without ``--scheduler`` a ``LocalCluster`` of ``--jobs`` single-threaded worker processes
is started and stopped with the build. With ``--scheduler tcp://HOST:8786`` the workers
of that cluster do the work; they need kg-builder and the model installed, and nothing
else: results travel over Dask's connections, so the workers and this machine need no
shared folder.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..extract import load_nlp
from ..extract.classifier import load_model, model_path
from ..extract.nlp import model_id
from ..models import Article, KGError
from .assemble import render
from .cache import Record
from .options import BuildOptions
from .records import Item, record_of

log = logging.getLogger(__name__)


def extract_partition(batch: list[tuple[Article, str]], *, model: str | None, batch_size: int,
                      base: str, min_confidence: float, classifier: bool = True,
                      relation_model: str | None = None) -> list[Record]:
    """Worker side: parse, extract and render one partition of (article, cache key) pairs.

    Returns each article's record with its rendered RDF (N-Triples and N-Quads text) as
    the task's result, which Dask sends back to the client: no shared folder is needed.
    A partition of 64 news articles is about 2.4 MB of text.
    """
    nlp = load_nlp(model)  # cached: once per worker process
    mid = model_id(nlp)
    relations = load_model(relation_model) if classifier else None
    out = []
    docs = nlp.pipe([a.text for a, _ in batch], batch_size=batch_size)
    for (article, key), doc in zip(batch, docs):
        rec = record_of(doc, article, key=key, model=mid, classifier=relations)
        rendered = render(article, rec.entities, rec.relations, base=base, min_confidence=min_confidence)
        out.append(replace(rec, rendered=rendered))
    return out


def _client(opts: BuildOptions) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - a dependency
        raise KGError("The dask engine needs dask.distributed: `pip install 'dask[distributed]'`.") from err
    if opts.scheduler:
        try:
            return Client(opts.scheduler), None  # connect timeout: distributed.comm.timeouts.connect
        except (OSError, TimeoutError) as err:
            raise KGError(f"Cannot reach the Dask scheduler at {opts.scheduler}: {err}. Check the "
                          "address (tcp://HOST:8786) and that the scheduler is running.") from err
    cluster = LocalCluster(n_workers=opts.jobs, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def iter_records(items: Iterable[Item], opts: BuildOptions) -> Iterator[tuple[Article, Record, bool]]:
    """Like ``records.iter_records``, with the parsing done by Dask workers."""
    client, cluster = _client(opts)
    try:
        workers = max(1, len(client.nthreads()))
        yield from _ordered(items, client, opts, max_in_flight=2 * workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ordered(items: Iterable[Item], client: Any, opts: BuildOptions, *,
             max_in_flight: int) -> Iterator[tuple[Article, Record, bool]]:
    """Submit partitions of uncached articles; hand every article on in input order."""
    slots: deque[list[Any]] = deque()  # [article, key, record or None, parsed]
    open_part: list[list[Any]] = []
    in_flight: deque[tuple[Any, list[list[Any]]]] = deque()
    size = max(1, opts.partition_size)

    def submit() -> None:
        nonlocal open_part
        fut = client.submit(extract_partition, [(s[0], s[1]) for s in open_part],
                            model=opts.model, batch_size=opts.batch_size, base=opts.base,
                            min_confidence=opts.min_confidence, classifier=opts.classifier,
                            relation_model=model_path(opts.relation_model), pure=False)
        in_flight.append((fut, open_part))
        open_part = []

    def collect_oldest() -> None:
        fut, part = in_flight.popleft()
        for slot, rec in zip(part, fut.result()):
            slot[2] = rec

    def ready() -> Iterator[tuple[Article, Record, bool]]:
        while slots and slots[0][2] is not None:
            article, _, rec, parsed = slots.popleft()
            yield article, rec, parsed

    for article, key, rec in items:
        slot = [article, key, rec, rec is None]
        slots.append(slot)
        if rec is None:
            open_part.append(slot)
            if len(open_part) >= size:
                submit()
        elif open_part and len(slots) > 4 * size:
            submit()  # cached articles pile up behind a partial partition: send it now
        while len(in_flight) >= max_in_flight or (in_flight and len(slots) > 8 * size):
            collect_oldest()  # bounded memory: wait for the oldest partition
        yield from ready()
    if open_part:
        submit()
    while in_flight:
        collect_oldest()
        yield from ready()
    yield from ready()
