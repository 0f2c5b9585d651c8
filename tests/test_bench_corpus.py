"""The benchmark corpus generator: deterministic, fresh ids, and every paper readable."""
import sys

from papergraph.build import BuildReport, read_papers

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def test_the_synthetic_corpus_is_deterministic_fresh_and_reads_without_a_problem(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    counts = corpus.generate(300, a, seed=3)
    corpus.generate(300, b, seed=3)
    files = sorted(f.name for f in a.iterdir())
    assert files == sorted(f.name for f in b.iterdir())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert set(counts) == {"blocks", "table", "jsonl"} and all(counts.values())
    report = BuildReport()
    papers = read_papers([a], report)
    assert report.diagnostics == []
    assert len(papers) == 300  # ids are unique
    seeds = {p.arxiv_id for p in read_papers([ROOT / "seeds"], BuildReport())}
    assert not seeds & {p.arxiv_id for p in papers}
    assert {p.script for p in papers} == {"zh-Hans", "zh-Hant", "en"}
    assert all(len(p.summary) > 150 for p in papers)
    assert sum(bool(p.authors) for p in papers) == counts["jsonl"]


def test_a_snapshot_corpus_is_one_json_lines_file_of_english_records(tmp_path):
    assert corpus.main(["--papers", "120", "--out", str(tmp_path / "s"), "--snapshot"]) == 0
    files = [f for f in (tmp_path / "s").iterdir() if not f.name.startswith(".")]
    assert [f.suffix for f in files] == [".jsonl"]
    assert len(files[0].read_text(encoding="utf-8").splitlines()) == 120
    report = BuildReport()
    papers = read_papers(files, report)
    assert report.diagnostics == [] and len(papers) == 120
    assert {p.script for p in papers} == {"en"} and all(p.authors and p.categories for p in papers)
