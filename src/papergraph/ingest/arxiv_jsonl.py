"""arXiv metadata as JSON lines: the layout of the public arXiv metadata snapshot.

    {"id": "2406.15319", "submitter": "...", "authors": "Ziyan Jiang, Xueguang Ma and Wenhu Chen",
     "title": "LongRAG: ...", "categories": "cs.CL cs.AI", "abstract": "  In traditional ...",
     "versions": [{"version": "v1", "created": "Fri, 21 Jun 2024 17:23:21 GMT"}, ...],
     "update_date": "2024-09-01", "authors_parsed": [["Jiang", "Ziyan", ""], ...], ...}

One object per line; the snapshot is millions of lines, so the file is read
line by line. A line that is not a usable record is reported with its line
number and skipped; the rest of the file is read.
"""
from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from itertools import islice
from typing import Iterable, Iterator

from ..model import Diagnostic, Paper, SourceRef
from ..text import detect_script
from . import RECORD_LINE_CHARS, register
from .arxiv import categories_from, month_of_id, normalize_arxiv_id, parse_date
from .latex import display_name, latex_to_text, split_author_string
from .streaming import StreamingReader, line_stream, squash, text_lines


# Control characters written raw inside a string are not JSON, but a tool may
# write them: the record is read, and the characters removed with a message.
_JSON = json.JSONDecoder(strict=False)
SNIFF_LINES = 5  # a first line of another kind (a header object, a damaged record) is not the file


def sniff(text: str) -> float:
    firsts = list(islice((ln.strip() for ln in text_lines(text) if ln.strip()), SNIFF_LINES))
    if not firsts or not firsts[0].startswith("{"):
        return 0.0
    for first in firsts:
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):
            # the head may end inside a very long first line
            if '"id"' in first[:4096] and ('"title"' in first or '"abstract"' in first):
                return 0.6
            continue
        if isinstance(record, dict) and "id" in record and ("title" in record or "abstract" in record):
            return 0.95
    return 0.0


# JSON can spell half of a UTF-16 pair on its own ("\ud800"); such a character is
# no text (it cannot even be written as UTF-8), so it becomes U+FFFD, and is reported.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value, depth: int = 0):
    """`value` (a decoded JSON value) with lone surrogates replaced, and how many there were.

    Only as deep as a record's fields go (authors_parsed: a list of lists of
    text): deeper values are never read, and a hostile nesting must not
    exhaust the stack.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.subn("\ufffd", value)
    if depth >= 3:
        return value, 0
    if isinstance(value, list):
        items = [_without_lone_surrogates(v, depth + 1) for v in value]
        return [v for v, _n in items], sum(n for _v, n in items)
    if isinstance(value, dict):
        items = {k: _without_lone_surrogates(v, depth + 1) for k, v in value.items()}
        return {k: v for k, (v, _n) in items.items()}, sum(n for _v, n in items.values())
    return value, 0


def read(text: str, source: str) -> Iterator[Paper | Diagnostic]:
    return read_lines(text_lines(text), source)


def read_lines(lines: Iterable[str], source: str) -> Iterator[Paper | Diagnostic]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = SourceRef(source, n)
        try:
            record = _JSON.decode(line)
        except json.JSONDecodeError as exc:
            yield Diagnostic(where, f"not a JSON object: {exc.msg} (column {exc.colno}); line skipped", "skipped",
                             "json-syntax")
            continue
        except ValueError as exc:  # e.g. an integer of more digits than Python converts
            yield Diagnostic(where, f"not a JSON record papergraph can read: {exc}; line skipped", "skipped",
                             "json-unreadable")
            continue
        except RecursionError:
            yield Diagnostic(where, "not a JSON record papergraph can read: nested too deeply; line skipped",
                             "skipped", "json-unreadable")
            continue
        if not isinstance(record, dict):
            yield Diagnostic(where, "not a JSON object; line skipped", "skipped", "not-records")
            continue
        yield from paper_from_json(record, line, where)


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    return value if isinstance(value, str) else ""


def _strings(record: dict, name: str) -> list[str] | None:
    """A field the snapshot writes as one string ("cs.CL cs.AI") that other
    exports write as a list of strings; None when it is not such a list."""
    value = record.get(name)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def paper_from_json(record: dict, text: str, where: SourceRef) -> Iterator[Paper | Diagnostic]:
    """A record decoded from the JSON `text` as a paper (`paper_from_record`), its
    lone surrogate escapes ("\\ud800") read as U+FFFD, which is said."""
    if _SURROGATE_ESCAPE.search(text):
        record, replaced = _without_lone_surrogates(record)
        if replaced:
            yield Diagnostic(where, f"{replaced} lone UTF-16 surrogate escape(s) (\\ud800-\\udfff without "
                                    "their pair) read as U+FFFD", code="lone-surrogate")
    yield from paper_from_record(record, where)


def paper_from_record(record: dict, where: SourceRef) -> Iterator[Paper | Diagnostic]:
    raw_id = record.get("id")
    arxiv_id = normalize_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    if arxiv_id is None:
        yield Diagnostic(where, f"record without a valid arXiv id (id: {raw_id!r:.40}); record skipped", "skipped",
                         "no-arxiv-id")
        return
    title = latex_to_text(squash(_text(record, "title")))
    if not title:
        yield Diagnostic(where, f"arXiv {arxiv_id}: record without a title; record skipped", "skipped", "no-title")
        return
    summary = squash(_text(record, "abstract"))
    if "\\" in summary:
        summary = latex_to_text(summary)
    if not summary:
        yield Diagnostic(where, f"arXiv {arxiv_id}: no abstract", code="no-summary")
    yield Paper(
        arxiv_id=arxiv_id,
        title=title,
        summary=summary,
        script=detect_script(summary or title),
        date=_first_version_date(record) or parse_date(_text(record, "update_date")) or month_of_id(arxiv_id),
        sources=[where],
        url=f"https://arxiv.org/abs/{arxiv_id}",
        authors=_authors(record),
        categories=categories_from(_strings(record, "categories") or _text(record, "categories")),
    )


def _authors(record: dict) -> list[str]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
                continue
            last, first, suffix = (list(parts) + ["", ""])[:3]
            name = " ".join(p for p in (latex_to_text(first), latex_to_text(last), latex_to_text(suffix)) if p)
            if name:
                names.append(name)
        if names:
            return list(dict.fromkeys(names))
    listed = _strings(record, "authors")
    names = [latex_to_text(n) for n in listed] if listed is not None else split_author_string(_text(record, "authors"))
    return list(dict.fromkeys(filter(None, map(display_name, names))))


def _first_version_date(record: dict) -> str:
    """The day v1 was submitted: what a reader means by the paper's date."""
    versions = record.get("versions")
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return ""
    created = versions[0].get("created")
    if not isinstance(created, str):
        return ""
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


register(StreamingReader("arxiv-jsonl", sniff, read, stream=line_stream(read_lines), own_encoding=True,
                          max_line=RECORD_LINE_CHARS))
