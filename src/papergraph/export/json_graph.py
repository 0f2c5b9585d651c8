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
_BUFFER = 1 << 20


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(graph, edges="links")


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """The node-link document (keys in sorted order: directed, graph, links, multigraph, nodes)."""
    dumps, options = orjson.dumps, _OPTIONS
    parts: list[bytes] = []
    size = 0

    def flush() -> None:
        nonlocal parts, size
        fh.write(b"".join(parts))
        parts, size = [], 0

    parts.append(b'{"directed":%s,"graph":%s,\n"links":[' % (dumps(graph.is_directed()), dumps(graph.graph, option=options)))
    sep = b"\n"
    for u, v, k, d in graph.edges(keys=True, data=True):
        # as networkx.node_link_data: the endpoints and key win over attributes of the same name
        line = dumps({**d, "source": u, "target": v, "key": k}, option=options)
        parts += (sep, line)
        sep = b",\n"
        size += len(line)
        if size > _BUFFER:
            flush()
    parts.append(b'\n],"multigraph":%s,\n"nodes":[' % dumps(graph.is_multigraph()))
    sep = b"\n"
    for n, d in graph.nodes(data=True):
        line = dumps({**d, "id": n}, option=options)
        parts += (sep, line)
        sep = b",\n"
        size += len(line)
        if size > _BUFFER:
            flush()
    parts.append(b"\n]}\n")
    flush()


render = render_from(stream)


register(Renderer("json", "graph.json", render, "NetworkX node-link JSON", stream))


def read_graph(path) -> nx.MultiDiGraph:
    """The graph back from a graph.json this renderer wrote (node-link data)."""
    with open(path, "rb") as fh:
        data = orjson.loads(fh.read())
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
