"""``rdflib.Graph`` -> self-contained HTML file: the interactive graph view.

The view reads only the graph (the layout documented in :mod:`kg.rdf`), so it works
on any built ``graph.ttl`` without re-running NLP::

    >>> from kg.rdf import new_graph
    >>> html = render_view(new_graph(), title="empty <graph>")
    >>> "<title>empty &lt;graph&gt;</title>" in html
    True

What the page offers:

* **Overview first.** A graph of more than ``overview_from`` entities (300) opens on
  its communities (the Louvain partition ``kg stats`` prints), one node each, sized
  by members and labelled by their most central entities; opening one (double-click,
  or Enter) draws its members and their relations. Smaller graphs open on every entity.
* **Neighbourhoods.** Search by any name or alias (case- and accent-insensitive)
  opens the entity's neighbours; double-click or Enter on a selected entity adds its
  neighbours; Back and Forward (Alt+Left/Right) walk the history; "Path" shows the
  shortest chain of relations between two entities.
* **Time and sources.** A month histogram of the articles with a date range, and an
  article list (title, date, source link) to pick articles: only relations supported
  by an article in range (and picked) stay. Clicking a node or an edge lists its
  relations with their sentences, article, date, rule and confidence.
* Nodes coloured and shaped by class, sized by relations (or ``kg:betweenness`` when
  the graph carries it); labels follow zoom and degree; filters by class, relation
  and minimum confidence. The title is the article's own for one article, else
  "kg-builder: N articles, M entities".

How it is built (one module per stage): :mod:`.read` reads the graph into plain
values; :mod:`.communities` partitions and lays out the overview, :mod:`.layout`
places nodes (networkx, seeded: same graph, same page); :mod:`.model` makes the
page's JSON data; :mod:`.page` fills ``static/page.html`` with it, the CSS, the
page script (``static/*.js``) and vis-network's JS and CSS inlined from the pyvis
package, with a Content-Security-Policy that allows only those two scripts (by hash,
computed at render time) and no network access at all. Every string from the graph
reaches the page inside one JSON blob that cannot close its script element, and the
page script builds the DOM with ``textContent`` only.
"""
from __future__ import annotations

from .model import DEFAULT_OVERVIEW_FROM, EXPAND_LIMIT, PHYSICS_LIMIT, build_model, view_title
from .page import render_view, write_view

__all__ = ["DEFAULT_OVERVIEW_FROM", "EXPAND_LIMIT", "PHYSICS_LIMIT", "build_model", "render_view",
           "view_title", "write_view"]
