"""Part of the graph, for a page about one entity or one topic.

`papergraph build --focus NAME` and `--topic NAME` write graph.html for these
subgraphs; every other output still holds the whole graph. A subgraph keeps
every edge between its nodes (parallel relations included) and records what
it is in `graph.graph["scope"]`, which the page shows.
"""
from __future__ import annotations

import difflib

import networkx as nx

from .text import name_key


def _names(d: dict) -> list[str]:
    names = [d.get("label"), d.get("arxiv_id"), d.get("title"), d.get("title_zh"),
             d.get("label_zh_hans"), d.get("label_zh_hant"), *(d.get("aliases") or [])]
    return [str(n) for n in names if n]


def find_node(graph: nx.MultiDiGraph, name: str, kinds: set[str] | None = None) -> str:
    """The node a user means by `name`: a node id, or a label or alias in any case,
    spacing or Chinese script. Raises LookupError with a message the user can act on."""
    wanted = (lambda d: d.get("kind") in kinds) if kinds else (lambda d: True)
    what = " or ".join(sorted(kinds)).lower() if kinds else "node"
    if name in graph and wanted(graph.nodes[name]):
        return name
    key = name_key(name)
    hits = sorted(n for n, d in graph.nodes(data=True) if wanted(d) and any(name_key(x) == key for x in _names(d)))
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise LookupError(f"{name!r} names {len(hits)} nodes: {', '.join(hits[:8])}; give one of these ids")
    labels = {str(d.get("label")): n for n, d in graph.nodes(data=True) if wanted(d) and d.get("label")}
    close = difflib.get_close_matches(name, sorted(labels), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise LookupError(f"no {what} named {name!r} in the graph{hint}")


def _scoped(graph: nx.MultiDiGraph, nodes: set[str], scope: dict) -> nx.MultiDiGraph:
    sub = graph.subgraph(sorted(nodes)).copy()
    sub.graph["scope"] = {**scope, "of_nodes": graph.number_of_nodes(), "of_edges": graph.number_of_edges()}
    return sub


def _with_result_context(graph: nx.MultiDiGraph, nodes: set[str]) -> set[str]:
    """A result means little without its dataset, metric and subject: bring them along."""
    extra = {v for n in nodes if graph.nodes[n].get("kind") == "Result" for v in graph.successors(n)}
    return nodes | extra


def focus_subgraph(graph: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """`node` and everything within `radius` links of it, in either direction."""
    if radius < 1:
        raise ValueError("radius must be at least 1")
    nodes = set(nx.ego_graph(graph.to_undirected(as_view=True), node, radius=radius))
    nodes = _with_result_context(graph, nodes)
    d = graph.nodes[node]
    return _scoped(graph, nodes, {"kind": "focus", "node": node, "label": str(d.get("label") or node), "radius": radius})


def topic_subgraph(graph: nx.MultiDiGraph, topic: str) -> nx.MultiDiGraph:
    """A topic, its narrower topics, their papers and what those papers link to."""
    topics = {topic}
    stack = [topic]
    while stack:
        for narrower, _t, d in graph.in_edges(stack.pop(), data=True):
            if d.get("relation") == "broader" and narrower not in topics:
                topics.add(narrower)
                stack.append(narrower)
    papers = {u for t in topics for u, _t, d in graph.in_edges(t, data=True) if d.get("relation") == "has_topic"}
    nodes = topics | papers
    for p in papers:
        nodes.update(graph.successors(p))
        nodes.update(graph.predecessors(p))
    nodes = _with_result_context(graph, nodes)
    d = graph.nodes[topic]
    return _scoped(graph, nodes, {"kind": "topic", "node": topic, "label": str(d.get("label") or topic)})
