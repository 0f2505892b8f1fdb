"""Entities and relations -> the communities of the overview, with their layouts.

The partition is the one ``kg stats`` prints: :func:`kg.use.analyze.communities`
(networkx Louvain, seed :data:`~kg.use.analyze.DEFAULT_SEED`) over the same
projection, built here with the same node and edge order (nodes by IRI, relations
by subject, predicate and object), so community ``#k`` of the view is ``#k`` of
``kg stats`` (0 = the largest). Communities of fewer than :data:`MIN_COMMUNITY`
entities (isolated entities, pairs) are drawn together as one "small groups" node.
A community too big to draw at once (more entities than the overview threshold) is
split again by Louvain over its own relations (``#3.0``, ``#3.1``...): opening it
shows its parts, and so on down to communities small enough to draw.

Members are ranked by how central they are (relations, then mentions, then name);
the overview labels a community with its first ones. Positions: each overview's
community nodes are laid out as a graph of their own (communities joined by a
relation are neighbours), and the members of each community that is not split
around the origin, so that opening a community draws at once.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .layout import LAYOUT_SEED, NODE_SPACING, layout

MIN_COMMUNITY = 3
"""Communities smaller than this are gathered into the overview's "small groups" node."""

MAX_DEPTH = 4
"""Communities are split at most this many times (#3.1.0.2)."""

COMMUNITY_SPACING = 2.6 * NODE_SPACING
"""Distance between neighbouring community nodes (they are drawn larger than entities)."""

COMMUNITY_ROOM = 110.0
"""Canvas pixels kept free around a community node, besides its radius, for its label."""


@dataclass(frozen=True, slots=True)
class Community:
    name: str  # "#3" (as ``kg stats`` numbers it), "#3.1" (its second part), "#3 small groups"
    number: int | None  # the ``kg stats`` number of a top-level community, else None
    parent: int | None  # index of the community it is a part of
    children: tuple[int, ...]  # indices of its parts (none: it is drawn as its members)
    members: tuple[int, ...]  # entity indices, most central first
    position: tuple[float, float]  # of its node in its parent's overview (or the top one)


def partition(iris: Sequence[str], pairs: Sequence[tuple[int, int, str]]) -> list[list[int]]:
    """Louvain communities of entities ``0..n-1`` (``iris`` sorted) joined by ``(s, o, predicate)``
    ``pairs`` (sorted by subject IRI, predicate, object IRI): lists of indices, as ``kg stats``."""
    import networkx as nx

    from ..analyze import DEFAULT_SEED, communities

    g = nx.MultiDiGraph()
    g.add_nodes_from(iris)
    for s, o, predicate in pairs:
        g.add_edge(iris[s], iris[o], key=predicate)
    index = {iri: i for i, iri in enumerate(iris)}
    return [[index[iri] for iri in members] for members in communities(g, seed=DEFAULT_SEED)]


def split(members: Sequence[int], pairs: Sequence[tuple[int, int, str]]) -> list[list[int]]:
    """Louvain communities (seeded) of the relations among ``members``, largest first."""
    import networkx as nx

    from ..analyze import DEFAULT_SEED

    inside = set(members)
    h = nx.Graph()
    h.add_nodes_from(sorted(inside))
    for s, o, _ in pairs:
        if s != o and s in inside and o in inside:
            if h.has_edge(s, o):
                h[s][o]["weight"] += 1
            else:
                h.add_edge(s, o, weight=1)
    found = nx.community.louvain_communities(h, weight="weight", seed=DEFAULT_SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def build_communities(found: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int, str]],
                      centrality: Callable[[int], Any], split_above: int) -> list[Community]:
    """The overview's communities: the partition ``found`` (communities of fewer than
    :data:`MIN_COMMUNITY` entities gathered into one, last), each community of more than
    ``split_above`` entities split again into its own communities, and so on, so that no
    drawing holds more than ``split_above`` entities unless Louvain cannot split it.

    Parents come before their parts; ``centrality(i)`` sorts entities, most central first.
    """
    out: list[Community | None] = []

    def add(groups: list[list[int]], names: list[str], numbers: list[int | None], parent: int | None) -> list[int]:
        small = sorted(i for members in groups if len(members) < MIN_COMMUNITY for i in members)
        keep = [k for k, members in enumerate(groups) if len(members) >= MIN_COMMUNITY]
        groups, names, numbers = [groups[k] for k in keep], [names[k] for k in keep], [numbers[k] for k in keep]
        if small:
            owner = out[parent] if parent is not None else None
            prefix = owner.name + " " if owner is not None else ""
            groups, names, numbers = [*groups, small], [*names, prefix + "small groups"], [*numbers, None]
        of = {i: k for k, members in enumerate(groups) for i in members}
        between: Counter[tuple[int, int]] = Counter(
            (min(of[s], of[o]), max(of[s], of[o])) for s, o, _ in pairs
            if s in of and o in of and of[s] != of[o])
        positions = overview_layout([len(members) for members in groups], between)
        indices = []
        for members, name, number, position in zip(groups, names, numbers, positions):
            indices.append(len(out))
            out.append(Community(name, number, parent, (), tuple(sorted(members, key=centrality)), position))
        for k, members, name in zip(indices, groups, names):
            if len(members) <= split_above or name.endswith("small groups") or len(name.split(".")) > MAX_DEPTH:
                continue
            parts = split(members, pairs)
            if sum(len(part) >= MIN_COMMUNITY for part in parts) < 1 or len(parts) < 2:
                continue  # Louvain cannot split it: it is drawn whole
            community = out[k]
            assert community is not None
            children = add(parts, [f"{community.name}.{j}" for j in range(len(parts))], [None] * len(parts), k)
            out[k] = Community(community.name, community.number, parent, tuple(children),
                               community.members, community.position)
        return indices

    add([list(m) for m in found], [f"#{k}" for k in range(len(found))], list(range(len(found))), None)
    return [c for c in out if c is not None]


def node_radius(size: int, largest: int) -> float:
    """The radius of a community's node on the page (``communitySummary`` in scene.js draws it so)."""
    return 14 + 40 * math.sqrt(size / max(largest, 1))


def overview_layout(sizes: Sequence[int], between: Mapping[tuple[int, int], int]) -> list[tuple[float, float]]:
    """Positions of the overview's community nodes: closer when more relations join them, never
    overlapping (each keeps room for its node and a three-line label), centred on the origin.

    networkx's spring layout (seeded; weights are log relation counts), scaled to canvas
    pixels, then overlaps are pushed apart in a few deterministic passes.
    """
    import networkx as nx
    import numpy as np

    n = len(sizes)
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((a, b, 1 + math.log(count)) for (a, b), count in sorted(between.items()))
    pos = nx.spring_layout(g, seed=LAYOUT_SEED, k=2.0 / math.sqrt(n), iterations=200, weight="weight")
    xy = np.array([pos[i] for i in range(n)], dtype=float)
    largest = max(sizes)
    room = np.array([node_radius(size, largest) + COMMUNITY_ROOM for size in sizes])
    xy *= COMMUNITY_SPACING * math.sqrt(n) / 2
    for _ in range(100):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=2)) + np.eye(n)
        need = room[:, None] + room[None, :]
        overlap = np.clip(need - dist, 0, None) * (1 - np.eye(n))
        if overlap.max() < 1:
            break
        push = (delta / dist[:, :, None] * overlap[:, :, None] / 2).sum(axis=1)
        xy += push
    xy -= xy.mean(axis=0)
    return [(round(float(x), 1), round(float(y), 1)) for x, y in xy]


def member_positions(communities: Sequence[Community], pairs: Sequence[tuple[int, int, str]],
                     n: int) -> list[tuple[float, float]]:
    """Each entity's position within the drawing of the smallest community it is in (centred on 0)."""
    leaves = [c for c in communities if not c.children]
    of = {i: k for k, c in enumerate(leaves) for i in c.members}
    inside: list[list[tuple[int, int]]] = [[] for _ in leaves]
    for s, o, _ in pairs:
        if of[s] == of[o]:
            inside[of[s]].append((s, o))
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * n
    for k, community in enumerate(leaves):
        local = {i: j for j, i in enumerate(sorted(community.members))}
        drawn = layout(len(local), [(local[s], local[o]) for s, o in inside[k]])
        for i, j in local.items():
            positions[i] = drawn[j]
    return positions
