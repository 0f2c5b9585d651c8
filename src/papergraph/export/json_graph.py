"""graph.json: NetworkX node-link data, the contract score.py and other tools read.

Written as it is made: one JSON object per node and per edge, one a line (keys
sorted; orjson, ~4x faster than json), so a graph of millions of edges is never held as one string, and the
file can be grepped line by line. `json.load` + `networkx.node_link_graph(...,
edges="links")` read it back (see `read_graph`).
"""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import orjson

from . import Renderer, register, render_from

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
_LINES = 4096  # lines per write


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(graph, edges="links")


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """The node-link document (keys in sorted order: directed, graph, links, multigraph, nodes)."""
    dumps, options = orjson.dumps, _OPTIONS
    write, join = fh.write, b",\n".join
    write(b'{"directed":%s,"graph":%s,\n"links":[' % (dumps(graph.is_directed()), dumps(graph.graph, option=options)))
    first = True

    def flush(lines: list[bytes]) -> None:
        nonlocal first
        if lines:
            write((b"\n" if first else b",\n") + join(lines))
            first = False

    # as networkx.node_link_data: the endpoints and key win over attributes of the same name
    lines: list[bytes] = []
    if graph.is_multigraph() and graph.is_directed():
        # networkx's own adjacency dicts, in the order its edge view walks them: no view, no tuple per edge
        for u, nbrs in graph._succ.items():
            for v, keyed in nbrs.items():
                for k, d in keyed.items():
                    lines.append(dumps({**d, "source": u, "target": v, "key": k}, option=options))
            if len(lines) > _LINES:
                flush(lines)
                lines = []
    else:
        for u, v, k, d in graph.edges(keys=True, data=True):
            lines.append(dumps({**d, "source": u, "target": v, "key": k}, option=options))
            if len(lines) > _LINES:
                flush(lines)
                lines = []
    flush(lines)
    write(b'\n],"multigraph":%s,\n"nodes":[' % dumps(graph.is_multigraph()))
    first, lines = True, []
    for n, d in graph._node.items():
        lines.append(dumps({**d, "id": n}, option=options))
        if len(lines) > _LINES:
            flush(lines)
            lines = []
    flush(lines)
    write(b"\n]}\n")


render = render_from(stream)


register(Renderer("json", "graph.json", render, "NetworkX node-link JSON", stream))


def read_graph(path) -> nx.MultiDiGraph:
    """The graph back from a graph.json this renderer wrote (node-link data)."""
    with open(path, "rb") as fh:
        data = orjson.loads(fh.read())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
