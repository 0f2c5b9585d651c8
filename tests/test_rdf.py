"""The RDF side: ontology, SHACL shapes, provenance per fact, every format through strict parsers."""
import re
import subprocess
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from conftest import ROOT, need_tool
from papergraph import rdf
from papergraph.build import build
from papergraph.export.rdf_formats import DEFAULT_GRAPH_IRI, RDF_FORMATS
from rdf_helpers import cli

ONTOLOGY = ROOT / "ontology"
PG = rdflib.Namespace(rdf.PREFIXES["pg"])
PROV = rdflib.Namespace(rdf.PREFIXES["prov"])
HOSTILE = ('Evil"""\'\'\' <script>alert(1)</script> } . @prefix x: <http://e/> . \\u0022 \\ '
           'DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } # "quoted" \t tab')


def papergraph(*args, check=True):
    """The command line in this process (fast); one test below runs the real executable."""
    code, out, err = cli(*args)
    if check:
        assert code == 0, err
    return subprocess.CompletedProcess(args, code, out, err)


@pytest.fixture(scope="module")
def seeds_triples(seeds_build):
    graph, _, _ = seeds_build
    return rdf.triples(graph)


@pytest.fixture(scope="module")
def seeds_rdflib(seeds_triples):
    return rdf.to_rdflib(seeds_triples)


@pytest.fixture(scope="module")
def exported(seeds_build, tmp_path_factory):
    """Every RDF format, written by the CLI from the seeds build."""
    _, _, out = seeds_build
    folder = tmp_path_factory.mktemp("rdf-exports")
    files = {}
    for name, fmt in RDF_FORMATS.items():
        path = folder / f"graph{fmt.extension}"
        run = papergraph("export", "rdf", "--from", str(out), "--format", name, "--out", str(path))
        assert f"as {name} to" in run.stderr
        files[name] = path
    return files


# -- ontology -----------------------------------------------------------------------

def test_ontology_documents_every_term_the_exports_use(seeds_triples):
    onto = rdflib.Graph().parse(ONTOLOGY / "papergraph.ttl")
    used = {t.predicate.value for t in seeds_triples} | {
        t.object.value for t in seeds_triples if t.predicate.value == str(RDF.type)}
    ours = sorted(u for u in used if u.startswith(rdf.PREFIXES["pg"]))
    assert len(ours) >= 20
    for term in ours:
        ref = rdflib.URIRef(term)
        assert (ref, RDF.type, None) in onto, f"{term} is not declared"
        assert onto.value(ref, RDFS.label), f"{term} has no rdfs:label"
        assert onto.value(ref, RDFS.comment), f"{term} has no rdfs:comment"
    # and everything the ontology declares is documented, even what the seeds do not use
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in onto.subjects(RDF.type, kind):
            assert onto.value(term, RDFS.label) and onto.value(term, RDFS.comment), term


def test_ontology_aligns_with_the_standard_vocabularies():
    onto = rdflib.Graph().parse(ONTOLOGY / "papergraph.ttl")
    sdo, mls = rdflib.Namespace("https://schema.org/"), rdflib.Namespace("http://www.w3.org/ns/mls#")
    fair4ml = rdflib.Namespace("https://w3id.org/fair4ml#")
    assert (PG.Paper, RDFS.subClassOf, sdo.ScholarlyArticle) in onto
    assert (PG.Dataset, RDFS.subClassOf, sdo.Dataset) in onto
    assert (PG.Model, RDFS.subClassOf, fair4ml.MLModel) in onto
    assert (PG.Result, RDFS.subClassOf, mls.ModelEvaluation) in onto
    assert (PG.metric, RDFS.subPropertyOf, mls.specifiedBy) in onto
    assert (PG.fineTunedFrom, RDFS.subPropertyOf, fair4ml.fineTunedFrom) in onto
    assert (PG.Digest, RDFS.subClassOf, PROV.Entity) in onto


def test_schema_org_only_in_its_https_form(exported):
    texts = [p.read_text(encoding="utf-8") for p in ONTOLOGY.glob("*.ttl")]
    texts += [p.read_text(encoding="utf-8") for p in (ONTOLOGY / "queries").glob("*.rq")]
    texts += [p.read_text(encoding="utf-8") for p in exported.values()]
    assert all("http://schema.org" not in t for t in texts)
    assert any("https://schema.org/" in t for t in texts)


# -- shapes -------------------------------------------------------------------------

def _validate(data: rdflib.Graph):
    from pyshacl import validate

    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    conforms, _graph, text = validate(data, shacl_graph=shapes, advanced=True)
    return conforms, text


def test_the_seeds_graph_conforms_to_the_shapes(seeds_rdflib):
    conforms, report = _validate(seeds_rdflib)
    assert conforms, report


def test_a_hostile_digest_still_conforms(tmp_path):
    digest = tmp_path / "hostile.md"
    digest.write_text(f"# Evil{HOSTILE}: A Title\n[恶意{HOSTILE}](https://arxiv.org/abs/2401.99999)\n\n"
                      f"我们提出了 EvilNet-7B 模型，在 MMLU 上达到 99%。EvilNet-7B 超过了 GPT-4。\n", encoding="utf-8")
    graph, _ = build([digest], tmp_path / "out")
    conforms, report = _validate(rdf.to_rdf(graph))
    assert conforms, report


def test_the_shapes_catch_broken_graphs(seeds_rdflib):
    """The shapes are not vacuous: each kind of damage is reported."""
    g = rdflib.Graph()
    g += seeds_rdflib
    result = next(g.subjects(RDF.type, PG.Result))
    g.set((result, PG.value, rdflib.Literal("sixty")))                          # untyped value
    fact = next(g.subjects(RDF.type, RDF.Statement))
    s, p, o = (g.value(fact, RDF.subject), g.value(fact, RDF.predicate), g.value(fact, RDF.object))
    g.remove((s, p, o))                                                        # provenance of nothing
    paper = next(g.subjects(RDF.type, PG.Paper))
    g.remove((paper, rdflib.URIRef("https://schema.org/url"), None))           # no arXiv link
    conforms, report = _validate(g)
    assert not conforms
    assert "Value Constraint" in report or "DatatypeConstraint" in report
    assert "the statement describes a triple the graph does not assert" in report
    assert "MinCountConstraintComponent" in report and re.search(r"Result Path: (schema:url|<https://schema.org/url>)", report)


# -- content: stable IRIs, typed results, provenance ------------------------------------

def test_iris_are_stable_paths_and_papers_link_to_arxiv(seeds_rdflib):
    paper = rdflib.URIRef("https://papergraph.dev/paper/2406.15319")
    assert (paper, RDF.type, PG.Paper) in seeds_rdflib
    assert (paper, rdflib.URIRef("https://schema.org/url"), rdflib.URIRef("https://arxiv.org/abs/2406.15319")) in seeds_rdflib
    assert (paper, PG.proposes, rdflib.URIRef("https://papergraph.dev/method/longrag")) in seeds_rdflib
    titles = {(str(t), t.language) for t in seeds_rdflib.objects(paper, rdflib.DCTERMS.title)}
    assert ("LongRAG: Enhancing Retrieval-Augmented Generation with Long-context LLMs", "en") in titles
    assert any(lang == "zh-hans" for _t, lang in titles)


def test_results_are_nary_nodes_with_typed_values_and_provenance(seeds_rdflib):
    g = seeds_rdflib
    em = rdflib.URIRef("https://papergraph.dev/metric/exact-match")
    results = [r for r in g.subjects(PG.metric, em)
               if (rdflib.URIRef("https://papergraph.dev/paper/2406.15319"), PG.reportsResult, r) in g]
    assert len(results) == 1
    r = results[0]
    value = g.value(r, PG.value)
    assert value.datatype == rdflib.XSD.decimal and value.toPython() == Decimal("62.7")
    assert str(g.value(r, PG.unit)) == "%"
    assert g.value(r, PG.onDataset) == rdflib.URIRef("https://papergraph.dev/dataset/natural-questions")
    assert g.value(r, PG.achievedBy) == rdflib.URIRef("https://papergraph.dev/method/longrag")
    assert "62.7%" in str(g.value(r, PG.evidence))
    assert g.value(r, PROV.wasDerivedFrom) == rdflib.URIRef("https://papergraph.dev/digest/000_50d41dcaebe4524c.txt")
    assert g.value(r, PG.line).toPython() >= 1


def test_every_fact_read_from_text_has_its_provenance(seeds_build, seeds_rdflib):
    graph, _, _ = seeds_build
    g = seeds_rdflib
    facts = [(u, v, d) for u, v, d in graph.edges(data=True) if "evidence" in d and d["relation"] != "reports"]
    assert len(facts) > 500
    statements = list(g.subjects(RDF.type, RDF.Statement))
    assert len(statements) == len(facts)
    by_triple = {(g.value(s, RDF.subject), g.value(s, RDF.predicate), g.value(s, RDF.object), str(g.value(s, PG.evidence))): s
                 for s in statements}
    for u, v, d in facts:
        key = (rdf.iri(u), rdflib.URIRef(rdf.RELATION_PROPERTY[d["relation"]]), rdf.iri(v), d["evidence"])
        assert key in by_triple, (u, d["relation"], v)
        st = by_triple[key]
        assert (key[0], key[1], key[2]) in g                     # the fact itself is asserted
        assert g.value(st, PG.line).toPython() == d["line"]
        assert g.value(st, PROV.wasDerivedFrom) == rdflib.URIRef(rdf.digest_iri(d["digest"]))
        paper = f"paper/{d['paper']}" if d.get("paper") else u
        assert g.value(st, PROV.hadPrimarySource) == rdf.iri(paper)


def test_chinese_names_carry_their_script(seeds_rdflib):
    rag = rdflib.URIRef("https://papergraph.dev/topic/rag")
    labels = {(str(o), o.language) for o in seeds_rdflib.objects(rag, rdflib.SKOS.prefLabel)}
    assert {("检索增强生成", "zh-hans"), ("檢索增強生成", "zh-hant"), ("Retrieval-Augmented Generation", "en")} <= labels


# -- formats ----------------------------------------------------------------------------

def _triple_set(triples) -> set:
    return {(t.subject, t.predicate, t.object) for t in triples}


def test_every_format_holds_the_same_triples(exported, seeds_triples):
    expected = _triple_set(seeds_triples)
    for name, path in exported.items():
        fmt = rdf.RDF_SUFFIXES[path.suffix]
        parsed = list(ox.parse(path=str(path), format=fmt))
        assert _triple_set(parsed) == expected, name
        if RDF_FORMATS[name].quads:
            assert {q.graph_name for q in parsed} == {ox.NamedNode(DEFAULT_GRAPH_IRI)}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers use its deprecated API
def test_rdflib_reads_every_format_back(exported, seeds_triples):
    expected = len(seeds_triples)
    for name, path in exported.items():
        fmt = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[name]
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        assert len({(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}) == expected, name


RAPPER_SYNTAX = {"turtle": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}
SERDI_SYNTAX = {"turtle": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}


@pytest.mark.parametrize("name", sorted(RAPPER_SYNTAX))
def test_rapper_accepts_the_export(exported, seeds_triples, name):
    rapper = need_tool("rapper", "the strict RDF parser from raptor2-utils")
    run = subprocess.run([rapper, "-i", RAPPER_SYNTAX[name], "-c", str(exported[name])], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"returned {len(seeds_triples)} " in run.stderr, run.stderr


@pytest.mark.parametrize("name", sorted(SERDI_SYNTAX))
def test_serdi_accepts_the_export(exported, seeds_triples, name):
    serdi = need_tool("serdi", "the strict RDF parser from Debian's serdi")
    run = subprocess.run([serdi, "-i", SERDI_SYNTAX[name], "-o", "ntriples", str(exported[name])],
                         capture_output=True)
    assert run.returncode == 0 and not run.stderr, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert len(lines) == len(seeds_triples)


@pytest.fixture(scope="module")
def written(seeds_build, tmp_path_factory):
    """Every RDF renderer's own file (what `papergraph build` writes: graph.ttl, ...), from the seeds graph."""
    from papergraph.export import RENDERERS

    graph, _, _ = seeds_build
    folder = tmp_path_factory.mktemp("rdf-written")
    files = {}
    for name in RDF_FORMATS:
        files[name] = folder / RENDERERS[name].filename
        RENDERERS[name].write(graph, files[name])
    return files


@pytest.mark.parametrize("name", sorted(RAPPER_SYNTAX))
def test_rapper_and_serdi_accept_what_the_build_writes(written, seeds_triples, name):
    rapper = need_tool("rapper", "the strict RDF parser from raptor2-utils")
    serdi = need_tool("serdi", "the strict RDF parser from Debian's serdi")
    run = subprocess.run([rapper, "-i", RAPPER_SYNTAX[name], "-c", str(written[name])], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"returned {len(seeds_triples)} " in run.stderr, run.stderr
    run = subprocess.run([serdi, "-i", SERDI_SYNTAX[name], "-o", "ntriples", str(written[name])], capture_output=True)
    assert run.returncode == 0 and not run.stderr, run.stderr
    assert len([line for line in run.stdout.splitlines() if line.strip()]) == len(seeds_triples)


def test_what_the_build_writes_holds_the_same_triples_in_every_format(written, seeds_triples):
    expected = _triple_set(seeds_triples)
    assert len(expected) == len(seeds_triples)  # each triple once
    for name, path in written.items():
        parsed = list(ox.parse(path=str(path), format=rdf.RDF_SUFFIXES[path.suffix]))
        assert len(parsed) == len(expected) and _triple_set(parsed) == expected, name
        if RDF_FORMATS[name].quads:
            assert {q.graph_name for q in parsed} == {ox.NamedNode(DEFAULT_GRAPH_IRI)}


def test_turtle_groups_each_subject_once_with_its_facts_after_it(written):
    text = written["turtle"].read_text(encoding="utf-8")
    subjects = re.findall(r"^(\S+) (?:a|rdfs:label) ", text, re.M)
    assert len(subjects) == len(set(subjects)) > 1000
    # the provenance of a paper's facts follows the paper's own block
    paper = text.index("\npaper:2406.15319 a pg:Paper")
    fact = re.search(r"^<https://papergraph.dev/fact/\w+> a rdf:Statement ;\n\trdf:subject paper:2406.15319 ;", text, re.M)
    assert fact and fact.start() > paper
    assert not re.search(r"^paper:", text[paper + 2:fact.start()], re.M)


def test_jsonld_is_compact_and_expands_to_full_iris(exported):
    import json

    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"]["schema"] == "https://schema.org/"
    paper = next(n for n in doc["@graph"] if n["@id"] == "paper:2406.15319")
    assert "pg:Paper" in paper["@type"]
    assert {"@id": "method:longrag"} in paper["pg:proposes"]


def test_exports_are_byte_identical_across_runs(seeds_build, exported, tmp_path):
    _, _, out = seeds_build
    for name, path in exported.items():
        again = tmp_path / path.name
        papergraph("export", "rdf", "--from", str(out), "--format", name, "--out", str(again))
        assert again.read_bytes() == path.read_bytes(), name


def test_export_to_stdout_and_a_named_graph(seeds_build):
    _, _, out = seeds_build
    run = papergraph("export", "rdf", "--from", str(out), "--format", "nq", "--graph", "https://example.org/g")
    assert run.stdout.count("<https://example.org/g> .\n") == len(run.stdout.splitlines())
    bad = papergraph("export", "rdf", "--from", str(out), "--format", "turtle", "--graph", "https://e.org/g", check=False)
    assert bad.returncode == 2 and "no named graphs" in bad.stderr and "Traceback" not in bad.stderr


def test_export_of_a_missing_build_is_one_clear_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "papergraph", "export", "rdf", "--from", str(tmp_path / "nowhere")],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "papergraph build" in run.stderr and "Traceback" not in run.stderr


def test_hostile_text_stays_literal_in_every_format(tmp_path):
    digest = tmp_path / "hostile.md"
    title = f"Evil{HOSTILE}: A Title"
    digest.write_text(f"# {title}\n[恶意{HOSTILE}](https://arxiv.org/abs/2401.99999)\n\n我们提出了 EvilNet 方法。\n",
                      encoding="utf-8")
    build([digest], tmp_path / "out")
    for name, fmt in RDF_FORMATS.items():
        path = tmp_path / f"g{fmt.extension}"
        papergraph("export", "rdf", "--from", str(tmp_path / "out"), "--format", name, "--out", str(path))
        parsed = list(ox.parse(path=str(path), format=rdf.RDF_SUFFIXES[path.suffix]))
        titles = {t.object.value for t in parsed if t.predicate.value == str(rdflib.DCTERMS.title)}
        assert any(HOSTILE in t for t in titles), name
        # nothing in the hostile text became a triple of its own
        assert not any(t.subject.value.startswith(("a:", "http://e/")) for t in parsed), name


def test_node_link_json_gives_the_same_rdf_as_the_turtle(seeds_build):
    from papergraph.query import load_triples

    _, _, out = seeds_build
    assert _triple_set(load_triples(out / "graph.json")) == _triple_set(load_triples(out / "graph.ttl"))


def test_language_tags_follow_the_paper_script():
    assert rdf.text_language("在 NQ 数据集上达到了 62.7%", "zh-Hans") == "zh-Hans"
    assert rdf.text_language("實驗結果表明") == "zh-Hant"
    assert rdf.text_language("LongRAG reaches 62.7% EM") == "en"
    assert re.fullmatch(r"[0-9a-f]{16}", rdf.fact_iri("a", "b", "c", "d").rsplit("/", 1)[1])


def test_turtles_own_walk_says_what_every_other_syntax_says(monkeypatch):
    """write_turtle walks the graph by its own loop (for speed); on the corners of that loop
    (an IRI that needs escaping, so node order is not IRI order; a digest named like a node;
    a fact naming a paper not in the graph; a relation whose property is also a node
    attribute's) it still holds exactly the triples of items(), which every other syntax writes."""
    import io

    import networkx as nx

    monkeypatch.setitem(rdf.RELATION_PROPERTY, "derived", rdf._PROV + "wasDerivedFrom")
    g = nx.MultiDiGraph()
    g.add_node("paper/2401.00001", kind="Paper", label="P", arxiv_id="2401.00001", title="T",
               sources=["a.md:1"], script="zh-Hans")
    g.add_node("model/a b", kind="Model", label="A")
    g.add_node("model/az", kind="Model", label="AZ")  # after "model/a%C3%A9" as an IRI, before "model/aé" as an id
    g.add_node("model/aé", kind="Model", label="AE")
    g.add_node("model/c", kind="Model", label="C")
    g.add_node("result/2401.00001/1", kind="Result", label="1", value=1.0, value_text="1",
               evidence="在 X 上達到", digest="a.md", line=4)
    g.add_edge("paper/2401.00001", "model/a b", key="mentions", relation="mentions", evidence="x", digest="a.md", line=1)
    g.add_edge("paper/2401.00001", "model/az", key="mentions", relation="mentions", evidence="x", digest="a.md", line=1)
    g.add_edge("paper/2401.00001", "model/aé", key="mentions", relation="mentions", evidence="x", digest="a.md", line=1)
    g.add_edge("paper/2401.00001", "model/c", key="k", relation="derived", evidence='y "q"\n', digest="b.md", line=2)
    g.add_edge("paper/2401.00001", "model/c", key="k2", relation="mentions", evidence="y",
               paper="2401.00002", digest="model/c")
    g.add_edge("paper/2401.00001", "result/2401.00001/1", key="reports", relation="reports",
               evidence="在 X 上達到", digest="a.md", line=4)
    for graph_iri, fmt in ((None, ox.RdfFormat.TURTLE), (DEFAULT_GRAPH_IRI, ox.RdfFormat.TRIG)):
        out = io.BytesIO()
        rdf.write_turtle(g, out, graph_iri)
        turtle = {q.triple for q in ox.parse(out.getvalue(), format=fmt)}
        assert turtle == {q.triple for q in ox.parse(rdf.ntriples(g), format=ox.RdfFormat.N_TRIPLES)}
    text = out.getvalue().decode()
    assert text.count("\tpaper:2401.00001 a pg:Paper") == 1  # one block per subject, the overlap merged into it
    mentions = re.search(r"\n\t+schema:mentions ([^\n]*)", text[text.index("\tpaper:2401.00001 a pg:Paper"):]).group(1)
    assert mentions.index("model/a%C3%A9") < mentions.index("model:az")  # edge objects in IRI order
