"""Property-based tests (hypothesis) of the readers and the exporters.

Readers: any bytes at all give papers and messages, never an exception; any
digest written in either layout reads back as written, in every encoding and
line-end convention papergraph accepts. Exporters: any text at all in any
attribute stays text: JSON and Turtle give it back unchanged, the HTML page
gains no element, spreadsheet cells never start a formula.
"""
import codecs
import csv
import io
import json
import re
from html.parser import HTMLParser

import networkx as nx
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from papergraph.export import RENDERERS
from papergraph.export.cells import FORMULA_STARTS, csv_bytes, spreadsheet_cell
from papergraph.ingest import parse_bytes
from papergraph.ingest.arxiv import arxiv_id_from_url

from conftest import SEEDS

settings.register_profile("papergraph", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("papergraph")

# Characters of real digests: the seeds' Chinese (both scripts), ASCII letters and digits.
SEED_HAN = sorted({ch for f in SEEDS.iterdir() for ch in f.read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff"})
WORD = st.text(st.sampled_from(SEED_HAN + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
               min_size=1, max_size=12)
PUNCT = st.sampled_from([" ", " ", " ", ", ", "，", "。", "：", "（", "）", "-", ": ", "|", "%", "“", "”"])


@st.composite
def phrase(draw, min_words=1, max_words=12):
    parts = [draw(WORD)]
    for _ in range(draw(st.integers(min_words - 1, max_words - 1))):
        parts += [draw(PUNCT), draw(WORD)]
    return " ".join("".join(parts).split())  # readers strip and join whitespace


arxiv_ids = st.builds(lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}",
                      st.integers(15, 29), st.integers(1, 12), st.integers(0, 99999))


@st.composite
def papers(draw):
    ids = draw(st.lists(arxiv_ids, min_size=1, max_size=5, unique=True))
    return [{"id": i, "title": draw(phrase(1, 6)).replace("|", "/"), "summary": draw(phrase(3, 20)),
             "topics": draw(st.lists(WORD, max_size=3, unique=True))} for i in ids]


def as_blocks(items) -> str:
    return "\n\n".join(f"# {p['title']}\n[中文标题](https://arxiv.org/abs/{p['id']})\n\n{p['summary']}\n"
                       for p in items)


def as_table(items) -> str:
    def cell(text):
        return text.replace("|", "\\|")
    rows = [f"| 2024-05-01 | [{cell(p['title'])}](https://arxiv.org/pdf/{p['id']}) | {cell(p['summary'])} | "
            f"{', '.join(p['topics'])} |" for p in items]
    return "| 日期 | 名称 | 摘要 | 主题 |\n| --- | --- | --- | --- |\n" + "\n".join(rows) + "\n"


ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
             ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("gb18030", b""), ("big5", b"")]


@given(items=papers(), layout=st.sampled_from(["blocks", "table"]), encoding=st.sampled_from(ENCODINGS),
       ending=st.sampled_from(["\n", "\r\n"]))
def test_any_digest_reads_back_as_written(items, layout, encoding, ending):
    text = as_blocks(items) if layout == "blocks" else as_table(items)
    codec, bom = encoding
    try:
        raw = bom + text.replace("\n", ending).encode(codec)
    except UnicodeEncodeError:  # Big5 has no Simplified characters
        assume(False)
    reading = parse_bytes(raw, "p.md")
    assert reading.diagnostics == [] or all(d.code == "missing-cells" for d in reading.diagnostics)
    got = [(p.arxiv_id, p.title, p.summary) for p in reading.papers]
    assert got == [(p["id"], p["title"], p["summary"]) for p in items]
    if layout == "table":
        assert [p.topics for p in reading.papers] == [p["topics"] for p in items]


@settings(max_examples=300)
@given(raw=st.one_of(st.binary(max_size=2000),
                     st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.lists(st.sampled_from([b"# ", b"| ", b" |", b"---", b"\n", b"\r\n", b"[", b"](", b")",
                                               b"https://arxiv.org/abs/2401.00001", b"arXiv:2402.00002", b"\xff",
                                               "标题".encode(), "標題".encode("big5"), b"\x00", b"\xef\xbb\xbf"]),
                              max_size=60).map(b"".join)))
def test_no_bytes_make_a_reader_raise(raw):
    reading = parse_bytes(raw, "any.md")
    lines = raw.count(b"\n") + 1
    for d in reading.diagnostics:
        assert d.source.file == "any.md" and d.severity in ("warning", "skipped") and d.code and d.message
        assert 0 <= d.source.line <= max(lines, raw.count(b"\r") + 1)
    for p in reading.papers:
        assert arxiv_id_from_url(f"https://arxiv.org/abs/{p.arxiv_id}") == p.arxiv_id
        assert p.url.startswith("https://arxiv.org/") or p.url.startswith("http://arxiv.org/")
        assert "\r" not in p.title + p.summary and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", p.title + p.summary)


# -- exporters -------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
HOSTILE = st.sampled_from(['<script>alert(1)</script>', '</script><img src=x onerror=alert(1)>', '"; DROP TABLE x; --',
                           '"""@prefix x: <http://evil/> .', "'''\\u0022", "<!--", "]]>", "=cmd|' /C calc'!A0",
                           "@SUM(1+1)", "\u2028\u2029", "\\", "\x00\x1b[2J"])
TEXT = st.one_of(ANY_TEXT, HOSTILE, st.tuples(HOSTILE, ANY_TEXT).map("".join))


def graph_with(title, summary, label, alias, evidence) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("paper/2401.00001", kind="Paper", label=title, arxiv_id="2401.00001", title=title,
               title_zh=label, summary=summary, script="zh-Hans", date="2024-01", url="https://arxiv.org/abs/2401.00001",
               topics_given=[label], sources=["a.md:1"])
    g.add_node("model/x", kind="Model", label=label, aliases=[alias], origin="discovered")
    g.add_node("result/2401.00001/1", kind="Result", label=alias, value=1.5, value_text=alias, unit="%",
               dataset=label, metric="", subject="", paper="2401.00001", evidence=evidence, digest="a.md", line=1)
    g.add_edge("paper/2401.00001", "model/x", key="mentions", relation="mentions", evidence=evidence,
               digest="a.md", line=1)
    g.add_edge("paper/2401.00001", "result/2401.00001/1", key="reports", relation="reports", evidence=evidence,
               digest="a.md", line=1)
    return g


texts = dict(title=TEXT, summary=TEXT, label=TEXT, alias=TEXT, evidence=TEXT)


@given(**texts)
def test_json_gives_any_text_back(title, summary, label, alias, evidence):
    g = graph_with(title, summary, label, alias, evidence)
    data = json.loads(RENDERERS["json"].render(g).decode("utf-8"))
    back = nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))

    def edges(graph):
        return sorted(((u, v, k, d)
                       for u, v, k, d in graph.edges(keys=True, data=True)), key=str)
    assert edges(back) == edges(g)


@given(**texts)
def test_turtle_gives_any_text_back_as_literals(title, summary, label, alias, evidence):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, SKOS

    g = graph_with(title, summary, label, alias, evidence)
    rdf = Graph().parse(data=RENDERERS["turtle"].render(g).decode("utf-8"), format="turtle")
    paper, model = URIRef("https://papergraph.dev/paper/2401.00001"), URIRef("https://papergraph.dev/model/x")
    assert {str(o) for o in rdf.objects(paper, DCTERMS.title)} >= {title}
    assert {str(o) for o in rdf.objects(paper, DCTERMS.abstract)} == {summary}
    assert {str(o) for o in rdf.objects(model, SKOS.altLabel)} == {alias} - {label}  # an alias equal to the label is not repeated
    assert all(isinstance(o, Literal) for o in rdf.objects(model, SKOS.prefLabel))
    # no text became a subject of its own: only the graph's nodes, the digest file and the
    # reified fact (provenance) are described
    subjects = {str(s) for s in rdf.subjects()}
    assert subjects - {str(paper), str(model), "https://papergraph.dev/result/2401.00001/1",
                       "https://papergraph.dev/digest/a.md"} == {s for s in subjects if s.startswith("https://papergraph.dev/fact/")}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(attrs))))


def _tags(page: str):
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


_PLAIN_TAGS = None


@settings(max_examples=40)
@given(**texts)
def test_html_gains_no_element_and_keeps_the_text(title, summary, label, alias, evidence):
    global _PLAIN_TAGS
    if _PLAIN_TAGS is None:
        _PLAIN_TAGS = _tags(RENDERERS["html"].render(graph_with("t", "s", "l", "a", "e")).decode("utf-8"))
    page = RENDERERS["html"].render(graph_with(title, summary, label, alias, evidence)).decode("utf-8")
    assert _tags(page) == _PLAIN_TAGS
    data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(data)
    details = dict(zip(data["nodes"]["id"], data["details"]))  # the page keeps nodes in columns
    assert details["paper/2401.00001"]["title"] == title
    assert details["model/x"]["label"] == label and details["model/x"]["aliases"] == [alias]


@given(st.lists(st.tuples(TEXT, TEXT), max_size=8))
def test_spreadsheet_cells_never_start_a_formula(rows):
    data = csv_bytes(["title", "label"], rows, text_columns=["title"]).decode("utf-8")
    parsed = list(csv.reader(io.StringIO(data, newline="")))
    assert parsed[0] == ["title", "label"] and len(parsed) == len(rows) + 1
    for (title, label), (got_title, got_label) in zip(rows, parsed[1:]):
        assert not got_title.startswith(FORMULA_STARTS)
        assert got_title in (title, "'" + title) and got_label == label
        assert spreadsheet_cell(title) == got_title


RDF_RENDERERS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD"}


@settings(max_examples=40)
@given(**texts)
def test_every_rdf_writer_gives_any_text_back_as_the_same_triples(title, summary, label, alias, evidence):
    """The hand-written Turtle, TriG, N-Triples, N-Quads and JSON-LD writers escape any text:
    Oxigraph's strict parsers read the same triples from each."""
    import pyoxigraph as ox

    from papergraph import rdf

    g = graph_with(title, summary, label, alias, evidence)
    expected = {(t.subject, t.predicate, t.object) for t in rdf.triples(g)}
    assert {t.object.value for t in rdf.triples(g) if t.predicate.value.endswith("/title")} >= {title}
    for name, fmt in RDF_RENDERERS.items():
        data = RENDERERS[name].render(g)
        got = [(q.subject, q.predicate, q.object) for q in ox.parse(data, format=getattr(ox.RdfFormat, fmt))]
        assert len(got) == len(expected) and set(got) == expected, name


def test_streamed_outputs_are_the_rendered_bytes(tmp_path):
    """Every renderer that streams writes exactly what render() gives."""
    g = graph_with("A title", "摘要", "Model X", "X", "我们提出了 X。")
    streamed = [name for name, r in RENDERERS.items() if r.stream is not None]
    assert {"json", "turtle", "nt", "nq", "trig", "jsonld", "cypher"} <= set(streamed)
    for name in streamed:
        path = tmp_path / name
        size = RENDERERS[name].write(g, path)
        assert path.read_bytes() == RENDERERS[name].render(g) and size == path.stat().st_size, name
