"""The page's data: ``rdflib.Graph`` -> one JSON-ready dict (nodes, edges, legend, options).

pyvis's :class:`~pyvis.network.Network` holds the vis-network model (nodes, edges,
options); kg-builder's own fields ride along on each node and edge (vis-network
ignores them) and are read by the page script.
"""
from __future__ import annotations

import json
import logging
import math
import time
from collections import Counter
from typing import Any

from rdflib import Graph

from ...models import KGError
from ...ontology import CLASSES, RELATIONS, SYMMETRIC, top_class
from .layout import LAYOUT_SEED, layout
from .read import Entity, read_entities, read_relations

log = logging.getLogger(__name__)

DEFAULT_TITLE = "kg-builder graph"
DEFAULT_MAX_NODES = 1500

PHYSICS_LIMIT = 300
"""Up to this many initially visible nodes, vis-network's physics polishes the layout
(then switches itself off); above it the page starts with physics off."""



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


def _style(cls: str) -> tuple[str, str, str, str]:
    """Top class, colour, vis shape and legend glyph of an entity class."""
    try:
        top = top_class(cls)
    except KGError:
        top = "Other"
    shape, glyph = TOP_SHAPES.get(top, OTHER_SHAPE)
    return top, CLASS_COLORS.get(cls, OTHER_COLOR), shape, glyph


def _hover(entity: Entity, degree: int) -> str:
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


def build_model(graph: Graph, title: str, max_nodes: int) -> dict[str, Any]:
    """Everything the page needs, as one JSON-ready dict (the vis model built with pyvis)."""
    from pyvis.network import Network  # imported on first use: pyvis pulls in IPython

    started = time.perf_counter()
    entities = read_entities(graph)
    relations = read_relations(graph, entities)
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

    positions = layout(len(iris), ((index[r.subject], index[r.object]) for r in relations))
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
