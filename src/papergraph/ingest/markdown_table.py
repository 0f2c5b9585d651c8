"""The markdown-table digest layout.

    | 日期 | 名稱 | 摘要 | 主題 |
    | --- | --- | --- | --- |
    | 2024年5月31日 | [English title](https://arxiv.org/pdf/2405.18870) | summary | topic, topic |

Columns are found by their header (Chinese or English), not by position.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Diagnostic, Paper, SourceRef
from ..text import detect_script, fold
from . import Reader, register
from .arxiv import MARKDOWN_LINK, arxiv_id_from_url, month_of_id, parse_date

SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# Header words per column, folded (Simplified, lower case).
COLUMNS = {
    "date": ("日期", "date", "时间", "published"),
    "title": ("名称", "标题", "论文", "title", "paper", "name"),
    "summary": ("摘要", "总结", "summary", "abstract", "简介"),
    "topics": ("主题", "话题", "标签", "topics", "topic", "tags", "领域"),
}
TOPIC_SPLIT = re.compile(r"\s*[,，、;；/]\s*")


def split_row(line: str) -> list[str]:
    """Cells of a markdown table row; `\\|` is a literal bar, not a separator."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|") for c in cells]


def sniff(text: str) -> float:
    lines = text.split("\n", 400)[:400]
    for i in range(len(lines) - 1):
        if lines[i].lstrip().startswith("|") and SEPARATOR.match(lines[i + 1]):
            return 0.9
    return 0.0


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = fold(cell)
        for name, words in COLUMNS.items():
            if name not in found and any(w in f for w in words):
                found[name] = i
                break
    return found


def read(text: str, source: str) -> Iterator[Paper | Diagnostic]:
    lines = text.split("\n")
    columns: dict[str, int] | None = None
    for i, line in enumerate(lines):
        where = SourceRef(source, i + 1)
        if not line.lstrip().startswith("|"):
            if line.strip() and columns is not None:
                columns = None  # the table ended; a later table brings its own header
            continue
        if SEPARATOR.match(line):
            continue
        cells = split_row(line)
        if i + 1 < len(lines) and SEPARATOR.match(lines[i + 1]):
            columns = _column_map(cells)
            if "title" not in columns:
                yield Diagnostic(where, "table header without a title column; table skipped", "skipped")
            continue
        if not columns or "title" not in columns:
            continue
        yield from _read_row(cells, columns, where)


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str | None:
    i = columns.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def _read_row(cells: list[str], columns: dict[str, int], where: SourceRef) -> Iterator[Paper | Diagnostic]:
    title_cell = _cell(cells, columns, "title") or ""
    link = MARKDOWN_LINK.search(title_cell)
    arxiv_id = arxiv_id_from_url(link["url"]) if link else None
    if arxiv_id is None:
        arxiv_id = arxiv_id_from_url(" ".join(cells))
    if arxiv_id is None:
        yield Diagnostic(where, "table row without an arXiv link; row skipped", "skipped")
        return
    missing = [n for n in ("date", "summary", "topics") if n in columns and not _cell(cells, columns, n)]
    if missing:
        yield Diagnostic(where, f"arXiv {arxiv_id}: empty or missing cell(s): {', '.join(missing)}; row kept")
    title = (link["text"] if link else title_cell).strip()
    summary = _cell(cells, columns, "summary") or ""
    topics = [t for t in TOPIC_SPLIT.split(_cell(cells, columns, "topics") or "") if t]
    yield Paper(
        arxiv_id=arxiv_id,
        title=title,
        summary=summary,
        script=detect_script(summary or title),
        date=parse_date(_cell(cells, columns, "date") or "") or month_of_id(arxiv_id),
        topics=topics,
        sources=[where],
        url=link["url"] if link else f"https://arxiv.org/abs/{arxiv_id}",
    )


register(Reader("markdown-table", sniff, read))
