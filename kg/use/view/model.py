"""The page's data: ``rdflib.Graph`` -> one JSON-ready dict, read by the page script.

Keys (every list is in a deterministic order, so the same graph gives the same page):

* ``title``; ``sizeBy`` (``"degree"`` or ``"betweenness"`` when the graph carries
  ``kg:betweenness``); ``stats``: counts, ``overview`` (whether the page opens on the
  community overview), ``overviewFrom``, ``physics``, ``expandLimit``;
* ``classes`` and ``relations``: the legend (name, colour, shape or symmetry, count);
* ``articles``: ``{iri, title, date, month, url, source, publisher}``, dated ones first
  in date order; evidence and entities refer to them by index;
* ``sentences`` and ``rules``: distinct strings, referred to by index (a corpus
  repeats sentences: each is stored once);
* ``nodes`` (an entity's index is its id on the page): ``iri``, ``name``, ``cls``,
  ``aliases``, ``rank``, ``mentions``, ``degree``, ``betweenness``, ``community``
  (the ``kg stats`` number), ``x``/``y`` (its position in the drawing of the smallest
  community it is in, or of the whole graph when there is no overview), ``articles``
  (indices, from ``dcterms:source``);
* ``edges`` (index = id): ``from``, ``to`` (node indices), ``predicate``,
  ``confidence`` (the best), ``curve`` (0 for the first edge between a pair, then 1,
  2... for parallel ones), ``evidence``: ``[article, sentence, confidence, rule,
  start, end, features]`` arrays (indices into ``articles``, ``sentences``, ``rules``;
  ``null`` when unknown);
* ``communities``: ``{name, number, parent, children, members, x, y}`` (see
  :class:`~.communities.Community`), parents first, members most central first; ``x``/``y``
  place its node in its parent's overview;
* ``options``: vis-network's options.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

from rdflib import Graph

from ...ontology import CLASSES, RELATIONS, SYMMETRIC
from .communities import build_communities, member_positions, partition
from .layout import LAYOUT_SEED, layout
from .read import ArticleInfo, Evidence, GraphData, read_graph
from .style import OTHER_RELATION_COLOR, RELATION_COLORS, class_style, vis_options

log = logging.getLogger(__name__)

DEFAULT_OVERVIEW_FROM = 300
"""Graphs with more entities than this open on the community overview."""

PHYSICS_LIMIT = 300
"""Up to this many entities drawn at first, vis-network's physics polishes the layout
(then the page switches it off); above it the page starts with physics off."""

EXPAND_LIMIT = 50
"""Neighbours added to the drawing by one search or expansion (the most connected first;
expanding again adds the next ones)."""


def view_title(data: GraphData) -> str:
    """The article's own title for one article; "kg-builder: N articles, M entities" otherwise."""
    if len(data.articles) == 1:
        [article] = data.articles.values()
        return article.title
    n, m = len(data.articles), len(data.entities)
    return f"kg-builder: {n:,} article{'s' * (n != 1)}, {m:,} entit{'y' if m == 1 else 'ies'}"


class _Table:
    """Distinct strings, numbered in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int | None:
        if value is None:
            return None
        return self.index.setdefault(value, len(self.index))

    def values(self) -> list[str]:
        return list(self.index)


def _article_order(article: ArticleInfo) -> tuple[Any, ...]:
    return (article.month is None, article.date or "", article.title.casefold(), article.iri)


def _evidence(ev: Evidence, articles: dict[str, int], sentences: _Table, rules: _Table) -> list[Any]:
    row: list[Any] = [articles.get(ev.article) if ev.article is not None else None, sentences(ev.sentence),
                      ev.confidence, rules(ev.rule), ev.start, ev.end]
    if ev.features:
        row.append(list(ev.features))
    return row


def build_model(graph: Graph, *, title: str | None = None, overview_from: int = DEFAULT_OVERVIEW_FROM,
                expand_limit: int = EXPAND_LIMIT) -> dict[str, Any]:
    """Everything the page needs, as one JSON-ready dict (see the module docstring)."""
    started = time.perf_counter()
    data = read_graph(graph)
    entities, relations = data.entities, data.relations
    iris = sorted(entities)
    index = {iri: i for i, iri in enumerate(iris)}
    pairs = [(index[r.subject], index[r.object], r.predicate) for r in relations]
    degree = Counter(i for s, o, _ in pairs for i in (s, o))

    def centrality(i: int) -> tuple[Any, ...]:
        entity = entities[iris[i]]
        return (-degree[i], -entity.mentions, entity.label.casefold(), entity.iri)

    found = partition(iris, pairs)
    number = {i: k for k, members in enumerate(found) for i in members}
    overview = len(iris) > overview_from
    communities = build_communities(found, pairs, centrality, overview_from) if overview else []
    positions = member_positions(communities, pairs, len(iris)) if overview \
        else layout(len(iris), ((s, o) for s, o, _ in pairs))

    ordered = sorted(data.articles.values(), key=_article_order)
    article_index = {a.iri: k for k, a in enumerate(ordered)}
    sentences, rules = _Table(), _Table()
    by_betweenness = any(e.betweenness is not None for e in entities.values())

    nodes = []
    for i, iri in enumerate(iris):
        entity = entities[iri]
        nodes.append({
            "iri": iri, "name": entity.label, "cls": entity.cls, "aliases": list(entity.aliases),
            "rank": entity.rank, "mentions": entity.mentions, "degree": degree[i],
            "betweenness": entity.betweenness, "community": number.get(i),
            "x": positions[i][0], "y": positions[i][1],
            "articles": sorted(article_index[a] for a in entity.sources),
        })
    edges = []
    pair_count: Counter[tuple[int, int]] = Counter()
    for (s, o, predicate), rel in zip(pairs, relations):
        pair = (min(s, o), max(s, o))
        confidences = [ev.confidence for ev in rel.evidence if ev.confidence is not None]
        edges.append({
            "from": s, "to": o, "predicate": predicate,
            "confidence": max(confidences) if confidences else None,
            "curve": pair_count[pair],
            "evidence": [_evidence(ev, article_index, sentences, rules) for ev in rel.evidence],
        })
        pair_count[pair] += 1

    class_counts = Counter(e.cls for e in entities.values())
    order = {cls: i for i, cls in enumerate(CLASSES)}
    classes = []
    for cls in sorted(class_counts, key=lambda c: (order.get(c, len(order)), c)):
        top_cls, color, shape, glyph = class_style(cls)
        classes.append({"name": cls, "top": top_cls, "color": color, "shape": shape,
                        "glyph": glyph, "count": class_counts[cls]})
    relation_counts = Counter(r.predicate for r in relations)
    rel_order = {name: i for i, name in enumerate(RELATIONS)}
    relation_legend = [
        {"name": name, "count": relation_counts[name], "symmetric": name in SYMMETRIC,
         "color": RELATION_COLORS.get(name, OTHER_RELATION_COLOR)}
        for name in sorted(relation_counts, key=lambda r: (rel_order.get(r, len(rel_order)), r))
    ]
    physics = not overview and len(iris) <= PHYSICS_LIMIT
    log.debug("graph view: model of %d entities, %d relations and %d articles in %.2f s",
              len(nodes), len(edges), len(ordered), time.perf_counter() - started)
    return {
        "title": title if title is not None else view_title(data),
        "sizeBy": "betweenness" if by_betweenness else "degree",
        "stats": {"entities": len(iris), "relations": len(relations), "articles": len(ordered),
                  "overview": overview, "overviewFrom": overview_from, "physics": physics,
                  "expandLimit": expand_limit},
        "classes": classes,
        "relations": relation_legend,
        "articles": [{"iri": a.iri, "title": a.title, "date": a.date, "month": a.month, "url": a.url,
                      "source": a.source, "publisher": a.publisher} for a in ordered],
        "sentences": sentences.values(),
        "rules": rules.values(),
        "nodes": nodes,
        "edges": edges,
        "communities": [{"name": c.name, "number": c.number, "parent": c.parent, "children": list(c.children),
                         "members": list(c.members), "x": c.position[0], "y": c.position[1]}
                        for c in communities],
        "options": vis_options(physics=physics, seed=LAYOUT_SEED),
    }
