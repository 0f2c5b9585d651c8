"""Messy and hostile input: every kind of file gives a correct parse or a clear
message naming the file and line, and the build goes on with the rest."""
import codecs
import json
import os
import subprocess
import sys

import pytest

from papergraph.build import build
from papergraph.ingest import InputFile, parse_bytes, read_source
from papergraph.ingest.encoding import decode
from papergraph.model import Paper

from conftest import FIXTURES, need_tool
from messy import LONG_LINE_BYTES, PNG, seed_blocks, seed_table, write_messy


def parse(text_or_bytes, name="x.md"):
    raw = text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode("utf-8")
    reading = parse_bytes(raw, name)
    return reading.papers, reading.diagnostics


def same_papers(a: list[Paper], b: list[Paper]) -> bool:
    return [(p.arxiv_id, p.title, p.title_zh, p.summary, p.topics, p.date, p.script, p.source.line) for p in a] == \
           [(p.arxiv_id, p.title, p.title_zh, p.summary, p.topics, p.date, p.script, p.source.line) for p in b]


# -- encodings and line ends: the same papers as the UTF-8 original --------------

@pytest.mark.parametrize("encoding, bom, text", [
    ("gbk", b"", seed_blocks(3)),
    ("gb18030", b"", seed_blocks(3, skip=3)),
    ("gbk", b"", seed_table(3)),  # Traditional characters in GBK
    ("big5", b"", seed_table(5)),
    ("cp950", b"", seed_table(2, skip=7)),
    ("utf-16-le", codecs.BOM_UTF16_LE, seed_blocks(2)),
    ("utf-16-be", codecs.BOM_UTF16_BE, seed_table(2)),
    ("utf-16-le", b"", seed_blocks(2, skip=5)),
    ("utf-16-be", b"", seed_table(2, skip=2)),
    ("utf-32-le", codecs.BOM_UTF32_LE, seed_blocks(1)),
    ("utf-8", codecs.BOM_UTF8, seed_blocks(2)),
])
def test_other_encodings_read_exactly_like_utf8(encoding, bom, text):
    expected, expected_notes = parse(text)
    assert expected and expected_notes == []
    papers, notes = parse(bom + text.encode(encoding))
    assert notes == [], notes
    assert same_papers(papers, expected)


def test_one_line_of_legacy_chinese_is_still_told_apart():
    # short texts are where Big5 and GBK are easiest to confuse
    for line in seed_table(12).split("\n")[2:] + seed_blocks(6).split("\n"):
        if not line.strip():
            continue
        for encoding in ("gbk", "big5"):
            try:
                raw = line.encode(encoding)
            except UnicodeEncodeError:
                continue
            assert decode(raw).text == line, (encoding, line)


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_old_mac_line_ends_read_like_lf(ending):
    for text in (seed_blocks(3), seed_table(3)):
        papers, notes = parse(text.replace("\n", ending))
        expected, _ = parse(text)
        assert notes == [] and same_papers(papers, expected)
        assert all("\r" not in p.summary + p.title for p in papers)


def test_windows_1252_english_digest():
    text = "# Caf\u00e9 \u201cModels\u201d \u2014 A Study\n[x](https://arxiv.org/abs/2401.00007)\n\nWe study na\u00efve models.\n"
    papers, notes = parse(text.encode("cp1252"))
    assert notes == [] and papers[0].title == "Caf\u00e9 \u201cModels\u201d \u2014 A Study"


def test_a_few_damaged_bytes_are_replaced_and_the_line_named():
    raw = seed_blocks(2).encode("utf-8")
    cut = raw.index("。".encode(), raw.index(b"\n# ")) + 1  # inside the second block
    raw = raw[:cut] + b"\xff" + raw[cut:]
    papers, notes = parse(raw)
    assert len(papers) == 2
    (note,) = notes
    assert note.code == "bad-bytes" and note.severity == "warning"
    assert note.source.line == raw[:cut].count(b"\n") + 1
    assert "\ufffd" in papers[1].summary


# -- files that are not digests ----------------------------------------------------

@pytest.mark.parametrize("raw, code", [
    (b"", "empty-file"),
    (b"  \n\r\n\t\n", "empty-file"),
    (codecs.BOM_UTF8, "empty-file"),
    (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty-file"),
    (PNG, "binary-file"),
    (bytes(range(256)) * 4, "binary-file"),
    (b"\x1f\x8b\x08\x00" + bytes(200), "binary-file"),
    (bytes([0x80, 0xFF, 0xFE, 0x81]) * 50, "undecodable"),
    (b"Just notes.\nNo digest here.\n", "unknown-format"),
])
def test_files_that_are_not_digests_are_skipped_with_a_reason(raw, code):
    papers, notes = parse(raw, "odd.md")
    assert papers == []
    (note,) = notes
    assert (note.code, note.severity, note.source.file) == (code, "skipped", "odd.md")
    assert str(note).startswith("odd.md")


def test_a_50mb_single_line_is_skipped_by_line_and_the_rest_is_read():
    text = seed_blocks(2)
    raw = text.encode() + b"\n" + b"[" * LONG_LINE_BYTES + b"\n" + seed_blocks(1, skip=4).encode()
    papers, notes = parse(raw)
    assert [p.arxiv_id for p in papers] == [p.arxiv_id for p in parse(text)[0] + parse(seed_blocks(1, skip=4))[0]]
    (note,) = notes
    assert note.code == "line-too-long" and note.source.line == text.count("\n") + 2
    assert "52,428,800 characters" in note.message


def test_a_50mb_file_that_is_one_line():
    papers, notes = parse(b"| a | b |" + b"x" * LONG_LINE_BYTES)
    assert papers == [] and [n.code for n in notes] == ["line-too-long"]


def test_control_characters_are_removed_with_a_warning():
    papers, notes = parse("# Evil\x1b[2J Title\x07\n[标题](https://arxiv.org/abs/2401.00042)\n\n摘要\x1b]0;x\x07。\n")
    assert papers[0].title == "Evil[2J Title" and papers[0].summary == "摘要]0;x。"
    assert [(n.code, n.source.line) for n in notes] == [("control-characters", 1)]


# -- rows and blocks ------------------------------------------------------------------

def test_table_rows_with_holes_are_kept_and_rows_without_arxiv_are_skipped():
    header = seed_table(0)
    text = header + "\n".join([
        "| 2024年5月31日 | [Missing Summary](https://arxiv.org/abs/2405.00001) |  | 檢索 |",
        "| [Only A Title Cell](https://arxiv.org/abs/2405.00002) |",
        "| 2024年5月30日 | No link at all | 摘要 | 檢索 |",
        "| 2024年5月30日 | [Elsewhere](https://openreview.net/forum?id=abc) | 摘要 | 檢索 |",
        "| 2024年5月29日 | [Bar | Title](https://arxiv.org/abs/2405.00003) | a | b | c | 檢索 |",
        "| 2024年5月28日 | Bare Title https://arxiv.org/abs/2405.00004v2 | 摘要 | 檢索 |",
        "| 2024年5月28日 | Cited Title arXiv:2405.00005 | 摘要 | 檢索 |",
        "| 2024年5月27日 | No own link | 摘要提到 https://arxiv.org/abs/2405.99999 | 檢索 |",
    ]) + "\n"
    papers, notes = parse(text, "t.md")
    by_id = {p.arxiv_id: p for p in papers}
    assert sorted(by_id) == ["2405.00001", "2405.00002", "2405.00003", "2405.00004", "2405.00005"]
    assert by_id["2405.00001"].title == "Missing Summary" and by_id["2405.00001"].topics == ["檢索"]
    assert by_id["2405.00002"].title == "Only A Title Cell"
    assert by_id["2405.00003"].title == "Bar | Title" and by_id["2405.00003"].summary == "a | b | c"
    assert by_id["2405.00003"].topics == ["檢索"]
    assert by_id["2405.00004"].title == "Bare Title"
    assert by_id["2405.00005"].title == "Cited Title"
    got = sorted((n.source.line, n.severity, n.code) for n in notes)
    assert got == [(3, "warning", "missing-cells"), (4, "warning", "missing-cells"),
                   (5, "skipped", "no-arxiv-link"), (6, "skipped", "non-arxiv-link"),
                   (7, "warning", "extra-cells"), (10, "skipped", "no-arxiv-link")]
    assert "openreview.net" in next(n.message for n in notes if n.code == "non-arxiv-link")


def test_blocks_without_an_arxiv_link_are_skipped_by_line():
    text = ("# No Link Here\n\n没有链接的摘要。\n\n"
            "# On OpenReview\n[标题](https://openreview.net/forum?id=1)\n\n摘要。\n\n"
            "# Cited Form arXiv:2401.00009\n\n用 arXiv 编号的摘要。\n\n" + seed_blocks(1))
    papers, notes = parse(text, "b.md")
    assert [p.arxiv_id for p in papers] == ["2401.00009", "2406.15319"]
    assert papers[0].title == "Cited Form"
    assert sorted((n.source.line, n.code) for n in notes) == [(1, "no-arxiv-link"), (5, "non-arxiv-link")]


def test_a_link_that_only_contains_an_arxiv_url_never_becomes_the_url():
    text = "# T\n[x](javascript:alert(1)//https://arxiv.org/abs/2401.00001)\n\n摘要。\n"
    papers, _ = parse(text)
    assert papers[0].url == "https://arxiv.org/abs/2401.00001"


def test_a_reader_that_crashes_loses_only_the_rest_of_its_file():
    from papergraph import ingest

    def crashing(text, source):
        yield Paper("2401.00001", "First", sources=[ingest.SourceRef(source, 1)])
        raise RuntimeError("boom")

    reader = ingest.register(ingest.Reader("crashing", lambda t: 5.0 if t.startswith("CRASH") else 0.0, crashing))
    try:
        papers, notes = parse("CRASH\n", "c.md")
    finally:
        ingest.READERS.remove(reader)
    assert [p.arxiv_id for p in papers] == ["2401.00001"]
    assert [(n.code, n.severity) for n in notes] == [("reader-failed", "skipped")]
    assert "RuntimeError: boom" in notes[0].message


def test_same_arxiv_id_in_two_files_with_different_titles():
    from papergraph.ingest import merge_papers

    a, _ = parse(seed_blocks(1), "a.md")
    b, _ = parse("# Another Title\n[另一个](https://arxiv.org/abs/2406.15319)\n\n另一份摘要。\n", "b.md")
    for order in ((a, b), (b, a)):
        merged, notes = merge_papers(sorted(order[0] + order[1], key=lambda p: p.source))
        (paper,) = merged
        assert paper.title.startswith("LongRAG") and [s.file for s in paper.sources] == ["a.md", "b.md"]
        (note,) = notes
        assert note.code == "title-conflict" and str(note.source) == "b.md:1" and "a.md:1" in note.message


# -- the whole messy folder, through the command line ----------------------------------

@pytest.fixture(scope="module")
def messy_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    write_messy(root / "in")
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(root / "in"), "--out", str(root / "out")],
                         capture_output=True, text=True)
    return root, run


def test_messy_folder_builds_and_names_every_problem(messy_build):
    root, run = messy_build
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    report = json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))
    skipped = {(s["file"], s["line"], s["code"]) for s in report["skipped"]}
    assert skipped == {
        ("broken-link.md", 0, "not-a-file"), ("blank.md", 0, "empty-file"), ("empty.md", 0, "empty-file"),
        ("image.png", 0, "binary-file"), ("program.bin", 0, "binary-file"), ("notes.txt", 0, "unknown-format"),
        ("blocks_no_link.md", 1, "no-arxiv-link"), ("blocks_no_link.md", 5, "non-arxiv-link"),
        ("table_holes.md", 5, "no-arxiv-link"), ("table_holes.md", 6, "non-arxiv-link"),
        ("long_line.md", 3, "line-too-long"),
    }
    assert all(s["reason"] for s in report["skipped"])
    warnings = {(w["file"], w["code"]) for w in report["warnings"]}
    assert {("table_holes.md", "missing-cells"), ("table_holes.md", "extra-cells"), ("bad_bytes.md", "bad-bytes"),
            ("control.md", "control-characters"), ("longrag.md", "title-conflict")} <= warnings
    # nothing silently lost: every item read is built, merged or skipped
    assert report["items_read"] == report["papers"] + report["duplicates"] + len(report["skipped"])
    assert report["skipped_count"] == len(report["skipped"]) == sum(report["skipped_by_reason"].values())
    assert report["encodings"] == {"big5.md": "Big5", "gbk.md": "GB18030/GBK", "utf16_no_bom.md": "UTF-16LE",
                                   "utf16be_bom.md": "UTF-16", "utf16le_bom.md": "UTF-16"}
    # every message on the terminal names a file (and a line where there is one)
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("papergraph: ")]
    assert len(lines) == len(report["skipped"]) + len(report["warnings"])
    for s in report["skipped"]:
        where = f"{s['file']}:{s['line']}" if s["line"] else s["file"]
        assert any(ln.startswith(f"papergraph: {where}: skipped: ") for ln in lines), where
    # the summary counts read / built / skipped with reasons
    assert f"{report['items_read']} items: {report['papers']} papers built" in run.stdout
    assert "skipped (2 binary-file, 2 empty-file" in run.stdout


def test_messy_folder_papers_are_the_ones_in_the_files(messy_build):
    root, _ = messy_build
    graph = json.loads((root / "out" / "graph.json").read_text(encoding="utf-8"))
    papers = {n["arxiv_id"]: n for n in graph["nodes"] if n["kind"] == "Paper"}
    for text in (seed_blocks(2, skip=2), seed_table(2, skip=4), seed_blocks(1, skip=4), seed_blocks(1, skip=5),
                 seed_blocks(1, skip=6), seed_blocks(1, skip=7), seed_blocks(2, skip=8), seed_blocks(1, skip=12)):
        for p in parse(text)[0]:
            assert papers[p.arxiv_id]["title"] == p.title and papers[p.arxiv_id]["summary"] == p.summary
    assert "2405.00001" in papers and "2405.00002" in papers  # kept despite missing cells
    assert papers["2406.15319"]["title"] == "A Different Title For LongRAG"  # conflict.md sorts first
    assert papers["2406.15319"]["sources"] == ["conflict.md:1", "longrag.md:1"]


def test_strict_turns_any_message_into_a_failing_exit(messy_build, tmp_path):
    root, _ = messy_build
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(root / "in"), "--out", str(tmp_path),
                          "--strict", "-q"], capture_output=True, text=True)
    assert run.returncode == 1 and "--strict" in run.stderr and "Traceback" not in run.stderr
    assert (tmp_path / "report.json").exists()  # the outputs are still written
    clean = subprocess.run([sys.executable, "-m", "papergraph", "build", str(FIXTURES / "blocks_zh_hans.md"),
                            "--out", str(tmp_path), "--strict", "-q"], capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr


def test_an_unreadable_file_is_named_and_the_build_goes_on(tmp_path):
    """A file the user may not read (real permissions, also when the tests run as root)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.md").write_text(seed_blocks(1), encoding="utf-8")
    (folder / "locked.md").write_text(seed_blocks(1, skip=1), encoding="utf-8")
    (folder / "locked.md").chmod(0)
    command = [sys.executable, "-m", "papergraph", "build", str(folder), "--out", str(tmp_path / "out")]
    if os.geteuid() == 0:  # root reads anything: run the build without the capabilities that allow it
        setpriv = need_tool("setpriv", "util-linux; drops root's permission to read any file")
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, "--bounding-set", drop, "--inh-caps", drop, *command]
    run = subprocess.run(command, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "papergraph: locked.md: skipped: cannot read: Permission denied" in run.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["papers"] == 1
    assert report["skipped"] == [{"file": "locked.md", "line": 0, "code": "unreadable",
                                  "reason": "cannot read: Permission denied"}]


def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path):
    # a renderer that fails stands for any bug: the user sees one line, the outputs stay
    script = ("import sys\nfrom papergraph import cli\nfrom papergraph.export import RENDERERS, Renderer\n"
              "def bad(g):\n    raise ZeroDivisionError('division by zero in a renderer')\n"
              "RENDERERS['json'] = Renderer('json', 'graph.json', bad, 'broken')\n"
              "sys.exit(cli.main(sys.argv[1:]))\n")
    run = subprocess.run([sys.executable, "-c", script, "build", str(FIXTURES / "blocks_zh_hans.md"),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "internal error (ZeroDivisionError: division by zero in a renderer)" in run.stderr
    assert not (tmp_path / "out").exists()


def test_file_names_cannot_write_to_the_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2Jname\n.md").write_bytes(b"")
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(folder), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 0
    assert "\x1b" not in run.stderr + run.stdout
    assert "evil\\x1b[2Jname\\x0a.md: skipped: empty file" in run.stderr


def test_display_names_do_not_depend_on_argument_order(tmp_path):
    from papergraph.ingest import discover

    for sub in ("a", "b"):
        (tmp_path / sub / "inner").mkdir(parents=True)
        (tmp_path / sub / "x.md").write_text(seed_blocks(1), encoding="utf-8")
        (tmp_path / sub / "inner" / "y.md").write_text(seed_blocks(1), encoding="utf-8")
    roots = [tmp_path / "a", tmp_path / "b", tmp_path / "a" / "inner", tmp_path / "a" / "x.md"]
    results = {tuple(f.name for f in discover(order)[0]) for order in (roots, roots[::-1], roots[1:] + roots[:1])}
    assert len(results) == 1
    (names,) = results
    assert len(names) == len(set(names)) == 4  # two x.md and two y.md, told apart
    assert "y.md" in names  # a/inner/y.md is named by the innermost folder given


def test_read_source_reports_a_missing_file(tmp_path):
    reading = read_source(InputFile("gone.md", tmp_path / "gone.md"))
    assert [(d.code, str(d.source)) for d in reading.diagnostics] == [("unreadable", "gone.md")]


def test_the_build_never_reads_its_own_output_folder(tmp_path):
    (tmp_path / "d.md").write_text(seed_blocks(1), encoding="utf-8")
    for _ in range(2):
        _, report = build([tmp_path], tmp_path / "out")
    assert report.files == ["d.md"] and report.diagnostics == []


def test_a_pipe_in_the_input_folder_is_named_not_waited_on(tmp_path):
    # opening a FIFO blocks until someone writes to it: the build used to hang there
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.md").write_text(seed_blocks(1), encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(folder), "--out", str(tmp_path / "out"),
                          "-q"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["papers"] == 1
    assert [(s["file"], s["code"]) for s in report["skipped"]] == [("pipe.jsonl", "not-a-file")]


def test_a_utf8_digest_with_stray_nul_bytes_is_read_not_called_binary():
    # a file cut short by a crash ends in zeros; a tool's bug leaves a NUL in a line
    text = seed_blocks(2)
    raw = text.encode().replace("\n".encode(), b"\x00\n", 1) + b"\x00" * 4096
    papers, notes = parse(raw)
    assert same_papers(papers, parse(text)[0]) and len(papers) == 2
    assert [(n.code, n.source.line) for n in notes] == [("control-characters", 1)]
    # binary data with NULs is still binary
    assert parse(bytes(4096))[1][0].code == "binary-file"
    assert parse(b"text\x00\x01\x02\x03\x04\x05" * 100)[1][0].code == "binary-file"
