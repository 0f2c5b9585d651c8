"""arXiv API results: an Atom feed with one <entry> per paper.

    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
      <entry>
        <id>http://arxiv.org/abs/2406.15319v2</id>
        <published>2024-06-21T17:23:21Z</published>
        <title>LongRAG: ...</title>  <summary>In traditional ...</summary>
        <author><name>Ziyan Jiang</name></author> ...
        <arxiv:primary_category term="cs.CL"/>  <category term="cs.CL"/> <category term="cs.AI"/>
      </entry>
    </feed>

The XML is untrusted: it is parsed by defusedxml's hardened expat parser with
DTDs forbidden outright (an Atom feed never needs one), so no entity expansion
or external fetch can happen. Entries are handed on as they close and then
dropped, so a feed of any length is read in bounded memory.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..model import Diagnostic, Paper, SourceRef
from ..text import detect_script
from . import register
from .arxiv import arxiv_id_from_url, categories_from, month_of_id, normalize_arxiv_id
from .latex import display_name
from .streaming import StreamingReader, open_bytes, squash

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
CHUNK = 1 << 16
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?feed\b[^>]*http://www\.w3\.org/2005/Atom", re.DOTALL)


def sniff(text: str) -> float:
    start = text.lstrip()[:4096]
    if not start.startswith("<"):
        return 0.0
    return 0.95 if _ROOT.search(start) else 0.0


class _EntryCollector(TreeBuilder):
    """Builds one <entry> at a time and notes the line it starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.open: list[Element] = []
        self.entry_depth: int | None = None
        self.entry_line = 0
        self.done: list[tuple[int, Element]] = []

    def start(self, tag, attrs):
        elem = super().start(tag, attrs)
        self.open.append(elem)
        if tag == ATOM + "entry" and self.entry_depth is None:
            self.entry_depth = len(self.open)
            self.entry_line = self.parser.parser.CurrentLineNumber if self.parser else 0
        return elem

    def end(self, tag):
        elem = super().end(tag)
        if self.entry_depth == len(self.open):
            self.done.append((self.entry_line, elem))
            self.entry_depth = None
            # forget the entry in its parent, so finished entries do not pile up
            if len(self.open) > 1:
                self.open[-2].remove(elem)
        self.open.pop()
        return elem


def read(text: str, source: str) -> Iterator[Paper | Diagnostic]:
    return read_chunks((text[i:i + CHUNK] for i in range(0, len(text), CHUNK)), source)


def stream(path: Path, source: str) -> Iterator[Paper | Diagnostic]:
    def chunks():
        with open_bytes(path) as fh:
            while block := fh.read(CHUNK):
                yield block
    return read_chunks(chunks(), source)


def read_chunks(chunks: Iterable[str | bytes], source: str) -> Iterator[Paper | Diagnostic]:
    collector = _EntryCollector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=True)
    collector.parser = parser
    try:
        for chunk in chunks:
            parser.feed(chunk)
            yield from _papers(collector, source)
        parser.close()
        yield from _papers(collector, source)
    except ParseError as exc:
        yield from _papers(collector, source)
        line = exc.position[0] if getattr(exc, "position", None) else 0
        yield Diagnostic(SourceRef(source, line), f"not well-formed XML ({exc}); rest of the feed skipped", "skipped",
                         "xml-syntax")
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        yield Diagnostic(SourceRef(source, line), f"XML refused: {type(exc).__name__} (DTDs and entities "
                         "are not allowed in an Atom feed); file skipped", "skipped", "xml-entities")


def _papers(collector: _EntryCollector, source: str) -> Iterator[Paper | Diagnostic]:
    done, collector.done = collector.done, []
    for line, entry in done:
        yield from paper_from_entry(entry, SourceRef(source, line))


def _all_text(elem: Element | None) -> str:
    return squash("".join(elem.itertext())) if elem is not None else ""


def paper_from_entry(entry: Element, where: SourceRef) -> Iterator[Paper | Diagnostic]:
    raw_id = _all_text(entry.find(ATOM + "id"))
    arxiv_id = arxiv_id_from_url(raw_id) or normalize_arxiv_id(raw_id)
    title = _all_text(entry.find(ATOM + "title"))
    if arxiv_id is None:
        if "/api/errors" in raw_id:
            detail = _all_text(entry.find(ATOM + "summary"))
            yield Diagnostic(where, f"the arXiv API answered with an error: {detail[:200]}", "skipped", "api-error")
        else:
            yield Diagnostic(where, f"entry without an arXiv id (id: {raw_id[:60]!r}); entry skipped", "skipped",
                             "no-arxiv-id")
        return
    if not title:
        yield Diagnostic(where, f"arXiv {arxiv_id}: entry without a title; entry skipped", "skipped", "no-title")
        return
    summary = _all_text(entry.find(ATOM + "summary"))
    if not summary:
        yield Diagnostic(where, f"arXiv {arxiv_id}: no summary")
    primary = entry.find(ARXIV + "primary_category")
    codes = [primary.get("term", "")] if primary is not None else []
    codes += [c.get("term", "") for c in entry.iter(ATOM + "category")]
    authors = [display_name(_all_text(a.find(ATOM + "name"))) for a in entry.iter(ATOM + "author")]
    published = _all_text(entry.find(ATOM + "published"))
    yield Paper(
        arxiv_id=arxiv_id,
        title=title,
        summary=summary,
        script=detect_script(summary or title),
        date=_day(published) or month_of_id(arxiv_id),
        sources=[where],
        url=f"https://arxiv.org/abs/{arxiv_id}",
        authors=list(dict.fromkeys(a for a in authors if a)),
        categories=categories_from(codes),
    )


def _day(timestamp: str) -> str:
    """"2024-06-21T17:23:21Z" -> "2024-06-21"; "" for what is not a real day ("2024-13-45")."""
    if not re.match(r"\d{4}-\d{2}-\d{2}", timestamp):
        return ""
    try:
        return date.fromisoformat(timestamp[:10]).isoformat()
    except ValueError:
        return ""


register(StreamingReader("arxiv-atom", sniff, read, stream=stream, own_encoding=True))
