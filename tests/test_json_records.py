"""arXiv records as one JSON document (an array, pretty-printed or not; objects
one after another; a single object): read by content through the JSON-lines
record mapping, streamed, a bad item costing only itself."""
import gzip
import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.build import build
from papergraph.ingest import arxiv_json, parse_bytes, reader_for
from papergraph.ingest.arxiv_jsonl import paper_from_record
from papergraph.ingest.streaming import read_path, streaming_reader
from papergraph.model import Diagnostic, Paper, SourceRef

from conftest import FIXTURES

RECORDS = [json.loads(line) for line in (FIXTURES / "arxiv_metadata.jsonl").read_text().splitlines()]
IDS = [r["id"] for r in RECORDS]


def read(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    items = list(read_path(path, name))
    return [x for x in items if isinstance(x, Paper)], [x for x in items if isinstance(x, Diagnostic)]


def starts(text: str) -> list[int]:
    """The lines the records of `text` start on (where their "id" key is, less the lines before it in its object)."""
    lines = text.split("\n")
    return [next(i for i in range(n, -1, -1) if lines[i].lstrip().startswith(("{", "[{"))) + 1
            for n, ln in enumerate(lines) if ln.lstrip().startswith('"id"')]


def as_jsonl_papers():
    return [p for i, r in enumerate(RECORDS) for p in paper_from_record(r, SourceRef("x", i + 1))]


@pytest.mark.parametrize("layout", ["array", "pretty", "objects", "gzip"])
def test_a_json_document_of_records_reads_like_json_lines(tmp_path, layout):
    text = {"array": json.dumps(RECORDS), "pretty": json.dumps(RECORDS, indent=2),
            "objects": "\n".join(json.dumps(r, indent=2) for r in RECORDS),  # jq '.[]'
            "gzip": json.dumps(RECORDS, indent=1)}[layout]
    raw = gzip.compress(text.encode(), mtime=0) if layout == "gzip" else text.encode()
    path = tmp_path / "records.txt"  # the name says nothing: the content does
    path.write_bytes(raw)
    assert streaming_reader(path).name == "arxiv-json"
    papers, notes = read(tmp_path, "records.txt", raw)
    assert notes == []
    expected = as_jsonl_papers()
    assert [(p.arxiv_id, p.title, p.summary, p.date, p.authors, p.categories) for p in papers] == \
           [(p.arxiv_id, p.title, p.summary, p.date, p.authors, p.categories) for p in expected]
    lines = [1, 1, 1] if layout == "array" else starts(text)
    assert [p.source.line for p in papers] == lines and len(set(lines)) == (1 if layout == "array" else 3)


def test_a_single_record_object(tmp_path):
    papers, notes = read(tmp_path, "one.json", json.dumps(RECORDS[1], indent=4))
    assert notes == [] and [(p.arxiv_id, p.source.line) for p in papers] == [("2406.15319", 1)]


def test_bad_items_cost_only_themselves_and_are_named_by_index_and_line(tmp_path):
    items = [RECORDS[0], 5, "a string", {"id": "not-an-id", "title": "T"}, RECORDS[1],
             {"id": "2406.00001"}, {"name": "x"}, RECORDS[2]]
    text = json.dumps(items, indent=2)
    papers, notes = read(tmp_path, "mixed.json", text)
    assert [p.arxiv_id for p in papers] == IDS
    lines = text.split("\n")
    line_of = {i: n + 1 for i, n in enumerate(n for n, ln in enumerate(lines) if ln.startswith("  ") and ln[2] not in " }]")}
    assert [(d.source.line, d.severity, d.message.split(":")[0]) for d in notes] == [
        (line_of[1], "skipped", "item [1] to item [2] (lines %d-%d)" % (line_of[1], line_of[2])),
        (line_of[3], "skipped", "item [3]"), (line_of[5], "skipped", "item [5]"),
        (line_of[6], "skipped", "item [6] (line %d)" % line_of[6])]
    assert "1 number and 1 string, not arXiv records" in notes[0].message
    assert "not-an-id" in notes[1].message and "without a title" in notes[2].message
    assert "1 object (keys: name)" in notes[3].message


@pytest.mark.parametrize("text, said", [
    (json.dumps(list(range(1000))), "a JSON array of 1,000 numbers, not of arXiv records"),
    (json.dumps(["a", "b", [1]]), "a JSON array of 1 array and 2 strings, not of arXiv records"),
    (json.dumps([{"name": "x", "age": 3}] * 4, indent=2), "a JSON array of 4 objects (keys: age, name), not of"),
    ("[]", "an empty JSON array: no records"),
    ('{"papers": [], "total": 0}', "JSON of 1 object (keys: papers, total), not of arXiv records"),
])
def test_json_that_is_not_records_says_what_it_holds(tmp_path, text, said):
    papers, notes = read(tmp_path, "data.json", text)
    assert papers == []
    (note,) = notes
    assert said in note.message and (note.severity, note.code, note.source.file) == ("skipped", "not-records",
                                                                                     "data.json")
    _graph, report = build([tmp_path / "data.json"], tmp_path / "out")
    assert [d.code for d in report.skipped] == ["not-records"]  # not "not a digest"


def test_broken_json_costs_the_item_and_reading_goes_on_at_the_next(tmp_path):
    text = json.dumps(RECORDS, indent=2)
    broken = text.replace('"title": "LongRAG', '"title": LongRAG', 1)  # a quote lost in item [1]
    papers, notes = read(tmp_path, "broken.json", broken)
    assert [p.arxiv_id for p in papers] == [IDS[0], IDS[2]]
    (note,) = notes
    first, second, third = starts(text)
    assert (note.source.line, note.severity, note.code) == (second, "skipped", "json-syntax")
    bad_line = broken.split("\n").index(next(ln for ln in broken.split("\n") if '"title": LongRAG' in ln)) + 1
    assert f"item [1]: not well-formed JSON (Expecting value on line {bad_line}); skipped up to line {third}" \
        in note.message
    assert papers[1].source.line == third


def test_a_missing_comma_a_trailing_comma_a_cut_file_and_text_after(tmp_path):
    text = json.dumps(RECORDS, indent=2)
    first, second, third = starts(text)
    papers, notes = read(tmp_path, "a.json", text.replace("},\n  {", "}\n  {", 1))
    assert [p.arxiv_id for p in papers] == IDS
    assert [(d.source.line, d.code) for d in notes] == [(second, "json-missing-comma")]
    papers, notes = read(tmp_path, "b.json", text[:-2] + ",\n]\n")
    assert [p.arxiv_id for p in papers] == IDS and notes == []
    papers, notes = read(tmp_path, "c.json", text[:-300])  # a download cut short, inside item [2]
    assert [p.arxiv_id for p in papers] == IDS[:2]
    assert [(d.source.line, d.code) for d in notes] == [(third, "json-syntax")]
    assert "the file ends inside it" in notes[0].message
    papers, notes = read(tmp_path, "d.json", text + "\n[1, 2]\n")
    assert [p.arxiv_id for p in papers] == IDS
    assert [(d.source.line, d.code) for d in notes] == [(text.count("\n") + 2, "json-trailing-text")]


def test_bad_bytes_and_an_item_too_large_to_read(tmp_path, monkeypatch):
    text = json.dumps(RECORDS, indent=2).encode()
    papers, notes = read(tmp_path, "latin.json", text.replace(b'"title": "LongRAG', b'"title": "Long\xe9RAG', 1))
    assert [p.arxiv_id for p in papers] == IDS and papers[1].title.startswith("Long\ufffdRAG: ")
    assert [(d.code, d.severity) for d in notes] == [("bad-bytes", "warning")]
    monkeypatch.setattr(arxiv_json, "RECORD_LINE_CHARS", 2000)  # item [1] has a long abstract
    monkeypatch.setattr(arxiv_json, "BLOCK", 512)  # what is read at once is never more than it needs
    papers, notes = read(tmp_path, "big.json", text)
    assert [p.arxiv_id for p in papers] == [IDS[0], IDS[2]]
    assert [d.code for d in notes] == ["json-syntax"] and "over 2,000 characters" in notes[0].message


def test_chosen_by_content_and_digests_are_not_taken_for_json():
    assert reader_for(json.dumps(RECORDS, indent=2)).name == "arxiv-json"
    assert reader_for("[1, 2, 3]").name == "arxiv-json"
    assert reader_for((FIXTURES / "arxiv_metadata.jsonl").read_text()).name == "arxiv-jsonl"
    digest = "[LongRAG](https://arxiv.org/abs/2406.15319)\n# LongRAG\n[长](https://arxiv.org/abs/2406.15319)\n\n摘要。\n"
    assert reader_for(digest).name == "markdown-blocks"
    assert reader_for("[1] Smith et al., some notes.\n") is None


def test_read_whole_the_same_as_streamed(tmp_path):
    text = json.dumps(RECORDS, indent=2)
    whole = parse_bytes(text.encode(), "r.json")
    streamed, notes = read(tmp_path, "r.json", text)
    assert whole.reader == "arxiv-json" and whole.diagnostics == notes == []
    assert [(p.arxiv_id, p.source) for p in whole.papers] == [(p.arxiv_id, p.source) for p in streamed]


def test_a_json_array_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.json"
    n = 1500
    with open(path, "w") as fh:
        fh.write("[\n")
        for i in range(n):
            record = dict(RECORDS[1], id=f"2406.{i:05d}")
            fh.write(json.dumps(record, indent=2) + (",\n" if i < n - 1 else "\n"))
        fh.write("]\n")
    size = path.stat().st_size
    tracemalloc.start()
    count = sum(1 for x in read_path(path, "big.json") if isinstance(x, Paper))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == n and size > 3_000_000 and peak < size / 6, (size, peak)


# -- any block size gives the same reading --------------------------------------------

ITEM = st.one_of(st.sampled_from(RECORDS), st.integers(), st.text(max_size=5),
                 st.fixed_dictionaries({"id": st.sampled_from(["2406.00001", "bad", ""]),
                                        "title": st.text(max_size=8)}))


@settings(max_examples=150, deadline=None)
@given(items=st.lists(ITEM, max_size=6), indent=st.sampled_from([None, 0, 2]), block=st.integers(1, 40),
       stream=st.booleans(), damage=st.none() | st.tuples(st.integers(0, 10**5), st.sampled_from('{}[],:"x1 \n')))
def test_any_block_size_reads_the_same(items, indent, block, stream, damage):
    if stream:
        text = "\n".join(json.dumps(x, indent=indent) for x in items if isinstance(x, dict))
    else:
        text = json.dumps(items, indent=indent)
    whole = list(arxiv_json.read_blocks([text], "x.json", []))
    if damage and text:  # broken JSON: whatever is read of it, it is the same in any blocks
        at = damage[0] % len(text)
        text = text[:at] + damage[1] + text[at + 1:]
        whole, items = list(arxiv_json.read_blocks([text], "x.json", [])), None
    old = arxiv_json.BLOCK
    arxiv_json.BLOCK = block
    try:
        pieces = [text[i:i + block] for i in range(0, len(text), block)]
        cut = list(arxiv_json.read_blocks(pieces, "x.json", []))
    finally:
        arxiv_json.BLOCK = old
    assert cut == whole
    if items is None:
        return
    records = [x for x in items if isinstance(x, dict)]
    assert [p.arxiv_id for p in whole if isinstance(p, Paper)] == [
        p.arxiv_id for r in records for p in paper_from_record(r, SourceRef("x", 1)) if isinstance(p, Paper)]
