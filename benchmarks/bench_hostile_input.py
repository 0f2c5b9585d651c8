"""Hostile input costs linear time: reading files built to make parsers slow.

Each case is a digest-sized attack (a header so the table or block reader
takes it, then lines made of the patterns our regular expressions scan), at
two sizes; a linear reader takes about 10x longer for 10x the input, a
quadratic one about 100x. Also: one 50 MB line, a 50 MB GBK file, a UTF-8
digest with 2,000 and 20,000 GBK lines pasted in (read line by line), and
one paper read 5,000 and 50,000 times (merged into one record).

    .venv/bin/python benchmarks/bench_hostile_input.py
"""
from __future__ import annotations

import resource
import sys
import time

from papergraph.ingest import MAX_LINE_CHARS, merge_papers, parse_bytes

TABLE = "| 日期 | 名称 | 摘要 | 主题 |\n| --- | --- | --- | --- |\n"
BLOCK = "# Title\n[标题](https://arxiv.org/abs/2401.00001)\n\n"
LINE = MAX_LINE_CHARS - 10  # just under the line limit: the reader must scan it

CASES = {
    "nested brackets": (TABLE, "| " + "[[a]" * (LINE // 4)),
    "open links": (BLOCK, "[a](" * (LINE // 4)),
    "bare bars": (TABLE, "|" * LINE),
    "escaped bars": (TABLE, "\\|" * (LINE // 2)),
    "url starts": (BLOCK, "https://arxiv.org/abs/" * (LINE // 22)),
    "arxiv refs": (TABLE, "| arXiv:" * (LINE // 8)),
    "headings": (BLOCK, "\n".join(["# " + "a" * 50] * (LINE // 52))),
    "separators": (TABLE, "| --- " * (LINE // 6)),
    "dates": (TABLE, "| 2024年5月" * (LINE // 9)),
}


def timed(raw: bytes) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    reading = parse_bytes(raw, "bench.md")
    return time.perf_counter() - t0, len(reading.papers), len(reading.diagnostics)


def main() -> int:
    worst = 0.0
    print(f"{'case':18} {'10 lines':>10} {'100 lines':>10}  ratio")
    for name, (head, line) in CASES.items():
        small = (head + "\n".join([line] * 10) + "\n").encode()
        large = (head + "\n".join([line] * 100) + "\n").encode()
        t_small, _, _ = timed(small)
        t_large, _, _ = timed(large)
        ratio = t_large / max(t_small, 1e-6)
        worst = max(worst, ratio)
        print(f"{name:18} {t_small:9.3f}s {t_large:9.3f}s  {ratio:5.1f}x  ({len(large) / 2**20:.1f} MB)")
    t, _, notes = timed(BLOCK.encode() + b"x" * (50 * 2**20) + b"\n")
    print(f"{'one 50 MB line':18} {t:9.3f}s  ({notes} message)")
    gbk = (BLOCK + "这是一个很长的中文摘要，用于测试编码检测的速度。\n" * 1_000_000).encode("gbk")
    t, _, notes = timed(gbk)
    print(f"{'50 MB of GBK':18} {t:9.3f}s  ({len(gbk) / 2**20:.0f} MB, {notes} messages)")
    # a UTF-8 digest with a GBK line pasted into every block: read line by line
    pasted = (BLOCK + "中文摘要。\n").encode() + "从国标编码来源粘贴的一段话。\n".encode("gbk")
    t_mixed = [timed(pasted * n)[0] for n in (2_000, 20_000)]
    ratio = t_mixed[1] / max(t_mixed[0], 1e-6)
    worst = max(worst, ratio)
    print(f"{'GBK lines in UTF-8':18} {t_mixed[0]:9.3f}s {t_mixed[1]:9.3f}s  {ratio:5.1f}x  "
          f"({len(pasted) * 20_000 / 2**20:.1f} MB, 2,000 / 20,000 pasted lines)")
    # one paper read many times (a file pasted into itself): merging its sources
    t_dup = []
    for n in (5_000, 50_000):
        papers = parse_bytes(("# T\nhttps://arxiv.org/abs/2401.00001\n\nx\n" * n).encode(), "bench.md").papers
        t0 = time.perf_counter()
        merge_papers(papers)
        t_dup.append(time.perf_counter() - t0)
    ratio = t_dup[1] / max(t_dup[0], 1e-6)
    worst = max(worst, ratio)
    print(f"{'one paper 5k/50k':18} {t_dup[0]:9.3f}s {t_dup[1]:9.3f}s  {ratio:5.1f}x  (merging its copies)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; worst 10x-input ratio {worst:.1f}x (linear ~10x, quadratic ~100x)")
    return 0 if worst < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
