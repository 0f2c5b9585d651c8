"""One build of a corpus, stage by stage, in this (fresh) process; prints JSON.

    python benchmarks/stages.py CORPUS OUT [--jobs N]

Stages are the build's own (papergraph.build, the code `papergraph build`
runs): read + extract as one stage (papers go to the --jobs worker processes
as files are read, the workers writing the build cache's packs as a build
does; the stage also says when the last file was read), graph, then the outputs written into
the stage folder side by side (`write_files`, --jobs at a time, each also
reported on its own): graph.json, graph.ttl, graph.html and the Neo4j
bulk-import folder, as `papergraph build --neo4j` writes them; then
report.json and the swap into OUT. For each: wall seconds, and the peak RSS so far. Peak memory is measured two ways: this process's own high-water
mark (getrusage), and a sampler thread that sums the PSS of this process and all
its children from /proc/PID/smaps_rollup every 100 ms (less often for big processes: see TreeRSS): what the machine actually
holds when extraction runs in worker processes (PSS, unlike RSS, counts a page
shared copy-on-write by a forked worker once, not once per process).

Wall time is only meaningful on a quiet machine, so each stage also records
CPU seconds (this process plus reaped children): on a shared machine, CPU
time is the figure that does not depend on what else is running.

An output that fails (a writer killed for memory, say) is reported as the
stage's outcome instead of taking the whole run down.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

import papergraph
from papergraph import build as pgbuild
from papergraph.atomic import StagedOutput
from papergraph.cache import CACHE_DIR, BuildCache, fingerprint
from papergraph.export import DEFAULT_OUTPUTS
from papergraph.extract.topics import load_topic_scheme
from papergraph.graph import GraphBuilder
from papergraph.knowledge import load_knowledge


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared copy-on-write with a forked parent count once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                kids = [int(x) for x in fh.read().split()]
        except OSError:
            kids = []
        out += kids
        stack += kids
    return out


class TreeRSS(threading.Thread):
    """Samples the memory of this process and its descendants (summed PSS).

    Reading smaps_rollup walks a process's whole memory map: about 40 ms for a
    2 GB process. At a fixed 100 ms the sampler took half a core from the
    build it measures at 100k papers, so it waits nine times as long as a
    sample took (at least `interval`): at most a tenth of a core.
    """

    def __init__(self, interval: float = 0.1):
        super().__init__(daemon=True)
        self.interval, self.peak_kb, self.stopped = interval, 0, threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.is_set():
            started = time.perf_counter()
            total = _pss_kb(me) + sum(_pss_kb(c) for c in _descendants(me))
            self.peak_kb = max(self.peak_kb, total)
            self.stopped.wait(max(self.interval, 9 * (time.perf_counter() - started)))


def _self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime



def run(corpus: Path, out: Path, jobs: int,
        outputs: tuple[str, ...] = (*DEFAULT_OUTPUTS, "neo4j")) -> dict:
    sampler = TreeRSS()
    sampler.start()
    stages: list[dict] = []
    cpu_mark = [_cpu()]

    def mark(name: str, t0: float, **extra) -> None:
        cpu = _cpu()
        stages.append({"stage": name, "seconds": round(time.perf_counter() - t0, 3),
                       "cpu_seconds": round(cpu - cpu_mark[0], 2),
                       "peak_rss_mb_self": round(_self_peak_mb(), 1),
                       "peak_pss_mb_tree": round(sampler.peak_kb / 1024, 1), **extra})
        cpu_mark[0] = cpu
        print(f"stages: {stages[-1]}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    load_at_start = os.getloadavg()
    report = pgbuild.BuildReport()
    with StagedOutput(out, pgbuild._own_names()) as stage:
        cache = BuildCache(out / CACHE_DIR, stage.path / CACHE_DIR, fingerprint(), reuse=False)
        with pgbuild._collector_paused():  # as make_graph does
            # Reading and extraction run at once, as in a build: papers go to the
            # extraction processes as files are read (build._read_and_extract).
            t0 = time.perf_counter()
            k = load_knowledge()
            builder = GraphBuilder(k.vocabulary.entities, load_topic_scheme(str(k.folder)))
            n_papers = pgbuild._read_and_extract([corpus], report, builder, cache, jobs=jobs)
            chars = sum(len(p.title) + len(p.title_zh) + len(p.summary) for p in builder.papers.values())
            mark("read + extract (+ add to graph)", t0, papers=n_papers, diagnostics=len(report.diagnostics),
                 chars=chars, all_files_read_after_seconds=round(report.seconds["read"], 3),
                 cache_bytes=sum(f.stat().st_size for f in cache.pack_folder.glob("*")))

            t0 = time.perf_counter()
            graph = builder.graph()
            del builder
            report.papers = n_papers
            report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
            mark("graph", t0, nodes=report.nodes, edges=report.edges)

        t0 = time.perf_counter()
        tasks = pgbuild._tasks(graph, outputs)
        writers = max(1, min(jobs, len(tasks)))
        try:
            spent = pgbuild.write_files(stage, tasks, writers)
            outcome = "ok"
        except pgbuild.OutputError as exc:
            spent, outcome = {}, str(exc)
        data = pgbuild._report_bytes(report)
        stage.write("report.json", data)
        cache.save_inputs({"paths": [str(corpus.resolve())], "files": report.file_hashes})
        if outcome == "ok":
            stage.commit(papergraph.__version__)
        mark(f"write outputs ({writers} at a time) + report.json, swap", t0, outcome=outcome,
             bytes=sum(f.get("bytes", 0) for f in spent.values()) + len(data))
        for name, figures in spent.items():  # each output on its own (inside the stage above)
            stages.append({"stage": f"  {name}", **figures, "part_of_stage_above": True})
            print(f"stages: {stages[-1]}", file=sys.stderr, flush=True)

    cpu_mark[0] = _cpu()
    total = time.perf_counter() - started
    cpu_total = sum(st["cpu_seconds"] for st in stages if not st.get("part_of_stage_above"))
    sampler.stopped.set()
    sampler.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "papers": n_papers, "chars": chars, "jobs": jobs, "jobs_via": f"papergraph's build path (jobs={jobs})",
        "seconds_total": round(total, 3), "papers_per_second": round(n_papers / total, 1),
        "cpu_seconds_total": round(cpu_total, 2),
        "all_outputs_ok": all(st.get("outcome", "ok") == "ok" for st in stages),
        "load_average_at_start": load_at_start, "load_average_at_end": os.getloadavg(),
        "peak_rss_mb_self": round(_self_peak_mb(), 1), "peak_rss_mb_largest_child": round(children, 1),
        "peak_pss_mb_tree": round(sampler.peak_kb / 1024, 1),
        "nodes": report.nodes, "edges": report.edges, "stages": stages,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--outputs", default=",".join((*DEFAULT_OUTPUTS, "neo4j")), metavar="FORMATS",
                   help="outputs to write, comma-separated (default: what `build --neo4j` writes; '' for none)")
    args = p.parse_args()
    outputs = tuple(f for f in args.outputs.split(",") if f)
    print(json.dumps(run(args.corpus, args.out, args.jobs,
                         outputs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
