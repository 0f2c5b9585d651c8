import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from papergraph.build import build
from conftest import FIXTURES, ROOT, SEEDS, SHARED, IN_CI, need_tool

HOSTILE = '<img src=x onerror="alert(1)"> </script><script>alert(2)</script> "quoted" \'single\' href=javascript:alert(3)'


def test_seeds_build_into_one_graph(seeds_build):
    graph, report, out = seeds_build
    papers = [n for n, d in graph.nodes(data=True) if d["kind"] == "Paper"]
    assert len(papers) == 89 == report.papers
    assert report.skipped == []
    for name in ("graph.json", "graph.ttl", "graph.html", "report.json"):
        assert (out / name).stat().st_size > 0
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert {n["kind"] for n in data["nodes"]} >= {"Paper", "Model", "Method", "Dataset", "Topic"}
    assert {e["relation"] for e in data["links"]} >= {"mentions", "proposes", "has_topic"}
    # every paper has a topic, in either layout
    with_topic = {e["source"] for e in data["links"] if e["relation"] == "has_topic"}
    assert set(papers) <= with_topic


def test_the_same_entity_in_many_papers_is_one_node(seeds_build):
    graph, _, _ = seeds_build
    labels = [d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "Model"]
    assert labels.count("GPT-4") == 1
    gpt4 = next(n for n, d in graph.nodes(data=True) if d.get("label") == "GPT-4")
    citing = {u for u, _v, d in graph.in_edges(gpt4, data=True) if d["relation"] == "mentions"}
    assert len(citing) > 5


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists() and not IN_CI, reason="../shared/eval is not beside the checkout")
def test_seeds_score_against_gold(seeds_build):
    _, _, out = seeds_build
    gold = sorted(str(p) for p in (SHARED / "eval" / "gold").glob("*.json"))
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out / "graph.json"), *gold, "--json"],
                         capture_output=True, text=True, check=True)
    report = json.loads(run.stdout)
    assert report["papers_missing"] == []
    assert report["core_typed_prf"][2] >= 0.80, report


def test_building_twice_gives_identical_files(tmp_path):
    build([SEEDS], tmp_path / "a")
    build([SEEDS], tmp_path / "b")
    for name in ("graph.json", "graph.ttl", "graph.html", "report.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_turtle_passes_an_independent_strict_parser(seeds_build):
    rapper = need_tool("rapper", "the independent Turtle parser from raptor2-utils")
    _, _, out = seeds_build
    run = subprocess.run([rapper, "-i", "turtle", "-c", str(out / "graph.ttl")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Parsing returned" in run.stderr and " 0 triples" not in run.stderr


def hostile_digest(tmp_path: Path) -> Path:
    digest = tmp_path / "hostile.md"
    digest.write_text(
        f"# Evil{HOSTILE}: A Title\n[恶意{HOSTILE}](https://arxiv.org/abs/2401.99999)\n\n"
        f"我们提出了 EvilNet-7B 模型 {HOSTILE}，在 MMLU 上达到 99%。\n",
        encoding="utf-8",
    )
    return digest


def _start_tags(page: str) -> list[str]:
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    parser = Tags()
    parser.feed(page)
    return parser.tags


def test_html_is_self_contained_and_hostile_text_is_inert(tmp_path):
    build([hostile_digest(tmp_path)], tmp_path / "out")
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    # no script, stylesheet, font or image is fetched from anywhere
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?(https?:)?//""", page, re.I)
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com"):  # pyvis' template CDNs
        assert host not in page
    # the digest's markup never reaches the page as markup
    assert "<img src=x" not in page
    # parsed as a browser would: the digest's markup creates no element of its own
    tags = _start_tags(page)
    assert "img" not in tags and tags.count("script") == 3, tags
    data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    nodes = json.loads(data)["details"]  # one entry per node, in the order of data["nodes"]["id"]
    assert any(HOSTILE in (d.get("title") or "") for d in nodes)


def test_hostile_text_stays_text_in_the_turtle(tmp_path):
    from rdflib import Graph

    build([hostile_digest(tmp_path)], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    titles = {str(o) for o in g.objects(None, __import__("rdflib").DCTERMS.title)}
    assert any(HOSTILE in t for t in titles)


def test_cli_build_prints_a_summary_and_teaches(tmp_path):
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(FIXTURES / "blocks_zh_hans.md"),
                          "--out", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "2 papers" in run.stdout and "graph.html" in run.stdout
    helptext = subprocess.run([sys.executable, "-m", "papergraph", "build", "--help"], capture_output=True, text=True).stdout
    assert "--out" in helptext and "examples:" in helptext


def test_cli_names_a_missing_path_without_a_traceback(tmp_path):
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(tmp_path / "nope.md"), "--out", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "nope.md: no such file or folder" in run.stderr and "Traceback" not in run.stderr


def test_topics_map_onto_the_scheme_or_are_inferred(seeds_build):
    graph, _, _ = seeds_build
    topics = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "Topic"}
    assert all(d["in_scheme"] for d in topics.values())  # every table topic maps onto ontology/topics.ttl
    assert all(d["label_zh_hans"] and d["label_zh_hant"] for d in topics.values())
    # a table row keeps the digest's own topic: 心智理論 -> theory of mind
    tom = {v for _u, v, d in graph.out_edges("paper/2405.18870", data=True) if d["relation"] == "has_topic"}
    assert tom == {"topic/theory-of-mind"}
    # a heading block has no topic column: inferred from its wording (LongRAG is about RAG)
    longrag = {v for _u, v, d in graph.out_edges("paper/2406.15319", data=True) if d["relation"] == "has_topic"}
    assert "topic/rag" in longrag


def test_a_parallel_build_writes_the_same_files(tmp_path):
    build([SEEDS], tmp_path / "one", jobs=1)
    build([SEEDS], tmp_path / "two", jobs=2)
    for name in ("graph.json", "graph.ttl", "graph.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_record_files_build_like_digests(tmp_path):
    """arXiv metadata, an Atom feed and BibTeX go through the same build: authors and
    categories become nodes, and every export accepts them."""
    from pyshacl import validate
    from rdflib import Graph

    from papergraph.export.neo4j import LABELS, REL_TYPES

    graph, report = build([FIXTURES / "arxiv_metadata.jsonl", FIXTURES / "arxiv_api.atom",
                           FIXTURES / "references.bib"], tmp_path)
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert {"Paper", "Person", "Category"} <= kinds
    relations = {d["relation"] for *_e, d in graph.edges(data=True)}
    assert {"has_author", "in_category", "mentions"} <= relations
    assert kinds <= set(LABELS) and relations <= set(REL_TYPES)  # the Neo4j whitelist knows them
    rdf = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    ontology = Graph().parse(ROOT / "ontology" / "papergraph.ttl")
    conforms, _g, text = validate(rdf, shacl_graph=shapes, ont_graph=ontology)
    assert conforms, text


def test_a_build_says_each_stage_and_each_output_as_it_is_done_unless_quiet(tmp_path):
    def command(out: str, *more: str) -> list[str]:
        return [sys.executable, "-m", "papergraph", "build", str(FIXTURES / "blocks_zh_hans.md"),
                "--out", str(tmp_path / out), "--neo4j", "--jobs", "2", *more]

    run = subprocess.run(command("out"), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    stages = [re.sub(r"^papergraph \[\s*[\d.]+ s\] ", "", line) for line in run.stderr.splitlines()
              if line.startswith("papergraph [")]
    assert stages[0].startswith("reading 1 file(s)") and any(s.startswith("building the graph") for s in stages)
    writing = next(i for i, s in enumerate(stages) if s.startswith("writing "))
    written = sorted(s.split(" written (")[0] for s in stages[writing + 1:] if " written (" in s)
    assert written == ["graph.html", "graph.json", "graph.ttl", "neo4j"]  # each output, once, after "writing"
    quiet = subprocess.run(command("quiet", "-q"), capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
