"""How the view looks: colours and shapes by class, colours by relation, vis-network options.

Static values only; :mod:`.model` puts them into the page's data and the page script
applies them.
"""
from __future__ import annotations

from typing import Any

from ...models import KGError
from ...ontology import top_class

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


def class_style(cls: str) -> tuple[str, str, str, str]:
    """Top class, colour, vis shape and legend glyph of an entity class."""
    try:
        top = top_class(cls)
    except KGError:
        top = "Other"
    shape, glyph = TOP_SHAPES.get(top, OTHER_SHAPE)
    return top, CLASS_COLORS.get(cls, OTHER_COLOR), shape, glyph


def vis_options(*, physics: bool, seed: int) -> dict[str, Any]:
    """vis-network's options for the page.

    Node sizes follow each node's ``value`` (relations or betweenness); which labels
    show, and how big, is the page script's choice at each zoom (``labels.js``). Edge
    labels are drawn only when at least 8 pixels tall (about 80 % zoom and closer).
    Physics is off; the page runs it once to polish small drawings.
    """
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {"borderWidth": 1,
                  "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "scaling": {"min": 8, "max": 30, "label": {"enabled": False, "drawThreshold": 5}}},
        "edges": {"width": 1.2, "arrowStrikethrough": False, "selectionWidth": 2,
                  "font": {"size": 10, "align": "middle", "color": "#444444",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"enabled": False, "drawThreshold": 9}},
                  "smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False,
                        "hideEdgesOnDrag": False, "hideEdgesOnZoom": False},
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
