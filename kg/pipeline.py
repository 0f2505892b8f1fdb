"""``build(paths, out=...)``: the one place that wires the stages together.

paths -> ``Article``s (ingest) -> spaCy ``Doc``s (nlp, streamed with ``nlp.pipe``) ->
``Mention``s (mentions) -> ``Entity``s (resolve) -> ``Relation``s (relations) ->
``rdflib.Graph`` (rdf) -> files in ``out`` (Turtle, HTML view), written atomically.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph

from . import rdf
from .ingest import DEFAULT_MAX_BYTES, read_inputs
from .models import Article, BuildReport, Extraction, KGError, Skipped

log = logging.getLogger(__name__)

GRAPH_FILE = "graph.ttl"
VIEW_FILE = "graph.html"
LOCK_FILE = ".kg-build.lock"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything that shapes a build; the CLI fills it from its flags."""

    model: str | None = None
    base: str = rdf.DEFAULT_BASE
    min_confidence: float = 0.0
    batch_size: int = 64
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    view: bool = True


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


def extract_texts(texts: Iterable[str], *, model: str | None = None) -> list[Extraction]:
    """Convenience for notebooks and tests: plain strings -> extractions."""
    from .ingest import make_article
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    articles = [make_article(t, f"<text {i}>") for i, t in enumerate(texts)]
    return [extract(doc, a) for a, doc in zip(articles, nlp.pipe([a.text for a in articles]))]


def iter_extractions(articles: Iterable[Article], opts: BuildOptions,
                     on_article: Callable[[Article], None] | None = None) -> Iterator[Extraction]:
    """Stream articles through ``nlp.pipe`` in batches; never holds all Docs in memory."""
    from .nlp import load_pipeline

    nlp = load_pipeline(opts.model)
    pairs = ((a.text, a) for a in articles)
    kwargs = {"batch_size": opts.batch_size}
    if opts.jobs > 1:
        kwargs["n_process"] = opts.jobs
    for doc, article in nlp.pipe(pairs, as_tuples=True, **kwargs):
        if on_article:
            on_article(article)
        yield extract(doc, article, opts.min_confidence)


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

    Outputs (``graph.ttl``, ``graph.html``) are written only when at least one
    article was read, each atomically, so a failed or interrupted build leaves the
    previous outputs as they were. Raises ``KGError`` when nothing could be built.
    """
    from .nlp import load_pipeline, model_id

    opts = options or BuildOptions()
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
        nlp = load_pipeline(opts.model)
        extractions = list(iter_extractions(articles(), opts, on_article))
        if not extractions:
            reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no input paths"
            raise KGError(f"Nothing to build: no article could be read ({reasons}).")
        g = to_graph(extractions, base=opts.base, model=model_id(nlp))
        written = [out / GRAPH_FILE]
        write_atomic(out / GRAPH_FILE, g.serialize(format="turtle"))
        if opts.view:
            from .view import write_view

            write_view(g, out / VIEW_FILE, title="kg-builder: " + ", ".join(
                sorted({e.article.title or Path(e.article.source).name for e in extractions}))[:200])
            written.append(out / VIEW_FILE)
    by_class, by_rel = summarize(g)
    report = BuildReport(
        articles=len(extractions),
        entities=sum(n for _, n in by_class),
        relations=sum(n for _, n in by_rel),
        outputs=tuple(str(p) for p in written),
        skipped=tuple(skipped),
        entities_by_class=by_class,
        relations_by_property=by_rel,
        seconds=round(time.perf_counter() - started, 2),
    )
    return g, report
