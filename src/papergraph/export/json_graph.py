"""graph.json: NetworkX node-link data, the contract score.py and other tools read.

Written as it is made: one JSON object per node and per edge, one a line (keys
sorted), so a graph of millions of edges is never held as one string, and the
file can be grepped line by line. `json.load` + `networkx.node_link_graph(...,
edges="links")` read it back (see `read_graph`).
"""
from __future__ import annotations

import io
import json
from typing import BinaryIO

import networkx as nx

from . import Renderer, register

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # the C encoder: no indent
_BUFFER = 1 << 20


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(graph, edges="links")


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """The node-link document (keys in sorted order: directed, graph, links, multigraph, nodes)."""
    encode = _ENCODER.encode
    parts: list[str] = []
    size = 0

    def put(text: str) -> None:
        nonlocal parts, size
        parts.append(text)
        size += len(text)
        if size > _BUFFER:
            fh.write("".join(parts).encode("utf-8"))
            parts, size = [], 0

    put(f'{{"directed": {encode(graph.is_directed())}, "graph": {encode(graph.graph)},\n"links": [')
    sep = "\n"
    for u, v, k, d in graph.edges(keys=True, data=True):
        # as networkx.node_link_data: the endpoints and key win over attributes of the same name
        put(sep + encode({**d, "source": u, "target": v, "key": k}))
        sep = ",\n"
    put(f'\n], "multigraph": {encode(graph.is_multigraph())},\n"nodes": [')
    sep = "\n"
    for n, d in graph.nodes(data=True):
        put(sep + encode({**d, "id": n}))
        sep = ",\n"
    put("\n]}\n")
    fh.write("".join(parts).encode("utf-8"))


def render(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    stream(graph, buf)
    return buf.getvalue()


register(Renderer("json", "graph.json", render, "NetworkX node-link JSON", stream))


def read_graph(path) -> nx.MultiDiGraph:
    """The graph back from a graph.json this renderer wrote (node-link data)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
