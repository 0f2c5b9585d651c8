"""Score a built graph against gold annotations.

The rules are those of the project's reference scorer (shared/eval/score.py,
described in its GUIDELINES.md), so the figures agree with it; this module
adds the error lists for proposals and results that tuning needs.

Matching folds case, width, Traditional -> Simplified and drops spaces,
hyphens, underscores and dots; a predicted entity matches a gold entity when
any of its names equals any gold name and its kind is one of the gold types.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .text import to_simplified

CORE = ("Model", "Method", "Dataset")
KINDS = CORE + ("Metric", "Task")
_DROP = re.compile(r"[\s\-_.·・]+")


def norm(s) -> str:
    return _DROP.sub("", to_simplified(unicodedata.normalize("NFKC", str(s)).casefold()))


def names(label, aliases) -> set[str]:
    return {norm(x) for x in [label, *(aliases or [])] if x and norm(x)}


def number(v) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", str(v).replace(",", ""))
    return float(m.group()) if m else None


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return round(p, 3), round(r, 3), round(f, 3)


@dataclass
class Scores:
    papers_gold: int = 0
    papers_missing: list[str] = field(default_factory=list)
    typed: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    untyped: Tally = field(default_factory=Tally)
    proposes: Tally = field(default_factory=Tally)
    results: Tally = field(default_factory=Tally)
    split: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def core(self) -> Tally:
        t = Tally()
        for k in CORE:
            t.tp += self.typed[k].tp
            t.fp += self.typed[k].fp
            t.fn += self.typed[k].fn
        return t

    def to_json(self) -> dict:
        return {
            "papers_gold": self.papers_gold,
            "papers_missing": self.papers_missing,
            "core_typed_prf": self.core.prf(),
            "untyped_prf": self.untyped.prf(),
            "by_type_prf": {k: self.typed[k].prf() for k in KINDS},
            "proposes_prf": self.proposes.prf(),
            "results_prf": self.results.prf(),
            "entities_split_across_nodes": len(self.split),
            "split_examples": sorted(self.split)[:10],
        }


def _load_graph(path: Path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    papers = {str(n["arxiv_id"]): nid for nid, n in nodes.items() if n.get("kind") == "Paper" and n.get("arxiv_id")}
    adj = defaultdict(list)
    for e in data.get("links", data.get("edges", [])):
        adj[e["source"]].append((e["target"], e.get("relation", ""), True))
        adj[e["target"]].append((e["source"], e.get("relation", ""), False))
    return nodes, papers, adj


def _prediction(nodes, adj, pid):
    ents, proposed, results = {}, set(), []
    for other, rel, out in adj.get(pid, []):
        n = nodes[other]
        if n.get("kind") in KINDS:
            ents[other] = n
            if rel == "proposes" and out:
                proposed.add(other)
        elif n.get("kind") == "Result":
            ds_names = names(n["dataset"], []) if n.get("dataset") else set()
            for o2, _r, _o in adj.get(other, []):
                if nodes[o2].get("kind") == "Dataset":
                    ds_names |= names(nodes[o2].get("label", ""), nodes[o2].get("aliases"))
            results.append((other, ds_names, str(n.get("value", ""))))
    return ents, proposed, results


def score(graph_path: Path, gold_paths: list[Path]) -> Scores:
    nodes, papers, adj = _load_graph(graph_path)
    gold = [rec for g in gold_paths for rec in json.loads(Path(g).read_text(encoding="utf-8"))]
    s = Scores(papers_gold=len(gold))
    gold_to_nodes: dict[str, set] = defaultdict(set)
    for rec in gold:
        aid = str(rec["arxiv_id"])
        pid = papers.get(aid)
        gents = [g for g in rec["entities"] if set(g["types"]) & set(KINDS)]
        if pid is None:
            s.papers_missing.append(rec["arxiv_id"])
            for g in gents:
                if not g.get("optional"):
                    s.typed[g["types"][0]].fn += 1
                    s.untyped.fn += 1
            s.proposes.fn += len(rec.get("proposes", []))
            s.results.fn += len(rec.get("results", []))
            continue
        ents, proposed, results = _prediction(nodes, adj, pid)
        gnames = [names(g["name"], g.get("aliases")) for g in gents]
        used_typed, used_any = set(), set()
        for nid, n in ents.items():  # graph order, as the reference scorer
            nn = names(n.get("label", ""), n.get("aliases"))
            hit_any = [i for i, gn in enumerate(gnames) if nn & gn]
            hit_typed = [i for i in hit_any if n["kind"] in gents[i]["types"]]
            for i in hit_any:
                if norm(gents[i]["name"]) in nn:
                    gold_to_nodes[norm(gents[i]["name"])].add(nid)
            if any(gents[i].get("optional") for i in hit_any) and not any(not gents[i].get("optional") for i in hit_any):
                continue
            free = [i for i in hit_typed if i not in used_typed and not gents[i].get("optional")]
            if free:
                used_typed.add(free[0])
                s.typed[n["kind"]].tp += 1
            else:
                s.typed[n["kind"]].fp += 1
                why = "duplicate" if hit_typed else ("wrong type" if hit_any else "spurious")
                s.errors.append(f"{aid} FP {why}: {n['kind']} {n.get('label')!r}")
            free_any = [i for i in hit_any if i not in used_any and not gents[i].get("optional")]
            if free_any:
                used_any.add(free_any[0])
                s.untyped.tp += 1
            else:
                s.untyped.fp += 1
        for i, g in enumerate(gents):
            if g.get("optional"):
                continue
            if i not in used_typed:
                s.typed[g["types"][0]].fn += 1
                s.errors.append(f"{aid} FN: {'/'.join(g['types'])} {g['name']!r}")
            if i not in used_any:
                s.untyped.fn += 1
        _score_proposes(s, rec, nodes, proposed, aid)
        _score_results(s, rec, nodes, results, aid)
    s.split = {g: len(v) for g, v in gold_to_nodes.items() if len(v) > 1}
    return s


def _aliases_of(rec, name):
    return next((g.get("aliases") for g in rec["entities"] if g["name"] == name), [])


def _score_proposes(s: Scores, rec, nodes, proposed, aid) -> None:
    gprop = [names(p, _aliases_of(rec, p)) for p in rec.get("proposes", [])]
    used = set()
    for nid in sorted(proposed):
        nn = names(nodes[nid].get("label", ""), nodes[nid].get("aliases"))
        free = [i for i, gp in enumerate(gprop) if nn & gp and i not in used]
        if free:
            used.add(free[0])
            s.proposes.tp += 1
        else:
            s.proposes.fp += 1
            s.errors.append(f"{aid} proposes FP: {nodes[nid].get('label')!r}")
    for i, p in enumerate(rec.get("proposes", [])):
        if i not in used:
            s.proposes.fn += 1
            s.errors.append(f"{aid} proposes FN: {p!r}")


def _score_results(s: Scores, rec, nodes, results, aid) -> None:
    gres = []
    for r in rec.get("results", []):
        ds = r.get("dataset") or ""
        gres.append((names(ds, _aliases_of(rec, ds)), number(r.get("value")), r))
    used = set()
    for rid, ds_names, value in sorted(results):
        v = number(value)
        free = [i for i, (gn, gv, _r) in enumerate(gres)
                if i not in used and gn & ds_names and gv is not None and v is not None and abs(gv - v) < 1e-6]
        if free:
            used.add(free[0])
            s.results.tp += 1
        else:
            s.results.fp += 1
            n = nodes[rid]
            s.errors.append(f"{aid} result FP: {n.get('dataset')!r} {n.get('value_text')!r} ({n.get('evidence', '')[:60]})")
    for i, (_gn, _gv, r) in enumerate(gres):
        if i not in used:
            s.results.fn += 1
            s.errors.append(f"{aid} result FN: {r.get('dataset')!r} {r.get('metric')!r} {r.get('value')!r}")


def format_report(s: Scores) -> str:
    lines = [f"papers: {s.papers_gold} in gold, {len(s.papers_missing)} missing from the graph"
             + (f" ({', '.join(map(str, s.papers_missing[:10]))})" if s.papers_missing else "")]
    lines.append(f"{'':10} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")

    def row(name: str, t: Tally) -> str:
        p, r, f = t.prf()
        return f"{name:10} {p:6.3f} {r:6.3f} {f:6.3f}   {t.tp}/{t.fp}/{t.fn}"

    lines.append(row("core", s.core))
    for k in KINDS:
        lines.append(row(k, s.typed[k]))
    lines.append(row("untyped", s.untyped))
    lines.append(row("proposes", s.proposes))
    lines.append(row("results", s.results))
    lines.append(f"entities split across nodes: {len(s.split)}" + (f" ({', '.join(sorted(s.split)[:10])})" if s.split else ""))
    return "\n".join(lines)
