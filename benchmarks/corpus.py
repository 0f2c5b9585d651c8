"""Synthetic corpora of N papers for the benchmarks: realistic, fresh, deterministic.

    python benchmarks/corpus.py --papers 10000 --out /tmp/corpus-10k [--seed 7] [--snapshot]

What the text is made of, so the extractor does the work it does on real digests:
  * sentence patterns of the seed digests, in Simplified Chinese (heading-block
    layout), Traditional Chinese (markdown-table layout, converted with OpenCC)
    and English (arXiv metadata JSON lines, the layout of the arXiv snapshot);
  * real sentences sampled from the bundled seeds/ as filler;
  * entity names drawn from ontology/vocab/*.tsv (labels, English and Chinese
    aliases, sized variants such as "Llama-3-70B") and new names the vocabulary
    does not know, introduced with the cues real papers use ("我们提出了 X");
  * fresh arXiv ids (yymm.5xxxx: above any real 2023-2024 id, never a seed's);
  * summaries about as long as the seeds' (about 450 characters).

The same --papers and --seed always give byte-identical files.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from papergraph.extract.topics import load_topic_scheme
from papergraph.ingest import read_file
from papergraph.knowledge import load_knowledge
from papergraph.model import Paper
from papergraph.text import CJK, to_simplified, to_traditional

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 1  # bump when the output changes, so cached corpora are rebuilt

MIX = {"blocks": 0.45, "table": 0.35, "jsonl": 0.20}
PER_FILE = {"blocks": 250, "table": 250, "jsonl": 5000}
MONTHS = [f"{y}{m:02d}" for y in (23, 24) for m in range(1, 13)]

# -- sentence patterns (modelled on the seeds) -----------------------------------
# Slots: {N} a new name, {M}/{M2} models, {X}/{X2} methods, {D}/{D2} datasets,
# {K} a metric, {T} a task, {v}/{v0} scores, {n} a count, {B} a new benchmark.
ZH_OPENERS = [
    "大语言模型 (LLM) 在{T}方面取得了显著进展，但仍面临诸多挑战。",
    "尽管 {M} 等模型在{T}任务上表现出色，它们在长上下文场景中的可靠性仍未得到充分研究。",
    "现有的{X}方法通常依赖大量人工标注，难以扩展到新的领域。",
    "近年来，{X} 已成为提升大语言模型{T}能力的主流范式。",
    "如何高效地评估模型的{T}能力，是当前研究中的一个核心问题。",
]
ZH_BODY = [
    "为了缓解这一问题，我们提出了一种新的框架 {N}，它结合了 {X} 和 {X2}，用于{T}。",
    "本文引入了 {N}，这是一种基于 {M} 的方法，无需额外训练即可提升{T}的效果。",
    "在 {D} 数据集上，{N} 的 {K} 达到了 {v}%（之前为 {v0}%）。",
    "实验表明，{N} 在 {D} 上超过了 {M} 和 {M2}，并且在 {D2} 上与 {M3} 相当。",
    "我们使用 {M} 作为基础模型，并在 {D} 上进行了微调。",
    "与 {M} 相比，{N} 在{T}任务中取得了显著提升，平均提高了 {d} 个百分点。",
    "{M} 在 {D} 基准上的得分为 {v}，仍明显落后于人类水平。",
    "我们还构建了一个新的基准 {B}，包含 {n} 个样本，覆盖{T}等多种任务。",
    "此外，我们利用 {X} 进一步提升了 {M} 的{T}能力。",
    "在零样本设置下，{N} 在 {D} 上的 {K} 为 {v}%，优于 {M2}。",
    "我们在 {D}、{D2} 和 {D3} 三个基准上评估了 {n} 个模型，包括 {M} 和 {M2}。",
    "基于 {M} 的 {N}-{size} 在 {D} 上取得了 {v}% 的准确率，超越了参数更多的 {M2}。",
]
ZH_CLOSERS = [
    "我们的研究为{T}的未来发展方向提供了宝贵的见解。",
    "代码和数据已开源，以促进后续研究。",
    "这些发现表明，{X} 在实际应用中具有广阔的前景。",
]
EN_OPENERS = [
    "Large language models (LLMs) have made remarkable progress in {T}, yet important challenges remain.",
    "Although models such as {M} perform well on {T}, their reliability in long-context settings is understudied.",
    "Existing {X} methods rely on large amounts of human annotation and are hard to extend to new domains.",
    "Recently, {X} has become the dominant paradigm for improving the {T} abilities of LLMs.",
]
EN_BODY = [
    "To address this, we propose {N}, a new framework that combines {X} with {X2} for {T}.",
    "We introduce {N}, a training-free method built on {M} that improves {T}.",
    "On {D}, {N} achieves an {K} of {v}% (previously {v0}%).",
    "Experiments show that {N} outperforms {M} and {M2} on {D}, and is on par with {M3} on {D2}.",
    "We fine-tune {M} on {D} and evaluate it on {D2}.",
    "Compared with {M}, {N} improves {T} by {d} points on average.",
    "We also release {B}, a benchmark of {n} examples covering {T}.",
    "In the zero-shot setting, {N} reaches {v}% {K} on {D}, surpassing {M2}.",
    "We evaluate {n} models, including {M} and {M2}, on {D}, {D2} and {D3}.",
]
EN_CLOSERS = [
    "Our study offers insights into the future roadmap for {T}.",
    "Code and data are publicly available to facilitate future research.",
    "These findings suggest that {X} holds great promise in practice.",
]
EN_TITLES = [
    "{N}: Improving {T} with {X}",
    "{N}: Towards Reliable {T} in Large Language Models",
    "Towards Better {T} via {X}",
    "{B}: A Benchmark for Evaluating {T}",
    "{N}: Scaling {X} for {T}",
    "Rethinking {X} for {T}: An Empirical Study with {M}",
]
ZH_TITLES = ["{N}：利用{X}提升{T}", "{N}：面向大语言模型的可靠{T}", "{B}：评估{T}的基准", "重新思考用于{T}的{X}"]

NAME_HEADS = ["Long", "Self", "Meta", "Hyper", "Flash", "Deep", "Auto", "Chain", "Graph", "Open", "Tiny", "Omni",
              "Sparse", "Robust", "Fast", "Multi", "Uni", "Co", "Re", "Mind", "Think", "Vision", "Code", "Med"]
NAME_TAILS = ["RAG", "Align", "Judge", "Coder", "Reason", "Prompt", "Tune", "Agent", "Mind", "Former", "Planner",
              "Distill", "Search", "Critic", "Router", "Memory", "Verify", "Chat", "Math", "Vision", "Edit"]
NAME_SUFFIXES = ["", "", "", "", "-2", "++", "-X", "-Lite", "-Pro", "-R1"]
SIZES = ["1.5B", "3B", "7B", "8B", "13B", "14B", "32B", "70B"]
FIRST = ["Wei", "Jing", "Xin", "Yu", "Hao", "Lei", "Ming", "Anna", "David", "Maria", "John", "Sarah", "Ahmed",
         "Priya", "Kenji", "Elena", "Lucas", "Fatima", "Omar", "Chen", "Yi", "Tao", "Li", "Rui", "Zhen"]
LAST = ["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Smith", "Garcia", "Müller",
        "Kumar", "Tanaka", "Rossi", "Kim", "Nguyen", "Silva", "Novak", "Ivanov", "Haddad", "Balázs", "O'Brien"]
CATEGORIES = ["cs.CL", "cs.AI", "cs.LG", "cs.CV", "cs.IR", "cs.SE", "cs.HC", "cs.RO", "stat.ML", "cs.MA"]


@dataclass
class Vocab:
    by_kind: dict[str, list[tuple[str, list[str], list[str]]]] = field(default_factory=dict)  # label, en, zh
    topics_hant: list[str] = field(default_factory=list)
    filler_zh: list[str] = field(default_factory=list)


def load_vocab() -> Vocab:
    k = load_knowledge()
    v = Vocab()
    for e in sorted(k.vocabulary.entities.values(), key=lambda e: e.key):
        en = [a for a in (e.label, *e.aliases) if not CJK.search(a)]
        zh = [a for a in e.aliases if CJK.search(a)]
        v.by_kind.setdefault(e.kind, []).append((e.label, en, zh))
    scheme = load_topic_scheme(str(k.folder))
    v.topics_hant = sorted(t.labels["zh-Hant"] for t in scheme.topics.values() if t.labels.get("zh-Hant"))
    for f in sorted((ROOT / "seeds").iterdir()):
        for item in read_file(f, f.name):
            if isinstance(item, Paper):
                for s in re.split(r"(?<=[。！？])", item.summary):
                    if 12 <= len(s) <= 120 and CJK.search(s):
                        v.filler_zh.append(to_simplified(s.strip()))
    return v


class Writer:
    """Fills sentence patterns for one paper."""

    def __init__(self, rng: random.Random, vocab: Vocab, lang: str):
        self.rng, self.v, self.lang = rng, vocab, lang
        self.new_name = self._make_name()
        self.bench_name = self.rng.choice(NAME_HEADS) + self.rng.choice(["Bench", "Eval", "QA", "Arena"])

    def _make_name(self) -> str:
        r = self.rng
        return r.choice(NAME_HEADS) + r.choice(NAME_TAILS) + r.choice(NAME_SUFFIXES)

    def _entity(self, kind: str) -> str:
        label, en, zh = self.rng.choice(self.v.by_kind[kind])
        if self.lang == "zh" and zh and self.rng.random() < 0.35:
            return self.rng.choice(zh)
        return en[0] if self.rng.random() < 0.75 or len(en) == 1 else self.rng.choice(en)

    def _task(self) -> str:
        label, en, zh = self.rng.choice(self.v.by_kind["Task"])
        if self.lang == "zh":
            return zh[0] if zh else label
        return label.lower() if self.rng.random() < 0.5 else label

    def fill(self, pattern: str) -> str:
        r = self.rng
        v = round(r.uniform(20, 95), 1)
        slots = {
            "N": self.new_name, "B": self.bench_name,
            "M": self._entity("Model"), "M2": self._entity("Model"), "M3": self._entity("Model"),
            "X": self._entity("Method"), "X2": self._entity("Method"),
            "D": self._entity("Dataset"), "D2": self._entity("Dataset"), "D3": self._entity("Dataset"),
            "K": self._entity("Metric"), "T": self._task(),
            "v": v, "v0": round(v - r.uniform(1, 15), 1), "d": round(r.uniform(0.5, 12), 1),
            "n": r.choice([9, 12, 34, 100, 500, 1200, 5000, 10000]), "size": r.choice(SIZES),
        }
        return pattern.format(**slots)

    def summary(self) -> str:
        r = self.rng
        if self.lang == "zh":
            parts = [self.fill(r.choice(ZH_OPENERS))]
            body = r.sample(ZH_BODY, r.randint(3, 5))
            parts += [self.fill(p) for p in body]
            parts.insert(r.randint(1, len(parts)), r.choice(self.v.filler_zh))
            parts.append(self.fill(r.choice(ZH_CLOSERS)))
            return "".join(parts)
        parts = [self.fill(r.choice(EN_OPENERS))]
        parts += [self.fill(p) for p in r.sample(EN_BODY, r.randint(3, 5))]
        parts.append(self.fill(r.choice(EN_CLOSERS)))
        return " ".join(parts)


def arxiv_id(i: int) -> str:
    """Unique per i; 5xxxx numbers are above any real 2023-2024 monthly count."""
    return f"{MONTHS[i % len(MONTHS)]}.{50000 + i // len(MONTHS):05d}"


def _authors(rng: random.Random) -> list[tuple[str, str]]:
    return [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(rng.randint(2, 8))]


def _title(w: Writer) -> str:
    w.lang = "en"
    title = w.fill(w.rng.choice(EN_TITLES))
    w.lang = "zh"
    return title


def blocks_paper(rng, vocab, pid) -> str:
    w = Writer(rng, vocab, "zh")
    title = _title(w)
    title_zh = w.fill(rng.choice(ZH_TITLES))
    return f"# {title}\n[{title_zh}](https://arxiv.org/abs/{pid})\n\n{w.summary()}\n\n"


def table_row(rng, vocab, pid) -> str:
    w = Writer(rng, vocab, "zh")
    title = _title(w).replace("|", "/")
    summary = to_traditional(w.summary()).replace("|", "/")
    topics = ", ".join(rng.sample(vocab.topics_hant, rng.randint(1, 2)))
    day = rng.randint(1, 28)
    date = f"20{pid[:2]}年{int(pid[2:4])}月{day}日"
    return f"| {date} | [{title}](https://arxiv.org/pdf/{pid}) | {summary} | {topics} |\n"


def jsonl_record(rng, vocab, pid) -> str:
    w = Writer(rng, vocab, "en")
    names = _authors(rng)
    day = rng.randint(1, 28)
    year, month = 2000 + int(pid[:2]), int(pid[2:4])
    cats = rng.sample(CATEGORIES, rng.randint(1, 3))
    record = {
        "id": pid, "submitter": f"{names[0][0]} {names[0][1]}",
        "authors": ", ".join(f"{f} {l}" for f, l in names),
        "title": "\n  ".join(textwrap.wrap(w.fill(rng.choice(EN_TITLES)), 72, break_on_hyphens=False)),
        "comments": rng.choice([None, "Technical report", "Accepted at ACL 2024", "23 pages, 8 figures"]),
        "journal-ref": None, "doi": None, "report-no": None, "categories": " ".join(cats),
        "license": "http://creativecommons.org/licenses/by/4.0/",
        "abstract": "  " + "\n".join(textwrap.wrap(w.summary(), 78, break_on_hyphens=False)) + "\n",
        "versions": [{"version": "v1", "created": f"Mon, {day} {_MON[month - 1]} {year} 17:23:21 GMT"}],
        "update_date": f"{year}-{month:02d}-{day:02d}",
        "authors_parsed": [[l, f, ""] for f, l in names],
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
TABLE_HEADER = "| 日期 | 名稱 | 摘要 | 主題 |\n| --- | --- | --- | --- |\n"


def generate(papers: int, out: Path, seed: int = 7, mix: dict[str, float] = MIX,
             per_file: dict[str, int] = PER_FILE) -> dict[str, int]:
    """Write the corpus into `out` (emptied first); returns papers per layout."""
    rng = random.Random(seed)
    vocab = load_vocab()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file():
            old.unlink()
    layouts = list(mix)
    weights = [mix[k] for k in layouts]
    buffers: dict[str, list[str]] = {k: [] for k in layouts}
    counts = {k: 0 for k in layouts}
    files = {k: 0 for k in layouts}

    def flush(layout: str) -> None:
        if not buffers[layout]:
            return
        files[layout] += 1
        ext = {"blocks": "md", "table": "md", "jsonl": "jsonl"}[layout]
        body = "".join(buffers[layout])
        if layout == "table":
            body = TABLE_HEADER + body
        (out / f"{layout}_{files[layout]:05d}.{ext}").write_text(body, encoding="utf-8")
        buffers[layout] = []

    make = {"blocks": blocks_paper, "table": table_row, "jsonl": jsonl_record}
    for i in range(papers):
        layout = rng.choices(layouts, weights)[0]
        buffers[layout].append(make[layout](rng, vocab, arxiv_id(i)))
        counts[layout] += 1
        if len(buffers[layout]) >= per_file[layout]:
            flush(layout)
    for layout in layouts:
        flush(layout)
    (out / ".corpus.json").write_text(json.dumps(
        {"papers": papers, "seed": seed, "mix": mix, "version": GENERATOR_VERSION, "counts": counts},
        sort_keys=True) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--papers", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--snapshot", action="store_true",
                   help="every paper as an arXiv JSON-lines record (English), all in one file: the shape "
                        "of the arXiv metadata snapshot")
    args = p.parse_args(argv)
    if args.snapshot:
        counts = generate(args.papers, args.out, args.seed, {"jsonl": 1.0}, {"jsonl": max(1, args.papers)})
    else:
        counts = generate(args.papers, args.out, args.seed)
    print(f"wrote {args.papers} papers to {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
