"""graph.json: NetworkX node-link data, the contract score.py and other tools read.

Written as it is made: one JSON object per node and per edge, one a line (keys
sorted; orjson, ~4x faster than json), so a graph of millions of edges is never held as one string, and the
file can be grepped line by line. `json.load` + `networkx.node_link_graph(...,
edges="links")` read it back (see `read_graph`).
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

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


def read_items(path) -> Iterator[tuple[str, dict]]:
    """("links" or "nodes", the object) for every edge and node of a graph.json.

    The layout `stream` writes is read a line at a time, so a graph of millions of
    edges is never held whole; other node-link JSON is read whole. Raises
    ValueError (naming the file and line) on a file that is neither."""
    with open(path, "rb") as fh:
        head = fh.readline()
        if not (head.startswith(b'{"directed":') and fh.readline() == b'"links":[\n'):
            fh.seek(0)
            data = orjson.loads(fh.read())
            if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
                raise ValueError(f"{path}: not node-link JSON (no nodes list)")
            yield from (("links", e) for e in data.get("links", data.get("edges", [])) if isinstance(e, dict))
            yield from (("nodes", n) for n in data["nodes"] if isinstance(n, dict))
            return
        section, number = "links", 2
        for number, line in enumerate(fh, start=3):
            if line.startswith(b"{"):
                try:  # one object a line, then "," or the end of the list
                    item = orjson.loads(line.rstrip(b",\n"))
                except orjson.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: {exc}") from None
                yield section, item
            elif line.startswith(b'],"multigraph":'):
                pass
            elif line == b'"nodes":[\n':
                section = "nodes"
            elif line.rstrip(b"\n") == b"]}":
                return
            else:
                raise ValueError(f"{path}:{number}: not a line of papergraph's graph.json layout")
        raise ValueError(f"{path}:{number}: the file ends before its nodes list does")
