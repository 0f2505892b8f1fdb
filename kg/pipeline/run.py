"""``build(paths, out=...)``: the one place that wires the build's stages together.

paths and URLs -> ``Article``s (``kg.ingest``, streamed; fetched pages kept in
``<out>/.kg-web``) -> cached ``Record`` or spaCy ``Doc`` (``records``: ``nlp.pipe`` in
batches, ``n_process`` = ``--jobs``; or ``distributed``: Dask workers) -> ``Mention``s
-> ``Entity``s -> ``Relation``s (``kg.extract``) -> ``Record``
(``cache``: one JSON per article) -> merged graph (``assemble``: streamed to disk,
entities merged across articles) -> ``graph.ttl``, ``graph.trig`` and the extra outputs
the caller asks for (``writers``: ``kg.build`` adds the view and the exports) in ``out``,
committed together, and optionally an Oxigraph store.

Nothing holds every ``Doc`` or every article's triples: articles stream through the
parser, each article's RDF goes to a temporary file as soon as it is made, and only the
merged entity descriptions stay in memory. An unchanged article is read from
``<out>/.kg-cache`` instead of being parsed, so a rebuild costs the merge and the
serialisation, and adding one article to N costs one extraction plus the merge.
"""
from __future__ import annotations

import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from rdflib import RDF, Graph

from ..ingest import read_inputs
from ..models import Article, BuildReport, KGError, Skipped
from ..ontology import KG, RELATIONS
from ..outputs import build_lock
from ..store import lazy_graph, replace_store
from .assemble import GRAPH_FILE, TRIG_FILE, Assembler, ensure_rendered
from .cache import CACHE_DIR, RecordCache, model_key
from .distributed import iter_records as dask_records
from .options import ENGINES, BuildOptions
from .records import Item, iter_records

log = logging.getLogger(__name__)

WEB_CACHE_DIR = ".kg-web"
"""Where a build keeps fetched pages (``kg.ingest.fetchcache``), beside ``.kg-cache``."""

OutputWriter = Callable[[Graph, Path], object]
"""Writes one extra output of a build from the built graph to the (staged) path it is given."""


def summarize(g: Graph) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """(entities by class, relations by property) of a built graph."""
    ns = str(KG._NS)
    classes: Counter[str] = Counter()
    for _, _, c in g.triples((None, RDF.type, None)):
        name = str(c)[len(ns):] if str(c).startswith(ns) else None
        if name and name != "Article":
            classes[name] += 1
    rels: Counter[str] = Counter()
    for name in RELATIONS:
        rels[name] = sum(1 for _ in g.triples((None, KG[name], None)))
    return tuple(sorted(classes.items())), tuple((k, v) for k, v in sorted(rels.items()) if v)


def build(paths: Iterable[str | Path], *, out: str | Path = "output", options: BuildOptions | None = None,
          on_article: Callable[[Article], None] | None = None,
          on_skip: Callable[[Skipped], None] | None = None,
          writers: Mapping[str, OutputWriter] | None = None) -> tuple[Graph, BuildReport]:
    """Build the graph of ``paths`` into ``out``; return the graph and a report.

    Outputs (``graph.ttl``, ``graph.trig``, one file or folder per entry of ``writers``,
    the store) are written only when at least one article was read, staged and then
    renamed into place together, so a failed or interrupted build leaves the previous
    outputs as they were. ``writers`` maps an output name to a function that writes it
    from the built graph to the staged path it is given (``kg.build`` passes the view
    and the ``--formats`` exports). Raises ``KGError`` when nothing could be built.
    ``on_article`` is called as each article is merged, in input order.

    The returned graph is an rdflib ``Graph``; for graphs over ``assemble.TURTLE_RDFLIB_MAX``
    triples it reads an Oxigraph store (through oxrdflib) instead of holding rdflib terms.
    """
    opts = options or BuildOptions()
    if opts.engine not in ENGINES:
        raise KGError(f"Unknown engine {opts.engine!r}: use one of {', '.join(ENGINES)}.")
    for name in writers or ():
        if name in (GRAPH_FILE, TRIG_FILE) or name.startswith(".") or Path(name).name != name:
            raise KGError(f"Cannot add an output named {name!r}: an extra output is a plain file or "
                          f"folder name in OUT, not {GRAPH_FILE}, {TRIG_FILE} or a hidden name.")
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    skipped: list[Skipped] = []

    web = opts.web if opts.web.cache_dir else replace(opts.web, cache_dir=str(out / WEB_CACHE_DIR))

    def articles() -> Iterator[Article]:
        for item in read_inputs(list(paths), max_bytes=opts.max_bytes, web=web):
            if isinstance(item, Skipped):
                skipped.append(item)
                if on_skip:
                    on_skip(item)
            else:
                yield item

    with build_lock(out):
        for stale in out.glob(".kg-tmp-*"):  # left by a killed build
            shutil.rmtree(stale, ignore_errors=True)
        cache = RecordCache(out / CACHE_DIR, model_key(opts.model)) if opts.cache else None

        def items() -> Iterator[Item]:
            for a in articles():
                yield (a, cache.key(a), cache.load(a)) if cache else (a, "", None)

        with Assembler(out, base=opts.base, min_confidence=opts.min_confidence, link_across=opts.link_across,
                       identity=opts.identity) as asm:
            if opts.engine == "dask":
                records = dask_records(items(), opts)
            else:
                records = iter_records(items(), opts)
            for article, rec, parsed in records:
                ready = ensure_rendered(article, rec, base=opts.base, min_confidence=opts.min_confidence)
                if cache is not None and (parsed or ready is not rec):
                    cache.save(ready)
                asm.add(article, ready)
                if on_article:
                    on_article(article)
            if not asm.articles:
                reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no input paths"
                raise KGError(f"Nothing to build: no article could be read ({reasons}).")
            done = asm.finish()
            if writers:
                built = done.graph if done.graph is not None else lazy_graph(done.staged[0])
                for name, write in writers.items():
                    write(built, asm.stage(name))
                del built
            order = (GRAPH_FILE, TRIG_FILE, *(writers or ()))
            written = sorted(asm.commit(), key=lambda p: order.index(p.name))  # all files at once
        if opts.store:
            written.append(replace_store(opts.store, out / TRIG_FILE))
        if done.graph is not None:
            graph = done.graph
        else:
            graph = lazy_graph(out / GRAPH_FILE)
        if cache is not None:
            removed = cache.prune()
            log.info("cache: %d reused, %d parsed, %d stale records removed",
                     cache.hits, cache.misses, removed)
    by_class, by_rel = done.entities_by_class, done.relations_by_property
    report = BuildReport(
        articles=asm.articles,
        entities=sum(n for _, n in by_class),
        relations=sum(n for _, n in by_rel),
        outputs=tuple(str(p) for p in written),
        skipped=tuple(skipped),
        entities_by_class=by_class,
        relations_by_property=by_rel,
        seconds=round(time.perf_counter() - started, 2),
    )
    return graph, report


