"""``kg build --engine dask``: per-article extraction on dask.distributed workers.

(``Article``, cache key, cached ``Record`` or ``None``) items -> partitions of the
uncached articles -> ``extract_partition`` on a worker (loads the spaCy model once per
worker process, parses the partition with ``nlp.pipe``, extracts and renders each
article, writes the partition's RDF as one N-Quads shard) -> records in input order,
their RDF read back from the shards, for ``pipeline.build`` to merge and serialise.

Without ``--scheduler`` a ``LocalCluster`` of ``--jobs`` single-threaded worker processes
is started and stopped with the build. With ``--scheduler tcp://HOST:8786`` the workers
of that cluster do the work; they need kg-builder and the model installed, and
``--shard-dir`` must name a folder that they and this machine share.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..extract import load_nlp
from ..extract.nlp import model_id
from ..models import Article, KGError
from ..outputs import write_atomic
from .assemble import render
from .cache import Record, Rendered
from .options import BuildOptions
from .records import Item, record_of

log = logging.getLogger(__name__)

Span = tuple[int, int]  # (offset, length) in a shard's bytes


def extract_partition(index: int, batch: list[tuple[Article, str]], *, model: str | None, batch_size: int,
                      base: str, min_confidence: float, shard_dir: str
                      ) -> tuple[str, list[tuple[Record, str, Span, Span]]]:
    """Worker side: parse, extract and render one partition; write its shard.

    Returns the shard's path and, per article, its record (without the RDF text), the
    render key, and where its default-graph and named-graph text sit in the shard.
    """
    nlp = load_nlp(model)  # cached: once per worker process
    mid = model_id(nlp)
    chunks: list[bytes] = []
    meta: list[tuple[Record, str, Span, Span]] = []
    offset = 0
    docs = nlp.pipe([a.text for a, _ in batch], batch_size=batch_size)
    for (article, key), doc in zip(batch, docs):
        rec = record_of(doc, article, key=key, model=mid)
        r = render(article, rec.entities, rec.relations, base=base, min_confidence=min_confidence)
        default, named = r.default.encode("utf-8"), r.named.encode("utf-8")
        chunks += [default, named]
        meta.append((rec, r.key, (offset, len(default)), (offset + len(default), len(named))))
        offset += len(default) + len(named)
    shard = Path(shard_dir) / f"part-{index:06d}.nq"
    shard.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(shard, b"".join(chunks))
    return str(shard), meta


def _read_shard(path: str, meta: list[tuple[Record, str, Span, Span]]) -> list[Record]:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise KGError(f"Cannot read the shard {path} that a Dask worker wrote: {err}. With a remote "
                      "cluster, pass --shard-dir on storage that the workers and this machine share.") from err
    Path(path).unlink(missing_ok=True)
    out = []
    for rec, key, (d0, dn), (n0, nn) in meta:
        rendered = Rendered(key, data[d0:d0 + dn].decode("utf-8"), data[n0:n0 + nn].decode("utf-8"))
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


def iter_records(items: Iterable[Item], opts: BuildOptions, *, workdir: Path
                 ) -> Iterator[tuple[Article, Record, bool]]:
    """Like ``pipeline.iter_records``, with the parsing done by Dask workers."""
    shard_dir = Path(opts.shard_dir) if opts.shard_dir else Path(workdir) / "shards"
    shard_dir.mkdir(parents=True, exist_ok=True)
    client, cluster = _client(opts)
    try:
        workers = max(1, len(client.nthreads()))
        yield from _ordered(items, client, opts, str(shard_dir.resolve()), max_in_flight=2 * workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ordered(items: Iterable[Item], client: Any, opts: BuildOptions, shard_dir: str, *,
             max_in_flight: int) -> Iterator[tuple[Article, Record, bool]]:
    """Submit partitions of uncached articles; hand every article on in input order."""
    slots: deque[list[Any]] = deque()  # [article, key, record or None, parsed]
    open_part: list[list[Any]] = []
    in_flight: deque[tuple[Any, list[list[Any]]]] = deque()
    index = 0
    size = max(1, opts.partition_size)

    def submit() -> None:
        nonlocal index, open_part
        fut = client.submit(extract_partition, index, [(s[0], s[1]) for s in open_part],
                            model=opts.model, batch_size=opts.batch_size, base=opts.base,
                            min_confidence=opts.min_confidence, shard_dir=shard_dir, pure=False)
        in_flight.append((fut, open_part))
        index += 1
        open_part = []

    def collect_oldest() -> None:
        fut, part = in_flight.popleft()
        path, meta = fut.result()
        for slot, rec in zip(part, _read_shard(path, meta)):
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
