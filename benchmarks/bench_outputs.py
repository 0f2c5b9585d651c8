"""How fast and how lean each output writer is on a big graph.

    .venv/bin/python benchmarks/bench_outputs.py                          # 10k papers (graph made once)
    .venv/bin/python benchmarks/bench_outputs.py --graph /work/big/graph-100000.json
    .venv/bin/python benchmarks/bench_outputs.py --papers 1000 --outputs json,turtle
    .venv/bin/python benchmarks/bench_outputs.py --graph ... --together 2   # + as the build writes them

The graph is read once (papergraph.export.json_graph.read_graph), or made
once from the synthetic corpus (benchmarks/corpus.py, the build's own
make_graph) and kept as benchmarks/corpora/graph-N-seed7.json. Each output is
then written in a fresh child process forked from the one holding the graph
(as a build that renders its outputs in parallel does): per output, wall and
CPU seconds of the write alone, the child's peak RSS during the write (the
peak is reset after the fork, so it is the graph's pages the writer touches
plus what it allocates) and the bytes written. Prints a table and saves
benchmarks/results/outputs-N.json (N: the graph's papers).

With --together JOBS, the same outputs are then also written as `papergraph
build` writes them (build.write_files: this process writes one while forked
children write others), measured as a whole: wall and CPU seconds, and the
peak PSS summed over the process tree, where what a child still shares with
its parent counts once and what it has copied (every page whose objects it
touched: reference counts are writes) counts again.

Outputs: the renderers `papergraph build` writes (json, turtle, html), the
other RDF syntaxes (nt, nq, trig, jsonld), `neo4j` (the bulk-import CSV folder
of `papergraph export neo4j`, without import.cypher) and `cypher` (import.cypher).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
CORPORA = HERE / "corpora"
DEFAULT_OUTPUTS = ("json", "turtle", "html", "neo4j")
ALL_OUTPUTS = ("json", "turtle", "html", "neo4j", "nt", "nq", "trig", "jsonld", "cypher")


def _status(field: str) -> float:
    """A VmHWM/VmRSS line of /proc/self/status, in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    """Reset this process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def write_output(graph, name: str, folder: Path) -> Path:
    from papergraph.export import RENDERERS
    from papergraph.export import neo4j

    if name == "neo4j":
        target = folder / "neo4j"
        schema = neo4j.Schema(graph)
        files = neo4j._AtomicFiles(target)
        try:
            neo4j.write_csv(graph, files, schema)
            files.commit()
        except BaseException:
            files.abort()
            raise
        return target
    renderer = RENDERERS[name]
    target = folder / renderer.filename
    renderer.write(graph, target)
    return target


def measure(graph, name: str, folder: Path) -> dict:
    """Write one output in a forked child; its figures."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, report, exit without running the parent's cleanup
        code = 0
        try:
            os.close(read)
            reset = _reset_peak()
            base = _status("VmRSS")
            wall, cpu = time.perf_counter(), time.process_time()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            path = write_output(graph, name, folder)
            after = resource.getrusage(resource.RUSAGE_SELF)
            row = {"output": name, "seconds": round(time.perf_counter() - wall, 2),
                   "cpu_seconds": round(time.process_time() - cpu, 2),
                   # system time is mostly the copy-on-write faults of the graph's pages the writer
                   # touches (reference counts are writes): one minor fault per 4 KB page copied
                   "user_seconds": round(after.ru_utime - usage.ru_utime, 2),
                   "system_seconds": round(after.ru_stime - usage.ru_stime, 2),
                   "minor_faults": after.ru_minflt - usage.ru_minflt,
                   "peak_rss_mb": round(_status("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                   "rss_at_start_mb": round(base), "bytes": _size(path), "file": path.name}
        except BaseException as exc:  # noqa: BLE001 - reported, not raised, across the fork
            row, code = {"output": name, "error": f"{type(exc).__name__}: {exc}"}, 1
        with os.fdopen(write, "w") as fh:
            fh.write(json.dumps(row))
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as fh:
        text = fh.read()
    os.waitpid(pid, 0)
    return json.loads(text)


def together(graph, names: tuple[str, ...], jobs: int, folder: Path) -> dict:
    """The outputs written as `papergraph build` writes them: build.write_files, `jobs` at a
    time (this process writes one, forked children the others), into a staged folder.

    Wall and CPU seconds of the whole (this process and its children), the peak summed
    PSS of the process tree (pages shared copy-on-write counted once), and the build's
    own figures per output."""
    sys.path.insert(0, str(HERE))
    from stages import TreeRSS

    from papergraph import build as pgbuild
    from papergraph.atomic import StagedOutput

    sampler = TreeRSS(interval=0.05)
    before = {who: resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)}
    sampler.start()
    wall = time.perf_counter()
    with StagedOutput(folder / "together") as stage:
        spent = pgbuild.write_files(stage, pgbuild._tasks(graph, names), jobs)
    wall = time.perf_counter() - wall
    sampler.stopped.set()
    sampler.join()
    after = {who: resource.getrusage(who) for who in before}
    cpu = sum(after[w].ru_utime + after[w].ru_stime - before[w].ru_utime - before[w].ru_stime for w in before)
    system = sum(after[w].ru_stime - before[w].ru_stime for w in before)
    return {"jobs": jobs, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "system_seconds": round(system, 2),
            "peak_tree_pss_mb": round(sampler.peak_kb / 1024), "outputs": spent}


def graph_for(papers: int, seed: int = 7) -> Path:
    """graph.json of the synthetic corpus of `papers` papers, made once."""
    path = CORPORA / f"graph-{papers}-seed{seed}.json"
    if path.exists():
        return path
    sys.path.insert(0, str(HERE))
    import corpus

    from papergraph.build import BuildReport, make_graph
    from papergraph.export import RENDERERS

    folder = CORPORA / f"{papers}-seed{seed}"
    if not (folder / ".corpus.json").exists():
        corpus.generate(papers, folder, seed)
    print(f"making the graph of {papers} papers (once) ...", file=sys.stderr, flush=True)
    graph = make_graph([folder], BuildReport(), jobs=2)
    RENDERERS["json"].write(graph, path)
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", type=Path, help="a graph.json (node-link) to render; default: the synthetic corpus")
    ap.add_argument("--papers", type=int, default=10_000, help="size of the synthetic corpus (default 10000)")
    ap.add_argument("--outputs", default=",".join(DEFAULT_OUTPUTS),
                    help=f"comma-separated, of {','.join(ALL_OUTPUTS)} or 'all' (default: {','.join(DEFAULT_OUTPUTS)})")
    ap.add_argument("--out", type=Path, help="write the outputs here and keep them (default: a temporary folder)")
    ap.add_argument("--together", type=int, metavar="JOBS",
                    help="also write the outputs as the build does (build.write_files, JOBS at a time) and "
                         "measure the whole: wall, CPU, peak PSS of the process tree")
    args = ap.parse_args(argv)
    names = ALL_OUTPUTS if args.outputs == "all" else tuple(n.strip() for n in args.outputs.split(",") if n.strip())
    unknown = sorted(set(names) - set(ALL_OUTPUTS))
    if unknown:
        ap.error(f"unknown outputs: {', '.join(unknown)}")

    from papergraph.export.json_graph import read_graph

    source = args.graph or graph_for(args.papers)
    wall, cpu = time.perf_counter(), time.process_time()
    graph = read_graph(source)
    loaded = {"seconds": round(time.perf_counter() - wall, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
              "rss_mb": round(_status("VmRSS"))}
    papers = sum(1 for _n, k in graph.nodes(data="kind") if k == "Paper")
    print(f"{source}: {papers:,} papers, {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges; "
          f"read in {loaded['seconds']} s, {loaded['rss_mb']:,} MB RSS", flush=True)

    # As build.write_files does before it forks writers: what exists now (the graph) is left
    # out of garbage collection, which would otherwise write to every object a child shares.
    gc.freeze()
    folder = args.out or Path(tempfile.mkdtemp(prefix="bench-outputs-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    joint = None
    try:
        print(f"{'output':10} {'wall s':>8} {'CPU s':>8} {'(sys s)':>8} {'peak MB':>9} {'bytes':>15}", flush=True)
        for name in names:
            row = measure(graph, name, folder)
            rows.append(row)
            if "error" in row:
                print(f"{name:10} failed: {row['error']}", flush=True)
            else:
                print(f"{name:10} {row['seconds']:8.2f} {row['cpu_seconds']:8.2f} {row['system_seconds']:8.2f} {row['peak_rss_mb']:9,} "
                      f"{row['bytes']:15,}", flush=True)
        if args.together:
            names_of_build = tuple("neo4j" if n == "neo4j" else n for n in names if n != "cypher")
            joint = together(graph, names_of_build, args.together, folder)
            print(f"together ({joint['jobs']} at a time, as the build): {joint['seconds']:.2f} s wall, "
                  f"{joint['cpu_seconds']:.2f} CPU s ({joint['system_seconds']:.2f} system), "
                  f"peak tree PSS {joint['peak_tree_pss_mb']:,} MB", flush=True)
            for name, figures in joint["outputs"].items():
                print(f"  {name:12} {figures}", flush=True)
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)
    ok = [r for r in rows if "error" not in r]
    total = {"seconds": round(sum(r["seconds"] for r in ok), 2), "cpu_seconds": round(sum(r["cpu_seconds"] for r in ok), 2),
             "peak_rss_mb": max((r["peak_rss_mb"] for r in ok), default=0)}
    print(f"{'total':10} {total['seconds']:8.2f} {total['cpu_seconds']:8.2f} {'':8} {total['peak_rss_mb']:9,}   "
          f"(one after another; peak: the largest single writer, graph included)")
    result = {"papers": papers, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
              "graph": str(source), "read": loaded, "outputs": rows, "total": total,
              **({"together": joint} if args.together else {}),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average": [round(x, 2) for x in os.getloadavg()]}}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"outputs-{papers}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"saved {out}")
    return 1 if len(ok) < len(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
