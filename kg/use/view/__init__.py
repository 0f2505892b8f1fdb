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

from .model import DEFAULT_MAX_NODES, DEFAULT_TITLE, PHYSICS_LIMIT
from .page import render_view, write_view

__all__ = ["DEFAULT_MAX_NODES", "DEFAULT_TITLE", "PHYSICS_LIMIT", "render_view", "write_view"]
