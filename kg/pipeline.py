"""``build(paths, out=...)``: the one place that wires the stages together.

paths -> ``Article``s (ingest, streamed) -> cached ``Record`` or spaCy ``Doc`` (nlp,
``nlp.pipe`` in batches, ``n_process`` = ``--jobs``; or Dask workers) -> ``Mention``s ->
``Entity``s -> ``Relation``s (mentions, resolve, relations) -> ``Record`` (cache: one JSON
per article) -> merged graph (assemble: streamed to disk, entities merged across
articles) -> ``graph.ttl``, ``graph.trig``, ``graph.html`` in ``out`` (each written
atomically), and optionally an Oxigraph store.

Nothing holds every ``Doc`` or every article's triples: articles stream through the
parser, each article's RDF goes to a temporary file as soon as it is made, and only the
merged entity descriptions stay in memory. An unchanged article is read from
``<out>/.kg-cache`` instead of being parsed, so a rebuild costs the merge and the
serialisation, and adding one article to N costs one extraction plus the merge.
"""
from __future__ import annotations

import bisect
import logging
import os
import shutil
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph

from . import rdf
from .ingest import DEFAULT_MAX_BYTES, read_inputs
from .cache import Record
from .models import Article, BuildReport, Extraction, KGError, Skipped

log = logging.getLogger(__name__)

GRAPH_FILE = "graph.ttl"
TRIG_FILE = "graph.trig"
VIEW_FILE = "graph.html"
LOCK_FILE = ".kg-build.lock"
ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything that shapes a build; the CLI fills it from its flags.

    ``jobs`` is spaCy's ``n_process`` for the local engine and the number of workers of
    the Dask ``LocalCluster`` that ``engine="dask"`` starts when no ``scheduler`` is given.
    ``store`` (``"oxigraph:PATH"``) also loads the built dataset into a persistent store.
    """

    model: str | None = None
    base: str = rdf.DEFAULT_BASE
    min_confidence: float = 0.0
    batch_size: int = 16  # articles: as fast as 64, and spaCy's working memory stays ~350 MB
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    view: bool = True
    cache: bool = True
    store: str | None = None
    engine: str = "local"
    scheduler: str | None = None
    partition_size: int = 64
    shard_dir: str | None = None


def extract(doc, article: Article, min_confidence: float = 0.0) -> Extraction:  # type: ignore[no-untyped-def]
    """One parsed article -> its entities and relations."""
    from .mentions import find_mentions, interview_turns
    from .relations import extract_relations
    from .resolve import resolve

    mentions = find_mentions(doc, article)
    turns = interview_turns(article)
    res = resolve(mentions, article, [(t.label_start, t.label_end) for t in turns])
    relations, added = extract_relations(doc, article, mentions, res, turns)
    relations = [r for r in relations if r.provenance.confidence >= min_confidence]
    return Extraction(article, tuple(res.entities) + tuple(added), tuple(relations))


def load_nlp(model: str | None = None):  # type: ignore[no-untyped-def]
    """``nlp.load_pipeline(model)``, sharing one cached pipeline for the default model
    (``load_pipeline()`` and ``load_pipeline(None)`` are different ``lru_cache`` keys)."""
    from .nlp import load_pipeline

    return load_pipeline(model) if model else load_pipeline()


def extract_texts(texts: Iterable[str], *, model: str | None = None) -> list[Extraction]:
    """Convenience for notebooks and tests: plain strings -> extractions."""
    from .ingest import make_article

    nlp = load_nlp(model)
    articles = [make_article(t, f"<text {i}>") for i, t in enumerate(texts)]
    return [extract(doc, a) for a, doc in zip(articles, nlp.pipe([a.text for a in articles]))]


def iter_extractions(articles: Iterable[Article], opts: BuildOptions,
                     on_article: Callable[[Article], None] | None = None) -> Iterator[Extraction]:
    """Stream articles through ``nlp.pipe`` in batches; never holds all Docs in memory."""
    for article, rec, _ in iter_records(((a, "", None) for a in articles), opts):
        if on_article:
            on_article(article)
        rels = tuple(r for r in rec.relations if r.provenance.confidence >= opts.min_confidence)
        yield Extraction(article, rec.entities, rels)


def record_of(doc, article: Article, *, key: str = "", model: str = "") -> Record:  # type: ignore[no-untyped-def]
    """One parsed article -> its ``Record`` (every relation: ``--min-confidence`` applies later)."""
    ex = extract(doc, article)
    return Record(key, model, ex.entities, ex.relations)


Item = tuple[Article, str, "Record | None"]
"""An article, its cache key and its cached record (``None``: it must be parsed)."""


def iter_records(items: Iterable[Item], opts: BuildOptions) -> Iterator[tuple[Article, Record, bool]]:
    """Each article with its record and whether it was parsed now, in input order.

    Cached records pass straight through; the other articles are parsed with ``nlp.pipe``
    (``n_process=opts.jobs``) as one stream, so batches fill across cached articles, only
    about a batch is read ahead, and the model is never loaded when everything is cached.
    """
    from .nlp import model_id

    source = iter(items)
    pending: deque[Item] = deque()  # every article read, until it is handed on
    to_parse: deque[Article] = deque()  # the uncached ones among them, until spaCy takes them

    def pull() -> bool:
        item = next(source, None)
        if item is None:
            return False
        pending.append(item)
        if item[2] is None:
            to_parse.append(item[0])
        return True

    def texts() -> Iterator[str]:
        while True:
            while not to_parse:
                if not pull():
                    return
            yield to_parse.popleft().text

    docs: Iterator | None = None  # type: ignore[type-arg]
    model = ""
    try:
        while pending or pull():
            article, key, rec = pending[0]
            parsed = rec is None
            if rec is None:
                if docs is None:
                    nlp = load_nlp(opts.model)
                    model = model_id(nlp)
                    kwargs: dict[str, int] = {"batch_size": opts.batch_size}
                    if opts.jobs > 1:
                        kwargs["n_process"] = opts.jobs
                    docs = iter(nlp.pipe(texts(), **kwargs))
                rec = record_of(next(docs), article, key=key, model=model)
            pending.popleft()
            yield article, rec, parsed
        if docs is not None:
            for _ in docs:  # drain: lets spaCy's worker processes finish cleanly
                raise AssertionError("spaCy returned more documents than it was given")
    finally:
        if docs is not None and hasattr(docs, "close"):
            docs.close()


def to_graph(extractions: Iterable[Extraction], *, base: str = rdf.DEFAULT_BASE,
             model: str = "") -> Graph:
    """Extractions -> one rdflib graph (entities merge across articles by id)."""
    g = rdf.new_graph()
    for ex in extractions:
        rdf.add_extraction(g, ex.article, ex.entities, ex.relations, base)
    rdf.add_graph_metadata(g, model, base)
    return g


@contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder: a second one fails with a clear message."""
    path = out / LOCK_FILE
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError as err:
        pid = path.read_text(encoding="utf-8", errors="replace").strip() or "?"
        alive = pid.isdigit() and _pid_alive(int(pid))
        if alive:
            raise KGError(f"{out} is being built by another kg process (pid {pid}); wait for it "
                          f"to finish, or choose another --out.") from err
        path.unlink(missing_ok=True)  # stale lock from a killed build
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summarize(g: Graph) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """(entities by class, relations by property) of a built graph."""
    from .ontology import KG, RELATIONS

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
          on_skip: Callable[[Skipped], None] | None = None) -> tuple[Graph, BuildReport]:
    """Build the graph of ``paths`` into ``out``; return the graph and a report.

    Outputs (``graph.ttl``, ``graph.trig``, ``graph.html``, the store) are written only
    when at least one article was read, each atomically, so a failed or interrupted
    build leaves the previous outputs as they were. Raises ``KGError`` when nothing
    could be built. ``on_article`` is called as each article is merged, in input order.

    The returned graph is an rdflib ``Graph``; for graphs over ``assemble.TURTLE_RDFLIB_MAX``
    triples it reads an Oxigraph store (through oxrdflib) instead of holding rdflib terms.
    """
    from .assemble import Assembler, ensure_rendered
    from .cache import CACHE_DIR, RecordCache, model_key

    opts = options or BuildOptions()
    if opts.engine not in ENGINES:
        raise KGError(f"Unknown engine {opts.engine!r}: use one of {', '.join(ENGINES)}.")
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    skipped: list[Skipped] = []

    def articles() -> Iterator[Article]:
        for item in read_inputs(list(paths), max_bytes=opts.max_bytes):
            if isinstance(item, Skipped):
                skipped.append(item)
                if on_skip:
                    on_skip(item)
            else:
                yield item

    with _lock(out):
        for stale in out.glob(".kg-tmp-*"):  # left by a killed build
            shutil.rmtree(stale, ignore_errors=True)
        cache = RecordCache(out / CACHE_DIR, model_key(opts.model)) if opts.cache else None

        def items() -> Iterator[Item]:
            for a in articles():
                yield (a, cache.key(a), cache.load(a)) if cache else (a, "", None)

        titles = _Titles()
        with Assembler(out, base=opts.base, min_confidence=opts.min_confidence) as asm:
            if opts.engine == "dask":
                from .distributed import iter_records as dask_records

                records = dask_records(items(), opts, workdir=asm.tmp)
            else:
                records = iter_records(items(), opts)
            for article, rec, parsed in records:
                ready = ensure_rendered(article, rec, base=opts.base, min_confidence=opts.min_confidence)
                if cache is not None and (parsed or ready is not rec):
                    cache.save(ready)
                asm.add(article, ready)
                titles.add(article.title or Path(article.source).name)
                if on_article:
                    on_article(article)
            if not asm.articles:
                reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no input paths"
                raise KGError(f"Nothing to build: no article could be read ({reasons}).")
            done = asm.finish()
            if opts.view:
                from .store import lazy_graph
                from .view import write_view

                view_graph = done.graph if done.graph is not None else lazy_graph(done.staged[0])
                write_view(view_graph, asm.stage(VIEW_FILE), title="kg-builder: " + titles.text(200))
                del view_graph
            order = (GRAPH_FILE, TRIG_FILE, VIEW_FILE)
            written = sorted(asm.commit(), key=lambda p: order.index(p.name))  # all files at once
        if opts.store:
            from .store import replace_store

            written.append(replace_store(opts.store, out / TRIG_FILE))
        if done.graph is not None:
            graph = done.graph
        else:
            from .store import lazy_graph

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


class _Titles:
    """The view's title: the sorted, distinct article titles joined, cut to a length,
    kept without holding every title (only the smallest ones can reach the cut)."""

    def __init__(self, keep: int = 200) -> None:
        self.keep = keep
        self.items: list[str] = []

    def add(self, title: str) -> None:
        i = bisect.bisect_left(self.items, title)
        if i < len(self.items) and self.items[i] == title:
            return
        if len(self.items) >= self.keep and i >= self.keep:
            return
        self.items.insert(i, title)
        del self.items[self.keep:]

    def text(self, limit: int) -> str:
        return ", ".join(self.items)[:limit]
