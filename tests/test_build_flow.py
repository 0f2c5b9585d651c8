"""Reading and extraction at once, and the graph that takes papers in any order.

A build sends each paper to extraction as soon as it is read; a paper read
again in a later file (or untitled where first read) is merged and extracted
again. These tests hold that to the plain order of work: read everything,
merge, extract, build the graph (`read_papers` + `extract_all` + `build_graph`).
"""
import copy
import json
import pickle
import random
import shutil

import networkx as nx
import pytest

from papergraph.build import BuildReport, Selection, build, extract_all, make_graph, read_papers
from papergraph.cache import pack_entry, unpack_data
from papergraph.extract.topics import load_topic_scheme
from papergraph.graph import GraphBuilder, ReadOnlyDict, build_graph
from papergraph.knowledge import load_knowledge
from conftest import FIXTURES, SEEDS
from messy import seed_blocks, seed_table


def _as_lists(g: nx.MultiDiGraph) -> tuple[list, list]:
    """Nodes and edges with their attributes, in the graph's own order (which outputs follow)."""
    return (list(g.nodes(data=True)),
            [(u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)])


@pytest.fixture(scope="module")
def knowledge():
    k = load_knowledge()
    return k, load_topic_scheme(str(k.folder))


@pytest.fixture(scope="module")
def seeds_extracted():
    papers = read_papers([SEEDS], BuildReport())
    return papers, extract_all(papers, jobs=1)


def test_papers_added_in_any_order_give_the_same_graph(knowledge, seeds_extracted):
    k, topics = knowledge
    papers, extractions = seeds_extracted
    entries = {x.arxiv_id: pack_entry(x, []) for x in extractions}
    graphs = []
    for order in ("sorted", "reversed", "shuffled"):
        ps = sorted(papers, key=lambda p: p.arxiv_id)
        if order == "reversed":
            ps.reverse()
        elif order == "shuffled":
            random.Random(7).shuffle(ps)
        builder = GraphBuilder(k.vocabulary.entities, topics)
        for p in ps:
            builder.add_packed(p, unpack_data(entries[p.arxiv_id]))
        graphs.append(_as_lists(builder.graph()))
    reference = _as_lists(build_graph(papers, extractions, k.vocabulary.entities, topics))
    assert reference[1] and all(g == reference for g in graphs)


def test_shared_edge_attributes_are_read_only_and_copy_as_plain_dicts(knowledge, seeds_extracted):
    k, topics = knowledge
    papers, extractions = seeds_extracted
    g = build_graph(papers, extractions, k.vocabulary.entities, topics)
    holders: dict[int, int] = {}
    for *_e, attrs in g.edges(data=True):
        holders[id(attrs)] = holders.get(id(attrs), 0) + 1
    # a mention whose sentence names other entities too: one dict for those edges
    u, v, key, d = next(e for e in g.edges(keys=True, data=True)
                        if e[3]["relation"] == "mentions" and holders[id(e[3])] > 1)
    assert isinstance(d, dict)
    with pytest.raises(TypeError, match="read-only"):
        d["relation"] = "changed"
    with pytest.raises(TypeError):
        d.update(relation="changed")
    with pytest.raises(TypeError):  # a second edge between the pair would change the shared key dict
        g.add_edge(u, v, key="another", relation="mentions")
    assert g.edges[u, v, key]["relation"] == "mentions"
    # what renderers and callers may do: copy, pickle, serialise
    mutable = g.copy()
    mutable.edges[u, v, key]["relation"] = "changed"
    assert g.edges[u, v, key]["relation"] == "mentions"
    mutable.add_edge(u, v, key="another", relation="mentions")
    for clone in (pickle.loads(pickle.dumps(g)), copy.deepcopy(g)):
        assert _as_lists(clone) == _as_lists(g)
        assert [list(clone.pred[n]) for n in clone] == [list(g.pred[n]) for n in g]
    # a deep copy is a graph to change: each edge its own dict, no sharing left
    deep = copy.deepcopy(g)
    others = [(a, b, c) for a, b, c, other in g.edges(keys=True, data=True) if other is d and (a, b, c) != (u, v, key)]
    deep.edges[u, v, key]["relation"] = "changed"
    assert others and all(deep.edges[e]["relation"] == "mentions" for e in others)
    deep.add_edge(u, v, key="another", relation="mentions")
    assert json.loads(json.dumps(ReadOnlyDict(a=1))) == {"a": 1}
    # sharing is real: far fewer attribute dicts than edges on the seeds
    assert len({id(d) for *_e, d in g.edges(data=True)}) < g.number_of_edges()


@pytest.fixture()
def digests_read_twice(tmp_path):
    """Papers read in several files: the same ones again with other fields, and one
    whose first record has no title (the later one gives it)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(seed_blocks(6), encoding="utf-8")
    (folder / "b.md").write_text(seed_table(6), encoding="utf-8")
    shutil.copy(FIXTURES / "duplicate_of_longrag.md", folder / "c.md")
    # the same blocks again, later, with a changed summary and title for one (merge keeps the first)
    again = seed_blocks(3, skip=2).replace("。", "！", 3)
    (folder / "d_again.md").write_text(again, encoding="utf-8")
    first = read_papers([folder / "a.md"], BuildReport())[0]
    (folder / "aa_untitled.jsonl").write_text(
        json.dumps({"id": first.arxiv_id, "title": "", "abstract": "GPT-4 beats LLaMA on MMLU.",
                    "update_date": "2024-01-01"}) + "\n"
        + json.dumps({"id": "2401.00042", "title": "", "abstract": "Only untitled.",
                      "update_date": "2024-01-01"}) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_papers_read_twice_give_the_graph_of_reading_everything_first(knowledge, digests_read_twice, jobs):
    k, topics = knowledge
    plain = BuildReport()
    papers = read_papers([digests_read_twice], plain)
    assert plain.duplicates >= 4 and any(len(p.sources) > 1 for p in papers)
    reference = build_graph(papers, extract_all(papers, jobs=1), k.vocabulary.entities, topics)

    report = BuildReport()
    graph = make_graph([digests_read_twice], report, jobs=jobs)
    assert _as_lists(graph) == _as_lists(reference)
    assert (report.items_read, report.duplicates, report.files) == (plain.items_read, plain.duplicates, plain.files)
    assert report.papers == len(papers)
    assert [str(d) for d in report.diagnostics] == [str(d) for d in plain.diagnostics]


def test_a_build_of_papers_read_twice_is_the_same_with_one_or_two_processes(digests_read_twice, tmp_path):
    build([digests_read_twice], tmp_path / "one", jobs=1)
    _graph, report = build([digests_read_twice], tmp_path / "two", jobs=2)
    for name in ("graph.json", "graph.ttl", "graph.html", "report.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    # the cache counts each paper once, as merged: an --update of the same input reuses all
    _graph, again = build([digests_read_twice], tmp_path / "two", jobs=2, update=True)
    assert again.redone["papers"] == 0 and again.reused["papers"] == report.papers


def test_ties_between_readings_go_to_the_first_paper_in_arxiv_order_whatever_comes_first(knowledge):
    """Papers read one discovered entity with different families: the merged entity
    takes the family of the paper first in arXiv-id order, even when it comes last
    and a later paper read the same already."""
    from papergraph.model import Entity, Extraction, Paper

    k, topics = knowledge

    def paper(n: int, family: str) -> tuple[Paper, Extraction]:
        p = Paper(f"2401.0000{n}", f"Paper {n}", summary="Zorblax.")
        x = Extraction(p.arxiv_id, {
            "zorblax": Entity("zorblax", "Zorblax", "Method", (), family, known=False),
            family: Entity(family, family.title(), "Method", (), None, known=False),
        })
        return p, x

    first, second, third = paper(1, "famb"), paper(2, "fama"), paper(3, "famb")
    for order in ([first, second, third], [third, second, first], [second, third, first]):
        builder = GraphBuilder(k.vocabulary.entities, topics)
        for p, x in order:
            builder.add(p, x)
        g = builder.graph()
        assert [(u, v) for u, v, d in g.edges(data=True) if d["relation"] == "variant_of"] == \
               [("method/zorblax", "method/famb")]


def test_a_record_file_gives_its_papers_to_extraction_as_they_are_parsed(tmp_path, monkeypatch):
    # the arXiv snapshot is one file of millions of records: its first papers are
    # extracted while the rest is read, not after the whole file is parsed
    import papergraph.build as build_module
    from papergraph.ingest import discover
    from papergraph.ingest.streaming import streaming_reader

    snapshot = tmp_path / "snapshot.jsonl"
    snapshot.write_text((FIXTURES / "arxiv_metadata.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    events = []

    class Watched:
        def __init__(self, reader):
            self.name = reader.name
            self.reader = reader

        def stream(self, path, name):
            for item in self.reader.stream(path, name):
                events.append(("parsed", item.arxiv_id))
                yield item

    monkeypatch.setattr(build_module, "streaming_reader", lambda path: Watched(streaming_reader(path)))
    (source,), _problems = discover([snapshot])
    reading = build_module._read_one(source, None, lambda paper: events.append(("given", paper.arxiv_id)))
    ids = [p.arxiv_id for p in reading.papers]
    assert len(ids) == 3
    assert events == [e for i in ids for e in (("parsed", i), ("given", i))]

    # and the build through the flow gives the graph of reading first, extracting after
    monkeypatch.undo()
    k = load_knowledge()
    papers = read_papers([snapshot], BuildReport())
    reference = build_graph(papers, extract_all(papers, jobs=1), k.vocabulary.entities,
                            load_topic_scheme(str(k.folder)))
    assert _as_lists(make_graph([snapshot], BuildReport(), jobs=2)) == _as_lists(reference)


def test_a_long_read_says_how_far_it_is(tmp_path, monkeypatch):
    # the progress bar (which needs the total) starts only when every file is read;
    # until then the build says, every READING_NEWS_EVERY seconds, what it has read and extracted
    import papergraph.build as build_module

    record = json.loads((FIXTURES / "arxiv_metadata.jsonl").read_text(encoding="utf-8").splitlines()[1])
    lines = []
    for i in range(2500):
        record.update(id=f"2401.{10000 + i}", abstract=f"We propose Net{i}, evaluated on NQ.")
        lines.append(json.dumps(record))
    (tmp_path / "snapshot.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "READING_NEWS_EVERY", 0.0)
    said = []
    make_graph([tmp_path / "snapshot.jsonl"], BuildReport(), jobs=1, say=said.append)
    news = [m for m in said if "so far" in m]
    assert [m.split(" papers so far")[0] for m in news] == ["read 1,000", "read 2,000"]
    assert all("(in file 1 of 1)" in m and "extracted" in m and "papers/s" in m for m in news)
    assert said.index(news[-1]) < said.index("read 1 file(s): 2,500 papers")
    # records a selection leaves out are read too: counted, and said
    said.clear()
    make_graph([tmp_path / "snapshot.jsonl"], BuildReport(), jobs=1, say=said.append,
               select=Selection(since="2099"))
    assert [m.split(" so far")[0] for m in said if "so far" in m] == ["read 1,000 papers", "read 2,000 papers"]
    assert any("(in file 1 of 1, 2,000 left out)" in m for m in said)
