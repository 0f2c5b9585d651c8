"""`papergraph build --update` against a full build, on the seeds plus copies.

The corpus is the seeds, each copied N times with fresh arXiv ids (so every
copy is a paper of its own); then one digest is added and the build updated.
Prints both times and the share of papers the update had to extract.

    .venv/bin/python benchmarks/bench_update.py [copies]
"""
from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

from papergraph.build import build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(copies: int = 4) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        digests = root / "digests"
        digests.mkdir()
        for n in range(copies):
            for seed in sorted(SEEDS.iterdir()):
                text = seed.read_text(encoding="utf-8")
                text = re.sub(r"(\d{4})\.(\d{5})", lambda m: f"{m[1]}.{(int(m[2]) + 7919 * n) % 100000:05d}", text)
                (digests / f"{n}_{seed.name}").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        _, full = build([digests], root / "out")
        t_full = time.perf_counter() - t0
        new = digests / "zz_new.md"
        new.write_text("# A New Paper\n[新论文](https://arxiv.org/abs/2501.00001)\n\n我们提出了 NewNet 模型，"
                       "在 MMLU 上达到 80%。\n", encoding="utf-8")
        t0 = time.perf_counter()
        _, upd = build([digests], root / "out", update=True)
        t_upd = time.perf_counter() - t0
        t0 = time.perf_counter()
        _, again = build([digests], root / "out2")
        t_again = time.perf_counter() - t0
        same = all((root / "out" / f).read_bytes() == (root / "out2" / f).read_bytes()
                   for f in ("graph.json", "graph.ttl", "graph.html", "report.json"))
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in upd.seconds.items())
        print(f"{full.papers} papers: full build {t_full:.1f} s (extract {full.seconds['extract']:.1f} s); "
              f"after adding one digest: --update {t_upd:.1f} s (extracted {upd.redone['papers']}, "
              f"reused {upd.reused['papers']}; {phases}) vs full {t_again:.1f} s; identical outputs: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
