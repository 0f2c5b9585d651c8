"""Record sources: arXiv metadata JSON lines, arXiv API Atom feeds, BibTeX."""
import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from papergraph.build import BuildReport, build, read_papers
from papergraph.ingest import merge_papers, read_file, reader_for, read_text
from papergraph.ingest.streaming import read_path
from papergraph.model import Diagnostic, Paper
from papergraph.rdf import iri, to_rdf

from conftest import FIXTURES

SDO = Namespace("https://schema.org/")


def read(path, streamed=True):
    items = list((read_path if streamed else read_file)(path, path.name))
    return [x for x in items if isinstance(x, Paper)], [x for x in items if isinstance(x, Diagnostic)]


@pytest.mark.parametrize("name, reader", [
    ("arxiv_metadata.jsonl", "arxiv-jsonl"),
    ("arxiv_api.atom", "arxiv-atom"),
    ("references.bib", "bibtex"),
    ("blocks_zh_hans.md", "markdown-blocks"),
    ("table_zh_hant.md", "markdown-table"),
])
def test_the_format_is_chosen_by_content_not_by_name(name, reader, tmp_path):
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((FIXTURES / name).read_bytes())
    assert reader_for(read_text(renamed)).name == reader


def test_arxiv_metadata_snapshot_lines_give_papers_authors_categories_dates():
    papers, problems = read(FIXTURES / "arxiv_metadata.jsonl")
    assert problems == []
    assert [p.arxiv_id for p in papers] == ["0704.0001", "2406.15319", "2404.03715"]
    old, longrag, dno = papers
    # authors_parsed is preferred; LaTeX accents become Unicode
    assert old.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
    assert old.categories == ["hep-ph"]
    assert old.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert old.date == "2007-04-02"  # the day v1 was submitted, not update_date
    assert longrag.categories == ["cs.CL", "cs.AI"]
    assert longrag.summary.startswith("In traditional RAG framework, the basic retrieval units are normally short. The")
    assert "\n" not in longrag.summary and longrag.script == "en"
    assert (longrag.source.file, longrag.source.line) == ("arxiv_metadata.jsonl", 2)
    assert dno.authors[-1] == "Tengyang Xie" and dno.url == "https://arxiv.org/abs/2404.03715"


def test_bad_json_lines_are_reported_with_their_line_and_the_rest_is_read(tmp_path):
    good = (FIXTURES / "arxiv_metadata.jsonl").read_text().splitlines()
    bad = tmp_path / "snapshot.jsonl"
    bad.write_text("\n".join([
        good[0],
        '{"id": "2406.15319", "title": "cut off',
        '{"id": "not-an-id", "title": "x"}',
        '["a", "list"]',
        "",
        '{"id": "2401.00001", "abstract": "no title here"}',
        good[2],
    ]) + "\n")
    papers, problems = read(bad)
    assert [p.arxiv_id for p in papers] == ["0704.0001", "2404.03715"]
    assert [(d.source.line, d.severity) for d in problems] == [(2, "skipped"), (3, "skipped"), (4, "skipped"), (6, "skipped")]
    assert "not a JSON object" in problems[0].message
    assert "not-an-id" in problems[1].message
    assert "without a title" in problems[3].message


def test_undecodable_bytes_in_a_snapshot_line_are_named_not_fatal(tmp_path):
    lines = (FIXTURES / "arxiv_metadata.jsonl").read_bytes().splitlines(keepends=True)
    broken = tmp_path / "latin.jsonl"
    broken.write_bytes(lines[0] + lines[1].replace(b"Ziyan", b"Zi\xe9an") + lines[2])
    papers, problems = read(broken)
    assert len(papers) == 3
    assert [(d.source.line, d.severity) for d in problems] == [(2, "warning")]
    assert "not UTF-8" in problems[0].message


def test_lone_surrogate_escapes_are_replaced_and_reported_and_the_build_goes_on(tmp_path):
    # "\ud800" is valid JSON but no text: it cannot be written as UTF-8, and it
    # used to stop the whole build with an internal error
    lines = (FIXTURES / "arxiv_metadata.jsonl").read_text().splitlines()
    record = json.loads(lines[1])
    record["title"] = "LongRAG \ud800 with a broken escape"
    record["authors_parsed"][0][0] = "Ji\udfffang"
    paired = json.loads(lines[2])
    paired["title"] += " \U0001f600"  # a real pair (json.dumps writes "\ud83d\ude00"): not reported
    snapshot = tmp_path / "snapshot.jsonl"
    snapshot.write_text("\n".join([lines[0], json.dumps(record), json.dumps(paired)]) + "\n")
    assert "\\ud800" in snapshot.read_text() and "\\ud83d\\ude00" in snapshot.read_text()
    papers, problems = read(snapshot)
    assert [p.arxiv_id for p in papers] == ["0704.0001", "2406.15319", "2404.03715"]
    assert papers[1].title == "LongRAG \ufffd with a broken escape"
    assert papers[1].authors[0] == "Ziyan Ji\ufffdang"
    assert papers[2].title.endswith(" \U0001f600")
    assert [(d.source.line, d.severity, d.code) for d in problems] == [(2, "warning", "lone-surrogate")]
    assert "2 lone UTF-16 surrogate" in problems[0].message

    out = tmp_path / "out"
    _graph, report = build([snapshot], out)
    assert json.loads((out / "graph.json").read_text())  # written, as UTF-8
    assert "paper/2406.15319" in {n["id"] for n in json.loads((out / "graph.json").read_text())["nodes"]}
    assert any(w.code == "lone-surrogate" for w in report.warnings)


def test_atom_feed_entries_give_papers_with_the_line_of_each_entry():
    papers, problems = read(FIXTURES / "arxiv_api.atom")
    assert problems == []
    longrag, judges = papers
    assert longrag.arxiv_id == "2406.15319" and longrag.date == "2024-06-21"
    assert longrag.authors == ["Ziyan Jiang", "Xueguang Ma", "Wenhu Chen"]
    assert longrag.categories == ["cs.CL", "cs.AI"]  # primary first, once
    assert judges.title == "Judging the Judges: Evaluating Alignment and Vulnerabilities in LLMs-as-Judges"
    assert (longrag.source.line, judges.source.line) == (10, 39)


@pytest.mark.parametrize("payload", [
    # billion laughs
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2406.15319</id>'
    '<title>&lol2;</title></entry></feed>',
    # external entity (XXE)
    '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2406.15319</id>'
    '<title>&xxe;</title></entry></feed>',
])
def test_hostile_xml_is_refused_without_expanding_anything(payload, tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(payload)
    papers, problems = read(f)
    assert papers == []
    assert len(problems) == 1 and problems[0].severity == "skipped"
    assert "refused" in problems[0].message


def test_truncated_atom_keeps_the_entries_before_the_break(tmp_path):
    text = (FIXTURES / "arxiv_api.atom").read_text()
    cut = tmp_path / "cut.atom"
    cut.write_text(text[: text.index("<entry>", text.index("</entry>")) + 40])
    papers, problems = read(cut)
    assert [p.arxiv_id for p in papers] == ["2406.15319"]
    assert problems[-1].severity == "skipped" and "not well-formed" in problems[-1].message
    assert problems[-1].source.line > 30


def test_arxiv_api_error_entries_are_reported(tmp_path):
    f = tmp_path / "error.atom"
    f.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
                 "<entry>\n<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>\n"
                 "<title>Error</title>\n<summary>incorrect id format for 1234.12345</summary>\n</entry>\n</feed>\n")
    papers, problems = read(f)
    assert papers == [] and problems[0].source.line == 3
    assert "incorrect id format" in problems[0].message


def test_bibtex_entries_find_the_arxiv_id_in_eprint_journal_doi_or_url():
    papers, problems = read(FIXTURES / "references.bib")
    assert [p.arxiv_id for p in papers] == ["2406.15319", "2404.03715", "0704.0001", "2406.12624"]
    longrag, dno, old, judges = papers
    assert longrag.categories == ["cs.CL"] and longrag.date == "2024-06"
    assert dno.title.startswith("Direct Nash Optimization:")  # {N} braces gone
    assert dno.authors[:2] == ["Corby Rosset", "Ching-An Cheng"]  # "Last, First" turned round
    assert old.authors[0] == "C. Balázs" and old.date == "2007-04"
    assert old.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert judges.summary.startswith("We leverage TriviaQA")
    assert [p.source.line for p in papers] == [4, 14, 21, 41]
    # the book is not an arXiv paper; the broken entry is named; both with their line
    assert [(d.source.line, d.severity) for d in problems] == [(30, "skipped"), (37, "skipped")]
    assert "knuth1984" in problems[0].message and "broken2024" in problems[1].message


def test_the_in_memory_read_equals_the_streamed_read():
    for name in ("arxiv_metadata.jsonl", "arxiv_api.atom", "references.bib"):
        assert read(FIXTURES / name, streamed=True) == read(FIXTURES / name, streamed=False)


def _big_jsonl(path, n):
    record = json.loads((FIXTURES / "arxiv_metadata.jsonl").read_text().splitlines()[1])
    with open(path, "w") as fh:
        for i in range(n):
            record["id"] = f"2406.{i:05d}"
            fh.write(json.dumps(record) + "\n")


def _big_bib(path, n):
    entry = (FIXTURES / "references.bib").read_text().split("@misc{thakur2024judging,")[1].split("\n}\n")[0]
    abstract = "We leverage TriviaQA as a benchmark for assessing objective knowledge reasoning of LLMs."
    entry = entry.replace(abstract, " ".join([abstract] * 10))
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(f"@misc{{k{i},{entry.replace('2406.12624', f'2406.{i:05d}')}\n}}\n\n")


def _big_atom(path, n):
    text = (FIXTURES / "arxiv_api.atom").read_text()
    head, rest = text.split("<entry>", 1)
    entry = "<entry>" + rest.split("</entry>")[0] + "</entry>\n"
    with open(path, "w") as fh:
        fh.write(head)
        for i in range(n):
            fh.write(entry.replace("2406.15319", f"2406.{i:05d}"))
        fh.write("</feed>\n")


@pytest.mark.parametrize("make, n", [(_big_jsonl, 2000), (_big_atom, 2500), (_big_bib, 3000)])
def test_record_files_stream_in_bounded_memory(make, n, tmp_path):
    """Peak Python memory while reading stays far below the file's size."""
    path = tmp_path / "big"
    make(path, n)
    size = path.stat().st_size
    tracemalloc.start()
    count = 0
    for item in read_path(path, "big"):
        assert isinstance(item, Paper), item
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == n
    assert size > 3_000_000 and peak < size / 4, (size, peak)


def test_authors_and_categories_become_nodes_and_edges_in_every_format(tmp_path):
    graph, report = build([FIXTURES / "arxiv_metadata.jsonl", FIXTURES / "references.bib"], tmp_path)
    assert report.papers == 4
    assert graph.nodes["person/wenhu-chen"] == {"kind": "Person", "label": "Wenhu Chen", "aliases": []}
    # 0704.0001 is in both files: one paper, one author list (the first reading's)
    byline = sorted((d["position"], v) for _, v, d in graph.out_edges("paper/0704.0001", data=True)
                    if d["relation"] == "has_author")
    assert byline == [(1, "person/c-balazs"), (2, "person/e-l-berger"), (3, "person/p-m-nadolsky"),
                      (4, "person/c-p-yuan")]
    cl = graph.nodes["category/cs.CL"]
    assert (cl["kind"], cl["label"], cl["name"]) == ("Category", "cs.CL", "Computation and Language")
    assert graph.nodes["category/hep-ph"]["archive"] == "hep-ph"
    paper = graph.nodes["paper/2406.15319"]
    assert paper["authors"] == ["Ziyan Jiang", "Xueguang Ma", "Wenhu Chen"]
    authored = {v: d["position"] for _, v, d in graph.out_edges("paper/2406.15319", data=True)
                if d["relation"] == "has_author"}
    assert authored == {"person/ziyan-jiang": 1, "person/xueguang-ma": 2, "person/wenhu-chen": 3}
    cats = {v: d["primary"] for _, v, d in graph.out_edges("paper/2404.03715", data=True)
            if d["relation"] == "in_category"}
    assert cats == {"category/cs.LG": True, "category/cs.AI": False, "category/cs.CL": False}
    # English abstracts go through the same extraction as Chinese summaries
    rels = {(v, d["relation"]) for _, v, d in graph.out_edges("paper/2406.15319", data=True)}
    assert ("method/longrag", "proposes") in rels or any(v.endswith("/longrag") and r == "proposes" for v, r in rels)
    assert any(d["relation"] == "reports" for *_e, d in graph.out_edges("paper/2406.15319", data=True))
    rdf = to_rdf(graph)
    pg = "https://papergraph.dev/ontology#"
    assert (iri("person/wenhu-chen"), RDF.type, URIRef(pg + "Person")) in rdf  # a schema:Person (ontology)
    assert (iri("paper/2406.15319"), SDO.author, iri("person/wenhu-chen")) in rdf
    assert (iri("paper/2406.15319"), URIRef(pg + "inCategory"), iri("category/cs.CL")) in rdf  # dcterms:subject
    saved = json.loads((tmp_path / "graph.json").read_text())
    assert any(n["id"] == "category/cs.AI" for n in saved["nodes"])
    assert URIRef("https://papergraph.dev/category/cs.CL") == iri("category/cs.CL")


def test_one_person_node_per_name_whatever_the_accents_spacing_or_order():
    from papergraph.extract.topics import load_topic_scheme
    from papergraph.graph import build_graph
    from papergraph.knowledge import load_knowledge

    k = load_knowledge()
    papers = [Paper("2401.00001", "A", authors=["C. Balázs", "C.-P. Yuan"], categories=["cs.CL", "xx.NEW"]),
              Paper("2401.00002", "B", authors=["C. Balazs", "C. -P. Yuan"], categories=["cs.CL"])]
    g = build_graph(papers, [], k.vocabulary.entities, load_topic_scheme(str(k.folder)))
    people = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "Person")
    assert people == ["person/c-balazs", "person/c-p-yuan"]
    assert g.nodes["person/c-balazs"] == {"kind": "Person", "label": "C. Balázs", "aliases": ["C. Balazs"]}
    assert g.in_degree("category/cs.CL") == 2
    assert g.nodes["category/xx.NEW"]["label"] == "xx.NEW" and g.nodes["category/xx.NEW"]["name"] == ""


def test_a_digest_and_its_arxiv_record_merge_keeping_the_digest_summary_and_the_authors(tmp_path):
    digest, _ = read(FIXTURES / "blocks_zh_hans.md")
    record, _ = read(FIXTURES / "arxiv_metadata.jsonl")
    for first, second in ((record, digest), (digest, record)):
        merged, _ = merge_papers([*first, *second])
        longrag = next(p for p in merged if p.arxiv_id == "2406.15319")
        assert longrag.authors == ["Ziyan Jiang", "Xueguang Ma", "Wenhu Chen"]
        assert longrag.categories == ["cs.CL", "cs.AI"]
        # whichever summary is kept, the script tag describes it
        assert longrag.script == ("en" if first is record else "zh-Hans")
        assert ("检索" in longrag.summary) == (first is digest)


def test_a_bibtex_string_macro_serves_entries_far_below_it(tmp_path):
    """Entries are parsed in batches; a @string stays defined for the batches after its own."""
    body = '@string{ref = "https://arxiv.org/abs/2406.12345"}\n' + "".join(
        f"@misc{{k{i},\n  title = {{Entry {i}}},\n  note = ref,\n}}\n" for i in range(200))
    f = tmp_path / "many.bib"
    f.write_text(body)
    papers, problems = read(f)
    assert problems == [] and len(papers) == 200
    assert {p.arxiv_id for p in papers} == {"2406.12345"}
    assert papers[-1].source.line == 2 + 4 * 199


def test_a_selection_keeps_a_category_its_archive_later_dates_and_what_it_cannot_tell():
    from papergraph.build import Selection

    def paper(*categories, date=""):
        return Paper(arxiv_id="2401.00001", title="T", summary="", categories=list(categories), date=date)

    cl, cs = Selection(("cs.AI",)), Selection(("cs",))
    assert cl.keeps(paper("cs.CL", "cs.AI")) and cs.keeps(paper("cs.CL"))
    assert not Selection(("cs.LG",)).keeps(paper("cs.CL"))
    assert not Selection(("math",)).keeps(paper("math-ph")) and not Selection(("cs.CL",)).keeps(paper("cs.CLX"))
    assert cl.keeps(paper())  # a digest's paper: no categories to judge by
    since = Selection(since="2024-03")
    assert since.keeps(paper(date="2024-03-01")) and since.keeps(paper(date="2025"))
    assert not since.keeps(paper(date="2024-02-29")) and not since.keeps(paper(date="2023"))
    assert since.keeps(paper())  # no date to judge by
    both = Selection(("cs",), "2024")
    assert both.keeps(paper("cs.CL", date="2024-06-01")) and not both.keeps(paper("cs.CL", date="2023-12-31"))
    assert not both.keeps(paper("hep-ph", date="2024-06-01"))
    assert not Selection() and Selection.from_json(both.to_json()) == both
    assert Selection.from_json({"categories": "cs"}) == Selection()  # a damaged inputs.json: no selection


def test_a_category_selection_keeps_its_records_and_digests_and_counts_the_rest(tmp_path):
    # the arXiv snapshot holds every field: --category makes a build of one field's papers
    from papergraph.build import Selection

    out = tmp_path / "out"
    _graph, report = build([FIXTURES / "arxiv_metadata.jsonl", FIXTURES / "blocks_zh_hans.md"], out,
                           select=Selection(("cs.CL",)))
    papers = {n["arxiv_id"] for n in json.loads((out / "graph.json").read_text())["nodes"] if n.get("kind") == "Paper"}
    assert {"2406.15319", "2404.03715"} <= papers and "0704.0001" not in papers  # hep-ph left out
    digest_ids = {p.arxiv_id for p in read(FIXTURES / "blocks_zh_hans.md")[0]}
    assert digest_ids <= papers
    saved = json.loads((out / "report.json").read_text())
    assert (saved["selection"], saved["left_out"]) == ({"categories": ["cs.CL"], "since": ""}, 1)
    assert saved["items_read"] == saved["papers"] + saved["duplicates"] + saved["skipped_count"] + saved["left_out"]
    assert "category/hep-ph" not in {n["id"] for n in json.loads((out / "graph.json").read_text())["nodes"]}

    _graph, everything = build([FIXTURES / "arxiv_metadata.jsonl"], tmp_path / "all")
    assert "left_out" not in json.loads((tmp_path / "all" / "report.json").read_text())  # as before selections
    assert everything.papers == 3


def test_update_keeps_the_last_builds_selection_unless_given_one(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"

    def papergraph(*args):
        run = subprocess.run([sys.executable, "-m", "papergraph", "build", *args, "--out", str(out)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout, json.loads((out / "report.json").read_text())

    stdout, saved = papergraph(str(FIXTURES / "arxiv_metadata.jsonl"), "--category", "cs")
    assert "1 left out by --category cs" in stdout and saved["papers"] == 2
    _stdout, saved = papergraph("--update")
    assert saved["selection"]["categories"] == ["cs"] and saved["papers"] == 2
    # a new selection: the date alone (v1 dates: 0704.0001 2007-04-02, 2404.03715 2024-04-04, 2406.15319 2024-06-21)
    stdout, saved = papergraph("--update", "--since", "2024-04-05")
    assert saved["selection"] == {"categories": [], "since": "2024-04-05"} and saved["papers"] == 1
    assert "2 left out by --since 2024-04-05" in stdout
    for bad, why in ((["--category", "cs CL"], "not an arXiv category or archive"),
                     (["--since", "2024-13"], "is not a date like")):
        run = subprocess.run([sys.executable, "-m", "papergraph", "build", *bad, "--out", str(out)],
                             capture_output=True, text=True)
        assert run.returncode == 2 and why in run.stderr


# -- hostile and damaged record files: a message naming the line, never the build's end --

def _snapshot(tmp_path, *middle, name="snapshot.jsonl"):
    """The fixture's first and last records around `middle` lines (str or a record dict)."""
    lines = (FIXTURES / "arxiv_metadata.jsonl").read_text().splitlines()
    body = [lines[0], *(m if isinstance(m, str) else json.dumps(m) for m in middle), lines[2]]
    path = tmp_path / name
    path.write_text("\n".join(body) + "\n")
    return path


def _longrag(**fields):
    record = json.loads((FIXTURES / "arxiv_metadata.jsonl").read_text().splitlines()[1])
    record.update(fields)
    return record


@pytest.mark.parametrize("line, reason", [
    ('{"id": "2406.15319", "title": "T", "x": ' + "9" * 5000 + "}", "digits"),  # beyond Python's int limit
    ('{"id": "2406.15319", "title": "T", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"id": "2406.15319", "title": "T", "x": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}", "nested too deeply"),
])
def test_json_that_python_cannot_decode_costs_its_line_not_the_build(line, reason, tmp_path):
    # each of these used to stop the whole build with an internal error
    snapshot = _snapshot(tmp_path, line)
    papers, problems = read(snapshot)
    assert [p.arxiv_id for p in papers] == ["0704.0001", "2404.03715"]
    assert [(d.source.line, d.severity) for d in problems] == [(2, "skipped")]
    assert reason in problems[0].message
    _graph, report = build([snapshot], tmp_path / "out")
    assert report.papers == 2 and report.items_read == 3


def test_a_lone_surrogate_deep_in_a_record_does_not_exhaust_the_stack(tmp_path):
    deep = '{"id": "2406.15319", "title": "T \\ud800", "abstract": "A", "x": ' + "[" * 900 + '"\\udc00"' + "]" * 900 + "}"
    papers, problems = read(_snapshot(tmp_path, deep))
    assert [p.title for p in papers][1] == "T \ufffd"
    assert [(d.source.line, d.code) for d in problems] == [(2, "lone-surrogate")]


def test_a_streamed_reader_that_fails_loses_only_the_rest_of_its_file(tmp_path, monkeypatch):
    import papergraph.build as build_module
    from papergraph.ingest.streaming import streaming_reader

    def failing(path, name):
        items = streaming_reader(path).stream(path, name)
        yield next(items)
        raise RuntimeError("boom")

    class Failing:
        name = "arxiv-jsonl"
        stream = staticmethod(failing)

    snapshot = _snapshot(tmp_path)
    other = tmp_path / "refs.bib"
    other.write_bytes((FIXTURES / "references.bib").read_bytes())
    monkeypatch.setattr(build_module, "streaming_reader",
                        lambda path: Failing() if path.suffix == ".jsonl" else streaming_reader(path))
    _graph, report = build([snapshot, other], tmp_path / "out")
    assert "paper/0704.0001" in _graph and "paper/2406.15319" in _graph  # the first record, and the .bib
    (failed,) = [d for d in report.skipped if d.code == "reader-failed"]
    assert failed.source.file == "snapshot.jsonl" and "RuntimeError: boom" in failed.message


@pytest.mark.parametrize("fixture", ["arxiv_metadata.jsonl", "references.bib", "arxiv_api.atom"])
@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_record_files_with_old_mac_or_windows_line_ends_read_like_lf(fixture, ending, tmp_path):
    # streamed files were cut at LF only: a CR-only snapshot was one bad line
    converted = tmp_path / fixture
    converted.write_bytes((FIXTURES / fixture).read_bytes().replace(b"\n", ending.encode()))
    assert read(converted) == read(FIXTURES / fixture)


def test_record_lines_are_cut_at_any_line_end_and_overlong_ones_passed_over():
    import io
    from papergraph.ingest import streaming
    data = b"a\r\nbb\rccc\n" + b"x" * 50 + b"\r\nlast"
    for block in (1, 2, 3, 64):
        streaming.BLOCK_BYTES, saved = block, streaming.BLOCK_BYTES
        try:
            got = list(streaming.raw_lines(io.BytesIO(data), limit=10))
        finally:
            streaming.BLOCK_BYTES = saved
        assert got == [(b"a", True), (b"bb", True), (b"ccc", True), 50, (b"last", False)], block


@settings(max_examples=300, deadline=None)
@given(data=st.binary().map(lambda b: bytes(b"ab\r\n"[x % 4] for x in b)), block=st.integers(1, 9),
       limit=st.integers(0, 6))
def test_record_lines_are_the_lines_bytes_splitlines_finds_in_the_whole_file(data, block, limit):
    # read block by block, a file gives the lines it gives read whole, whatever the block size
    import io
    from papergraph.ingest import streaming
    whole = [len(line) if len(line) > limit else (line, True) for line in data.splitlines()]
    if data and data[-1:] not in (b"\n", b"\r"):
        last = data.splitlines()[-1]
        whole[-1] = len(last) if len(last) > limit else (last, False)
    streaming.BLOCK_BYTES, saved = block, streaming.BLOCK_BYTES
    try:
        got = list(streaming.raw_lines(io.BytesIO(data), limit))
    finally:
        streaming.BLOCK_BYTES = saved
    assert got == whole


def test_an_overlong_record_line_is_skipped_by_line(tmp_path):
    from papergraph.ingest.streaming import file_lines
    path = _snapshot(tmp_path, json.dumps(_longrag(abstract="x" * 5000)))
    lines = list(file_lines(path, "s.jsonl", max_line=4000))
    assert [(line[:8], d and (d.source.line, d.code)) for line, d in lines] == [
        ('{"id":"0', None), ("", (2, "line-too-long")), ('{"id":"2', None)]


def test_record_text_is_settled_like_a_digests(tmp_path):
    snapshot = _snapshot(
        tmp_path,
        _longrag(title="Evil\u001b[2J Title\u0007", abstract="x\u0000y " + "z" * 150_000),
        '{"id": "2401.00001", "title": "Raw\ttab and raw \x01 control"}',  # not JSON, but written by tools
    )
    papers, problems = read(snapshot)
    assert [p.arxiv_id for p in papers] == ["0704.0001", "2406.15319", "2401.00001", "2404.03715"]
    assert papers[1].title == "Evil[2J Title" and papers[1].summary.startswith("xy z")
    assert len(papers[1].summary) == 100_000
    assert papers[2].title == "Raw tab and raw  control"  # removed, as from a digest
    assert sorted((d.source.line, d.code) for d in problems) == [
        (2, "control-characters"), (2, "summary-truncated"), (3, "control-characters"), (3, "no-summary")]


def test_a_first_line_that_is_not_a_record_does_not_hide_the_file(tmp_path):
    snapshot = _snapshot(tmp_path)
    snapshot.write_text('{"snapshot": "2024-09-01"}\n' + snapshot.read_text())
    papers, problems = read(snapshot)
    assert [p.arxiv_id for p in papers] == ["0704.0001", "2404.03715"]
    assert [(d.source.line, d.severity) for d in problems] == [(1, "skipped")]


def test_authors_and_categories_written_as_lists_are_read(tmp_path):
    record = _longrag(id="2406.15320", authors=["Jiang, Ziyan", "Xueguang Ma"], categories=["cs.CL", "cs.AI"])
    del record["authors_parsed"]
    papers, problems = read(_snapshot(tmp_path, record))
    assert problems == []
    assert (papers[1].authors, papers[1].categories) == (["Ziyan Jiang", "Xueguang Ma"], ["cs.CL", "cs.AI"])


def test_an_atom_date_that_is_no_day_is_not_the_papers_date(tmp_path):
    feed = tmp_path / "feed.atom"
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        + "".join(f"<entry><id>http://arxiv.org/abs/2406.1531{i}</id><title>T</title><summary>S</summary>"
                  f"<published>{day}</published></entry>"
                  for i, day in enumerate(["2024-13-45T00:00:00Z", "2024-02-30T00:00:00Z", "2024-06-21T17:23:21Z"]))
        + "</feed>")
    papers, problems = read(feed)
    assert [p.date for p in papers] == ["2024-06", "2024-06", "2024-06-21"] and problems == []


def test_a_bibtex_eprint_in_double_braces_names_its_paper(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{k, title={T}, eprint={{2406.15319}}, archivePrefix={arXiv}}\n")
    papers, problems = read(bib)
    assert [p.arxiv_id for p in papers] == ["2406.15319"] and problems == []


# -- gzip: the snapshot as it is distributed ----------------------------------------

@pytest.mark.parametrize("fixture, name", [
    ("arxiv_metadata.jsonl", "snapshot.jsonl.gz"),
    ("arxiv_api.atom", "feed.atom.gz"),
    ("references.bib", "refs.bib.gz"),
    ("blocks_zh_hans.md", "digest.md.gz"),
    ("arxiv_metadata.jsonl", "snapshot.dat"),  # told by its content, not its name
])
def test_gzip_files_read_like_their_content(fixture, name, tmp_path):
    import gzip
    packed = tmp_path / name
    packed.write_bytes(gzip.compress((FIXTURES / fixture).read_bytes(), mtime=0))
    plain = tmp_path / "plain" / fixture
    plain.parent.mkdir()
    plain.write_bytes((FIXTURES / fixture).read_bytes())
    (p1, d1), (p2, d2) = read(packed), read(plain)
    assert [(p.arxiv_id, p.title, p.summary, p.source.line) for p in p1] == \
           [(p.arxiv_id, p.title, p.summary, p.source.line) for p in p2] and p1
    assert [(d.source.line, d.message) for d in d1] == [(d.source.line, d.message) for d in d2]
    _graph, report = build([packed], tmp_path / "out")
    assert report.papers == len(p2) and len(report.skipped) == sum(d.severity == "skipped" for d in d2)


def test_a_damaged_gzip_file_is_named_and_the_build_goes_on(tmp_path):
    import gzip
    lines = (FIXTURES / "arxiv_metadata.jsonl").read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(lines * 40, mtime=0)
    cut.write_bytes(whole[: len(whole) // 2])  # a download that stopped half-way
    ok = tmp_path / "ok.jsonl"
    ok.write_bytes(lines.replace(b"0704.0001", b"0704.0002"))
    _graph, report = build([cut, ok], tmp_path / "out")
    assert "paper/0704.0002" in _graph and "paper/2406.15319" in _graph  # read before the cut, and ok.jsonl
    (damaged,) = [d for d in report.skipped if d.source.file == "cut.jsonl.gz"]
    assert damaged.code == "unreadable" and "Compressed file ended" in damaged.message


# -- BibTeX keys used again (merged .bib files) ---------------------------------------

def _entry(key, arxiv_id, title, extra=""):
    return f"@article{{{key},\n  title = {{{title}}},\n  author = {{Ann Lee and Bo Chen}},\n" \
           f"  eprint = {{{arxiv_id}}}, archivePrefix = {{arXiv}},{extra}\n}}\n\n"


@pytest.mark.parametrize("between", [0, 100])  # in one parse batch, or far apart
def test_a_bibtex_key_used_again_for_another_paper_keeps_both(tmp_path, between):
    filler = "".join(_entry(f"other{i}", f"2401.{i:05d}", f"Filler {i}") for i in range(between))
    again = '@article{lee2024,\n  title = {Second Paper},\n  author = {Cy Wu and Di Xu},\n' \
            '  journal = pre # " arXiv:2405.18870",\n}\n'  # macros resolved in the repeated entry too
    text = '@string{pre = "arXiv preprint"}\n' + _entry("lee2024", "2406.15319", "First Paper") + filler + again
    path = tmp_path / "merged.bib"
    path.write_text(text)
    papers, problems = read(path)
    assert problems == []
    lines = text.split("\n")
    assert [(p.arxiv_id, p.title, p.authors, p.source.line) for p in (papers[0], papers[-1])] == [
        ("2406.15319", "First Paper", ["Ann Lee", "Bo Chen"], 2),
        ("2405.18870", "Second Paper", ["Cy Wu", "Di Xu"], len(lines) - 5)]
    assert lines[len(lines) - 6].startswith("@article{lee2024")


def test_a_bibtex_entry_listed_twice_is_one_paper_counted_as_a_duplicate(tmp_path):
    text = _entry("lee2024", "2406.15319", "First Paper") + _entry("wu2024", "2405.18870", "Second Paper") \
        + _entry("lee2024", "2406.15319", "First Paper", "\n  abstract = {We read long contexts.},")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "merged.bib").write_text(text)
    graph, report = build([tmp_path / "in"], tmp_path / "out")
    assert (report.papers, report.duplicates, report.skipped) == (2, 1, [])
    assert graph.nodes["paper/2406.15319"]["sources"] == ["merged.bib:1", "merged.bib:13"]
    assert graph.nodes["paper/2406.15319"]["summary"] == "We read long contexts."  # the second listing fills in


def test_every_skipped_record_says_why_in_a_code(tmp_path):
    # the build's summary counts skips by code: none of a record reader's may be "other"
    files = {
        "a.jsonl": '{"id": "2406.15319", "title": ""}\n{"id": "nope", "title": "T"}\n[1, 2]\n{"id": \n',
        "b.atom": '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>T</title></entry>'
                  '<entry><id>http://arxiv.org/abs/2406.15319</id><title></title></entry></feed>\n',
        "c.bib": "@misc{a, title = {T}}\n@misc{b, eprint = {2406.15319}, archivePrefix = {arXiv}}\n@misc{c, title = {\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    report = BuildReport()
    read_papers([tmp_path], report)
    assert report.skipped and all(d.code for d in report.skipped), [str(d) for d in report.skipped if not d.code]
    assert "other" not in report.skipped_by_reason()


@pytest.mark.parametrize("latex, text", [
    (r"the accuracy of Mistral-7B (77.9\%$\to$84.1\% on GSM8K)", "the accuracy of Mistral-7B (77.9%→84.1% on GSM8K)"),
    (r"we call it $\Psi$PO; $\lambda$ and $\Lambda$ too", "we call it ΨPO; λ and Λ too"),
    (r"2.5$\times$ faster, $\sim$10\% of the cost, $\geq$ 4 points", "2.5× faster, ~10% of the cost, ≥ 4 points"),
    (r"in $O(n \log n)$ time, $x_1$ and $\mathcal{L}$", r"in $O(n \log n)$ time, $x_1$ and $\mathcal{L}$"),  # kept
])
def test_a_formula_of_one_symbol_becomes_that_symbol_and_others_stay_as_written(latex, text):
    from papergraph.ingest.latex import latex_to_text
    assert latex_to_text(latex) == text


def test_an_abstract_with_a_greek_name_and_an_arrow_is_read_as_text(tmp_path):
    record = {"id": "2310.12036", "title": "A General Theoretical Paradigm to Understand Learning from Human "
              "Preferences", "abstract": r"We propose $\Psi$PO. It improves Mistral-7B (28.6\%$\to$33.0\% on MATH).",
              "authors": "M. G. Azar", "categories": "cs.AI", "update_date": "2023-11-22"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [paper] = read_papers([path], BuildReport())
    assert paper.summary == "We propose ΨPO. It improves Mistral-7B (28.6%→33.0% on MATH)."
