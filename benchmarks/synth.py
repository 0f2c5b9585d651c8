"""Synthetic corpora for benchmarks: many papers, shaped like real digests' graphs.

The papers and their extractions are made up (model.Paper + model.Extraction),
but they go through the real graph code (graph.build_graph) with the real
vocabulary and topic scheme, so the graph has the same kinds, relations,
aliases in both Chinese scripts and the same heavy-tailed degrees as a real
build: a few entities (GPT-4, MMLU, ...) are named by thousands of papers,
most by one or two. A fixed seed gives the same corpus every time.
"""
from __future__ import annotations

import random

import networkx as nx

from papergraph.extract.topics import load_topic_scheme
from papergraph.graph import build_graph
from papergraph.knowledge import load_knowledge
from papergraph.model import Entity, Evidence, Extraction, Mention, Paper, Relation, Result, SourceRef
from papergraph.text import name_key

SYLLABLES = ("Lo", "Ra", "Ge", "Mi", "Fu", "Sa", "Tor", "Vex", "Qua", "Zen", "Pro", "Neo", "Hy", "Dra", "Ky")
SUFFIXES = ("Net", "Former", "RAG", "Agent", "LM", "Bench", "Tune", "Align", "Mix", "QA")
ZH = ("我们提出了一种检索增强生成方法", "我們提出了一種長上下文推理框架", "本文研究大语言模型的对齐",
      "本文評估多模態模型在基準上的表現", "实验表明该方法显著优于基线")
RELATIONS = ("outperforms", "evaluated_on", "based_on", "uses", "compared_with", "fine_tuned_from")


def _zipf_pick(rng: random.Random, items: list, exponent: float = 1.1):
    """An item, the first ones far more often: index ~ 1 / rank^exponent."""
    n = len(items)
    u = rng.random()
    # inverse CDF of a continuous power law on [1, n+1)
    a = 1.0 - exponent
    rank = ((1 + u * ((n + 1) ** a - 1)) ** (1 / a)) - 1
    return items[min(n - 1, int(rank))]


def synthetic_corpus(n_papers: int, seed: int = 0) -> tuple[list[Paper], list[Extraction]]:
    rng = random.Random(seed)
    vocab = load_knowledge().vocabulary.entities
    by_kind: dict[str, list[Entity]] = {}
    for key in sorted(vocab):
        by_kind.setdefault(vocab[key].kind, []).append(vocab[key])
    for kind in by_kind:
        rng.shuffle(by_kind[kind])
    topics = sorted(load_topic_scheme(str(load_knowledge().folder)).topics)
    rng.shuffle(topics)
    proposed: list[Entity] = []
    papers, extractions = [], []
    for i in range(n_papers):
        arxiv = f"{2300 + i // 90000:04d}.{10000 + i % 90000:05d}"
        src = SourceRef("synthetic.md", 3 * i + 1)
        name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower() + rng.choice(SUFFIXES) + f"-{i}"
        zh = rng.choice(ZH)
        paper = Paper(arxiv, f"{name}: {zh[:4]} at scale {i}", summary=f"{zh}，名为 {name}。", title_zh=f"{name}：{zh}",
                      script="zh-Hans", date=f"2024-{1 + i % 12:02d}", sources=[src],
                      url=f"https://arxiv.org/abs/{arxiv}")
        ev = Evidence(paper.summary, src)
        x = Extraction(arxiv)
        mentioned: list[Entity] = []
        for _ in range(rng.randint(3, 9)):
            kind = rng.choice(("Model", "Model", "Method", "Method", "Dataset", "Dataset", "Metric", "Task"))
            pool = by_kind[kind]
            if kind in ("Model", "Method") and proposed and rng.random() < 0.3:
                pool = proposed
            e = _zipf_pick(rng, pool)
            if e.key not in x.entities:
                x.entities[e.key] = e
                mentioned.append(e)
                x.mentions.append(Mention(e, e.label, ev))
        if rng.random() < 0.7:
            new = Entity(name_key(name), name, rng.choice(("Model", "Method")), (name.upper(),), known=False)
            x.entities[new.key] = new
            x.proposes.append(Mention(new, name, ev))
            proposed.insert(0, new)  # recent proposals are cited most
            for other in mentioned[: rng.randint(0, 2)]:
                x.relations.append(Relation(new.key, rng.choice(RELATIONS), other.key, ev))
        datasets = [e for e in mentioned if e.kind == "Dataset"]
        metrics = [e for e in mentioned if e.kind == "Metric"]
        if datasets and rng.random() < 0.3:
            value = round(rng.uniform(10, 95), 1)
            x.results.append(Result(datasets[0].key, value, f"{value}%", "%", metrics[0].key if metrics else None,
                                    x.proposes[0].entity.key if x.proposes else None, ev))
        # a main topic, and maybe a neighbour or two of it: topics that go together
        main = topics.index(_zipf_pick(rng, topics, 0.8))
        x.topics = sorted({topics[(main + rng.choice((0, 1, 2, -1))) % len(topics)] for _ in range(rng.randint(1, 3))})
        papers.append(paper)
        extractions.append(x)
    return papers, extractions


def synthetic_graph(n_papers: int, seed: int = 0) -> nx.MultiDiGraph:
    papers, extractions = synthetic_corpus(n_papers, seed)
    knowledge = load_knowledge()
    return build_graph(papers, extractions, knowledge.vocabulary.entities,
                       load_topic_scheme(str(knowledge.folder)))


if __name__ == "__main__":
    import sys
    import time
    from collections import Counter

    for n in map(int, sys.argv[1:] or ["500", "2500", "5000"]):
        t = time.perf_counter()
        g = synthetic_graph(n)
        print(n, "papers:", g.number_of_nodes(), "nodes", g.number_of_edges(), "edges",
              dict(Counter(d["kind"] for _, d in g.nodes(data=True))), f"{time.perf_counter() - t:.1f}s")
