"""BibTeX: entries that name an arXiv paper.

    @misc{jiang2024longrag,
      title = {{LongRAG}: Enhancing Retrieval-Augmented Generation with Long-context {LLMs}},
      author = {Ziyan Jiang and Xueguang Ma and Wenhu Chen},
      year = {2024}, eprint = {2406.15319}, archivePrefix = {arXiv}, primaryClass = {cs.CL},
    }

The arXiv id comes from `eprint` (arXiv's own export), else from `url`, `doi`
(10.48550/arXiv.ID), `journal` ("arXiv preprint arXiv:ID"), `note` or
`howpublished`. Entries are parsed by bibtexparser (macros, concatenation),
a batch of entries at a time: the file is cut at the lines where an entry
starts, so a bibliography of any size is read in bounded memory, and a broken
entry costs only itself. Entry keys mean nothing to papergraph: a key used
again (merged .bib files) is read as any entry is.
"""
from __future__ import annotations

import logging
import re
from typing import Iterable, Iterator

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from ..model import Diagnostic, Paper, SourceRef
from ..text import detect_script
from . import RECORD_LINE_CHARS, register
from .arxiv import arxiv_id_in, categories_from, month_of_id, normalize_arxiv_id
from .latex import display_name, latex_to_text
from .streaming import StreamingReader, line_stream, squash, text_lines

# bibtexparser logs each broken block; we report them as diagnostics instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

BLOCK_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
ENTRY_START = re.compile(r"^\s*@\s*(?!(?:string|comment|preamble)\b)[A-Za-z]+\s*[{(]\s*[^\s,]*\s*,", re.IGNORECASE)
BATCH = 64  # blocks handed to bibtexparser at once
ID_FIELDS = ("url", "doi", "journal", "note", "howpublished", "eprint")
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def sniff(text: str) -> float:
    entries = 0
    for n, line in enumerate(text_lines(text)):
        if n >= 400:
            break
        if ENTRY_START.match(line):
            entries += 1
        elif line.lstrip().startswith("#") or line.lstrip().startswith("|"):
            return 0.0  # a markdown digest that cites a paper is still a digest
    return 0.85 if entries else 0.0


def read(text: str, source: str) -> Iterator[Paper | Diagnostic]:
    return read_lines(text_lines(text), source)


def _batches(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(first line number, text) of runs of about BATCH blocks, cut where a block starts."""
    buf: list[str] = []
    first, blocks = 1, 0
    for n, line in enumerate(lines, 1):
        if BLOCK_START.match(line):
            if blocks >= BATCH:
                yield first, "".join(buf)
                buf, first, blocks = [], n, 0
            blocks += 1
        buf.append(line)
    if buf:
        yield first, "".join(buf)


def read_lines(lines: Iterable[str], source: str) -> Iterator[Paper | Diagnostic]:
    strings = Library()  # @string macros stay defined for the batches after theirs
    stack = [middlewares.SeparateCoAuthors()]
    for first, text in _batches(lines):
        library = Library(blocks=list(strings.strings))
        library = bibtexparser.parse_string(text, append_middleware=stack, library=library)
        for block in library.strings:
            if block.key not in strings.strings_dict:
                strings.add(block)
        entries = [(first + (entry.start_line or 0), entry) for entry in library.entries]
        items: list[tuple[int, Paper | Diagnostic]] = []
        for block in library.failed_blocks:
            line = first + (block.start_line or 0)
            if isinstance(block, DuplicateBlockKeyBlock):
                # A key used again (merged .bib files often do) means nothing to papergraph:
                # the entry is read like any other, so another paper is kept, and the same
                # paper is merged as any paper read twice is. bibtexparser flags only keys
                # repeated within a batch, and remembering every key of a file would cost
                # memory in proportion to it, so no message is given for a repeat either way.
                again = bibtexparser.parse_string(block.raw or "", append_middleware=stack,
                                                  library=Library(blocks=list(strings.strings)))
                if len(again.entries) == 1 and not again.failed_blocks:
                    entries.append((line, again.entries[0]))
                    continue
            kind = _block_kind(block.raw)
            items.append((line, Diagnostic(SourceRef(source, line),
                                           f"BibTeX {kind} not understood ({_first_line(block.error)}); skipped",
                                           "skipped", "bibtex-syntax")))
        for line, entry in entries:
            items.extend((line, item) for item in paper_from_entry(entry, SourceRef(source, line)))
        del entries, library  # not held while the next batch is parsed
        items.sort(key=lambda t: t[0])
        for _line, item in items:
            yield item


def _first_line(error: object) -> str:
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    return reason.strip().split("\n")[0][:160]


def _block_kind(raw: str | None) -> str:
    m = re.match(r"\s*(@\s*[A-Za-z]+)\s*[{(]\s*([^\s,]*)", raw or "")
    return f"{m.group(1)}{{{m.group(2)}}}" if m else "block"


def _field(entry: Entry, name: str) -> str:
    for key, f in entry.fields_dict.items():
        if key.lower() == name:
            value = f.value
            if isinstance(value, list):
                return " and ".join(map(str, value))
            return squash(str(value))
    return ""


def _arxiv_id(entry: Entry) -> str | None:
    prefix = _field(entry, "archiveprefix").lower()
    eprint = _field(entry, "eprint")
    if eprint and prefix in ("", "arxiv"):
        found = normalize_arxiv_id(latex_to_text(eprint))  # "{2406.15319}" too
        if found:
            return found
    for name in ID_FIELDS:
        found = arxiv_id_in(_field(entry, name))
        if found:
            return found
    return None


def paper_from_entry(entry: Entry, where: SourceRef) -> Iterator[Paper | Diagnostic]:
    arxiv_id = _arxiv_id(entry)
    if arxiv_id is None:
        yield Diagnostic(where, f"BibTeX @{entry.entry_type}{{{entry.key}}} names no arXiv paper "
                         "(no eprint, arXiv url, arXiv DOI or arXiv journal note); skipped", "skipped", "no-arxiv-id")
        return
    title = latex_to_text(_field(entry, "title"))
    if not title:
        yield Diagnostic(where, f"arXiv {arxiv_id}: BibTeX entry {entry.key!r} has no title; skipped", "skipped",
                         "no-title")
        return
    summary = latex_to_text(_field(entry, "abstract"))
    author_field = next((f.value for k, f in entry.fields_dict.items() if k.lower() == "author"), [])
    names = author_field if isinstance(author_field, list) else [author_field]
    authors = [display_name(latex_to_text(str(n))) for n in names]
    yield Paper(
        arxiv_id=arxiv_id,
        title=title,
        summary=summary,
        script=detect_script(summary or title),
        date=_date(entry, arxiv_id),
        sources=[where],
        url=f"https://arxiv.org/abs/{arxiv_id}",
        authors=list(dict.fromkeys(a for a in authors if a and a.lower() not in ("others", "et al."))),
        categories=categories_from(_field(entry, "primaryclass")),
    )


def _date(entry: Entry, arxiv_id: str) -> str:
    """The month the id encodes; else year (and month) as the entry gives them."""
    from_id = month_of_id(arxiv_id)
    if from_id:
        return from_id
    year = _field(entry, "year")
    if not re.fullmatch(r"\d{4}", year):
        return ""
    month = _field(entry, "month").lower()[:3]
    number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
    return f"{year}-{number:02d}" if number else year


register(StreamingReader("bibtex", sniff, read, stream=line_stream(read_lines),
                          max_line=RECORD_LINE_CHARS))
