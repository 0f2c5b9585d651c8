"""Extraction reads Simplified and Traditional Chinese alike, spaced or not.

Digests come in both scripts, and writers differ on a space between Chinese
and Latin ("使用 LoRA 微调" / "使用LoRA微调"). The same summary converted to the
other script, or with those spaces taken out or put in, must give the same
graph facts: the same entities and kinds, proposals, relations, results and
topics. Each difference found this way was a bug: a rule that read the text as
written where it meant the folded (Simplified) form, a URL that swallowed the
Chinese glued to it, a vocabulary name found only with (or without) its space.
"""
import dataclasses
import re
from pathlib import Path

import pytest

from papergraph.build import BuildReport, read_papers
from papergraph.model import Paper, SourceRef
from papergraph.text import CJK, to_simplified, to_traditional

ROOT = Path(__file__).resolve().parent.parent


def facts(x) -> dict:
    return {
        "entities": sorted((e.key, e.kind) for e in x.entities.values()),
        "proposes": sorted(m.entity.key for m in x.proposes),
        "relations": sorted((r.subject or "", r.relation, r.object) for r in x.relations),
        "results": sorted((r.subject or "", r.dataset, r.value_text, r.metric or "") for r in x.results),
        "topics": sorted(x.topics),
    }


def squeezed(text: str) -> str:
    """No space between Chinese and Latin letters or digits."""
    return re.sub(rf"(?<={_HAN}) (?={_LATIN})|(?<={_LATIN}) (?={_HAN})", "", text)


def spaced(text: str) -> str:
    """A space between Chinese and Latin letters or digits."""
    return re.sub(rf"(?<={_HAN})(?={_LATIN})|(?<={_LATIN})(?={_HAN})", " ", text)


_HAN, _LATIN = r"[\u4e00-\u9fff]", r"[A-Za-z0-9%]"


def digests() -> list[Paper]:
    held_out = sorted((ROOT / "eval").glob("heldout*/heldout*_*.txt"))  # the Chinese held-out sets in eval/
    return read_papers([ROOT / "seeds", *held_out], BuildReport())


def in_script(paper: Paper, convert) -> Paper:
    return dataclasses.replace(paper, summary=convert(paper.summary), title_zh=convert(paper.title_zh))


def test_seed_and_held_out_digests_give_the_same_facts_in_either_script(extractor):
    papers = digests()
    compared, differences = 0, []
    for paper in papers:
        if not CJK.search(paper.summary):
            continue
        expected = facts(extractor.extract(paper))
        for convert in (to_traditional, to_simplified):
            other = in_script(paper, convert)
            if other.summary == paper.summary:
                continue  # already in that script
            compared += 1
            got = facts(extractor.extract(other))
            differences += [(paper.arxiv_id, convert.__name__, field) for field in expected
                            if got[field] != expected[field]]
    assert compared >= 100  # the seeds and held-out digests hold well over 100 Chinese summaries
    assert differences == []


def test_seed_and_held_out_digests_give_the_same_facts_spaced_or_not(extractor):
    compared, differences = 0, []
    for paper in digests():
        if not CJK.search(paper.summary):
            continue
        expected = facts(extractor.extract(paper))
        for convert in (squeezed, spaced):
            other = in_script(paper, convert)
            compared += other.summary != paper.summary
            got = facts(extractor.extract(other))
            # a result's value as written may lose or gain its inner space ("62.7 %")
            for f in ("entities", "proposes", "relations", "topics"):
                if got[f] != expected[f]:
                    differences.append((paper.arxiv_id, convert.__name__, f))
            if {r[:2] + r[3:] for r in got["results"]} != {r[:2] + r[3:] for r in expected["results"]}:
                differences.append((paper.arxiv_id, convert.__name__, "results"))
    assert compared >= 100  # 143 of the 2 x 111 conversions change the text
    assert differences == []


@pytest.mark.parametrize("summary", ["我们在 GSM8K 上报告精确率@k。", "ＥＭ 在 NQ 上达到 62.7%。"])
def test_a_case_kept_name_is_found_in_the_other_script_and_in_full_width(extractor, summary):
    # short mixed names keep their case ("精确率@k", "EM"); script and width are not case
    found = {}
    for text in (summary, to_traditional(summary)):
        x = extractor.extract(Paper("2406.00001", "A Study", text, "", sources=[SourceRef("d.md", 1)]))
        found[text] = sorted(e.key for e in x.entities.values())
    first, second = found.values()
    assert first == second and len(first) >= 2
