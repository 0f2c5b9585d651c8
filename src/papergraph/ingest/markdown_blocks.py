"""The heading-block digest layout.

    # English title
    [Chinese title](https://arxiv.org/abs/2406.15319)

    Summary paragraph(s) ...

A block runs from one `#` heading to the next.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Diagnostic, Paper, SourceRef
from ..text import detect_script
from . import SCRIPT_SAMPLE, Reader, register
from .arxiv import ARXIV_REF, MARKDOWN_LINK, arxiv_id_from_url, canonical_url, month_of_id, other_link_host

HEADING = re.compile(r"^#{1,3}\s+(?P<title>\S.*?)\s*#*\s*$")


def sniff(text: str) -> float:
    lines = text.split("\n", 400)[:400]
    headings = sum(1 for ln in lines if HEADING.match(ln))
    links = sum(1 for ln in lines if "arxiv.org/" in ln or ARXIV_REF.search(ln))
    return 0.8 if headings and links else 0.0


def read(text: str, source: str) -> Iterator[Paper | Diagnostic]:
    lines = text.split("\n")
    starts = [i for i, ln in enumerate(lines) if HEADING.match(ln)]
    if starts and any(ln.strip() for ln in lines[: starts[0]]):
        first = next(i for i, ln in enumerate(lines) if ln.strip())
        yield Diagnostic(SourceRef(source, first + 1), "text before the first heading ignored",
                         "warning", "text-before-heading")
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        yield from _read_block(lines, start, end, source)


def _read_block(lines: list[str], start: int, end: int, source: str) -> Iterator[Paper | Diagnostic]:
    where = SourceRef(source, start + 1)
    title = ARXIV_REF.sub("", HEADING.match(lines[start])["title"]).strip() or HEADING.match(lines[start])["title"]
    link_line, arxiv_id, title_zh, url = None, None, "", ""
    for i in range(start + 1, end):
        for m in MARKDOWN_LINK.finditer(lines[i]):
            found = arxiv_id_from_url(m["url"])
            if found:
                link_line, arxiv_id, title_zh, url = i, found, m["text"].strip(), m["url"]
                break
        if arxiv_id:
            break
    if arxiv_id is None:
        bare = next((i for i in range(start, end) if arxiv_id_from_url(lines[i])), None)
        if bare is not None:
            link_line, arxiv_id = bare, arxiv_id_from_url(lines[bare])
    if arxiv_id is None:
        # "arXiv:2406.15319" counts where the link belongs: the heading or the line under it
        near = [i for i in range(start, min(end, start + 3)) if lines[i].strip()][:2]
        ref = next(((i, m) for i in near if (m := ARXIV_REF.search(lines[i]))), None)
        if ref is not None:
            link_line, arxiv_id = (ref[0] if ref[0] != start else None), ref[1]["id"]
    if arxiv_id is None:
        host = next((h for i in range(start, end) if (h := other_link_host(lines[i]))), None)
        if host:
            yield Diagnostic(where, f"block {title!r} links to {host}, not to arXiv; block skipped",
                             "skipped", "non-arxiv-link")
        else:
            yield Diagnostic(where, f"no arXiv link under heading {title!r}; block skipped",
                             "skipped", "no-arxiv-link")
        return
    body = [ln.strip() for i, ln in enumerate(lines[start + 1:end], start + 1) if i != link_line]
    summary = "\n".join(_paragraphs(body))
    if not summary:
        yield Diagnostic(where, f"arXiv {arxiv_id}: no summary text", "warning", "no-summary")
    yield Paper(
        arxiv_id=arxiv_id,
        title=title,
        title_zh=title_zh if title_zh != title else "",
        summary=summary,
        script=detect_script((summary or title_zh or title)[:SCRIPT_SAMPLE]),
        date=month_of_id(arxiv_id),
        sources=[where],
        url=canonical_url(url, arxiv_id),
    )


def _paragraphs(body: list[str]) -> list[str]:
    """Join wrapped lines of a paragraph; blank lines separate paragraphs."""
    paragraphs, current = [], []
    for ln in body:
        if ln:
            current.append(ln)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


register(Reader("markdown-blocks", sniff, read))
