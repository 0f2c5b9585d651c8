"""`make bench`: build synthetic corpora of 1k / 10k (/ 100k) papers and measure.

    python benchmarks/run.py                      # 1k and 10k papers, --jobs 2, extraction matchers
    python benchmarks/run.py --sizes 1000 10000 100000
    python benchmarks/run.py --sizes 1000 --no-matching

For each size: seconds per stage (read, extract, graph, each output), papers/s,
peak RSS (the process, and the process tree when extraction uses workers) and
output sizes, printed as a table and saved as benchmarks/results/build-N.json.
Each build runs in a fresh process (benchmarks/stages.py) so peaks do not carry
over. When `papergraph build` has --jobs, the real command is also timed end to
end. benchmarks/matching.py then compares extraction throughput with a bare
Aho-Corasick scan and with spaCy zh + jieba + EntityRuler
(benchmarks/results/matching.json).

Corpora are generated once per (size, seed, generator version) into
benchmarks/corpora/ (not in git).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402

RESULTS = HERE / "results"
CORPORA = HERE / "corpora"
TARGETS = {"papers": 100_000, "seconds": 60.0, "rss_mb": 4096.0, "jobs": 2}


def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True)
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "commit": commit.stdout.strip(), "date": time.strftime("%Y-%m-%d")}


def ensure_corpus(n: int, seed: int) -> tuple[Path, float]:
    path = CORPORA / f"{n}-seed{seed}"
    meta = path / ".corpus.json"
    if meta.is_file():
        info = json.loads(meta.read_text())
        if info.get("version") == corpus_mod.GENERATOR_VERSION and info.get("papers") == n:
            return path, 0.0
    t0 = time.perf_counter()
    corpus_mod.generate(n, path, seed)
    return path, time.perf_counter() - t0


def run_child(cmd: list[str], show_progress: bool = False) -> tuple[subprocess.Popen, float, float, str]:
    """Run a command; wall seconds and its peak RSS (MB) from wait4."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None if show_progress else err)
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)  # reap it ourselves: wait4 gives its rusage
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    seconds = time.perf_counter() - t0
    return proc, seconds, usage.ru_maxrss / 1024, (stdout.decode() if proc.returncode == 0 else stderr.decode())


def cli_has_jobs(py: str) -> bool:
    help_text = subprocess.run([py, "-m", "papergraph", "build", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in help_text


def bench_size(n: int, seed: int, jobs: int, py: str) -> dict:
    path, gen_seconds = ensure_corpus(n, seed)
    out = CORPORA / f"out-{n}"
    print(f"\n== {n:,} papers ({path.name}{', generated in %.1f s' % gen_seconds if gen_seconds else ', cached'})",
          flush=True)
    proc, wall, maxrss, text = run_child([py, str(HERE / "stages.py"), str(path), str(out), "--jobs", str(jobs)],
                                         show_progress=True)
    if proc.returncode != 0:
        raise SystemExit(f"stages.py failed for {n} papers (its messages are above)")
    result = json.loads(text.strip().splitlines()[-1])
    result["process_wall_seconds"] = round(wall, 3)  # includes interpreter start and imports
    result["corpus"] = json.loads((path / ".corpus.json").read_text())
    result["corpus_bytes"] = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    if cli_has_jobs(py):
        cli = [py, "-m", "papergraph", "build", str(path), "--out", str(out) + "-cli", "-q", "--neo4j",
               "--jobs", str(jobs)]
        proc, wall, maxrss, text = run_child(cli)
        result["cli_end_to_end"] = {"command": " ".join(cli[1:]), "ok": proc.returncode == 0,
                                    "seconds": round(wall, 3), "peak_rss_mb_largest_process": round(maxrss, 1)}
    else:
        result["cli_end_to_end"] = {"skipped": "papergraph build has no --jobs option yet; see stages"}
    result["machine"] = machine()
    print_table(result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"build-{n}.json").write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    return result


def print_table(r: dict) -> None:
    print(f"{'stage':<20} {'wall s':>8} {'CPU s':>8} {'peak MB RSS proc/PSS tree':>22} {'output bytes':>14}  outcome")
    for s in r["stages"]:
        size = f"{s['bytes']:,}" if "bytes" in s else ""
        if s.get("part_of_stage_above"):  # one output, written side by side with the others
            peak = f"{s['peak_rss_mb']:>10.0f} (child)" if "peak_rss_mb" in s else f"{'(build process)':>22}"
            print(f"{s['stage']:<20} {s['seconds']:>8.2f} {s['cpu_seconds']:>8.2f} {peak:<22} {size:>14}")
            continue
        print(f"{s['stage'][:20]:<20} {s['seconds']:>8.2f} {s['cpu_seconds']:>8.2f} {s['peak_rss_mb_self']:>10.0f} / "
              f"{s['peak_pss_mb_tree']:<9.0f} {size:>14}  {s.get('outcome', '')}")
    print(f"{'total':<20} {r['seconds_total']:>8.2f} {r['cpu_seconds_total']:>8.2f}  -> "
          f"{r['papers_per_second']:,.0f} papers/s, peak memory {r['peak_pss_mb_tree']:,.0f} MB (PSS, process tree), "
          f"{r['nodes']:,} nodes, {r['edges']:,} edges")
    print(f"extraction: {r['jobs_via']}; load average {r['load_average_at_start'][0]:.1f} at start, "
          f"{r['load_average_at_end'][0]:.1f} at end (2 cores: above 2, other work shared the machine)")
    cli = r.get("cli_end_to_end", {})
    if "seconds" in cli:
        print(f"end to end `{cli['command']}`: {cli['seconds']:.1f} s, peak RSS {cli['peak_rss_mb_largest_process']:,.0f} MB")
    if r["papers"] >= TARGETS["papers"]:
        ok_t = r["seconds_total"] <= TARGETS["seconds"] and r["all_outputs_ok"]
        ok_m = r["peak_pss_mb_tree"] <= TARGETS["rss_mb"]
        print(f"target 100k papers <= 60 s with --jobs 2: {'MET' if ok_t else 'NOT MET'} "
              f"({r['seconds_total']:.0f} s wall, {r['cpu_seconds_total']:.0f} s CPU); "
              f"<= 4 GB: {'MET' if ok_m else 'NOT MET'} ({r['peak_pss_mb_tree']:,.0f} MB)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--jobs", type=int, default=TARGETS["jobs"])
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-matching", action="store_true", help="skip the extraction-vs-matchers comparison")
    p.add_argument("--matching-papers", type=int, default=2000)
    args = p.parse_args()
    py = sys.executable
    for n in args.sizes:
        bench_size(n, args.seed, args.jobs, py)
    if not args.no_matching:
        size = min((n for n in args.sizes if n >= args.matching_papers), default=args.matching_papers)
        path, _ = ensure_corpus(size, args.seed)
        proc, _wall, _rss, text = run_child([py, str(HERE / "matching.py"), str(path),
                                             "--papers", str(args.matching_papers)])
        print(text if proc.returncode == 0 else f"matching.py failed:\n{text}")
        if proc.returncode != 0:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
