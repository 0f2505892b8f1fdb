"""Articles -> ``Record``s: the local engine (spaCy ``nlp.pipe`` in this process or ``n_process``).

``iter_records`` takes (article, cache key, cached record or ``None``) items and yields
each article with its record in input order, parsing only the uncached ones as one
``nlp.pipe`` stream; ``record_of`` turns one parsed article into its ``Record``.
``iter_extractions`` and ``to_graph`` are the in-memory path (no cache, no files) for
notebooks and tests.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from rdflib import Graph

from .. import rdf
from ..extract import extract, load_nlp
from ..extract.nlp import model_id
from ..models import Article, Extraction
from .cache import Record
from .options import BuildOptions, relation_model

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..extract.classifier import RelationModel


def iter_extractions(articles: Iterable[Article], opts: BuildOptions,
                     on_article: Callable[[Article], None] | None = None) -> Iterator[Extraction]:
    """Stream articles through ``nlp.pipe`` in batches; never holds all Docs in memory."""
    for article, rec, _ in iter_records(((a, "", None) for a in articles), opts):
        if on_article:
            on_article(article)
        rels = tuple(r for r in rec.relations if r.provenance.confidence >= opts.min_confidence)
        yield Extraction(article, rec.entities, rels)


def record_of(doc: Doc, article: Article, *, key: str = "", model: str = "",
              classifier: RelationModel | None = None) -> Record:
    """One parsed article -> its ``Record`` (every relation: ``--min-confidence`` applies later)."""
    ex = extract(doc, article, classifier=classifier)
    return Record(key, model, ex.entities, ex.relations)


Item = tuple[Article, str, "Record | None"]
"""An article, its cache key and its cached record (``None``: it must be parsed)."""


def iter_records(items: Iterable[Item], opts: BuildOptions) -> Iterator[tuple[Article, Record, bool]]:
    """Each article with its record and whether it was parsed now, in input order.

    Cached records pass straight through; the other articles are parsed with ``nlp.pipe``
    (``n_process=opts.jobs``) as one stream, so batches fill across cached articles, only
    about a batch is read ahead, and the model is never loaded when everything is cached.
    """
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

    docs: Iterator[Doc] | None = None
    model = ""
    try:
        while pending or pull():
            article, key, rec = pending[0]
            parsed = rec is None
            if rec is None:
                if docs is None:
                    nlp = load_nlp(opts.model)
                    model = model_id(nlp)
                    classifier = relation_model(opts)
                    docs = iter(nlp.pipe(texts(), batch_size=opts.batch_size, n_process=opts.jobs))
                rec = record_of(next(docs), article, key=key, model=model, classifier=classifier)
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
