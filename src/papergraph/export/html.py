"""graph.html: the interactive page, drawn by vis-network (the build pyvis ships).

One self-contained file that makes no network request: vis-network (from the
pyvis package, so its version is pinned with pyvis) and the page's own script
and style are inlined; a Content-Security-Policy allows exactly those inline
scripts and that style by hash and nothing else, so even a string that did
turn into markup could not run (inline handlers such as onerror stay blocked).

The graph travels as JSON inside a non-executable <script type="application/json">,
in columns rather than one object per node or edge, and the page's script writes
every digest string with textContent or onto the canvas only. No node or edge
has a vis `title`, so vis-network never shows a tooltip of its own, and pyvis'
page template, whose tooltip code switches to innerHTML when a title contains
"href", is not used at all.

Why not pyvis' Network for the nodes and edges: it drops a node's colour as
soon as the node has a group, and its id checks scan lists, so a 5,000-paper
graph (11.6k nodes, 50k edges) took 11 s to assemble and 13 MB of JSON; the
columns below take a fraction of a second and a third of the bytes.

Positions are computed here (export/layout.py), so the page never runs a
physics simulation. Graphs above FULL_VIEW_NODES nodes or FULL_VIEW_EDGES edges
open on an overview (topics and the most-named entities, with links weighted
by shared papers) that says so, with ways into the full detail: a topic, a
node's neighbourhood, or everything.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter, defaultdict
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
import opencc
import pyvis

from ..text import CJK, to_simplified
from . import Renderer, register
from .layout import layout_positions

VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"

# Above either size the page opens on the overview: measured in headless
# Chromium (benchmarks/bench_html.py), a full view of ~3,000 nodes is
# interactive in about a second; 11.6k nodes / 50k edges takes several.
FULL_VIEW_NODES = 3000
FULL_VIEW_EDGES = 12000
OVERVIEW_HUBS = 40  # entities drawn in the overview besides the topics; the panel lists more
# Above PAGE_NODES nodes or PAGE_EDGES edges the page cannot hold the whole graph and stay
# usable (or small): it holds a part, and says so: every topic, the PAGE_ENTITIES entities
# named by the most papers, the PAGE_PAPERS papers linking most of those, and between them
# one link per pair and relation, at most PAGE_EDGES. Its "Show all" draws that part
# (about 6,000 nodes: several seconds in Chromium). graph.json and graph.ttl hold everything.
PAGE_NODES = 6000
PAGE_EDGES = 40000
PAGE_ENTITIES = 3500
PAGE_PAPERS = 2000
_NOT_ENTITY = ("Paper", "Topic", "Result")

KIND_STYLE = {  # colour, vis-network shape: shapes whose size does not grow with the label
    "Paper": ("#4e79a7", "square"),
    "Model": ("#f28e2b", "dot"),
    "Method": ("#59a14f", "diamond"),
    "Dataset": ("#e15759", "triangle"),
    "Metric": ("#b07aa1", "triangleDown"),
    "Task": ("#76b7b2", "hexagon"),
    "Topic": ("#e3b505", "star"),
    "Result": ("#9c755f", "dot"),
    "Person": ("#8cd17d", "dot"),
    "Category": ("#a0cbe8", "box"),
}
RELATION_STYLE = {  # colour, dashed
    "mentions": ("#b8b8b8", False),
    "proposes": ("#2f6db5", False),
    "has_topic": ("#e2cd7e", True),
    "outperforms": ("#d62728", False),
    "compared_with": ("#ff7f7f", True),
    "evaluated_on": ("#e15759", True),
    "based_on": ("#59a14f", False),
    "fine_tuned_from": ("#2ca02c", False),
    "variant_of": ("#f28e2b", True),
    "uses": ("#7f7f7f", True),
    "reports": ("#9c755f", False),
    "on_dataset": ("#9c755f", True),
    "measured_by": ("#b07aa1", True),
    "achieved_by": ("#f28e2b", True),
    "broader": ("#c9a227", False),
    "has_author": ("#8cd17d", True),
    "in_category": ("#a0cbe8", True),
}
DETAIL_FIELDS = ("label", "arxiv_id", "title", "title_zh", "date", "summary", "script", "aliases", "value_text",
                 "unit", "dataset", "metric", "subject", "paper", "evidence", "digest", "line", "label_zh_hans",
                 "label_zh_hant", "sources", "origin", "in_scheme")
# The names search looks in; the page's script reads the same fields (graph.js: namesOf).
SEARCH_FIELDS = ("label", "arxiv_id", "title", "title_zh", "label_zh_hans", "label_zh_hant")



@lru_cache(maxsize=1)
def _variant_converters() -> list:
    """Simplified -> each Traditional standard (OpenCC), and between Traditional standards."""
    return [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk", "t2tw", "t2hk")]


def _script_json(value) -> str:
    """JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _short(text: str, limit: int = 26) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def display_label(d: dict) -> str:
    """The label drawn on the canvas: short enough to read at a glance."""
    kind = d.get("kind")
    if kind == "Paper":
        title = str(d.get("title") or d.get("label") or d.get("arxiv_id") or "")
        head = title.split(":", 1)[0].strip()
        return head if ":" in title and 2 <= len(head) <= 26 else _short(title, 26)
    if kind == "Result":
        return _short(" ".join(x for x in (str(d.get("value_text") or d.get("label") or ""), str(d.get("metric") or "")) if x), 24)
    return _short(d.get("label") or "")


def _size(kind, degree: int) -> int:
    """Radius in px: grows with the number of links, slowly; results are small leaves."""
    if kind == "Result":
        return 6
    return min(32, round(6 + 3 * math.log2(1 + degree)))


def search_names(d: dict) -> list[str]:
    names = [str(d[f]) for f in SEARCH_FIELDS if d.get(f)] + [str(a) for a in d.get("aliases") or []]
    return list(dict.fromkeys(names))


def script_folding(texts) -> dict[str, str]:
    """char -> its Simplified form, for every variant of every Chinese character in `texts`.

    The page folds a query and the names it searches with this table, so a
    query in Traditional script finds a name written in Simplified, and the
    other way round. Only characters of this page's names (and their variants)
    are listed: the table stays small, and a query character outside it can
    match nothing anyway.
    """
    table: dict[str, str] = {}
    chars = sorted({c for t in texts for c in CJK.findall(t)})
    for c in chars:
        simple = to_simplified(c)
        variants = {c, *(conv.convert(x) for conv in _variant_converters() for x in (simple, c))}
        for v in sorted(variants):
            if len(v) == 1 and v != simple and to_simplified(v) == simple:
                table[v] = simple
        if simple != c:
            table[c] = simple
    return dict(sorted(table.items()))


def _topic_memberships(graph: nx.MultiDiGraph, index: dict[str, int]) -> list[list[int]]:
    """For each node, the topic nodes (with their broader topics) it belongs to.

    A paper belongs to its topics; an entity or a result to the topics of the
    papers it is linked with; a topic to itself and every broader topic.
    """
    broader: dict[str, list[str]] = defaultdict(list)
    direct: dict[str, set[str]] = defaultdict(set)
    for u, v, d in graph.edges(data=True):
        if d.get("relation") == "broader":
            broader[u].append(v)
        elif d.get("relation") == "has_topic":
            direct[u].add(v)

    def with_ancestors(tids) -> set[str]:
        out, stack = set(), list(tids)
        while stack:
            t = stack.pop()
            if t not in out:
                out.add(t)
                stack.extend(broader.get(t, ()))
        return out

    kind = {n: d.get("kind") for n, d in graph.nodes(data=True)}
    of: dict[str, set[str]] = {}
    for n in graph:
        if kind[n] == "Topic":
            of[n] = with_ancestors([n])
        elif kind[n] == "Paper":
            of[n] = with_ancestors(direct.get(n, ()))
    for n in graph:
        if n not in of:
            papers = [m for m in (*graph.predecessors(n), *graph.successors(n)) if kind.get(m) == "Paper"]
            of[n] = set().union(*(of[p] for p in papers)) if papers else set()
    return [sorted(index[t] for t in of[n] if t in index) for n in sorted(graph)]


_NOT_NAMED = frozenset(("Paper", "Result", "Topic"))


def _paper_links(graph: nx.MultiDiGraph, kind: dict[str, str]) -> tuple[Counter, dict[str, list[str]]]:
    """For each entity the number of papers linked to it, for each topic the number of papers
    on it; and each paper's topics. One pass over the papers' own links."""
    named: Counter = Counter()
    paper_topics: dict[str, list[str]] = {}
    adj = graph._adj  # networkx's own dicts: no view object per node
    # Set operations on each paper's neighbours, in C: a 100,000-paper graph has millions of links.
    not_named = {n for n, k in kind.items() if k in _NOT_NAMED}
    topic_nodes = {n for n, k in kind.items() if k == "Topic"}
    for p, k in kind.items():
        if k != "Paper":
            continue
        linked = adj[p]
        named.update(linked.keys() - not_named)  # each neighbour once, as its keys are
        if topic_nodes.isdisjoint(linked):
            continue
        topics = [v for v in linked if v in topic_nodes
                  and any(d.get("relation") == "has_topic" for d in linked[v].values())]
        if topics:
            paper_topics[p] = topics
            named.update(topics)
    return named, paper_topics


def _overview(graph: nx.MultiDiGraph, index: dict[str, int], rel_index: dict[str, int],
              links_of_papers: tuple | None = None) -> dict:
    """Topics and the most-named entities, linked by how many papers they share.

    Laid out on its own (a few hundred nodes), so it reads as a map rather
    than as a sample of the full drawing. Linear in the papers' links.
    """
    kind = {n: d.get("kind") for n, d in graph.nodes(data=True)}
    named, paper_topics = links_of_papers or _paper_links(graph, kind)
    hubs = sorted((n for n in named if kind[n] != "Topic"), key=lambda n: (-named[n], n))[:OVERVIEW_HUBS]
    # Topics with papers, and the broader topics above them.
    topics = {n for n in graph if kind[n] == "Topic" and named.get(n)}
    stack = list(topics)
    while stack:
        for _u, b, d in graph.out_edges(stack.pop(), data=True):
            if d.get("relation") == "broader" and b not in topics:
                topics.add(b)
                stack.append(b)
    topics = sorted(topics)
    links: list[tuple[str, str, int, str | None]] = []
    for h in hubs:
        papers = {p for p in graph.pred[h] if kind.get(p) == "Paper"}
        shared = Counter(t for p in papers for t in paper_topics.get(p, ()))
        for t, count in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
            links.append((h, t, count, None))
    # Topics that share papers, each with its closest few.
    together = Counter((a, b) for ts in paper_topics.values() for a in ts for b in ts if a < b)
    closest: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), count in together.items():
        closest[a].append((-count, b))
        closest[b].append((-count, a))
    pairs = {tuple(sorted((a, b))) for a in closest for _c, b in sorted(closest[a])[:4]}
    links += [(a, b, together[(a, b)], None) for a, b in sorted(pairs)]
    keep = set(hubs) | set(topics)
    between = Counter((u, v, d.get("relation")) for u in keep for v, keyed in graph.adj[u].items() if v in keep
                      for d in keyed.values())
    links += [(u, v, count, rel) for (u, v, rel), count in sorted(between.items())]
    sketch = nx.Graph()
    sketch.add_nodes_from(sorted(keep))
    for u, v, count, _rel in links:
        sketch.add_edge(u, v, weight=math.log2(1 + count))
    pos = layout_positions(sketch, weight="weight", nearest=90.0, gap=240.0)
    members = sorted(keep, key=lambda n: index[n])
    return {
        "nodes": [index[n] for n in members],
        "x": [pos[n][0] for n in members],
        "y": [pos[n][1] for n in members],
        "size": [min(44, round(8 + 3.5 * math.log2(1 + named.get(n, 0)))) for n in members],
        "papers": [named.get(n, 0) for n in members],
        "edges": [[index[u], index[v], count, rel_index.get(rel, -1) if rel else -1] for u, v, count, rel in links],
        "hubs": len(hubs), "topics": len(topics),
    }


def _papers_naming(graph: nx.MultiDiGraph, kind: dict[str, str]) -> Counter:
    """For each entity and topic, the number of papers linked to it."""
    return _paper_links(graph, kind)[0]


def sample(graph: nx.MultiDiGraph, links_of_papers: tuple | None = None) -> tuple[nx.MultiDiGraph, dict | None]:
    """The part of a big graph the page holds (see PAGE_NODES), and what it is; small graphs whole.

    Linear in the graph's size: one pass over the papers' links to count, one over the
    kept nodes' links to copy.
    """
    if graph.number_of_nodes() <= PAGE_NODES and graph.number_of_edges() <= PAGE_EDGES:
        return graph, None
    edges = sum(sum(map(len, nbrs.values())) for nbrs in graph._adj.values())
    kind = {n: d.get("kind") for n, d in graph.nodes(data=True)}
    named = (links_of_papers or _paper_links(graph, kind))[0]
    topics = sorted(n for n, k in kind.items() if k == "Topic")
    entities = sorted((n for n, k in kind.items() if k not in _NOT_ENTITY), key=lambda n: (-named[n], n))
    entities = entities[:PAGE_ENTITIES]
    chosen = set(entities)
    papers = sorted((n for n, k in kind.items() if k == "Paper"),
                    key=lambda n: (-len(chosen.intersection(graph._adj[n])), n))[:PAGE_PAPERS]
    keep = set(topics) | chosen | set(papers)
    # one link per pair and relation; links of the overview's kinds first, `mentions` last
    links = []
    for u in sorted(keep):
        for v, keyed in graph._adj[u].items():
            if v in keep:
                seen = set()
                for k in sorted(keyed, key=str):
                    rel = keyed[k].get("relation")
                    if rel not in seen:
                        seen.add(rel)
                        links.append((rel == "mentions", u, v, k))
    rank = {n: i for i, n in enumerate(papers)}  # the papers naming most entities keep their links
    links.sort(key=lambda e: (e[0], rank.get(e[1], -1), e[1], e[2], str(e[3])))
    part = nx.MultiDiGraph()
    part.graph.update(graph.graph)
    part.add_nodes_from((n, graph.nodes[n]) for n in sorted(keep))
    part.add_edges_from((u, v, k, graph.edges[u, v, k]) for _m, u, v, k in links[:PAGE_EDGES])
    about = {"nodes": graph.number_of_nodes(), "edges": edges,
             "papers": sum(1 for k in kind.values() if k == "Paper"),
             "entities": sum(1 for k in kind.values() if k not in _NOT_ENTITY),
             "shown_topics": len(topics), "shown_entities": len(entities), "shown_papers": len(papers),
             "shown_edges": part.number_of_edges(), "edge_limit": PAGE_EDGES, "node_limit": PAGE_NODES}
    return part, about


def page_data(graph: nx.MultiDiGraph) -> dict:
    full = graph
    links = None
    if full.number_of_nodes() > PAGE_NODES or full.number_of_edges() > PAGE_EDGES:  # nodes first: cheap
        links = _paper_links(full, {n: d.get("kind") for n, d in full.nodes(data=True)})
    graph, about = sample(full, links)
    ids = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(ids)}
    attrs = [graph.nodes[n] for n in ids]
    kinds = list(KIND_STYLE) + sorted({str(d.get("kind")) for d in attrs} - set(KIND_STYLE))
    relations = list(RELATION_STYLE) + sorted({str(d.get("relation")) for *_e, d in graph.edges(data=True)} - set(RELATION_STYLE))
    kind_index = {k: i for i, k in enumerate(kinds)}
    rel_index = {r: i for i, r in enumerate(relations)}
    pos = layout_positions(graph)
    degree = dict(graph.degree())

    evidence: dict[tuple[str, str], int] = {}
    flat_edges: list[int] = []
    for u, v, _k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        ev = -1
        if d.get("evidence"):
            where = f"{d['digest']}:{d['line']}" if d.get("digest") else ""
            ev = evidence.setdefault((str(d["evidence"]), where), len(evidence))
        flat_edges += [index[u], index[v], rel_index[str(d.get("relation"))], ev]

    details = []
    for d in attrs:
        row = {k: d[k] for k in DETAIL_FIELDS if d.get(k) not in (None, "", [])}
        if "sources" in row:
            row["sources"] = [str(s) for s in row["sources"]]
        details.append(row)

    big = len(ids) > FULL_VIEW_NODES or len(flat_edges) // 4 > FULL_VIEW_EDGES
    scope = graph.graph.get("scope")
    return {
        "schema": 1,
        "scope": scope,
        "kinds": [{"name": k, "color": KIND_STYLE.get(k, ("#999999", "dot"))[0],
                   "shape": KIND_STYLE.get(k, ("#999999", "dot"))[1]} for k in kinds],
        "relations": [{"name": r, "color": RELATION_STYLE.get(r, ("#999999", False))[0],
                       "dashed": RELATION_STYLE.get(r, ("#999999", False))[1]} for r in relations],
        "nodes": {
            "id": ids,
            "label": [display_label(d) for d in attrs],
            "kind": [kind_index[str(d.get("kind"))] for d in attrs],
            "x": [pos[n][0] for n in ids],
            "y": [pos[n][1] for n in ids],
            "size": [_size(d.get("kind"), degree[n]) for n, d in zip(ids, attrs)],
            "topics": _topic_memberships(graph, index),
        },
        "edges": flat_edges,  # from, to, relation, evidence: four numbers per edge
        "evidence": [[text, where] for (text, where), _i in sorted(evidence.items(), key=lambda kv: kv[1])],
        "details": details,
        "fold": script_folding(name for d in attrs for name in search_names(d)),
        "overview": (_overview(full, index, rel_index, links) if about else _overview(graph, index, rel_index)) if big else None,
        "sample": about,
    }


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(graph: nx.MultiDiGraph) -> bytes:
    templates = files("papergraph.export").joinpath("templates")
    page = templates.joinpath("graph.html").read_text(encoding="utf-8")
    css = templates.joinpath("graph.css").read_text(encoding="utf-8")
    app_js = templates.joinpath("graph.js").read_text(encoding="utf-8")
    vis_js = VIS_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; style-src {_csp_hash(css)}; "
           "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    for marker, value in (("/*PG:CSS*/", css), ("PG:CSP", csp), ("/*PG:VIS*/", vis_js), ("/*PG:APP*/", app_js)):
        if page.count(marker) != 1:
            raise RuntimeError(f"templates/graph.html: marker {marker} must occur exactly once")
        page = page.replace(marker, value)
    # The data goes in last, so nothing in it is ever taken for a marker.
    head, tail = page.split("/*PG:DATA*/")
    return (head + _script_json(page_data(graph)) + tail).encode("utf-8")


register(Renderer("html", "graph.html", render, "interactive offline page (vis-network from pyvis)"))
