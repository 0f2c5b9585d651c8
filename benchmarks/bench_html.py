"""How fast graph.html draws and answers, in headless Chromium, at 1k, 5k and 10k nodes
and for a 5,000-paper build.

Graphs come from benchmarks/synth.py through the real graph and page code. For
each, the page is opened from disk and timed from navigation start:

  first draw    vis-network's first frame (the page's "pg-first-draw" mark)
  interactive   the main thread is free again after it ("pg-interactive")
  answer        open + a search typed, Enter pressed and the node's panel shown
  full view     the same page after "Show all": every node drawn (big graphs only)

Each page is loaded twice (after a warm-up page) and the better load is shown.

Run with `make bench` (or .venv/bin/python benchmarks/bench_html.py [--quick]).
Needs Debian's chromium (scripts/install-test-tools) and the test extras (playwright).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthetic_graph  # noqa: E402

from papergraph.export import html  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
TARGET_SECONDS = 3.0  # a 5,000-paper build must answer within this
RUNS = 2  # loads per page; the table shows the best


def graph_with_about(nodes: int):
    """A synthetic graph of roughly `nodes` nodes (the paper count is found by a few tries)."""
    papers = max(10, nodes // 2)
    for _ in range(4):
        g = synthetic_graph(papers)
        if abs(g.number_of_nodes() - nodes) <= nodes * 0.03:
            break
        papers = max(10, round(papers * nodes / g.number_of_nodes()))
    return g


def measure(browser, page_path: Path, query: str, big: bool) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 860})
    external: list[str] = []
    url = page_path.resolve().as_uri()
    ctx.route("**/*", lambda r: r.continue_() if r.request.url == url else (external.append(r.request.url), r.abort()))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_function("document.body.dataset.ready === '1'", timeout=600_000)
    marks = page.evaluate("Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))")
    shown = page.evaluate("network.body.data.nodes.length")
    # answer: type a query, press Enter, wait for the panel to show the node
    page.fill("#search", query)
    page.wait_for_selector("#search-results li[data-node]")
    page.press("#search", "Enter")
    page.wait_for_function("document.querySelector('#panel h2') !== null")
    answered = page.evaluate("performance.now()")
    out = {"first_draw": marks["pg-first-draw"] / 1000, "interactive": marks["pg-interactive"] / 1000,
           "answer": answered / 1000, "shown": shown,
           "external_requests": len(external), "errors": errors}
    if big:
        out["full_view"] = page.evaluate("""() => new Promise(done => {
            const t0 = performance.now(); pg.state.showAll = true; pg.showWhole();
            network.once('afterDrawing', () => done((performance.now() - t0) / 1000)); network.redraw(); })""")
    ctx.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1k nodes only")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    cases = [("1k nodes", lambda: graph_with_about(1000))]
    if not args.quick:
        cases += [("5k nodes", lambda: graph_with_about(5000)), ("10k nodes", lambda: graph_with_about(10000)),
                  ("5,000 papers", lambda: synthetic_graph(5000))]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=FLAGS)
        warm = Path(tmp) / "warm-up.html"  # the browser's first page pays for its own start-up
        warm.write_bytes(html.render(synthetic_graph(20)))
        measure(browser, warm, "2300.", False)
        for name, make in cases:
            g = make()
            t = time.perf_counter()
            data = html.render(g)
            render_s = time.perf_counter() - t
            path = Path(tmp) / f"{name.replace(' ', '_').replace(',', '')}.html"
            path.write_bytes(data)
            big = g.number_of_nodes() > html.FULL_VIEW_NODES or g.number_of_edges() > html.FULL_VIEW_EDGES
            runs = [measure(browser, path, "GPT-4", big) for _ in range(RUNS)]
            m = min(runs, key=lambda r: r["answer"])  # the best of RUNS loads: the least disturbed
            m["errors"] = [e for r in runs for e in r["errors"]]
            m["external_requests"] = sum(r["external_requests"] for r in runs)
            rows.append((name, g.number_of_nodes(), g.number_of_edges(), len(data) / 1e6, render_s, m, big))
            print(f"{name}: done", file=sys.stderr, flush=True)
        browser.close()
    print(f"{'graph':<14}{'nodes':>8}{'edges':>8}{'MB':>6}{'render':>8}  {'view':<9}{'shown':>6}"
          f"{'first draw':>11}{'interactive':>12}{'answer':>8}{'full view':>10}")
    ok = True
    for name, n, e, mb, render_s, m, big in rows:
        full = f"{m['full_view']:.2f}s" if "full_view" in m else "-"
        print(f"{name:<14}{n:>8}{e:>8}{mb:>6.1f}{render_s:>7.1f}s  {'overview' if big else 'full':<9}{m['shown']:>6}"
              f"{m['first_draw']:>10.2f}s{m['interactive']:>11.2f}s{m['answer']:>7.2f}s{full:>10}")
        if m["external_requests"] or m["errors"]:
            ok = False
            print(f"  {name}: {m['external_requests']} external request(s), errors: {m['errors'][:3]}")
        if name == "5,000 papers" and m["answer"] > TARGET_SECONDS:
            ok = False
            print(f"  {name}: answered in {m['answer']:.2f}s, over the {TARGET_SECONDS:.0f}s target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
