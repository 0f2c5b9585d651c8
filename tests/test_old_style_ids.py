"""Old-style arXiv ids (archive/YYMMNNN, 1991 to March 2007) give their year
and month, as new-style ids (YYMM.NNNNN) do, in every format."""
import json

import pytest

from papergraph.build import Selection, build
from papergraph.ingest.arxiv import month_of_id
from papergraph.ingest.streaming import read_path
from papergraph.model import Paper


@pytest.mark.parametrize("arxiv_id, month", [
    ("hep-th/9711200", "1997-11"),   # Maldacena, The Large N Limit of Superconformal Field Theories
    ("math.DG/0211159", "2002-11"),  # Perelman, The entropy formula for the Ricci flow
    ("math.GT/0309136", "2003-09"),
    ("cs/0112017", "2001-12"),
    ("hep-th/9901001", "1999-01"),
    ("astro-ph/9108001", "1991-08"),
    ("cond-mat/0703001", "2007-03"),
    ("2406.15319", "2024-06"),
    ("0704.0001", "2007-04"),
    # no real month: old-style ids stopped in 2007 and began in 1991; there is no month 13
    ("hep-th/0801001", ""), ("hep-th/9013001", ""), ("2413.00001", ""), ("not an id", ""),
])
def test_the_month_an_id_encodes(arxiv_id, month):
    assert month_of_id(arxiv_id) == month


MALDACENA = "The Large N Limit of Superconformal Field Theories and Supergravity"
PERELMAN = "The entropy formula for the Ricci flow and its geometric applications"

FILES = {
    "blocks.md": f"# {MALDACENA}\n[大N极限](https://arxiv.org/abs/hep-th/9711200v3)\n\n超共形场论与超引力。\n\n"
                 f"# {PERELMAN}\n[里奇流的熵公式](https://arxiv.org/abs/math.DG/0211159)\n\n里奇流。\n",
    "table.md": "| 名称 | 摘要 |\n| --- | --- |\n"
                f"| [{MALDACENA}](https://arxiv.org/pdf/hep-th/9711200) | 超共形场论。 |\n"
                f"| [{PERELMAN}](http://arxiv.org/abs/math.DG/0211159v1) | 里奇流。 |\n",
    # records that carry no date of their own: the id's month is all there is
    "records.jsonl": json.dumps({"id": "hep-th/9711200", "title": MALDACENA, "abstract": "We show that ..."}) + "\n"
                     + json.dumps({"id": "math.DG/0211159", "title": PERELMAN, "abstract": "We present ..."}) + "\n",
    "feed.atom": '<feed xmlns="http://www.w3.org/2005/Atom">\n'
                 f"<entry><id>http://arxiv.org/abs/hep-th/9711200v3</id><title>{MALDACENA}</title></entry>\n"
                 f"<entry><id>http://arxiv.org/abs/math.DG/0211159v1</id><title>{PERELMAN}</title></entry>\n</feed>\n",
    # the year a journal printed it (1998) is not when it appeared on arXiv
    "refs.bib": f"@article{{maldacena1998,\n  title = {{{MALDACENA}}},\n  journal = {{Adv. Theor. Math. Phys.}},\n"
                "  year = {1998}, eprint = {hep-th/9711200}, archivePrefix = {arXiv},\n}\n\n"
                f"@misc{{perelman2002,\n  title = {{{PERELMAN}}},\n  note = {{arXiv:math.DG/0211159}},\n}}\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_format_dates_old_style_ids(tmp_path, name):
    path = tmp_path / name
    path.write_text(FILES[name])
    papers = [x for x in read_path(path, name) if isinstance(x, Paper)]
    # the subject class (".DG") is not part of the id: arXiv files the paper as math/0211159
    assert [(p.arxiv_id, p.date) for p in papers] == [("hep-th/9711200", "1997-11"), ("math/0211159", "2002-11")]


def test_since_selects_old_style_papers_by_their_month(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blocks.md").write_text(FILES["blocks.md"])
    graph, report = build([tmp_path / "in"], tmp_path / "out", select=Selection(since="2000"))
    assert sorted(n for n in graph if n.startswith("paper/")) == ["paper/math/0211159"]
    assert graph.nodes["paper/math/0211159"]["date"] == "2002-11" and report.left_out == 1


def test_an_old_style_id_with_or_without_its_subject_class_is_one_paper(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blocks.md").write_text(FILES["blocks.md"])
    (tmp_path / "in" / "records.jsonl").write_text(
        json.dumps({"id": "math/0211159", "title": PERELMAN, "abstract": "We present ..."}) + "\n")
    graph, report = build([tmp_path / "in"], tmp_path / "out")
    assert sorted(n for n in graph if n.startswith("paper/")) == ["paper/hep-th/9711200", "paper/math/0211159"]
    assert report.duplicates == 1
