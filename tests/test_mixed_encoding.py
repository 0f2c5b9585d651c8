"""A digest in UTF-8 with a paragraph pasted from a GBK or Big5 source (or the
reverse) is read line by line: every line in the encoding it is in, the lines
not in the file's own encoding named in a warning, line numbers unchanged."""
import codecs
import json

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.build import build
from papergraph.ingest import parse_bytes
from papergraph.ingest.encoding import decode

from messy import seed_blocks, seed_table


def wrapped_blocks() -> list[str]:
    """Three heading blocks whose second summary runs over several lines, a
    sentence a line: a paragraph, as pasted."""
    lines = seed_blocks(3).split("\n")
    paragraph = lines[8].replace("。", "。\n").rstrip("\n").split("\n")
    assert len(paragraph) >= 3
    return lines[:8] + paragraph + lines[9:]


def encoded(lines: list[str], legacy: range, codec: str, ending: str = "\n") -> bytes:
    return ending.encode().join(ln.encode(codec if i in legacy else "utf-8") for i, ln in enumerate(lines))


def papers_of(raw: bytes, name: str = "mixed.md"):
    reading = parse_bytes(raw, name)
    return reading, [(p.arxiv_id, p.title, p.title_zh, p.summary, p.sources) for p in reading.papers]


def test_a_gbk_paragraph_in_a_utf8_digest_is_read_and_its_lines_named():
    lines = wrapped_blocks()
    paragraph = range(8, lines.index("", 8))  # the second block's summary: lines 9.. of the file
    reading, papers = papers_of(encoded(lines, paragraph, "gbk"))
    _, expected = papers_of("\n".join(lines).encode())
    assert len(papers) == 3 and papers == expected  # same text, same sources ("mixed.md:6")
    (note,) = reading.diagnostics
    first, last = paragraph.start + 1, paragraph.stop
    assert (note.code, note.severity, note.source.file, note.source.line) == ("mixed-encoding", "warning",
                                                                             "mixed.md", first)
    assert f"lines {first}-{last} not UTF-8: read as GB18030/GBK" in note.message
    assert reading.encoding == "UTF-8 with GB18030/GBK lines"


def test_line_numbers_hold_with_crlf_and_cr_line_ends_and_a_byte_order_mark():
    lines = wrapped_blocks()
    paragraph = range(8, lines.index("", 8))
    _, expected = papers_of("\n".join(lines).encode())
    for bom in (b"", codecs.BOM_UTF8):
        for ending in ("\r\n", "\r"):
            reading, papers = papers_of(bom + encoded(lines, paragraph, "gb18030", ending))
            assert papers == expected, (bom, ending)
            assert [(d.code, d.source.line) for d in reading.diagnostics] == [("mixed-encoding", 9)]


def test_a_big5_row_a_gbk_row_and_a_line_no_codec_reads_in_a_utf8_table():
    rows = seed_table(6).split("\n")
    damaged = rows[6].encode()
    raw = b"\n".join([*(r.encode() for r in rows[:3]), rows[3].encode("big5"), rows[4].encode(),
                      rows[5].encode("gbk"), damaged[:40] + b"\xff\xfe\x80" + damaged[40:], rows[7].encode(),
                      *(r.encode() for r in rows[8:])])
    reading, papers = papers_of(raw, "t.md")
    _, expected = papers_of("\n".join(rows).encode(), "t.md")
    assert len(papers) == 6
    assert [p for i, p in enumerate(papers) if i != 4] == [p for i, p in enumerate(expected) if i != 4]
    assert "\ufffd" in "".join(papers[4][1:4]) and papers[4][4] == expected[4][4]  # kept, with its own line
    assert [(d.code, d.source.line, d.message.split(":")[0]) for d in reading.diagnostics] == [
        ("mixed-encoding", 4, "line 4 not UTF-8"), ("mixed-encoding", 6, "line 6 not UTF-8"),
        ("bad-bytes", 7, "line 7 neither UTF-8 nor GB18030/GBK nor Big5")]
    assert "read as Big5" in reading.diagnostics[0].message
    assert "read as GB18030/GBK" in reading.diagnostics[1].message


def test_a_utf8_line_pasted_into_a_gbk_digest_is_read_as_utf8():
    lines = seed_blocks(4).split("\n")
    pasted = 8  # line 9: a summary
    raw = b"\n".join(ln.encode("utf-8" if i == pasted else "gb18030") for i, ln in enumerate(lines))
    reading, papers = papers_of(raw)
    _, expected = papers_of("\n".join(lines).encode())
    assert papers == expected
    assert [(d.code, d.source.line) for d in reading.diagnostics] == [("mixed-encoding", 9)]
    assert "line 9 not GB18030/GBK: read as UTF-8" in reading.diagnostics[0].message
    assert reading.encoding == "GB18030/GBK with UTF-8 lines"


def test_files_wholly_in_one_encoding_read_as_before():
    for text, codec in ((seed_blocks(3), "gbk"), (seed_table(4), "big5"), (seed_blocks(2), "utf-8")):
        decoded = decode(text.encode(codec))
        assert (decoded.text, decoded.spans) == (text, ())
        assert decoded.encoding == {"gbk": "gb18030", "big5": "big5hkscs"}.get(codec, codec)


def test_too_many_lines_no_codec_reads_is_not_a_mixed_file():
    # A legacy paragraph does not make a file of damaged lines readable: it is
    # skipped as before, with the line of its first bad byte.
    lines = wrapped_blocks()
    raw = b"\n".join(ln.encode("gbk") if i == 8 else ln.encode() + (b"\xff\x80" if ln else b"")
                     for i, ln in enumerate(lines))
    reading, papers = papers_of(raw)
    assert papers == [] and [(d.code, d.source.line) for d in reading.diagnostics] == [("undecodable", 1)]


def test_the_build_reports_the_lines_and_keeps_the_sources(tmp_path):
    lines = wrapped_blocks()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pasted.md").write_bytes(encoded(lines, range(8, lines.index("", 8)), "gbk"))
    graph, report = build([tmp_path / "in"], tmp_path / "out")
    headings = [i + 1 for i, ln in enumerate(lines) if ln.startswith("# ")]
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["encodings"] == {"pasted.md": "UTF-8 with GB18030/GBK lines"}
    assert [(w["file"], w["line"], w["code"]) for w in saved["warnings"]] == [("pasted.md", 9, "mixed-encoding")]
    assert saved["skipped"] == [] and report.papers == 3
    assert sorted(graph.nodes[n]["sources"] for n in graph if n.startswith("paper/")) == \
        sorted([f"pasted.md:{n}"] for n in headings)
    assert headings[2] > 9 + 3  # the third block comes after the paragraph


# Lines of real digests, in both scripts; each encodes in GBK, and the Traditional ones in Big5.
SEED_LINES = [ln for ln in seed_blocks(6).split("\n") + seed_table(8).split("\n")[2:] if ln.strip()]


@settings(max_examples=60, deadline=None)
@given(picked=st.lists(st.sampled_from(SEED_LINES + ["", "plain ASCII line"]), min_size=2, max_size=14),
       block=st.tuples(st.integers(0, 13), st.integers(1, 6)), codec=st.sampled_from(["gbk", "big5"]),
       ending=st.sampled_from(["\n", "\r\n"]))
def test_any_paragraph_of_another_encoding_reads_back_as_written(picked, block, codec, ending):
    start, length = block
    legacy = range(start, min(start + length, len(picked)))
    try:
        raw = encoded(picked, legacy, codec, ending)
    except UnicodeEncodeError:  # Big5 has no Simplified characters
        return
    decoded = decode(raw)
    assert decoded.text == ending.join(picked)
    other = [i + 1 for i, ln in enumerate(picked) if not ln.isascii() and i not in legacy]
    mine = [i + 1 for i, ln in enumerate(picked) if not ln.isascii() and i in legacy]
    named = [n for s in decoded.spans for n in range(s.first, s.last + 1)]
    # the lines named are exactly the non-ASCII lines in the encoding that is not the file's
    assert named == (mine if decoded.encoding == "utf-8" else other)
    assert all(s.codec for s in decoded.spans)


@pytest.mark.parametrize("entries", [3, 200])  # read whole (its head is not UTF-8) or streamed line by line
def test_a_gbk_abstract_in_a_bibtex_file_is_read_as_gbk(tmp_path, entries):
    from papergraph.ingest.streaming import read_path, streaming_reader
    from papergraph.model import Diagnostic, Paper

    summary = seed_blocks(1).split("\n")[3]
    entry = ("@misc{{k{n},\n  title = {{Paper {n}}},\n  eprint = {{2406.{n:05d}}}, archivePrefix = {{arXiv}},\n"
             "  abstract = {{{summary}}},\n}}\n\n")
    lines = "".join(entry.format(n=n, summary=summary) for n in range(entries)).split("\n")
    pasted = len(lines) - 10  # the last entry's abstract line
    raw = b"\n".join(ln.encode("gbk" if i == pasted else "utf-8") for i, ln in enumerate(lines))
    path = tmp_path / "refs.bib"
    path.write_bytes(raw)
    assert (streaming_reader(path) is not None) == (entries > 3)
    items = list(read_path(path, "refs.bib"))
    papers = [x for x in items if isinstance(x, Paper)]
    assert [p.summary for p in papers] == [summary] * entries
    (note,) = [x for x in items if isinstance(x, Diagnostic)]
    assert (note.code, note.source.line) == ("mixed-encoding", pasted + 1)
    assert "read as GB18030/GBK" in note.message
