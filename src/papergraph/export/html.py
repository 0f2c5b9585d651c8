"""graph.html: the interactive page, built with pyvis / vis-network.

pyvis assembles the nodes, edges and options; the page itself comes from our
own template because pyvis' templates load Bootstrap and vis.js from CDNs and
switch tooltips to innerHTML when a title contains "href". Here every script
and stylesheet is inlined (the page makes no network request), the graph data
travels as JSON inside a non-executable <script type="application/json">, and
the page's own script writes digest text with textContent only.
"""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.network import Network

from . import Renderer, register

VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"

KIND_STYLE = {  # colour, shape
    "Paper": ("#4e79a7", "box"),
    "Model": ("#f28e2b", "dot"),
    "Method": ("#59a14f", "diamond"),
    "Dataset": ("#e15759", "square"),
    "Metric": ("#b07aa1", "triangle"),
    "Task": ("#76b7b2", "triangleDown"),
    "Topic": ("#edc948", "ellipse"),
    "Result": ("#9c755f", "star"),
}
RELATION_STYLE = {  # colour, dashed
    "mentions": ("#c8c8c8", False),
    "proposes": ("#2f6db5", False),
    "has_topic": ("#d8b93a", True),
    "outperforms": ("#d62728", False),
    "compared_with": ("#ff9896", True),
    "evaluated_on": ("#e15759", True),
    "based_on": ("#59a14f", False),
    "fine_tuned_from": ("#2ca02c", False),
    "variant_of": ("#f28e2b", True),
    "uses": ("#8c8c8c", True),
    "reports": ("#9c755f", False),
    "on_dataset": ("#9c755f", True),
    "measured_by": ("#b07aa1", True),
    "achieved_by": ("#f28e2b", True),
    "broader": ("#d8b93a", False),
}
DETAIL_FIELDS = ("arxiv_id", "title", "title_zh", "date", "summary", "url", "aliases", "value_text",
                 "unit", "dataset", "metric", "subject", "evidence", "label_zh_hans", "label_zh_hant",
                 "sources", "origin")


def _script_json(value) -> str:
    """JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def build_network(graph: nx.MultiDiGraph) -> Network:
    net = Network(directed=True, cdn_resources="in_line")
    degree = dict(graph.degree())
    for nid, d in graph.nodes(data=True):
        kind = d.get("kind", "Entity")
        colour, shape = KIND_STYLE.get(kind, ("#999999", "dot"))
        label = d.get("arxiv_id") if kind == "Paper" else d.get("label", nid)
        net.add_node(nid, label=_short(str(label)), color=colour, shape=shape, group=kind,
                     value=1 + degree.get(nid, 0))
    for u, v, k, d in graph.edges(keys=True, data=True):
        rel = d.get("relation", "")
        colour, dashed = RELATION_STYLE.get(rel, ("#999999", False))
        net.add_edge(u, v, id=f"{u}|{v}|{k}", relation=rel, color=colour, dashes=dashed,
                     arrows="to", width=1 if rel == "mentions" else 2)
    return net


def page_data(graph: nx.MultiDiGraph) -> dict:
    net = build_network(graph)
    details = {
        nid: {k: d[k] for k in DETAIL_FIELDS if d.get(k) not in (None, "", [])} | {"kind": d.get("kind"), "label": d.get("label")}
        for nid, d in graph.nodes(data=True)
    }
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "details": details,
        "kinds": {k: {"color": c, "shape": s} for k, (c, s) in KIND_STYLE.items()},
        "relations": {r: {"color": c, "dashed": dsh} for r, (c, dsh) in RELATION_STYLE.items()},
    }


def render(graph: nx.MultiDiGraph) -> bytes:
    template = files("papergraph.export").joinpath("templates/graph.html").read_text(encoding="utf-8")
    vis_js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    page = (
        template.replace("/*VIS_CSS*/", vis_css.replace("</", "<\\/"))
        .replace("/*VIS_JS*/", vis_js.replace("</script", "<\\/script"))
        .replace("/*GRAPH_DATA*/", _script_json(page_data(graph)))
    )
    return page.encode("utf-8")


register(Renderer("html", "graph.html", render, "interactive offline page (pyvis / vis-network)"))
