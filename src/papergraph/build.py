"""One build: read the digests, extract, make the graph, write every output.

Outputs are written to a temporary name beside their final one and renamed
into place, so an interrupted build leaves the previous files whole.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .export import DEFAULT_OUTPUTS, RENDERERS
from .extract import Extractor
from .extract.topics import load_topic_scheme
from .graph import build_graph
from .knowledge import load_knowledge
from .ingest import discover_files, display_name, merge_papers, read_file
from .ingest.streaming import read_path  # record files (arXiv JSONL, Atom, BibTeX) are streamed
from .model import Diagnostic, Extraction, Paper

ProgressFactory = Callable[[Iterable, int, str], Iterable]


def _no_progress(items: Iterable, total: int, desc: str) -> Iterable:
    return items


@dataclass
class BuildReport:
    files: list[str] = field(default_factory=list)
    items_read: int = 0
    papers: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    nodes: int = 0
    edges: int = 0
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def skipped(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "skipped"]

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "items_read": self.items_read,
            "papers": self.papers,
            "nodes": self.nodes,
            "edges": self.edges,
            "kinds": self.kinds,
            "relations": self.relations,
            "skipped": [{"file": d.source.file, "line": d.source.line, "reason": d.message} for d in self.skipped],
            "warnings": [
                {"file": d.source.file, "line": d.source.line, "message": d.message}
                for d in self.diagnostics if d.severity != "skipped"
            ],
        }


def read_papers(paths: list[str | Path], report: BuildReport) -> list[Paper]:
    files, problems = discover_files(paths)
    report.diagnostics.extend(problems)
    roots = [Path(p) for p in paths]
    papers: list[Paper] = []
    for f in files:
        name = display_name(f, roots)
        report.files.append(name)
        for item in read_path(f, name):
            if isinstance(item, Paper):
                papers.append(item)
            else:
                report.diagnostics.append(item)
    report.items_read = len(papers) + len([d for d in report.diagnostics if d.severity == "skipped"])
    merged, notes = merge_papers(papers)
    report.diagnostics.extend(notes)
    return merged


def extract_all(papers: list[Paper], progress: ProgressFactory = _no_progress) -> list[Extraction]:
    extractor = Extractor()
    return [extractor.extract(p) for p in progress(papers, len(papers), "extracting")]


def make_graph(paths: list[str | Path], report: BuildReport | None = None,
               progress: ProgressFactory = _no_progress) -> nx.MultiDiGraph:
    report = report if report is not None else BuildReport()
    t0 = time.perf_counter()
    papers = read_papers(paths, report)
    t1 = time.perf_counter()
    extractions = extract_all(papers, progress)
    t2 = time.perf_counter()
    knowledge = load_knowledge()
    graph = build_graph(papers, extractions, knowledge.vocabulary.entities,
                        load_topic_scheme(str(knowledge.folder)))
    t3 = time.perf_counter()
    report.papers = len(papers)
    report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
    report.kinds = dict(sorted(Counter(d["kind"] for _, d in graph.nodes(data=True)).items()))
    report.relations = dict(sorted(Counter(d["relation"] for *_e, d in graph.edges(data=True)).items()))
    report.seconds.update(read=t1 - t0, extract=t2 - t1, graph=t3 - t2)
    return graph


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(graph: nx.MultiDiGraph, out_dir: Path, report: BuildReport,
                  formats: Iterable[str] = DEFAULT_OUTPUTS) -> None:
    t0 = time.perf_counter()
    rendered = {RENDERERS[f].filename: RENDERERS[f].render(graph) for f in formats}
    rendered["report.json"] = (json.dumps(report.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    # Render everything first, then swap files in: a failure while rendering
    # leaves every previous output untouched.
    for name, data in rendered.items():
        write_atomically(out_dir / name, data)
        report.outputs[name] = str(out_dir / name)
    report.seconds["write"] = time.perf_counter() - t0


def build(paths: list[str | Path], out_dir: str | Path, progress: ProgressFactory = _no_progress,
          formats: Iterable[str] = DEFAULT_OUTPUTS) -> tuple[nx.MultiDiGraph, BuildReport]:
    report = BuildReport()
    graph = make_graph(paths, report, progress)
    write_outputs(graph, Path(out_dir), report, formats)
    return graph, report
