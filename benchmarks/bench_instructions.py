"""Extraction cost in machine instructions: the figure that does not move with the machine's load.

    .venv/bin/python benchmarks/bench_instructions.py                # 500 papers, about 3 minutes
    .venv/bin/python benchmarks/bench_instructions.py --papers 200 --only names,floor

matching.py times the matchers in CPU seconds, and on this shared machine the
same code measures up to a quarter faster or slower from one hour to the next:
a change worth 3% cannot be seen that way. Here each contestant runs under
valgrind's callgrind, which counts the instructions the process executes. The
count for the same code and input is the same to within 0.1% on every run, so
two commits can be compared one after the other.

Each contestant runs in its own process: set-up and one warm-up pass with the
counting switched off (callgrind --instr-atstart=no), then one counted pass
over the papers, then os._exit (the interpreter's teardown is not counted).
The contestants and texts are matching.py's: papergraph's names-only pipeline
and its full Extractor (in batches of 64, as the build runs them), the
Aho-Corasick floor and spaCy + jieba + EntityRuler.

Instructions are not time: Python's interpreter loop runs fewer instructions
per cycle than the floor's tight C loop, so papergraph's ratio to the floor is
smaller in instructions than in CPU seconds. Use this to see whether a change
made the code do less work; use matching.py for the targets, which are in time.

Needs valgrind (`apt-get install valgrind`); without it, says so and stops.
Writes benchmarks/results/instructions.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE / "corpora" / "2000-seed7"
CONTESTANTS = ("papergraph_names", "papergraph_full", "floor", "spacy_jieba_ruler")


def child(corpus: Path, papers: int, contestant: str) -> None:
    """Run in the counted process: set up, warm up, switch the count on, one pass, leave."""
    sys.path.insert(0, str(HERE))
    import matching
    from papergraph.build import BuildReport, read_papers
    from papergraph.extract import NAMES_ONLY, Extractor

    items = read_papers([corpus], BuildReport())[:papers]
    texts = [matching.joined_text(p) for p in items]
    if contestant == "papergraph_names":
        run = partial(matching.names_run, Extractor(components=NAMES_ONLY), items)
    elif contestant == "papergraph_full":
        run = partial(matching.full_run, Extractor(), items)
    elif contestant == "floor":
        run = partial(matching.floor_run, matching.floor_matcher(matching.patterns()), texts)
    else:
        run = partial(matching.spacy_run, matching.spacy_pipeline(matching.patterns()), texts)
    run()  # warm: caches filled, jieba's dictionary loaded
    subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
    found = run()
    print(f"found {found}", flush=True)
    os._exit(0)  # no teardown: the interpreter's last collection is not the contestant's work


def counted(corpus: Path, papers: int, contestant: str) -> dict:
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
           sys.executable, __file__, "--child", contestant, "--corpus", str(corpus), "--papers", str(papers)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    refs = re.search(r"Collected\s*:\s*([\d,]+)", proc.stderr) or re.search(r"I\s+refs:\s*([\d,]+)", proc.stderr)
    found = re.search(r"found (\d+)", proc.stdout)
    if proc.returncode != 0 or refs is None or found is None:
        raise SystemExit(f"{contestant}: callgrind run failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    instructions = int(refs.group(1).replace(",", ""))
    return {"instructions": instructions, "per_paper": instructions / papers, "found": int(found.group(1))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help="a synthetic corpus (default benchmarks/corpora/2000-seed7, made if missing)")
    ap.add_argument("--papers", type=int, default=500)
    ap.add_argument("--only", default=",".join(CONTESTANTS), help=f"comma-separated, of {', '.join(CONTESTANTS)}")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "instructions.json")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.corpus, args.papers, args.child)
        return 0

    missing = [tool for tool in ("valgrind", "callgrind_control") if shutil.which(tool) is None]
    if missing:
        print(f"bench_instructions: {' and '.join(missing)} not found (apt-get install valgrind): "
              "no instruction counts this run")
        return 0
    chosen = [c for c in args.only.split(",") if c]
    unknown = sorted(set(chosen) - set(CONTESTANTS))
    if unknown:
        ap.error(f"unknown contestant(s): {', '.join(unknown)}")
    if args.corpus == DEFAULT_CORPUS:
        sys.path.insert(0, str(HERE))
        from run import ensure_corpus  # benchmarks/run.py: made once, kept in benchmarks/corpora/
        ensure_corpus(2000, 7)
    elif not args.corpus.exists():
        ap.error(f"{args.corpus}: no such corpus")

    results = {}
    for name in chosen:
        print(f"counting {name} over {args.papers} papers ...", flush=True)
        results[name] = counted(args.corpus, args.papers, name)
    ratios = {}
    if "floor" in results:
        for name in ("papergraph_names", "papergraph_full"):
            if name in results:
                ratios[f"{name}_over_floor"] = results[name]["instructions"] / results["floor"]["instructions"]
    if "spacy_jieba_ruler" in results:
        for name in ("papergraph_names", "papergraph_full"):
            if name in results:
                ratios[f"spacy_over_{name}"] = results["spacy_jieba_ruler"]["instructions"] / results[name]["instructions"]

    report = {"corpus": args.corpus.name, "papers": args.papers, "results": results, "ratios": ratios}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    print(f"\n== instructions per paper ({args.papers} papers of {args.corpus.name}; callgrind, one counted pass)")
    for name, r in results.items():
        print(f"{name:<20} {r['per_paper']:>12,.0f}   found {r['found']:,}")
    for name, value in ratios.items():
        print(f"{name:<36} {value:6.2f}x")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
