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
from . import SCRIPT_SAMPLE, Reader, register
from .arxiv import (ARXIV_REF, ARXIV_URL, MARKDOWN_LINK, arxiv_id_from_text, arxiv_id_from_url, canonical_url,
                    month_of_id, other_link_host, parse_date)

SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# Header words per column, folded (Simplified, lower case).
COLUMNS = {
    "date": ("日期", "date", "时间", "published"),
    "title": ("名称", "标题", "论文", "title", "paper", "name"),
    "summary": ("摘要", "总结", "summary", "abstract", "简介"),
    "topics": ("主题", "话题", "标签", "topics", "topic", "tags", "领域"),
    "link": ("链接", "网址", "地址", "link", "url", "arxiv"),
}
TOPIC_SPLIT = re.compile(r"\s*[,，、;；/]\s*")


def split_row(line: str) -> list[str]:
    """Cells of a markdown table row; `\\|` is a literal bar, not a separator.

    A bar inside a link's [text](url) is text too: a title such as
    "[A | B](https://arxiv.org/abs/...)" is one cell, as its writer meant.
    """
    line = MARKDOWN_LINK.sub(lambda m: m.group(0).replace("|", "\x00"), line)
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|").replace("\x00", "|") for c in cells]


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
    width = 0
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
            columns, width = _column_map(cells), len(cells)
            if "title" not in columns:
                yield Diagnostic(where, "table header without a title column (名称, 标题, title, ...); "
                                 "table skipped", "skipped", "no-title-column")
            continue
        if columns is None:
            if any(arxiv_id_from_text(c) for c in cells):
                yield Diagnostic(where, "table row with an arXiv link but no header row above it; row skipped",
                                 "skipped", "no-table-header")
            continue
        if "title" not in columns:
            continue
        yield from _read_row(_fit(cells, width, columns), columns, where, len(cells) - width)


def _fit(cells: list[str], width: int, columns: dict[str, int]) -> list[str]:
    """A row with more cells than its header most likely has a bare `|` inside
    its free text: those cells are joined back into the summary (or title)."""
    extra = len(cells) - width
    if extra <= 0:
        return cells
    into = columns.get("summary", columns["title"])
    return cells[:into] + [" | ".join(cells[into:into + extra + 1])] + cells[into + extra + 1:]


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str | None:
    i = columns.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def _find_id(cells: list[str], columns: dict[str, int]) -> tuple[str | None, re.Match | None]:
    """The row's arXiv id and, when it is one, the markdown link that gave it.

    The title cell is asked first, then a link column, then any cell holding
    nothing but an arXiv link. An arXiv URL inside a summary names some other
    paper, not the row's, and is not used.
    """
    title_cell = _cell(cells, columns, "title") or ""
    for m in MARKDOWN_LINK.finditer(title_cell):
        found = arxiv_id_from_url(m["url"])
        if found:
            return found, m
    found = arxiv_id_from_text(title_cell) or arxiv_id_from_text(_cell(cells, columns, "link") or "")
    if found:
        return found, None
    for i, cell in enumerate(cells):
        if i in (columns.get("summary"), columns.get("title")):
            continue
        bare = cell.strip()
        link = MARKDOWN_LINK.fullmatch(bare)
        target = link["url"] if link else bare
        m = ARXIV_URL.fullmatch(target) or ARXIV_REF.fullmatch(target)
        if m:
            return m["id"], link
    return None, None


def _read_row(cells: list[str], columns: dict[str, int], where: SourceRef, extra: int
              ) -> Iterator[Paper | Diagnostic]:
    title_cell = _cell(cells, columns, "title") or ""
    arxiv_id, link = _find_id(cells, columns)
    if arxiv_id is None:
        host = other_link_host(title_cell) or other_link_host(_cell(cells, columns, "link") or "")
        if host:
            yield Diagnostic(where, f"table row links to {host}, not to arXiv; row skipped", "skipped",
                             "non-arxiv-link")
        else:
            yield Diagnostic(where, "table row without an arXiv link; row skipped", "skipped", "no-arxiv-link")
        return
    if extra > 0:
        yield Diagnostic(where, f"arXiv {arxiv_id}: {extra} more cell(s) than the header; a '|' inside a cell "
                         "should be written '\\|' (read as part of the text)", "warning", "extra-cells")
    missing = [n for n in ("date", "summary", "topics") if n in columns and not _cell(cells, columns, n)]
    if missing:
        yield Diagnostic(where, f"arXiv {arxiv_id}: empty or missing cell(s): {', '.join(missing)}; row kept",
                         "warning", "missing-cells")
    if link is not None and link.group(0) in title_cell:
        title = link["text"].strip()
    else:  # the title cell, without the bare URL or arXiv:id it may hold
        title = ARXIV_REF.sub("", ARXIV_URL.sub("", MARKDOWN_LINK.sub(lambda m: m["text"], title_cell))).strip()
        if not title and link is not None:  # a short row: the link that gave the id carries the title
            title = link["text"].strip()
    summary = _cell(cells, columns, "summary") or ""
    topics = [t for t in TOPIC_SPLIT.split(_cell(cells, columns, "topics") or "") if t]
    yield Paper(
        arxiv_id=arxiv_id,
        title=title,
        summary=summary,
        script=detect_script((summary or title)[:SCRIPT_SAMPLE]),
        date=parse_date(_cell(cells, columns, "date") or "") or month_of_id(arxiv_id),
        topics=topics,
        sources=[where],
        url=canonical_url(link["url"] if link else "", arxiv_id),
    )


register(Reader("markdown-table", sniff, read))
