from papergraph.ingest import merge_papers, read_file
from papergraph.ingest.arxiv import arxiv_id_from_url, month_of_id, parse_date
from papergraph.model import Diagnostic, Paper

from conftest import FIXTURES, SEEDS


def read(path):
    items = list(read_file(path, path.name))
    return [x for x in items if isinstance(x, Paper)], [x for x in items if isinstance(x, Diagnostic)]


def test_arxiv_ids_from_abs_and_pdf_links_drop_the_version():
    assert arxiv_id_from_url("https://arxiv.org/abs/2406.15319v2") == "2406.15319"
    assert arxiv_id_from_url("https://arxiv.org/pdf/2405.20204v1") == "2405.20204"
    assert arxiv_id_from_url("http://arxiv.org/pdf/2405.20204.pdf") == "2405.20204"
    assert arxiv_id_from_url("https://example.org/abs/2406.15319") is None


def test_dates_as_given_else_the_month_of_the_id():
    assert parse_date("2024年5月31日") == "2024-05-31"
    assert parse_date("2024-06-01") == "2024-06-01"
    assert parse_date("soon") == ""
    assert month_of_id("2406.15319") == "2024-06"


def test_heading_blocks_give_title_chinese_title_summary_and_line():
    papers, problems = read(FIXTURES / "blocks_zh_hans.md")
    assert problems == []
    assert [p.arxiv_id for p in papers] == ["2406.15319", "2406.04692"]
    longrag = papers[0]
    assert longrag.title.startswith("LongRAG: Enhancing")
    assert longrag.title_zh.startswith("LongRAG: 使用长上下文")
    assert "62.7%" in longrag.summary
    assert longrag.script == "zh-Hans"
    assert longrag.date == "2024-06"
    assert (longrag.source.file, longrag.source.line) == ("blocks_zh_hans.md", 1)
    assert papers[1].source.line == 6


def test_table_rows_give_date_topics_and_traditional_script():
    papers, problems = read(FIXTURES / "table_zh_hant.md")
    assert problems == []
    tom, jina = papers
    assert tom.arxiv_id == "2405.18870" and tom.date == "2024-05-31"
    assert tom.script == "zh-Hant"
    assert tom.topics == ["心智理論"]
    assert jina.topics == ["多模態模型", "檢索"]
    assert jina.title == "JINA CLIP: Your CLIP Model Is Also Your Text Retriever"
    assert jina.source.line == 4


def test_a_paper_in_two_files_is_one_paper_with_both_sources():
    a, _ = read(FIXTURES / "blocks_zh_hans.md")
    b, _ = read(FIXTURES / "duplicate_of_longrag.md")
    merged, notes = merge_papers(a + b)
    longrag = [p for p in merged if p.arxiv_id == "2406.15319"]
    assert len(longrag) == 1
    assert [s.file for s in longrag[0].sources] == ["blocks_zh_hans.md", "duplicate_of_longrag.md"]
    assert notes == []  # same title: nothing to report


def test_all_89_seed_papers_are_read_once():
    papers = []
    for f in sorted(SEEDS.iterdir()):
        p, problems = read(f)
        assert problems == [], problems
        papers += p
    merged, _ = merge_papers(papers)
    assert len(papers) == len(merged) == 89
    assert {p.script for p in merged} == {"zh-Hans", "zh-Hant"}
    assert all(p.title and p.summary for p in merged)
