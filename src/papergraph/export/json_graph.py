"""graph.json: NetworkX node-link data, the contract score.py and other tools read."""
from __future__ import annotations

import json

import networkx as nx

from . import Renderer, register


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(graph, edges="links")


def render(graph: nx.MultiDiGraph) -> bytes:
    text = json.dumps(to_node_link(graph), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


register(Renderer("json", "graph.json", render, "NetworkX node-link JSON"))


def read_graph(path) -> nx.MultiDiGraph:
    """The graph back from a graph.json this renderer wrote (node-link data)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
