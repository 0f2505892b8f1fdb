"""``rdflib.Graph`` -> self-contained HTML file: the interactive graph view.

The view reads only the graph (the layout documented in :mod:`kg.rdf`), so it works
on any built ``graph.ttl`` without re-running NLP::

    >>> from kg.rdf import new_graph
    >>> html = render_view(new_graph(), title="empty <graph>")
    >>> "<title>empty &lt;graph&gt;</title>" in html
    True

What the page offers: nodes coloured and shaped by ontology class (with a legend
that doubles as a class filter), sized by degree (or ``kg:betweenness`` when the
graph carries it); labelled edges, directed except for symmetric relations; hover
titles; a side panel listing a node's relations with their source sentences,
article titles and confidences (or an edge's provenance); search by any alias
(case- and accent-insensitive); filters by class, relation and minimum confidence;
a physics switch. Above ``max_nodes`` entities the page starts with the most
connected ones and a notice with a "Show all" button. Degree is counted from the
relation triples drawn (a ``kg:degree`` in the graph is not read); ``kg:community``
is shown when present.

How it is built, and why:

* pyvis's :class:`~pyvis.network.Network` holds the vis-network model (nodes, edges,
  options); the page itself is assembled here, because pyvis 0.3.2's template links
  Bootstrap from a CDN even with ``cdn_resources="in_line"``, renders the heading
  without escaping, and ``write_html`` with the default resources copies ``lib/``
  into the working directory. vis-network's JS and CSS are inlined from the pyvis
  package, so the file works offline and loads nothing from the network.
* Safety: every string from the graph reaches the page only inside one JSON blob
  (``<script type="application/json" id="kg-data">``) with ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped, so no name can close the script element; the page
  script reads it with ``JSON.parse`` and builds the DOM with ``textContent`` only.
  The title is escaped with :func:`html.escape`. A Content-Security-Policy allows
  only the page's own two scripts (by hash) and no network access at all.
* Layout: positions are computed here (seeded, so the output is deterministic):
  ``networkx.spring_layout`` per connected component, and for components of
  :data:`SPRING_LIMIT` nodes or more (where networkx would need scipy) pivot MDS
  refined by a few ForceAtlas2 steps (skipped above ~2,900 nodes, where each step
  would take over a second). Small views let vis-network's physics polish
  the layout and then switch physics off; large ones start with physics off
  (physics on 500+ nodes takes tens of seconds in a browser).
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ..models import KGError
from ..ontology import CLASSES, KG, KG_NS, RELATIONS, SYMMETRIC, top_class
from ..outputs import write_atomic

log = logging.getLogger(__name__)

DEFAULT_TITLE = "kg-builder graph"
DEFAULT_MAX_NODES = 1500

PHYSICS_LIMIT = 300
"""Up to this many initially visible nodes, vis-network's physics polishes the layout
(then switches itself off); above it the page starts with physics off."""

SPRING_LIMIT = 500
"""Components this big or bigger are laid out with pivot MDS + ForceAtlas2 (networkx's
``spring_layout`` needs scipy from 500 nodes on, which kg-builder does not depend on)."""

LAYOUT_SEED = 42
NODE_SPACING = 120.0  # pixels of canvas per node, roughly the distance between neighbours

CLASS_COLORS: dict[str, str] = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "MilitaryOrganization": "#6b8e23",
    "GovernmentOrganization": "#e8a33d",
    "InternationalOrganization": "#edc948",
    "ArmedGroup": "#c0392b",
    "MediaOrganization": "#b07aa1",
    "Place": "#76b7b2",
    "Country": "#59a14f",
    "Region": "#8cd17d",
    "City": "#499894",
    "NaturalFeature": "#86bcb6",
    "Event": "#9c755f",
    "Conference": "#d4a6c8",
    "Operation": "#79706e",
    "Disaster": "#d37295",
    "Threat": "#e15759",
}
"""Colour of each entity class (shape comes from its top class)."""

OTHER_COLOR = "#b0b0b0"

TOP_SHAPES: dict[str, tuple[str, str]] = {
    "Person": ("dot", "\u25cf"),
    "Organization": ("square", "\u25a0"),
    "Place": ("triangle", "\u25b2"),
    "Event": ("star", "\u2605"),
    "Threat": ("diamond", "\u25c6"),
}
"""vis-network shape and legend glyph of each top class."""

OTHER_SHAPE = ("hexagon", "\u2b22")

RELATION_COLORS: dict[str, str] = {
    "leads": "#4e79a7",
    "commands": "#1f4e79",
    "memberOf": "#2a9d8f",
    "partOf": "#e76f51",
    "operatesIn": "#6a994e",
    "cooperatesWith": "#7b2cbf",
    "locatedIn": "#8d99ae",
    "participatesIn": "#bc6c25",
    "counters": "#d62828",
    "country": "#577590",
}
OTHER_RELATION_COLOR = "#888888"

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Entity:
    iri: str
    label: str
    cls: str
    aliases: tuple[str, ...]
    rank: str | None
    mentions: int
    betweenness: float | None
    community: str | None


@dataclass(frozen=True, slots=True)
class _Evidence:
    sentence: str
    article: str
    date: str | None
    confidence: float | None
    rule: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class _Relation:
    subject: str
    predicate: str
    object: str
    evidence: tuple[_Evidence, ...]


def _local(term: Node | None) -> str | None:
    if isinstance(term, URIRef) and str(term).startswith(KG_NS):
        return str(term)[len(KG_NS):]
    return None


def _number(term: Node | None, kind: type[float] | type[int]) -> Any:
    """``term`` as an int or float, or ``None`` when it is missing or not numeric."""
    if term is None:
        return None
    try:
        value = kind(term.toPython() if hasattr(term, "toPython") else str(term))
    except (TypeError, ValueError, ArithmeticError):
        log.warning("graph view: ignoring non-numeric value %r", str(term))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _class_of(types: Iterable[str]) -> str:
    """The finest known class among an entity's ``kg:`` types (then any other, by name)."""
    names = set(types)
    for cls in CLASSES:
        if cls in names:
            return cls
    return min(names)


def _read_entities(graph: Graph) -> dict[str, _Entity]:
    types: dict[str, set[str]] = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        name = _local(cls)
        if isinstance(node, URIRef) and name and name != "Article":
            types[str(node)].add(name)
    entities = {}
    for iri, names in types.items():
        node = URIRef(iri)
        label = graph.value(node, RDFS.label)
        label_text = str(label) if label is not None and str(label).strip() \
            else iri.rstrip("/#").rsplit("/", 1)[-1]
        aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} - {label_text},
                         key=lambda a: (a.casefold(), a))
        rank = graph.value(node, KG.rank)
        community = graph.value(node, KG.community)
        entities[iri] = _Entity(
            iri=iri,
            label=label_text,
            cls=_class_of(names),
            aliases=tuple(aliases),
            rank=str(rank) if rank is not None else None,
            mentions=_number(graph.value(node, KG.mentionCount), int) or 0,
            betweenness=_number(graph.value(node, KG.betweenness), float),
            community=str(community) if community is not None else None,
        )
    return entities


def _article_names(graph: Graph) -> dict[Node, tuple[str, str | None]]:
    names = {}
    for article in graph.subjects(RDF.type, KG.Article):
        title = (graph.value(article, DCTERMS.title) or graph.value(article, RDFS.label)
                 or article)
        date = graph.value(article, DCTERMS.date)
        names[article] = (str(title), str(date) if date is not None else None)
    return names


def _read_evidence(graph: Graph) -> dict[tuple[str, str, str], list[_Evidence]]:
    articles = _article_names(graph)
    found: dict[tuple[str, str, str], list[_Evidence]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                   graph.value(st, RDF.object))
        if s is None or p is None or o is None:
            continue
        source = graph.value(st, PROV.wasDerivedFrom)
        article, date = articles.get(source, (str(source), None)) if source is not None \
            else ("(unknown article)", None)
        confidence = _number(graph.value(st, KG.confidence), float)
        rule = graph.value(st, KG.rule)
        found[(str(s), str(p), str(o))].append(_Evidence(
            sentence=str(graph.value(st, KG.sentence) or ""),
            article=article,
            date=date,
            confidence=round(confidence, 3) if confidence is not None else None,
            rule=str(rule) if rule is not None else None,
            start=_number(graph.value(st, KG.charStart), int),
            end=_number(graph.value(st, KG.charEnd), int),
        ))
    return found


def _evidence_key(ev: _Evidence) -> tuple[Any, ...]:
    return (-(ev.confidence or 0.0), ev.article, ev.start if ev.start is not None else -1,
            ev.sentence, ev.rule or "")


def _read_relations(graph: Graph, entities: dict[str, _Entity]) -> list[_Relation]:
    """Every ``kg:`` triple between two entities, with the evidence behind it, sorted."""
    evidence = _read_evidence(graph)
    relations = []
    for s, p, o in graph:
        name = _local(p)
        if name is None or str(s) not in entities or str(o) not in entities:
            continue
        found = evidence.get((str(s), str(p), str(o)), [])
        relations.append(_Relation(str(s), name, str(o), tuple(sorted(found, key=_evidence_key))))
    relations.sort(key=lambda r: (r.subject, r.predicate, r.object))
    return relations


# --------------------------------------------------------------------------- layout


def _pivot_mds(nx: Any, np: Any, sub: Any, pivots: int = 40) -> Any:
    """Classical MDS on graph distances to a few far-apart pivots (Brandes & Pich 2006).

    Costs ``pivots`` breadth-first searches instead of all pairs, so it stays fast
    on thousands of nodes; nodes with the same distances (leaves of one hub) land
    on the same point and are spread by the refinement that follows.
    """
    nodes = list(sub)
    n = len(nodes)
    k = min(pivots, n)
    dist = np.empty((n, k))
    nearest = np.full(n, np.inf)
    pivot = max(nodes, key=lambda v: (sub.degree(v), -v))
    for j in range(k):
        lengths = nx.single_source_shortest_path_length(sub, pivot)
        column = np.fromiter((lengths[v] for v in nodes), dtype=float, count=n)
        dist[:, j] = column
        nearest = np.minimum(nearest, column)
        pivot = nodes[int(np.argmax(nearest))]
    squared = dist ** 2
    centred = squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean()
    u, s, _ = np.linalg.svd(-0.5 * centred, full_matrices=False)
    pos = u[:, :2] * s[:2]
    # SVD signs are arbitrary: fix them so the same graph always looks the same.
    for axis in range(pos.shape[1]):
        if pos[int(np.argmax(np.abs(pos[:, axis]))), axis] < 0:
            pos[:, axis] *= -1
    if pos.shape[1] < 2:
        pos = np.hstack([pos, np.zeros((n, 2 - pos.shape[1]))])
    return pos


def _component_layout(nx: Any, np: Any, sub: Any) -> Any:
    """Positions of one connected component, centred on 0 with radius 1."""
    n = sub.number_of_nodes()
    if n == 1:
        return np.zeros((1, 2))
    if n < SPRING_LIMIT:
        pos = nx.spring_layout(sub, seed=LAYOUT_SEED)
        arr = np.array([pos[v] for v in sub], dtype=float)
    else:
        init = _pivot_mds(nx, np, sub)
        init += np.random.default_rng(LAYOUT_SEED).normal(scale=0.05 * init.std() + 1e-9,
                                                          size=init.shape)
        # ForceAtlas2 costs n^2 per step: keep the refinement to a second or two,
        # and skip it on huge components (the page's physics switch can still refine).
        steps = min(60, int(2.5e7 / (n * n)))
        if steps >= 3:
            pos = nx.forceatlas2_layout(sub, pos={v: init[i] for i, v in enumerate(sub)},
                                        max_iter=steps, seed=LAYOUT_SEED)
            arr = np.array([pos[v] for v in sub], dtype=float)
        else:
            arr = init
    arr -= arr.mean(axis=0)
    radius = float(np.sqrt((arr ** 2).sum(axis=1)).max())
    return arr / radius if radius > 0 else arr


def _layout(n: int, pairs: Iterable[tuple[int, int]]) -> list[tuple[float, float]]:
    """Deterministic canvas positions for nodes ``0..n-1`` joined by ``pairs``.

    Each connected component is laid out on its own, scaled to a disc whose area
    grows with its size, and the discs are packed in rows, biggest first.
    """
    import networkx as nx
    import numpy as np

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b in pairs if a != b)
    components = sorted((sorted(c) for c in nx.connected_components(g)),
                        key=lambda c: (-len(c), c[0]))
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * n
    row_width = NODE_SPACING * 1.6 * math.sqrt(max(n, 1)) * 1.2
    x = y = row_height = 0.0
    for component in components:
        radius = NODE_SPACING * 0.6 * math.sqrt(len(component)) if len(component) > 1 \
            else NODE_SPACING * 0.4
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        arr = _component_layout(nx, np, g.subgraph(component))
        cx, cy = x + radius, y + radius
        for node, (px, py) in zip(component, arr):
            positions[node] = (round(cx + px * radius, 1), round(cy + py * radius, 1))
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    # centre the drawing on the origin
    if n:
        mx = round(sum(p[0] for p in positions) / n, 1)
        my = round(sum(p[1] for p in positions) / n, 1)
        positions = [(round(px - mx, 1), round(py - my, 1)) for px, py in positions]
    return positions


# --------------------------------------------------------------------------- the model


def _style(cls: str) -> tuple[str, str, str, str]:
    """Top class, colour, vis shape and legend glyph of an entity class."""
    try:
        top = top_class(cls)
    except KGError:
        top = "Other"
    shape, glyph = TOP_SHAPES.get(top, OTHER_SHAPE)
    return top, CLASS_COLORS.get(cls, OTHER_COLOR), shape, glyph


def _hover(entity: _Entity, degree: int) -> str:
    lines = [entity.label, f"Class: {entity.cls}"]
    if entity.aliases:
        lines.append("Also: " + "; ".join(entity.aliases))
    if entity.rank:
        lines.append(f"Rank: {entity.rank}")
    lines.append(f"Relations: {degree} \u00b7 mentions: {entity.mentions}")
    if entity.community is not None:
        lines.append(f"Community: {entity.community}")
    return "\n".join(lines)


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


def _model(graph: Graph, title: str, max_nodes: int) -> dict[str, Any]:
    """Everything the page needs, as one JSON-ready dict (the vis model built with pyvis)."""
    from pyvis.network import Network  # imported on first use: pyvis pulls in IPython

    started = time.perf_counter()
    entities = _read_entities(graph)
    relations = _read_relations(graph, entities)
    iris = sorted(entities)
    ids = {iri: f"n{i}" for i, iri in enumerate(iris)}
    index = {iri: i for i, iri in enumerate(iris)}

    degree: Counter[str] = Counter()
    for rel in relations:
        degree[rel.subject] += 1
        degree[rel.object] += 1
    ranked = sorted(iris, key=lambda iri: (-degree[iri], -entities[iri].mentions,
                                           entities[iri].label.casefold(), iri))
    initial = set(ranked[:max_nodes])
    truncated = len(iris) > max_nodes

    by_betweenness = any(e.betweenness is not None for e in entities.values())
    if by_betweenness:
        top = max((e.betweenness or 0.0) for e in entities.values()) or 1.0
        weight = {iri: (entities[iri].betweenness or 0.0) / top for iri in iris}
    else:
        top = max(degree.values(), default=0) or 1
        weight = {iri: degree[iri] / top for iri in iris}

    positions = _layout(len(iris), ((index[r.subject], index[r.object]) for r in relations))
    physics = min(len(iris), max_nodes) <= PHYSICS_LIMIT

    net = Network(directed=True, cdn_resources="in_line")
    for iri in iris:
        entity = entities[iri]
        top_cls, color, shape, _ = _style(entity.cls)
        x, y = positions[index[iri]]
        net.add_node(
            ids[iri],
            label=_short(entity.label),
            shape=shape,
            color=color,
            title=_hover(entity, degree[iri]),
            size=round(8 + 22 * math.sqrt(weight[iri]), 2),
            x=x,
            y=y,
            # kg-builder's own fields, read by the page script (vis-network ignores them)
            iri=iri,
            name=entity.label,
            cls=entity.cls,
            top=top_cls,
            aliases=list(entity.aliases),
            rank=entity.rank,
            mentions=entity.mentions,
            degree=degree[iri],
            betweenness=entity.betweenness,
            community=entity.community,
            initial=iri in initial,
        )

    pair_count: Counter[tuple[str, str]] = Counter()
    for i, rel in enumerate(relations):
        pair = (min(rel.subject, rel.object), max(rel.subject, rel.object))
        nth = pair_count[pair]  # parallel edges of one pair get curves of growing roundness
        pair_count[pair] += 1
        symmetric = rel.predicate in SYMMETRIC
        confidences = [ev.confidence for ev in rel.evidence if ev.confidence is not None]
        confidence = max(confidences) if confidences else None
        subject, obj = entities[rel.subject].label, entities[rel.object].label
        hover = f"{subject} \u2014 {rel.predicate} \u2192 {obj}"
        if confidence is not None:
            hover += f"\nconfidence {confidence:.2f} \u00b7 {len(rel.evidence)} source(s)"
        net.add_edge(
            ids[rel.subject],
            ids[rel.object],
            id=f"e{i}",
            label=rel.predicate,
            title=hover,
            arrows={"to": {"enabled": not symmetric}},
            color={"color": RELATION_COLORS.get(rel.predicate, OTHER_RELATION_COLOR),
                   "highlight": "#111111", "hover": "#111111", "opacity": 0.85},
            smooth={"enabled": nth > 0, "type": "curvedCW", "roundness": 0.18 * nth},
            # kg-builder's own fields
            predicate=rel.predicate,
            symmetric=symmetric,
            confidence=confidence,
            evidence=[{
                "sentence": ev.sentence, "article": ev.article, "date": ev.date,
                "confidence": ev.confidence, "rule": ev.rule, "start": ev.start,
                "end": ev.end,
            } for ev in rel.evidence],
        )

    # a dict, not set_options(): pyvis's parser strips every space from the options text
    net.options = _vis_options(physics, len(initial))

    class_counts = Counter(entities[iri].cls for iri in iris)
    order = {cls: i for i, cls in enumerate(CLASSES)}
    classes = []
    for cls in sorted(class_counts, key=lambda c: (order.get(c, len(order)), c)):
        top_cls, color, shape, glyph = _style(cls)
        classes.append({"name": cls, "top": top_cls, "color": color, "shape": shape,
                        "glyph": glyph, "count": class_counts[cls]})
    relation_counts = Counter(r.predicate for r in relations)
    rel_order = {name: i for i, name in enumerate(RELATIONS)}
    relation_legend = [
        {"name": name, "count": relation_counts[name], "symmetric": name in SYMMETRIC,
         "color": RELATION_COLORS.get(name, OTHER_RELATION_COLOR)}
        for name in sorted(relation_counts, key=lambda r: (rel_order.get(r, len(rel_order)), r))
    ]
    nodes, edges, _, _, _, options_json = net.get_network_data()
    log.debug("graph view: model of %d entities and %d relations in %.2f s",
              len(nodes), len(edges), time.perf_counter() - started)
    return {
        "title": title,
        "sizeBy": "betweenness" if by_betweenness else "degree",
        "stats": {"entities": len(iris), "relations": len(relations),
                  "initial": len(initial), "truncated": truncated, "maxNodes": max_nodes,
                  "physics": physics},
        "classes": classes,
        "relations": relation_legend,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options_json),
    }


def _vis_options(physics: bool, shown: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "nodes": {"borderWidth": 1, "font": {"size": 13, "face": "system-ui, sans-serif",
                                              "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"width": 1.2, "arrowStrikethrough": False, "selectionWidth": 2,
                  "font": {"size": 10, "align": "middle", "color": "#444444",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False,
                        "hideEdgesOnDrag": shown > PHYSICS_LIMIT,
                        "hideEdgesOnZoom": shown > PHYSICS_LIMIT},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.005,
                                 "springLength": 150, "springConstant": 0.06,
                                 "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50,
                              "fit": True},
            "minVelocity": 0.75,
        },
    }


# --------------------------------------------------------------------------- the page


def _json_blob(data: dict[str, Any]) -> str:
    """``data`` as JSON that cannot end the ``<script>`` element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _vendor(name: str) -> str:
    """A file of the vis-network build that ships with pyvis."""
    try:
        lib = resources.files("pyvis").joinpath("templates").joinpath("lib")
        builds = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")),
                        key=lambda d: tuple(int(p) for p in d.name[4:].split(".") if p.isdigit()))
        text = builds[-1].joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError, IndexError) as err:
        raise KGError(
            f"Cannot read vis-network's {name} from the pyvis package ({err}). "
            "Reinstall pyvis (pip install 'pyvis>=0.3.2')."
        ) from err
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise KGError(f"vis-network's {name} cannot be inlined safely (it contains an "
                      "HTML end tag or comment); pin pyvis to 0.3.2.")
    return text


def _csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render_view(graph: Graph, *, title: str = DEFAULT_TITLE,
                max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The interactive view of ``graph`` as one self-contained HTML document.

    ``max_nodes`` caps how many entities are drawn at first (the most connected
    ones); the page's "Show all" button draws the rest.
    """
    if max_nodes < 1:
        raise KGError(f"max_nodes must be at least 1, got {max_nodes}: pass how many "
                      "entities the view should draw at first.")
    data = _model(graph, title, max_nodes)
    vis_js, vis_css = _vendor("vis-network.min.js"), _vendor("vis-network.css")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(_APP_JS)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    escaped = html.escape(title, quote=True)
    return "".join((
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"generator\" content=\"kg-builder (pyvis + vis-network)\">\n",
        f"<title>{escaped}</title>\n",
        "<style>", vis_css, "</style>\n",
        "<style>", _APP_CSS, "</style>\n",
        "</head>\n<body>\n",
        _BODY.replace("@TITLE@", escaped),
        "<script type=\"application/json\" id=\"kg-data\">", _json_blob(data), "</script>\n",
        "<script>", vis_js, "</script>\n",
        "<script>", _APP_JS, "</script>\n",
        "</body>\n</html>\n",
    ))


def write_view(graph: Graph, path: Path, *, title: str = DEFAULT_TITLE,
               max_nodes: int = DEFAULT_MAX_NODES) -> Path:
    """Write the view of ``graph`` to ``path`` atomically (``kg.outputs.write_atomic``); return ``path``.

    Writes nothing else: no ``lib/`` folder, in the working directory or anywhere.
    """
    path = Path(path)
    page = render_view(graph, title=title, max_nodes=max_nodes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, page)
    except OSError as err:
        raise KGError(f"Cannot write the graph view to {path}: {err}. Check that the "
                      "folder is writable, or choose another output path.") from err
    log.info("wrote graph view %s (%d bytes)", path, len(page.encode("utf-8")))
    return path


# --------------------------------------------------------------------------- assets
# Static text only: no data from the graph is ever interpolated into these.

_BODY = """\
<header>
  <h1 id="kg-title">@TITLE@</h1>
  <form id="search" role="search" autocomplete="off">
    <input id="search-input" type="search" list="kg-names" placeholder="Find an entity by any name"
           aria-label="Find an entity by any name">
    <button type="submit">Find</button>
    <span id="search-status" role="status"></span>
  </form>
  <span id="stats"></span>
</header>
<div id="notice" hidden><span id="notice-text"></span>
  <button type="button" id="show-all">Show all</button></div>
<main>
  <aside id="sidebar">
    <section><h2>Classes</h2><ul id="class-filter" class="filters"></ul>
      <p class="muted" id="size-note"></p></section>
    <section><h2>Relations</h2><ul id="relation-filter" class="filters"></ul></section>
    <section><h2>Minimum confidence</h2>
      <input id="min-confidence" type="range" min="0" max="1" step="0.05" value="0"
             aria-label="Minimum confidence">
      <output id="min-confidence-value">0.00</output></section>
    <section><h2>Layout</h2>
      <label><input type="checkbox" id="physics"> physics</label>
      <button type="button" id="fit">Fit to screen</button></section>
  </aside>
  <div id="graph"></div>
  <aside id="details" aria-live="polite"></aside>
</main>
<datalist id="kg-names"></datalist>
"""

_APP_CSS = """
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; color: #1f2933; background: #f5f6f8;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; padding: 8px 14px;
  background: #fff; border-bottom: 1px solid #d9dee5; }
header h1 { font-size: 17px; margin: 0; font-weight: 600; overflow-wrap: anywhere; }
#search { display: flex; gap: 6px; align-items: center; }
#search-input { width: 280px; padding: 4px 8px; }
#search-status { color: #a33; }
#stats { color: #52606d; margin-left: auto; }
#notice { padding: 6px 14px; background: #fff4d6; border-bottom: 1px solid #e8c66a; }
#notice[hidden] { display: none; }
main { flex: 1; display: flex; min-height: 0; }
#sidebar { width: 250px; overflow: auto; padding: 8px 12px; background: #fff;
  border-right: 1px solid #d9dee5; }
#sidebar h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
  color: #52606d; margin: 12px 0 4px; }
.filters { list-style: none; margin: 0; padding: 0; }
.filters li label { display: grid; grid-template-columns: auto 1.2em 1fr auto; gap: 4px;
  align-items: baseline; cursor: pointer; }
.filters li label > span { overflow-wrap: anywhere; }
.glyph { font-size: 15px; width: 1.1em; text-align: center; }
.swatch { display: inline-block; width: 14px; height: 3px; vertical-align: middle; }
.count { color: #7b8794; font-size: 12px; }
#graph { flex: 1; position: relative; min-width: 0; background: #fff; }
#details { width: 360px; overflow: auto; padding: 8px 14px; background: #fff;
  border-left: 1px solid #d9dee5; }
#details h2 { font-size: 16px; margin: 6px 0; overflow-wrap: anywhere; }
#details h3 { font-size: 13px; margin: 14px 0 4px; color: #52606d; }
#details dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
#details dt { color: #7b8794; }
#details dd { margin: 0; overflow-wrap: anywhere; }
.relations { list-style: none; padding: 0; margin: 0; }
.relations > li { border-top: 1px solid #e4e7eb; padding: 6px 0; }
.rel-head { font-weight: 600; overflow-wrap: anywhere; }
.pred { color: #52606d; font-weight: 400; margin: 0 4px; }
.evidence { margin: 4px 0 0; padding-left: 18px; }
.sentence { margin: 2px 0; padding-left: 8px; border-left: 3px solid #d9dee5;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { color: #52606d; font-size: 12px; overflow-wrap: anywhere; }
.muted { color: #7b8794; }
button.link { border: 0; background: none; padding: 0; color: #1f5fa8; cursor: pointer;
  font: inherit; text-align: left; text-decoration: underline; }
div.vis-tooltip { white-space: pre-line; max-width: 420px; font: 12px/1.4 system-ui, sans-serif; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const $ = (id) => document.getElementById(id);

  // Build DOM from data with textContent only.
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") el.textContent = value;
      else if (key === "className") el.className = value;
      else if (key === "onclick") el.addEventListener("click", value);
      else el.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) el.append(child);
    }
    return el;
  }
  const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}/gu, "")
    .toLowerCase().replace(/\s+/g, " ").trim();
  const fmt = (x) => (x === null || x === undefined) ? "n/a" : Number(x).toFixed(2);
  const number = (x) => Number(x).toLocaleString("en");

  const nodeById = new Map(DATA.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(DATA.edges.map((e) => [e.id, e]));
  const incident = new Map(DATA.nodes.map((n) => [n.id, []]));
  for (const e of DATA.edges) {
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  }

  const state = {
    showAll: !DATA.stats.truncated,
    classOff: new Set(),
    relationOff: new Set(),
    minConfidence: 0,
    pinned: new Set(),
  };
  const nodeVisible = (n) => !state.classOff.has(n.cls) &&
    (state.showAll || n.initial || state.pinned.has(n.id));
  const edgeVisible = (e) => !state.relationOff.has(e.predicate) &&
    (e.confidence === null || e.confidence >= state.minConfidence) &&
    nodeVisible(nodeById.get(e.from)) && nodeVisible(nodeById.get(e.to));

  const VIS_NODE = ["id", "label", "title", "shape", "color", "size", "x", "y"];
  const VIS_EDGE = ["id", "from", "to", "label", "title", "arrows", "color", "smooth"];
  const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
  const nodeSet = new vis.DataSet(DATA.nodes.map((n) => pick(n, VIS_NODE)));
  const edgeSet = new vis.DataSet(DATA.edges.map((e) => pick(e, VIS_EDGE)));
  const nodeView = new vis.DataView(nodeSet, {filter: (item) => nodeVisible(nodeById.get(item.id))});
  const edgeView = new vis.DataView(edgeSet, {filter: (item) => edgeVisible(edgeById.get(item.id))});
  const network = new vis.Network($("graph"), {nodes: nodeView, edges: edgeView}, DATA.options);

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("stats").textContent = `${number(nodeView.length)} of ${number(DATA.nodes.length)} entities · ` +
      `${number(edgeView.length)} of ${number(DATA.edges.length)} relations`;
  }

  // ---- legend and filters
  for (const c of DATA.classes) {
    const box = h("input", {type: "checkbox", "data-class": c.name});
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) state.classOff.delete(c.name); else state.classOff.add(c.name);
      refresh();
    });
    const glyph = h("span", {className: "glyph", text: c.glyph});
    glyph.style.color = c.color;
    $("class-filter").append(h("li", {}, h("label", {}, box, glyph,
      h("span", {text: c.name}), h("span", {className: "count", text: String(c.count)}))));
  }
  for (const r of DATA.relations) {
    const box = h("input", {type: "checkbox", "data-relation": r.name});
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) state.relationOff.delete(r.name); else state.relationOff.add(r.name);
      refresh();
    });
    const swatch = h("span", {className: "swatch"});
    swatch.style.background = r.color;
    $("relation-filter").append(h("li", {}, h("label", {}, box, swatch,
      h("span", {text: r.name + (r.symmetric ? " (symmetric)" : "")}),
      h("span", {className: "count", text: String(r.count)}))));
  }
  $("size-note").textContent = "Node size: " + DATA.sizeBy + ". Shape: top class.";
  $("min-confidence").addEventListener("input", (ev) => {
    state.minConfidence = Number(ev.target.value);
    $("min-confidence-value").textContent = state.minConfidence.toFixed(2);
    refresh();
  });

  // ---- physics: polish, then stop
  // network.fit() frames node shapes but not the labels beside them: frame the labels too
  function fitAll() {
    let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    for (const id of nodeView.getIds()) {
      const box = network.getBoundingBox(id);
      if (!box) continue;
      left = Math.min(left, box.left); right = Math.max(right, box.right);
      top = Math.min(top, box.top); bottom = Math.max(bottom, box.bottom);
    }
    if (!Number.isFinite(left)) return;
    const frame = $("graph");
    const scale = Math.min(frame.clientWidth / (right - left + 40),
                           frame.clientHeight / (bottom - top + 40), 1.5);
    network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale: scale,
                    animation: false});
  }
  const physicsBox = $("physics");
  physicsBox.checked = DATA.stats.physics;
  physicsBox.addEventListener("change", () => network.setOptions({physics: {enabled: physicsBox.checked}}));
  // Once the layout is final and drawn (labels are measured when drawn): frame it, and
  // flag the page ready after that redraw.
  function finish() {
    fitAll();
    network.once("afterDrawing", () => { document.body.dataset.ready = "true"; });
    network.redraw();
  }
  if (DATA.nodes.length === 0) {
    document.body.dataset.ready = "true";
  } else if (DATA.stats.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({physics: {enabled: false}});
      physicsBox.checked = false;
      network.once("afterDrawing", finish);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", finish);
  }
  $("fit").addEventListener("click", fitAll);

  // ---- large graphs
  function updateNotice() {
    const s = DATA.stats;
    $("notice").hidden = !s.truncated;
    if (state.showAll) {
      $("notice-text").textContent = `Showing all ${number(s.entities)} entities. `;
      $("show-all").hidden = true;
    } else {
      $("notice-text").textContent = `This graph has ${number(s.entities)} entities: showing the ` +
        `${number(s.initial)} most connected. Search finds the others. `;
    }
  }
  $("show-all").addEventListener("click", () => {
    state.showAll = true;
    updateNotice();
    refresh();
  });

  // ---- details panel
  const details = $("details");
  function clearDetails() {
    details.replaceChildren();
    return details;
  }
  function hint() {
    clearDetails().append(h("p", {className: "muted",
      text: DATA.nodes.length ? "Click a node or an edge to see its relations and the sentences they come from."
                              : "This graph has no entities."}));
  }
  function nodeLink(id) {
    const n = nodeById.get(id);
    return h("button", {type: "button", className: "link", "data-node": id, text: n.name,
                        onclick: () => focusNode(id)});
  }
  function evidenceList(e) {
    if (!e.evidence.length) return h("p", {className: "muted", text: "No source sentence recorded."});
    const list = h("ol", {className: "evidence"});
    for (const ev of e.evidence) {
      const meta = h("div", {className: "meta"},
        h("span", {className: "article", text: ev.article + (ev.date ? ` (${ev.date})` : "")}),
        ` · confidence ${fmt(ev.confidence)}`,
        ev.rule ? ` · rule ${ev.rule}` : null,
        ev.start !== null && ev.start !== undefined ? ` · characters ${ev.start}–${ev.end}` : null);
      list.append(h("li", {}, h("blockquote", {className: "sentence", text: ev.sentence}), meta));
    }
    return list;
  }
  function relationHead(e) {
    return h("div", {className: "rel-head"}, nodeLink(e.from),
      h("span", {className: "pred", text: e.symmetric ? `— ${e.predicate} —` : `— ${e.predicate} →`}),
      nodeLink(e.to));
  }
  function showNode(id) {
    const n = nodeById.get(id);
    if (!n) return;
    const box = clearDetails();
    box.dataset.node = id;
    delete box.dataset.edge;
    box.append(h("h2", {text: n.name}));
    const dl = h("dl");
    const row = (k, v) => dl.append(h("dt", {text: k}), h("dd", {text: v}));
    row("Class", n.cls);
    if (n.aliases.length) row("Also known as", n.aliases.join("; "));
    if (n.rank) row("Rank", n.rank);
    row("Mentions", String(n.mentions));
    row("Relations", String(n.degree));
    if (n.betweenness !== null) row("Betweenness", Number(n.betweenness).toFixed(4));
    if (n.community !== null) row("Community", n.community);
    row("IRI", n.iri);
    box.append(dl);
    const rels = incident.get(id);
    box.append(h("h3", {text: `Relations (${rels.length})`}));
    const list = h("ul", {className: "relations"});
    for (const e of rels) list.append(h("li", {"data-edge": e.id}, relationHead(e), evidenceList(e)));
    box.append(list);
  }
  function showEdge(id) {
    const e = edgeById.get(id);
    if (!e) return;
    const box = clearDetails();
    box.dataset.edge = id;
    delete box.dataset.node;
    box.append(h("h2", {text: "Relation"}), relationHead(e),
      h("p", {className: "meta", text: `confidence ${fmt(e.confidence)} · ${e.evidence.length} source(s)`}),
      h("h3", {text: "Sources"}), evidenceList(e));
  }
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else hint();
  });

  // ---- search by any name
  const names = new Set();
  const index = [];
  for (const n of DATA.nodes) {
    for (const name of [n.name, ...n.aliases]) {
      names.add(name);
      index.push([fold(name), n]);
    }
  }
  const datalist = $("kg-names");
  for (const name of [...names].sort()) datalist.append(h("option", {value: name}));
  function findNode(query) {
    const q = fold(query);
    if (!q) return null;
    let best = null;
    for (const [key, n] of index) {
      const score = key === q ? 0 : key.startsWith(q) ? 1 : key.includes(q) ? 2 : -1;
      if (score < 0) continue;
      const rank = [score, -n.degree, n.name, n.id];
      if (best === null || compare(rank, best[0]) < 0) best = [rank, n];
    }
    return best && best[1];
  }
  const compare = (a, b) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  };
  function focusNode(id) {
    const n = nodeById.get(id);
    if (state.classOff.has(n.cls)) {
      state.classOff.delete(n.cls);
      document.querySelector(`#class-filter input[data-class="${CSS.escape(n.cls)}"]`).checked = true;
    }
    if (!nodeVisible(n)) state.pinned.add(id);
    refresh();
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    showNode(id);
  }
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const query = $("search-input").value;
    const n = findNode(query);
    $("search-status").textContent = n || !query.trim() ? "" : `No entity is called “${query}”.`;
    if (n) focusNode(n.id);
  });

  updateNotice();
  refresh();
  hint();
  // A handle for tests and for the browser console.
  window.kgView = {data: DATA, network, nodes: nodeView, edges: edgeView, findNode, focusNode,
                   showNode, showEdge, state, refresh};
})();
"""
