"""Extraction: ``Article`` + spaCy ``Doc`` -> ``Mention``s -> ``Entity``s -> ``Relation``s.

One module per stage:

* ``nlp``: the spaCy pipeline (model choice, the paragraph component, the guarded tokenizer);
* ``mentions``: names in the ``Doc`` -> typed ``Mention``s (with ``lexicon`` and ``gazetteer``);
* ``resolve``: mentions -> one ``Entity`` per real-world thing (also across articles);
* ``relations``: the ``Doc`` and the entities -> ``Relation``s, by the rules of ``rules``
  (applied by ``rules.engines`` over a ``context``, with ``syntax`` and ``coref``) and by the
  trained ``classifier`` over ``candidates`` pairs and their ``features``.

:func:`extract` runs them on one parsed article. This room knows nothing of RDF
files, caches or servers: the build (``kg.pipeline``) calls it and keeps the results.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from ..ingest import make_article
from ..models import Article, Extraction
from . import nlp
from .classifier import RelationModel, load_model
from .mentions import find_mentions, interview_turns
from .relations import extract_relations
from .resolve import resolve

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["extract", "extract_texts", "load_nlp"]


def extract(doc: Doc, article: Article, min_confidence: float = 0.0, *,
            classifier: RelationModel | Literal["shipped"] | None = "shipped") -> Extraction:
    """One parsed article -> its entities and relations.

    ``classifier`` is the relation model to run beside the rules: the shipped one (or
    ``$KG_RELATION_MODEL``) by default, a loaded ``RelationModel``, or None for the rules only.
    """
    mentions = find_mentions(doc, article)
    turns = interview_turns(article)
    res = resolve(mentions, article, [(t.label_start, t.label_end) for t in turns])
    model = load_model() if classifier == "shipped" else classifier
    relations, added = extract_relations(doc, article, mentions, res, turns, model=model)
    relations = [r for r in relations if r.provenance.confidence >= min_confidence]
    return Extraction(article, tuple(res.entities) + tuple(added), tuple(relations))


def load_nlp(model: str | None = None) -> Language:
    """``nlp.load_pipeline(model)``, sharing one cached pipeline for the default model
    (``load_pipeline()`` and ``load_pipeline(None)`` are different ``lru_cache`` keys)."""
    return nlp.load_pipeline(model) if model else nlp.load_pipeline()


def extract_texts(texts: Iterable[str], *, model: str | None = None) -> list[Extraction]:
    """Convenience for notebooks and tests: plain strings -> extractions."""
    pipeline = load_nlp(model)
    articles = [make_article(t, f"<text {i}>") for i, t in enumerate(texts)]
    return [extract(doc, a) for a, doc in zip(articles, pipeline.pipe([a.text for a in articles]))]
