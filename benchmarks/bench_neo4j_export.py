"""How fast and how lean `papergraph export neo4j` is on a large synthetic graph.

    .venv/bin/python benchmarks/bench_neo4j_export.py [PAPERS]   (default 20000)

The graph has the shape of a real build (per paper: ~6 mentions, a proposal,
2 topics, 1 result with its 3 edges, 1 claim between entities) with Chinese
summaries. Prints wall and CPU seconds (CPU time stays meaningful on a busy machine),
then, in a second run under tracemalloc, the memory the export adds on top of
the graph, for the CSV folder alone and for the whole export.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import networkx as nx

from papergraph.export import neo4j as neo


def synthetic_graph(papers: int, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    kinds = ["Model", "Method", "Dataset", "Metric", "Task"]
    entities = [f"{k.lower()}/e{i}" for i in range(max(50, papers // 3)) for k in [kinds[i % 5]]]
    for e in entities:
        g.add_node(e, kind=e.split("/")[0].capitalize(), label=e.upper(), aliases=[e, e + "-x"], origin="vocabulary")
    for t in range(60):
        g.add_node(f"topic/t{t}", kind="Topic", label=f"T{t}", aliases=[], in_scheme=True,
                   label_zh_hans="主题", label_zh_hant="主題")
    for i in range(papers):
        a = f"24{i // 100000:02d}.{i % 100000:05d}"
        pid = f"paper/{a}"
        g.add_node(pid, kind="Paper", label=f"Title {i}", arxiv_id=a, title=f"Title {i}: a study",
                   title_zh="一项研究", summary="我们提出了一种新方法，在多个基准上取得了最好的结果。" * 8,
                   script="zh-Hans", date="2024-06-01", url=f"https://arxiv.org/abs/{a}",
                   topics_given=["RAG"], sources=[f"digest.md:{i}"])
        for e in rng.sample(entities, 6):
            g.add_edge(pid, e, key="mentions", relation="mentions", evidence="我们提出了 X。", source="d.md", line=i)
        g.add_edge(pid, entities[i % len(entities)], key="proposes", relation="proposes")
        for t in rng.sample(range(60), 2):
            g.add_edge(pid, f"topic/t{t}", key="has_topic", relation="has_topic", origin="digest")
        rid = f"result/{a}/1"
        g.add_node(rid, kind="Result", label="62.7%", value=62.7, value_text="62.7%", unit="%", dataset="D",
                   metric="EM", subject="X", paper=a, evidence="达到 62.7%。", source="d.md", line=i)
        g.add_edge(pid, rid, key="reports", relation="reports")
        g.add_edge(rid, entities[(i * 7) % len(entities)], key="on_dataset", relation="on_dataset")
        g.add_edge(rid, entities[(i * 11) % len(entities)], key="achieved_by", relation="achieved_by")
        u, v = rng.sample(entities, 2)
        g.add_edge(u, v, key=f"outperforms@{a}", relation="outperforms", paper=a, evidence="X 优于 Y。")
    return g


def measure(label: str, fn) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU; peak {peak / 2**20:.0f} MiB above the graph")


def main() -> None:
    papers = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    started = time.perf_counter()
    graph = synthetic_graph(papers)
    print(f"graph: {papers} papers, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"(built in {time.perf_counter() - started:.1f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        schema = neo.Schema(graph)

        def csv_only():
            files = neo._AtomicFiles(Path(tmp) / "csv")
            neo.write_csv(graph, files, schema)
            files.commit()

        measure("CSV folder (streamed)", csv_only)
        measure("whole export (CSV, import.sh, import.cypher)", lambda: neo.export_neo4j(graph, Path(tmp) / "all"))
        size = sum(p.stat().st_size for p in (Path(tmp) / "all").rglob("*") if p.is_file())
        print(f"folder: {size / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
