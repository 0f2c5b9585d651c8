"""One build of a corpus, stage by stage, in this (fresh) process; prints JSON.

    python benchmarks/stages.py CORPUS OUT [--jobs N]

Stages: read (readers + merge), extract, graph, then each output renderer
(render + atomic write) and report.json. For each: wall seconds, and the peak
RSS so far. Peak memory is measured two ways: this process's own high-water
mark (getrusage), and a sampler thread that sums the PSS of this process and all
its children from /proc/PID/smaps_rollup every 100 ms: what the machine actually
holds when extraction runs in worker processes (PSS, unlike RSS, counts a page
shared copy-on-write by a forked worker once, not once per process).

Wall time is only meaningful on a quiet machine, so each stage also records
CPU seconds (this process plus reaped children): on a shared machine, CPU
time is the figure that does not depend on what else is running.

Each output is rendered in a forked child (copy-on-write: it starts with the
graph already in memory, as an in-process build would), so one output that
runs too long or too big (--output-timeout, --output-max-gb) is reported as
such instead of taking the whole run down; the child's peak RSS is what an
in-process build would peak at while writing that output.

With --jobs N > 1, extraction uses papergraph's own parallel path if the build
has one (`extract_all(..., jobs=N)`); until then this script runs the same
Extractor in N worker processes itself and says so in the JSON ("jobs_via").
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from papergraph import build as pgbuild
from papergraph.export import DEFAULT_OUTPUTS, RENDERERS
from papergraph.extract.topics import load_topic_scheme
from papergraph.graph import build_graph
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
    """Samples the memory of this process and its descendants (summed PSS)."""

    def __init__(self, interval: float = 0.1):
        super().__init__(daemon=True)
        self.interval, self.peak_kb, self.stopped = interval, 0, threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.is_set():
            total = _pss_kb(me) + sum(_pss_kb(c) for c in _descendants(me))
            self.peak_kb = max(self.peak_kb, total)
            self.stopped.wait(self.interval)


def _self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_worker_extractor = None


def _worker_init() -> None:
    global _worker_extractor
    from papergraph.extract import Extractor
    _worker_extractor = Extractor()


def _worker_extract(paper):
    return _worker_extractor.extract(paper)


def extract(papers, jobs: int) -> tuple[list, str]:
    params = inspect.signature(pgbuild.extract_all).parameters
    if jobs <= 1:
        return pgbuild.extract_all(papers), "papergraph (1 process)"
    if "jobs" in params:
        return pgbuild.extract_all(papers, jobs=jobs), f"papergraph extract_all(jobs={jobs})"
    import multiprocessing as mp
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        out = list(pool.imap(_worker_extract, papers, chunksize=32))
    return out, f"benchmark-side Pool({jobs}) over papergraph's Extractor (build has no jobs= yet)"


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def render_in_child(fmt: str, graph, out: Path, timeout: float, max_gb: float) -> dict:
    """Render and write one output in a forked child; wall, CPU, peak RSS, bytes or what went wrong."""
    r = RENDERERS[fmt]
    read_fd, write_fd = os.pipe()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        code = 0
        try:
            limit = int(max_gb * 1024 ** 3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            data = r.render(graph)
            pgbuild.write_atomically(out / r.filename, data)
            os.write(write_fd, str(len(data)).encode())
        except MemoryError:
            os.write(write_fd, b"memory")
            code = 3
        except BaseException as exc:  # report, never hang the parent
            os.write(write_fd, f"error {type(exc).__name__}: {exc}"[:300].encode())
            code = 4
        os._exit(code)
    os.close(write_fd)
    deadline = time.monotonic() + timeout
    status, usage = None, None
    while status is None:
        done, st, ru = os.wait4(pid, os.WNOHANG)
        if done:
            status, usage = st, ru
        elif time.monotonic() > deadline:
            os.kill(pid, 9)
            _, status, usage = os.wait4(pid, 0)
            os.close(read_fd)
            return {"seconds": round(time.perf_counter() - t0, 3), "outcome": f"timeout: killed after {timeout:.0f} s",
                    "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
                    "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}
        else:
            time.sleep(0.05)
    message = os.read(read_fd, 400).decode(errors="replace")
    os.close(read_fd)
    result = {"seconds": round(time.perf_counter() - t0, 3), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
              "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}
    if message.isdigit():
        result.update(outcome="ok", bytes=int(message))
    elif message == "memory":
        result["outcome"] = f"out of memory: over the {max_gb:g} GB cap"
    else:
        result["outcome"] = message or f"exit status {status}"
    return result


def run(corpus: Path, out: Path, jobs: int, timeout: float = 1800, max_gb: float = 12) -> dict:
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
    t0 = time.perf_counter()
    papers = pgbuild.read_papers([corpus], report)
    mark("read", t0, papers=len(papers), diagnostics=len(report.diagnostics))
    chars = sum(len(p.title) + len(p.title_zh) + len(p.summary) for p in papers)

    t0 = time.perf_counter()
    extractions, jobs_via = extract(papers, jobs)
    mark("extract", t0, chars=chars)

    t0 = time.perf_counter()
    k = load_knowledge()
    graph = build_graph(papers, extractions, k.vocabulary.entities, load_topic_scheme(str(k.folder)))
    report.papers = len(papers)
    report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
    del extractions
    mark("graph", t0, nodes=report.nodes, edges=report.edges)

    for fmt in DEFAULT_OUTPUTS:
        child = render_in_child(fmt, graph, out, timeout, max_gb)
        rss = max(child.pop("peak_rss_mb"), _self_peak_mb())
        sampler.peak_kb = max(sampler.peak_kb, int(rss * 1024))
        stages.append({"stage": f"write {RENDERERS[fmt].filename}", **child,
                       "peak_rss_mb_self": round(rss, 1), "peak_pss_mb_tree": round(sampler.peak_kb / 1024, 1)})
        print(f"stages: {stages[-1]}", file=sys.stderr, flush=True)
        cpu_mark[0] = _cpu()
    t0 = time.perf_counter()
    data = (json.dumps(report.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    pgbuild.write_atomically(out / "report.json", data)
    mark("write report.json", t0, bytes=len(data))
    total = time.perf_counter() - started
    cpu_total = sum(st["cpu_seconds"] for st in stages)
    sampler.stopped.set()
    sampler.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "papers": len(papers), "chars": chars, "jobs": jobs, "jobs_via": jobs_via,
        "seconds_total": round(total, 3), "papers_per_second": round(len(papers) / total, 1),
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
    p.add_argument("--output-timeout", type=float, default=1800, metavar="SECONDS")
    p.add_argument("--output-max-gb", type=float, default=12, metavar="GB")
    args = p.parse_args()
    print(json.dumps(run(args.corpus, args.out, args.jobs, args.output_timeout, args.output_max_gb)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
