"""Node positions for the graph page, computed once, at build time.

Why at build time: vis-network's physics on a few thousand nodes never
settles in the browser (pyvis' defaults on 5,000 nodes: still moving after
9 minutes, the page frozen), and a page whose nodes drift is hard to read.

Why igraph rather than a networkx layout: force layouts are quadratic unless
they approximate, and networkx's do not. Measured here on a synthetic
5,000-paper graph (11.6k nodes, 50k edges; benchmarks/synth.py):
`nx.spring_layout` took 400 s (80 s at 6.5k nodes); igraph's
Fruchterman-Reingold, which switches to a grid approximation above 1,000
nodes, takes under 2 s and 0.7 s on the 493 nodes of the seeds.

Deterministic: the start positions and igraph's random numbers both come
from one seeded generator, and coordinates are rounded to whole pixels, so
the same graph gives the same page bytes.
"""
from __future__ import annotations

import math
import random

import igraph
import networkx as nx
import numpy as np

SEED = 7
EDGE_LENGTH = 120.0  # px: the median edge length on the page at zoom 1
ITERATIONS = 500
MIN_GAP = 60.0  # px: closer nodes are pushed apart afterwards
SMALL = 120  # nodes: parts this small get more room


def layout_positions(graph: nx.Graph, weight: str | None = None,
                     nearest: float = 70.0, gap: float = MIN_GAP) -> dict[str, tuple[int, int]]:
    """node -> (x, y) in pixels for any networkx graph; same graph, same positions.

    `weight` names an edge attribute that pulls its two ends closer (summed
    over parallel edges); `nearest` is the least median distance in pixels
    from a node to its nearest neighbour, and `gap` the least distance
    between any two nodes.
    """
    nodes = sorted(graph)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pulls: dict[tuple[int, int], float] = {}
    for u, v, d in graph.edges(data=True):
        if u != v:
            key = (min(index[u], index[v]), max(index[u], index[v]))
            pulls[key] = pulls.get(key, 0.0) + (float(d.get(weight, 1.0)) if weight else 1.0)
    edges = sorted(pulls)
    g = igraph.Graph(n=len(nodes), edges=edges)
    # Each connected part is laid out alone and the parts are packed side by side:
    # in one force layout, parts repel each other to the far corners.
    parts = sorted((sorted(c) for c in g.connected_components()), key=lambda c: (-len(c), c[0]))
    # igraph draws its start positions and jitter from this generator (its default is
    # Python's global `random`, which other code may have moved).
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        drawn = [_layout_part(g, part, pulls if weight else None, nearest, gap) for part in parts]
    finally:
        igraph.set_random_number_generator(random)
    pos: dict[str, tuple[int, int]] = {}
    for part, p in zip(parts, _pack(drawn)):
        for v, (x, y) in zip(part, p.tolist()):
            pos[nodes[v]] = (int(round(x)), int(round(y)))
    return dict(sorted(pos.items()))


def _layout_part(g: igraph.Graph, part: list[int], pulls: dict | None, nearest: float, gap: float) -> np.ndarray:
    if len(part) == 1:
        return np.zeros((1, 2))
    sub = g.induced_subgraph(part)  # keeps the vertices in the order of `part`
    local = [(e.source, e.target) for e in sub.es]
    weights = [pulls[(part[a], part[b])] for a, b in local] if pulls else None
    coords = sub.layout_fruchterman_reingold(weights=weights, niter=ITERATIONS, grid="auto").coords
    p = np.array(coords, dtype=float).reshape(-1, 2)
    p -= p.mean(axis=0)
    if len(part) <= SMALL:  # a small drawing is read at zoom 1 and above: give labels room
        nearest, gap = max(nearest, 1.6 * nearest), max(gap, 1.6 * gap)
    p *= _scale(p, local, nearest)
    return _spread(p, gap)


def _pack(drawn: list[np.ndarray]) -> list[np.ndarray]:
    """The biggest part at the centre, the others in rows beneath it, as wide as it."""
    first = drawn[0]
    lo, hi = first.min(axis=0), first.max(axis=0)
    width = max(hi[0] - lo[0], 1200.0)
    out = [first]
    x, y, row = lo[0], hi[1] + 2 * MIN_GAP, 0.0
    for p in drawn[1:]:
        plo, phi = p.min(axis=0), p.max(axis=0)
        w, h = phi - plo
        if x > lo[0] and x + w > lo[0] + width:
            x, y, row = lo[0], y + row + 1.5 * MIN_GAP, 0.0
        out.append(p - plo + np.array([x, y]))
        x += w + 1.5 * MIN_GAP
        row = max(row, h)
    return out


def _scale(p: np.ndarray, edges: list[tuple[int, int]], nearest_px: float) -> float:
    """Pixels per layout unit: edges of EDGE_LENGTH, or more where the drawing is crowded.

    A force layout of thousands of nodes packs them tighter than labels need, so
    the typical distance to the nearest node must reach `nearest_px` too.
    """
    factor = 1.0
    if edges:
        e = np.array(edges)
        median = float(np.median(np.hypot(*(p[e[:, 0]] - p[e[:, 1]]).T)))
        factor = EDGE_LENGTH / median if median > 0 else 1.0
    if len(p) > 2:
        nearest = _median_nearest(p)
        if nearest > 0:
            factor = max(factor, nearest_px / nearest)
    return factor


def _median_nearest(p: np.ndarray) -> float:
    """The median distance from a point to its nearest other point."""
    span = p.max(axis=0) - p.min(axis=0)
    reach = 2 * math.sqrt(max(span[0] * span[1], 1e-12) / len(p))  # twice the typical spacing
    i, j, d = _close_pairs(p, reach)
    nearest = np.full(len(p), reach)  # no neighbour within reach: at least that far
    np.minimum.at(nearest, i, d)
    np.minimum.at(nearest, j, d)
    return float(np.median(nearest))


def _close_pairs(p: np.ndarray, r: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of points closer than r, once each: (i, j, distance).

    Points are binned in a grid of r-sized cells, so only the same and the
    adjacent cells are compared: linear in the number of points and pairs.
    """
    n = len(p)
    cell = np.floor((p - p.min(axis=0)) / r).astype(np.int64)
    width = int(cell[:, 1].max()) + 3  # a y-neighbour never wraps into another column's cells
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    found_i, found_j = [], []
    for dx, dy in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):  # half the neighbourhood: each pair once
        target = key + dx * width + dy
        lo = np.searchsorted(sorted_key, target, "left")
        count = np.searchsorted(sorted_key, target, "right") - lo
        total = int(count.sum())
        if not total:
            continue
        i = np.repeat(np.arange(n), count)
        block_start = np.repeat(np.cumsum(count) - count, count)
        j = order[np.arange(total) - block_start + np.repeat(lo, count)]
        keep = i < j if (dx, dy) == (0, 0) else np.ones(total, dtype=bool)
        found_i.append(i[keep])
        found_j.append(j[keep])
    if not found_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    d = np.hypot(*(p[i] - p[j]).T)
    close = d < r
    return i[close], j[close], d[close]


def _spread(p: np.ndarray, gap: float, rounds: int = 12) -> np.ndarray:
    """Push apart nodes closer than `gap`, so labels can be read where the drawing is dense.

    A force layout packs its core tight: hubs pull every paper in.
    """
    n = len(p)
    angle = np.arange(n) * (math.pi * (3 - math.sqrt(5)))  # a fixed direction per node, for exact ties
    unit = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    for _ in range(rounds):
        i, j, dist = _close_pairs(p, gap)
        if len(i) == 0:
            break
        delta = p[i] - p[j]
        tie = dist < 1e-9
        delta[tie], dist[tie] = unit[i[tie]], 1.0
        push = ((gap - dist) / (2 * dist))[:, None] * delta
        move = np.stack([np.bincount(i, push[:, k], n) - np.bincount(j, push[:, k], n) for k in (0, 1)], axis=1)
        p = p + 0.8 * move
    return p
