"""changes.json: what a `build --update` changed since the build before it.

New, changed and removed papers, results, entities and relations, found by
comparing the new graph with the previous build's graph.json. The previous
file is read one line at a time (export.json_graph.read_items) and only what
the comparison needs is kept: node ids, a digest of each paper and result,
and the edges' (source, target, key). At 100,000 papers that is a few hundred
MB beside the new graph, where holding the previous graph as JSON objects and
the new one as node-link data took 5 GB more and 80 seconds.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
import orjson

from .export.json_graph import read_items

_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS  # as graph.json writes a node
_COMPARED = ("Paper", "Result")  # node kinds reported as changed when any attribute changes
_RESULT_FIELDS = ("paper", "dataset", "metric", "subject", "value_text")


def _digest(node: dict) -> bytes:
    """A node as graph.json would write it, digested: equal for equal attributes."""
    return hashlib.blake2b(orjson.dumps(node, option=_CANONICAL), digest_size=16).digest()


class _Previous:
    """What the comparison keeps of the previous graph.json."""

    def __init__(self) -> None:
        self.digests: dict[str, dict[str, bytes]] = {kind: {} for kind in _COMPARED}  # kind -> id -> digest
        self.entities: set[str] = set()  # every other node
        self.links: dict[tuple[str, str, str], str] = {}  # (source, target, key) -> relation

    @classmethod
    def read(cls, path: Path) -> "_Previous":
        previous = cls()
        ids: dict[str, str] = {}  # one string per node id, shared by the links that name it
        for section, item in read_items(path):
            if section == "links":
                source, target = item.get("source"), item.get("target")
                if not (isinstance(source, str) and isinstance(target, str)):
                    raise ValueError(f"{path}: an edge between {source!r} and {target!r}: papergraph's ids are text")
                key = (ids.setdefault(source, source), ids.setdefault(target, target),
                       str(item.get("key", item.get("relation"))))
                previous.links[key] = item.get("relation")
            else:
                nid = item.get("id")
                if not isinstance(nid, str):
                    raise ValueError(f"{path}: a node with the id {nid!r}: papergraph's ids are text")
                kind = item.get("kind")
                if kind in _COMPARED:
                    previous.digests[kind][nid] = _digest(item)
                else:
                    previous.entities.add(nid)
        return previous


def _has_edge(graph: nx.MultiDiGraph, source, target, key: str) -> bool:
    """graph has the edge source -> target with this key (compared as text, as graph.json writes keys)."""
    keyed = graph._succ.get(source, {}).get(target)
    return keyed is not None and (key in keyed or any(str(k) == key for k in keyed))


def change_report(previous_graph: Path, graph: nx.MultiDiGraph, inputs_before: dict,
                  hashes_now: dict[str, str], reused: dict, redone: dict) -> dict:
    """New, changed and removed papers, entities, relations and results since the last build
    (whose graph.json is `previous_graph`; none, or one that cannot be read, counts as no build)."""
    error, read = None, False
    before = _Previous()
    if previous_graph.exists():
        try:
            before, read = _Previous.read(previous_graph), True
        except (OSError, ValueError) as exc:  # reported in changes.json; everything counts as new
            error = str(exc)
    nodes = graph._node

    def compared(kind: str) -> tuple[list, list, list]:
        old = before.digests[kind]
        now = [n for n, d in nodes.items() if d.get("kind") == kind]
        added = sorted(n for n in now if n not in old)
        changed = sorted(n for n in now if n in old and _digest({**nodes[n], "id": n}) != old[n])
        removed = sorted(n for n in old if n not in nodes or nodes[n].get("kind") != kind)
        return added, changed, removed

    p_new, p_changed, p_gone = compared("Paper")
    r_new, r_changed, r_gone = compared("Result")
    entities = [n for n, d in nodes.items() if d.get("kind") not in _COMPARED]
    e_new = sorted(n for n in entities if n not in before.entities)
    e_gone = sorted(n for n in before.entities if n not in nodes or nodes[n].get("kind") in _COMPARED)

    l_new = [(u, v, str(k), d.get("relation")) for u, nbrs in graph._succ.items() for v, keyed in nbrs.items()
             for k, d in keyed.items() if (u, v, str(k)) not in before.links]
    l_gone = [(*k, relation) for k, relation in before.links.items() if not _has_edge(graph, *k)]

    def edges(found: list[tuple]) -> list[dict]:
        found.sort(key=lambda e: str(e[:3]))
        return [{"source": s, "target": t, "relation": relation} for s, t, _k, relation in found]

    files_before = inputs_before.get("files", {}) if isinstance(inputs_before, dict) else {}
    report = {
        "previous_build": read,
        "files": {
            "new": sorted(n for n in hashes_now if n not in files_before),
            "changed": sorted(n for n in hashes_now if n in files_before and files_before[n] != hashes_now[n]),
            "removed": sorted(n for n in files_before if n not in hashes_now),
            "unchanged": sum(1 for n in hashes_now if files_before.get(n) == hashes_now[n]),
        },
        "reused": dict(reused),
        "redone": dict(redone),
        "papers": {"new": p_new, "changed": p_changed, "removed": p_gone},
        "entities": {"new": [{"id": n, "kind": nodes[n].get("kind"), "label": nodes[n].get("label", "")}
                             for n in e_new],
                     "removed": e_gone},
        "relations": {"new": edges(l_new), "removed": edges(l_gone)},
        "results": {"new": [{"id": n, **{k: nodes[n].get(k, "") for k in _RESULT_FIELDS}}
                            for n in sorted(set(r_new) | set(r_changed))],
                    "removed": r_gone},
    }
    if error is not None:
        report["previous_graph_unreadable"] = error
    return report
