"""Readers: files in, Paper records and Diagnostics out.

Each input format is one module that registers a `Reader`. The format of a
file is chosen by content (`Reader.sniff`), not by its name, so a digest saved
as .txt or .md reads the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import Diagnostic, Paper, SourceRef


@dataclass(frozen=True)
class Reader:
    name: str
    # How confident the reader is that the text is its format (0 = not at all).
    sniff: Callable[[str], float]
    read: Callable[[str, str], Iterator[Paper | Diagnostic]]


READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    READERS.append(reader)
    return reader


def reader_for(text: str) -> Reader | None:
    scored = [(r.sniff(text), i, r) for i, r in enumerate(READERS)]
    best = max(scored, key=lambda t: (t[0], -t[1]), default=None)
    return best[2] if best and best[0] > 0 else None


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand folders into their files, sorted, so the order on disk never matters."""
    files: set[Path] = set()
    problems: list[Diagnostic] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.update(
                f for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.name.upper() not in {"LICENSE", "LICENSE.TXT", "LICENSE.MD", "README.MD"}
            )
        elif p.is_file():
            files.add(p)
        else:
            problems.append(Diagnostic(SourceRef(str(p), 0), "no such file or folder", "skipped"))
    return sorted(files, key=lambda f: f.as_posix()), problems


def read_text(path: Path) -> str:
    """Decode a digest: UTF-8 (with or without BOM); CRLF becomes LF."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path, display_name: str) -> Iterator[Paper | Diagnostic]:
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        yield Diagnostic(SourceRef(display_name, 0), f"cannot read: {exc}", "skipped")
        return
    if not text.strip():
        yield Diagnostic(SourceRef(display_name, 0), "empty file", "skipped")
        return
    reader = reader_for(text)
    if reader is None:
        yield Diagnostic(SourceRef(display_name, 1), "not a format papergraph reads", "skipped")
        return
    yield from reader.read(text, display_name)


def merge_papers(papers: Iterable[Paper]) -> tuple[list[Paper], list[Diagnostic]]:
    """One record per arXiv id; a paper found twice keeps every source.

    The first reading (in sorted file order) wins for each field; a later one
    fills fields the first left empty.
    """
    merged: dict[str, Paper] = {}
    notes: list[Diagnostic] = []
    for paper in papers:
        seen = merged.get(paper.arxiv_id)
        if seen is None:
            merged[paper.arxiv_id] = paper
            continue
        if paper.title and seen.title and paper.title.strip() != seen.title.strip():
            notes.append(Diagnostic(
                paper.source,
                f"arXiv {paper.arxiv_id} also read at {seen.source} with another title; "
                f"keeping {seen.title!r}",
            ))
        if not seen.summary and paper.summary:  # the script is the summary's
            seen.script = paper.script
        for name in ("title", "summary", "title_zh", "date", "url", "authors", "categories"):
            if not getattr(seen, name) and getattr(paper, name):
                setattr(seen, name, getattr(paper, name))
        seen.topics.extend(t for t in paper.topics if t not in seen.topics)
        seen.sources.extend(s for s in paper.sources if s not in seen.sources)
    return [merged[k] for k in sorted(merged)], notes


def display_name(path: Path, roots: list[Path]) -> str:
    """The name a message uses for a file: relative to the folder it came from."""
    for root in roots:
        if root.is_dir():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
    return path.name


# Register the built-in readers (import order = tie-break order).
from . import markdown_table, markdown_blocks  # noqa: E402,F401
from . import arxiv_jsonl, arxiv_atom, bibtex  # noqa: E402,F401  (record files, streamed)
