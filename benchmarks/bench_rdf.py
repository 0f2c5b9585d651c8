"""RDF at scale: rdflib vs Oxigraph for serializing and querying a large synthetic graph.

    .venv/bin/python benchmarks/bench_rdf.py               # ~1.1 million triples
    .venv/bin/python benchmarks/bench_rdf.py --papers 2000  # quick look

The graph has the shape papergraph builds (papers with titles and abstracts,
entities with aliases, mentions with their evidence, results), so the triples
include the per-fact provenance statements. It reports seconds for: making the
triples, Turtle and N-Triples with Oxigraph (what papergraph uses) and with
rdflib's own serializers, and shipped GROUP BY queries in both engines, checking
that both engines give the same answers.
"""
from __future__ import annotations

import argparse
import random
import sys
import time

import networkx as nx
import pyoxigraph as ox

from papergraph import query as q
from papergraph import rdf
from papergraph.export import turtle

KINDS = ("Model", "Method", "Dataset", "Metric", "Task")


def synthetic_graph(papers: int, entities: int, seed: int = 7) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    ids = []
    for i in range(entities):
        kind = KINDS[i % len(KINDS)]
        nid = f"{kind.lower()}/entity-{i}"
        g.add_node(nid, kind=kind, label=f"Entity {i}", aliases=[f"E{i}", f"实体{i}"], origin="discovered")
        ids.append(nid)
    datasets = [n for n in ids if n.startswith("dataset/")]
    for t in range(40):
        g.add_node(f"topic/t{t}", kind="Topic", label=f"Topic {t}", label_zh_hans=f"主题{t}",
                   label_zh_hant=f"主題{t}", aliases=[], in_scheme=True)
    for p in range(papers):
        arxiv = f"24{p % 12 + 1:02d}.{p:05d}"
        pid = f"paper/{arxiv}"
        source = f"digest-{p % 50:02d}.md"
        g.add_node(pid, kind="Paper", label=f"Paper {p}: a study", arxiv_id=arxiv, title=f"Paper {p}: a study",
                   title_zh=f"论文 {p}：一项研究", summary="我们提出了一种新的方法，在基准上超过了现有模型。" * 3,
                   script="zh-Hans", date=f"2024-{p % 12 + 1:02d}", url=f"https://arxiv.org/abs/{arxiv}",
                   sources=[f"{source}:{p}"])
        g.add_edge(pid, f"topic/t{p % 40}", key="has_topic", relation="has_topic", origin="inferred")
        for e in rnd.sample(ids, 8):
            g.add_edge(pid, e, key="mentions", relation="mentions", evidence=f"我们在 {e} 上的句子 {p}。",
                       source=source, line=p + 1)
        if p % 4 == 0:
            rid = f"result/{arxiv}/1"
            ds = rnd.choice(datasets)
            g.add_node(rid, kind="Result", label="62.7%", value=rnd.uniform(0, 100), value_text="62.7%", unit="%",
                       dataset=ds, metric="", subject="", paper=arxiv, evidence="达到了 62.7%。", source=source, line=p + 1)
            g.add_edge(pid, rid, key="reports", relation="reports", evidence="达到了 62.7%。", source=source, line=p + 1)
            g.add_edge(rid, ds, key="on_dataset", relation="on_dataset")
    return g


def timed(label: str, fn, results: list):
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    results.append((label, seconds))
    print(f"{label:55} {seconds:8.2f} s", flush=True)
    return value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=12_000)
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--skip-rdflib-serializer", action="store_true", help="the slow part")
    args = ap.parse_args(argv)
    results: list = []
    g = timed("synthetic networkx graph", lambda: synthetic_graph(args.papers, args.entities), results)
    triples = timed("graph -> triples (papergraph.rdf.triples)", lambda: rdf.triples(g), results)
    print(f"{len(triples):,} triples from {args.papers:,} papers, {g.number_of_edges():,} edges")
    ttl = timed("Turtle, Oxigraph (papergraph's serializer)", lambda: turtle.serialize(triples), results)
    timed("N-Triples, Oxigraph", lambda: rdf.serialize(triples, ox.RdfFormat.N_TRIPLES), results)
    oxe = timed("load into an Oxigraph store", lambda: q.make_engine("oxigraph", triples), results)
    rle = timed("load into an rdflib Graph", lambda: q.make_engine("rdflib", triples), results)
    if not args.skip_rdflib_serializer:
        timed("Turtle, rdflib's serializer", lambda: rle.graph.serialize(format="turtle", encoding="utf-8"), results)
        timed("N-Triples, rdflib's serializer", lambda: rle.graph.serialize(format="nt", encoding="utf-8"), results)
    timed("parse the Turtle back, Oxigraph", lambda: list(ox.parse(ttl, format=ox.RdfFormat.TURTLE)), results)
    same = True
    for name in ("kinds", "most-used-benchmarks", "papers-per-topic-per-month"):
        text = q.named_queries()[name].text
        a = timed(f"query {name}, Oxigraph", lambda: oxe.query(text, name), results)
        b = timed(f"query {name}, rdflib", lambda: rle.query(text, name), results)
        agree = q.canonical(a) == q.canonical(b)
        same &= agree
        print(f"  {name}: {len(a.rows)} rows, engines agree: {agree}")
    print("all shipped queries tried agree between engines" if same else "ENGINES DISAGREE")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
