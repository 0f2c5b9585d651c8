"""changes.json: the lean comparison with the previous graph.json equals the plain
one (both graphs as node-link dicts, compared whole), and graph.json is read back
line by line as it was written."""
from __future__ import annotations

import json

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.changes import change_report
from papergraph.export.json_graph import read_items, stream

KINDS = ("Paper", "Result", "Model", "Dataset")
RELATIONS = ("mentions", "evaluated_on", "reports")


def _graphs():
    node = st.tuples(st.sampled_from(KINDS), st.integers(0, 5), st.sampled_from(["", "x", "y", "模型"]))
    edge = st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from(RELATIONS), st.sampled_from(["a", "b"]))

    def make(spec):
        nodes, edges = spec
        g = nx.MultiDiGraph()
        for kind, i, label in nodes:
            g.add_node(f"{kind.lower()}/{i}", kind=kind, label=label, aliases=[label] if label else [])
        ids = sorted(g)
        for u, v, relation, evidence in edges:
            if ids:
                g.add_edge(ids[u % len(ids)], ids[v % len(ids)], key=relation, relation=relation, evidence=evidence)
        return g

    return st.tuples(st.lists(node, max_size=8), st.lists(edge, max_size=12)).map(make)


def _plain_report(before: dict, after: dict) -> dict:
    """The comparison done the plain way: every node and link of both graphs as dicts."""
    def index(data):
        nodes = {n["id"]: n for n in data["nodes"]}
        links = {(e["source"], e["target"], str(e["key"])): e for e in data["links"]}
        return nodes, links

    (bn, bl), (an, al) = index(before), index(after)

    def of(nodes, kinds, negate=False):
        return {k: v for k, v in nodes.items() if (v.get("kind") in kinds) != negate}

    def diff(old, new):
        return (sorted(k for k in new if k not in old), sorted(k for k in new if k in old and new[k] != old[k]),
                sorted(k for k in old if k not in new))

    p = diff(of(bn, {"Paper"}), of(an, {"Paper"}))
    r = diff(of(bn, {"Result"}), of(an, {"Result"}))
    e_new, _, e_gone = diff(of(bn, {"Paper", "Result"}, True), of(an, {"Paper", "Result"}, True))
    l_new, _, l_gone = diff(bl, al)

    def edge(k):
        return {"source": k[0], "target": k[1], "relation": (al.get(k) or bl.get(k))["relation"]}

    return {"papers": {"new": p[0], "changed": p[1], "removed": p[2]},
            "entities": {"new": [{"id": k, "kind": an[k]["kind"], "label": an[k].get("label", "")} for k in e_new],
                         "removed": e_gone},
            "relations": {"new": [edge(k) for k in sorted(l_new, key=str)],
                          "removed": [edge(k) for k in sorted(l_gone, key=str)]},
            "results": {"new": [{"id": k, **{f: an[k].get(f, "") for f in ("paper", "dataset", "metric", "subject",
                                                                             "value_text")}}
                                for k in sorted(set(r[0]) | set(r[1]))],
                        "removed": r[2]}}


def _written(graph: nx.MultiDiGraph, path):
    with open(path, "wb") as fh:
        stream(graph, fh)
    return path


@settings(max_examples=150, deadline=None)
@given(_graphs(), _graphs())
def test_the_report_equals_comparing_both_graphs_whole(tmp_path_factory, before, after):
    previous = _written(before, tmp_path_factory.mktemp("prev") / "graph.json")
    report = change_report(previous, after, {}, {}, {}, {})
    assert report["previous_build"] is True
    plain = _plain_report(*(json.loads(json.dumps(nx.node_link_data(g, edges="links"))) for g in (before, after)))
    assert {k: report[k] for k in plain} == plain


@settings(max_examples=60, deadline=None)
@given(_graphs())
def test_graph_json_is_read_back_item_by_item_in_either_layout(tmp_path_factory, graph):
    data = json.loads(json.dumps(nx.node_link_data(graph, edges="links")))
    expected = sorted(json.dumps(["links", e], sort_keys=True) for e in data["links"]) + \
        sorted(json.dumps(["nodes", n], sort_keys=True) for n in data["nodes"])
    folder = tmp_path_factory.mktemp("g")
    ours = _written(graph, folder / "ours.json")
    other = folder / "other.json"
    other.write_text(json.dumps(data, indent=2), encoding="utf-8")  # another tool's layout: read whole
    for path in (ours, other):
        assert sorted(json.dumps(list(item), sort_keys=True) for item in read_items(path)) == sorted(expected)


def test_an_unreadable_previous_graph_is_said_and_counts_as_no_build(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("paper/1", kind="Paper", label="A")
    graph.add_node("model/x", kind="Model", label="X")
    graph.add_edge("paper/1", "model/x", key="mentions", relation="mentions")
    previous = _written(graph, tmp_path / "graph.json")
    lines = previous.read_bytes().split(b"\n")
    previous.write_bytes(b"\n".join(lines[:3]) + b"\n")  # cut off inside the file: no nodes list
    report = change_report(previous, graph, {}, {}, {}, {})
    assert report["previous_build"] is False
    assert report["previous_graph_unreadable"].startswith(f"{previous}:")
    assert report["papers"]["new"] == ["paper/1"] and len(report["relations"]["new"]) == 1

    missing = change_report(tmp_path / "none.json", graph, {}, {}, {}, {})
    assert missing["previous_build"] is False and "previous_graph_unreadable" not in missing


def test_a_node_link_file_of_another_tool_is_said_not_to_be_a_previous_build(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_edge("paper/1", "model/x", key="mentions", relation="mentions")
    foreign = tmp_path / "graph.json"
    foreign.write_text(json.dumps(nx.node_link_data(nx.path_graph(3, create_using=nx.MultiDiGraph), edges="links")),
                       encoding="utf-8")  # integer ids
    report = change_report(foreign, graph, {}, {}, {}, {})
    assert report["previous_build"] is False and "ids are text" in report["previous_graph_unreadable"]


def test_the_command_says_when_the_previous_graph_could_not_be_read(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "blocks_zh_hans.md"
    out = tmp_path / "out"
    build = [sys.executable, "-m", "papergraph", "build", str(fixture), "--out", str(out), "-q"]
    assert subprocess.run(build, capture_output=True, text=True).returncode == 0
    graph_json = out / "graph.json"
    graph_json.write_bytes(graph_json.read_bytes()[:300])  # torn
    run = subprocess.run(build + ["--update"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"could not be read ({graph_json}:" in run.stderr and "counts everything as new" in run.stderr
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert changes["previous_build"] is False and changes["papers"]["new"]
