"""graph.html in a real browser: Debian's chromium, driven by Playwright.

Nothing is mocked: the page is built by the real pipeline, opened from disk
in headless Chromium, and used the way a person would (typing in the search
box, hovering and clicking nodes on the canvas, ticking filters). Every
request the page makes is counted and blocked unless it is the page itself.
Screenshots go to test-artifacts/ for a human to look at.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, SEEDS, need_tool
from papergraph.build import build
from papergraph.text import to_simplified, to_traditional

ARTIFACTS = ROOT / "test-artifacts"
CJK = re.compile(r"[\u4e00-\u9fff]")

# Each payload sets a flag if it ever runs; the page must leave every flag unset.
PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    '<a href=javascript:window.__pwned=3>click</a> href=javascript:window.__pwned=3',
    "\"quoted\" 'single' `tick` <svg onload=window.__pwned=4>",
    "<iframe src=javascript:window.__pwned=5></iframe> <!-- -->",
]


class Page:
    """One page load, with every request, console message and page error recorded."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 860):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

        def route(r):
            if r.request.url == self.url:
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.goto(self.url)
        self.page.wait_for_function("document.body.dataset.ready === '1'", timeout=60000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is on the screen, in page coordinates."""
        x, y = self.js("""id => { const p = network.getPositions([id])[id]; const d = network.canvasToDOM(p);
                          const r = document.getElementById('network').getBoundingClientRect();
                          return [r.left + d.x, r.top + d.y]; }""", node_id)
        return x, y

    def shown_nodes(self) -> list[str]:
        return self.js("network.body.data.nodes.getIds()")

    def assert_clean(self):
        assert self.requests == [self.url], f"the page fetched more than itself: {self.requests}"
        assert self.blocked == []
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self):
        self.context.close()


def _search(p: Page, query: str) -> list[str]:
    p.page.fill("#search", "")
    p.page.type("#search", query)
    p.page.wait_for_selector("#search-results:not([hidden])")
    return p.js("Array.from(document.querySelectorAll('#search-results li[data-node]')).map(li => pg.nodeId(+li.dataset.node))")


@pytest.fixture(scope="module")
def seeds_page(browser, seeds_build):
    graph, _report, out = seeds_build
    p = Page(browser, out / "graph.html")
    yield graph, p
    p.close()


def test_seeds_page_is_offline_clean_and_draws_every_node_and_edge(seeds_page):
    graph, p = seeds_page
    p.screenshot("graph-seeds.png")
    p.assert_clean()
    assert p.js("network.body.data.nodes.length") == graph.number_of_nodes()
    # a multigraph: parallel relations between the same two nodes are all drawn
    assert p.js("network.body.data.edges.length") == graph.number_of_edges()
    parallel = next((u, v) for u, v in graph.edges() if graph.number_of_edges(u, v) > 1)
    drawn = p.js("([u, v]) => network.body.data.edges.get().filter(e => e.from === u && e.to === v).length", list(parallel))
    assert drawn == graph.number_of_edges(*parallel) > 1
    # no vis item has a title, so vis-network never opens a tooltip of its own
    assert p.js("network.body.data.nodes.get().concat(network.body.data.edges.get()).filter(x => 'title' in x).length") == 0
    # the legend names every kind in the graph
    legend = p.js("document.getElementById('kinds').textContent")
    for kind in {d["kind"] for _n, d in graph.nodes(data=True)}:
        assert kind in legend


def _simplified_only_alias(graph):
    """(node, alias): a Simplified Chinese alias whose Traditional spelling the node does not list."""
    for n, d in sorted(graph.nodes(data=True)):
        names = set(d.get("aliases") or [])
        for a in sorted(names):
            if CJK.search(a) and to_traditional(a) != a and to_traditional(a) not in names and to_simplified(a) == a:
                return n, a
    raise AssertionError("the seeds have no Simplified-only alias")


def test_search_finds_nodes_by_chinese_alias_in_either_script(seeds_page):
    graph, p = seeds_page
    node, alias = _simplified_only_alias(graph)
    assert node in _search(p, alias)
    traditional = to_traditional(alias)
    assert node in _search(p, traditional), f"{traditional!r} (for {alias!r}) did not find {node}"
    # and the other way: a Traditional-only alias found by a Simplified query
    other, query = next((n, to_simplified(a)) for n, d in sorted(graph.nodes(data=True)) for a in d.get("aliases") or []
                        if to_simplified(a) != a and to_simplified(a) not in d["aliases"])
    assert other in _search(p, query), query
    # Enter picks the first hit: selected, centred, highlighted, its panel open
    _search(p, alias)
    first = p.js("pg.nodeId(+document.querySelector('#search-results li[data-node]').dataset.node)")
    p.page.press("#search", "Enter")
    assert p.js("network.getSelectedNodes()") == [first]
    assert p.page.text_content("#panel h2") == graph.nodes[first]["label"]
    assert set(p.js("pg.highlighted()")) == {first, *graph.successors(first), *graph.predecessors(first)}
    p.screenshot("graph-seeds-search.png")
    p.assert_clean()


def test_clicking_a_node_opens_its_panel_and_focus_shows_its_neighbourhood(seeds_page):
    graph, p = seeds_page
    p.js("pg.showWhole()")
    paper = max((n for n, d in graph.nodes(data=True) if d["kind"] == "Paper"), key=lambda n: (graph.degree(n), n))
    p.js("id => network.focus(id, {scale: 1.5})", paper)
    x, y = p.node_point(paper)
    p.page.mouse.click(x, y)
    assert p.js("network.getSelectedNodes()") == [paper]
    d = graph.nodes[paper]
    panel = p.page.text_content("#panel")
    assert d["title"] in panel and d["title_zh"] in panel and d["arxiv_id"] in panel
    assert p.page.get_attribute("#panel a[href]", "href") == f"https://arxiv.org/abs/{d['arxiv_id']}"
    for target in graph.successors(paper):  # its entities and results are listed
        t = graph.nodes[target]
        if t["kind"] != "Result":
            assert t["label"] in panel, t["label"]
    neighbours = {paper, *graph.successors(paper), *graph.predecessors(paper)}
    assert set(p.js("pg.highlighted()")) == neighbours
    p.page.click("#panel button:has-text('Focus')")
    assert set(p.shown_nodes()) == neighbours
    assert "Neighbourhood of" in p.page.text_content("#notice")
    p.screenshot("graph-seeds-focus.png")
    p.page.click("#notice button")
    assert len(p.shown_nodes()) == graph.number_of_nodes()
    # an entity's panel: aliases, the papers that mention it, its variants
    model = next(n for n, d in graph.nodes(data=True) if d.get("label") == "GPT-4")
    p.js("id => pg.select(pg.nodeIndex(id))", model)
    panel = p.page.text_content("#panel")
    assert "Mentioned by" in panel and "Variants" in panel
    for alias in graph.nodes[model]["aliases"]:
        assert alias in panel
    p.assert_clean()


def test_filters_by_kind_relation_and_topic(seeds_page):
    graph, p = seeds_page
    p.js("pg.showWhole()")
    papers = {n for n, d in graph.nodes(data=True) if d["kind"] == "Paper"}
    p.page.click("#kinds label:has-text('Paper') input")
    assert set(p.shown_nodes()) == set(graph) - papers
    p.page.click("#kinds label:has-text('Paper') input")
    assert len(p.shown_nodes()) == graph.number_of_nodes()
    mentions = sum(1 for *_e, d in graph.edges(data=True) if d["relation"] == "mentions")
    p.page.click("#relations label:has-text('mentions') input")
    assert p.js("network.body.data.edges.length") == graph.number_of_edges() - mentions
    p.page.click("#relations label:has-text('mentions') input")
    # a topic: its papers (and its narrower topics' papers) are shown, no other paper is
    value = p.js("Array.from(document.querySelectorAll('#topic option')).find(o => o.text.startsWith('Retrieval-Augmented Generation (')).value")
    p.page.select_option("#topic", value=value)
    shown = set(p.shown_nodes())
    rag = {"topic/rag"} | {u for u, _v, d in graph.in_edges("topic/rag", data=True) if d["relation"] == "broader"}
    rag_papers = {u for t in rag for u, _v, d in graph.in_edges(t, data=True) if d["relation"] == "has_topic"}
    assert rag_papers and rag_papers <= shown and "topic/rag" in shown
    assert shown & papers == rag_papers
    p.screenshot("graph-seeds-topic.png")
    p.page.select_option("#topic", value="-1")
    assert len(p.shown_nodes()) == graph.number_of_nodes()
    p.assert_clean()


def _hostile_digest(tmp_path: Path) -> Path:
    title = " ".join(PAYLOADS)
    digest = tmp_path / "hostile.md"
    digest.write_text(
        f"# Evil {title}: A Title\n[恶意標題 {PAYLOADS[0]}](https://arxiv.org/abs/2401.99999)\n\n"
        f"我们提出了 EvilNet-7B 模型 {PAYLOADS[1]} {PAYLOADS[2]}，在 MMLU 上达到 99%。EvilNet-7B 优于 GPT-4。{PAYLOADS[3]}\n\n"
        f"# {PAYLOADS[4]} Second {PAYLOADS[0]}\n[{PAYLOADS[3]}](https://arxiv.org/abs/2401.99998)\n\n"
        f"本文比较 EvilNet-7B 与 GPT-4 {PAYLOADS[2]}。\n",
        encoding="utf-8",
    )
    return digest


def test_hostile_text_stays_inert_after_hovering_and_clicking_every_node(browser, tmp_path):
    graph, _report = build([_hostile_digest(tmp_path)], tmp_path / "out")
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "innerHTML" not in page and "insertAdjacentHTML" not in page and "document.write" not in page
    assert "htmlTitle" not in page  # pyvis' template, whose tooltips switch to innerHTML, is not used
    p = Page(browser, tmp_path / "out" / "graph.html")
    try:
        ids = sorted(graph)
        for n in ids:
            p.js("network.fit({animation: false})")
            x, y = p.node_point(n)
            p.page.mouse.move(x, y)
            p.page.wait_for_timeout(30)
            p.page.mouse.click(x, y)
            p.js("id => pg.select(pg.nodeIndex(id), {move: false})", n)  # in case another node lay on top
            assert p.page.text_content("#panel h2")
        # the search list renders the same names
        for q in ("img", "script", "javascript", "quoted", "evil"):
            _search(p, q)
        hovered = p.page.text_content("#tooltip")
        p.js("pg.select(pg.nodeIndex('paper/2401.99999'), {move: false})")
        p.screenshot("graph-hostile.png")
        assert p.js("window.__pwned") is None
        assert p.js("document.querySelectorAll('img, iframe, svg, object, embed').length") == 0
        assert p.js("document.querySelectorAll('script').length") == 3
        hrefs = p.js("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("https://arxiv.org/abs/") for h in hrefs), hrefs
        # the payloads are there, as text
        text = p.js("document.body.textContent")
        assert PAYLOADS[0] in text and "</script><script>" in text
        assert hovered is not None
        p.assert_clean()
    finally:
        p.close()


def test_a_big_graph_opens_on_an_overview_that_says_so(browser, seeds_build, tmp_path, monkeypatch):
    from papergraph.export import html

    graph, _report, _out = seeds_build
    monkeypatch.setattr(html, "FULL_VIEW_NODES", 100)  # the seeds stand in for a big build
    (tmp_path / "graph.html").write_bytes(html.render(graph))
    p = Page(browser, tmp_path / "graph.html")
    try:
        shown = set(p.shown_nodes())
        assert 0 < len(shown) < graph.number_of_nodes()
        assert {n for n, d in graph.nodes(data=True) if d["kind"] == "Topic"} <= shown
        notice = p.page.text_content("#notice")
        assert "Overview of a large graph" in notice and f"{graph.number_of_nodes()} nodes" in notice
        p.screenshot("graph-overview.png")
        # into the detail: a node the overview does not draw opens on its neighbourhood
        paper = next(n for n, d in sorted(graph.nodes(data=True)) if d["kind"] == "Paper")
        p.page.type("#search", graph.nodes[paper]["arxiv_id"])
        p.page.press("#search", "Enter")
        assert set(p.shown_nodes()) == {paper, *graph.successors(paper), *graph.predecessors(paper)}
        p.page.click("#notice button:has-text('Back to the overview')")
        assert set(p.shown_nodes()) == shown
        p.page.click("#notice button:has-text('Show all')")
        assert len(p.shown_nodes()) == graph.number_of_nodes()
        p.assert_clean()
    finally:
        p.close()


def test_a_graph_too_big_for_one_page_gets_a_bounded_part_that_says_so(browser, seeds_build, tmp_path, monkeypatch):
    """Above PAGE_NODES the page holds every topic, the most-named entities and the papers naming
    most of them, one link per pair and relation; "Show all" draws that part, and the page says so."""
    from papergraph.export import html

    graph, _report, _out = seeds_build
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    for name, value in (("FULL_VIEW_NODES", 100), ("PAGE_NODES", 200), ("PAGE_EDGES", 400),
                        ("PAGE_ENTITIES", 60), ("PAGE_PAPERS", 20)):
        monkeypatch.setattr(html, name, value)
    part, about = html.sample(graph)
    topics = {n for n, k in kinds.items() if k == "Topic"}
    assert set(part) == topics | {n for n in part if kinds[n] != "Topic"}
    assert sum(kinds[n] == "Paper" for n in part) == 20 and not any(kinds[n] == "Result" for n in part)
    assert sum(kinds[n] not in ("Paper", "Topic", "Result") for n in part) == 60
    assert about["nodes"] == graph.number_of_nodes() and part.number_of_edges() == about["shown_edges"] <= 400
    # the most-named entity is there; links are real ones of the graph, one per pair and relation
    named = html._papers_naming(graph, kinds)
    top = max((n for n in graph if kinds[n] not in ("Paper", "Topic", "Result")), key=lambda n: (named[n], n))
    assert top in part
    pairs = [(u, v, d["relation"]) for u, v, d in part.edges(data=True)]
    assert len(pairs) == len(set(pairs)) and all(graph.has_edge(u, v) for u, v, _r in pairs)
    (tmp_path / "graph.html").write_bytes(html.render(graph))
    p = Page(browser, tmp_path / "graph.html")
    try:
        notice = p.page.text_content("#notice")
        assert "This page holds part of a large build" in notice and "graph.json and graph.ttl hold everything" in notice
        assert f"{graph.number_of_nodes()} nodes" in notice and "at most 200 nodes" in notice
        assert "Overview of a large graph" in notice
        assert topics <= set(p.shown_nodes())
        p.page.click("#notice button:has-text('Show all')")
        assert set(p.shown_nodes()) == set(part)
        p.assert_clean()
    finally:
        p.close()


def test_build_focus_and_topic_write_a_page_for_that_part_only(browser, tmp_path):
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(SEEDS), "--out", str(tmp_path / "f"),
                          "--focus", "gpt4"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "neighbourhood of 'GPT-4'" in run.stdout
    full = json.loads((tmp_path / "f" / "graph.json").read_text(encoding="utf-8"))
    p = Page(browser, tmp_path / "f" / "graph.html")
    try:
        shown = set(p.shown_nodes())
        assert "model/gpt-4" in shown and len(shown) < len(full["nodes"])  # graph.json keeps everything
        assert "neighbourhood of “GPT-4”" in p.page.text_content("#notice")
        assert p.js("network.getSelectedNodes()") == ["model/gpt-4"]
        p.assert_clean()
    finally:
        p.close()
    # a topic, named in Traditional Chinese
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(SEEDS), "--out", str(tmp_path / "t"),
                          "--topic", "檢索增強生成"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "topic/rag" in run.stdout
    # a name that is not there: one line, a suggestion, nothing written
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(SEEDS), "--out", str(tmp_path / "x"),
                          "--focus", "GPT-44"], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "no node named 'GPT-44'" in run.stderr and "'GPT-4'" in run.stderr
    assert not (tmp_path / "x").exists()


def test_scope_subgraphs_keep_every_edge_between_their_nodes(seeds_build):
    from papergraph.scope import find_node, focus_subgraph, topic_subgraph

    graph, _report, _out = seeds_build
    assert find_node(graph, "model/gpt-4") == find_node(graph, "GPT 4") == "model/gpt-4"
    sub = focus_subgraph(graph, "model/gpt-4")
    assert set(sub) >= {"model/gpt-4", *graph.successors("model/gpt-4"), *graph.predecessors("model/gpt-4")}
    for u, v in graph.edges():
        if u in sub and v in sub:
            assert sub.number_of_edges(u, v) == graph.number_of_edges(u, v)
    assert sub.graph["scope"]["of_nodes"] == graph.number_of_nodes()
    topic = topic_subgraph(graph, find_node(graph, "RAG", kinds={"Topic"}))
    assert all(d["kind"] != "Paper" or any(graph.has_edge(n, t) for t in topic if t.startswith("topic/"))
               for n, d in topic.nodes(data=True))
    with pytest.raises(LookupError, match="did you mean"):
        find_node(graph, "GPT-44")


def test_view_opens_the_page_in_the_browser_named_by_BROWSER(tmp_path):
    out = tmp_path / "site"
    build([SEEDS / sorted(os.listdir(SEEDS))[0]], out)
    log = tmp_path / "opened.txt"
    fake = tmp_path / "fake-browser.py"  # stands in for a desktop browser, which a test machine lacks
    fake.write_text(f"import sys; open({str(log)!r}, 'w').write(sys.argv[1])\n")
    env = {**os.environ, "BROWSER": f"{sys.executable} {fake} %s"}
    run = subprocess.run([sys.executable, "-m", "papergraph", "view", "--out", str(out)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert log.read_text() == (out / "graph.html").resolve().as_uri()
    run = subprocess.run([sys.executable, "-m", "papergraph", "view", "--out", str(tmp_path / "none")], capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "graph.html: no such file" in run.stderr and "papergraph build" in run.stderr
    helptext = subprocess.run([sys.executable, "-m", "papergraph", "view", "--help"], capture_output=True, text=True).stdout
    assert "examples:" in helptext and "--out" in helptext


def test_the_folding_table_covers_both_scripts():
    from papergraph.export.html import script_folding

    table = script_folding(["检索增强生成", "長上下文"])
    assert table["檢"] == "检" and table["強"] == "强"  # Traditional variants of the Simplified names
    assert table["長"] == "长"  # the page's own Traditional characters
    assert "检" not in table  # a Simplified character folds to itself
    assert all(len(k) == len(v) == 1 for k, v in table.items())
