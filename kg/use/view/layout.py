"""Node positions for the view: entities joined by relations -> deterministic canvas coordinates.

Each connected component is laid out on its own (seeded, so the output is
deterministic): ``networkx.spring_layout`` below :data:`SPRING_LIMIT` nodes, and
above it (where networkx would need scipy) pivot MDS refined by a few ForceAtlas2
steps (skipped above ~2,900 nodes, where each step would take over a second).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

SPRING_LIMIT = 500
"""Components this big or bigger are laid out with pivot MDS + ForceAtlas2 (networkx's
``spring_layout`` needs scipy from 500 nodes on, which kg-builder does not depend on)."""

LAYOUT_SEED = 42
NODE_SPACING = 120.0  # pixels of canvas per node, roughly the distance between neighbours


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


def layout(n: int, pairs: Iterable[tuple[int, int]], *,
           spacing: float = NODE_SPACING) -> list[tuple[float, float]]:
    """Deterministic canvas positions for nodes ``0..n-1`` joined by ``pairs``.

    Each connected component is laid out on its own, scaled to a disc whose area
    grows with its size (``spacing`` is roughly the distance between neighbours),
    and the discs are packed in rows, biggest first; the drawing is centred on 0.
    """
    import networkx as nx
    import numpy as np

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b in pairs if a != b)
    components = sorted((sorted(c) for c in nx.connected_components(g)),
                        key=lambda c: (-len(c), c[0]))
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * n
    row_width = spacing * 1.6 * math.sqrt(max(n, 1)) * 1.2
    x = y = row_height = 0.0
    for component in components:
        radius = spacing * 0.6 * math.sqrt(len(component)) if len(component) > 1 \
            else spacing * 0.4
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
