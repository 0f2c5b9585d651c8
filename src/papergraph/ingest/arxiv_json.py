"""arXiv-style records as one JSON document: an array of records, or objects one after another.

    [{"id": "2406.15319", "title": "LongRAG: ...", "abstract": "In traditional ...", ...},
     {"id": "2404.03715", "title": "Direct Nash Optimization: ...", ...}]

The fields are those of the JSON-lines snapshot and go through the same
mapping (`arxiv_jsonl.paper_from_record`). Tools write such files with
`json.dump` (an array, on one line or pretty-printed), or as objects one after
another (`jq '.[]'` without -c); a file holding a single record is the
shortest case of the second kind. Told by content, not by file name.

The document is streamed: read in blocks of BLOCK characters, each item
decoded as soon as it is whole and then dropped, so memory holds one item and
a block or two, never the file. An item that does not fit in RECORD_LINE_CHARS
(10 million characters, as for a JSON-lines record) is not read whole: it is
skipped with a message.

Bad items cost only themselves: an item that is not a usable record is
reported with its index ([0] is the first, as jq counts) and line; a run of
items that are not records at all (numbers, strings, objects without "id") is
one message saying what they are. JSON that is not well-formed costs the item
it is in: reading goes on at the next item that starts a line at the same
indentation as the others (a pretty-printed or one-item-a-line file), else the
rest of the file is skipped, with a message either way.
"""
from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Diagnostic, Paper, SourceRef
from . import RECORD_LINE_CHARS, register
from .arxiv_jsonl import paper_from_json
from .streaming import StreamingReader, open_bytes

BLOCK = 1 << 16  # characters read at a time
SNIFF_CHARS = 1 << 16
_DECODER = json.JSONDecoder(strict=False)  # raw control characters in strings are read (and removed later)
_SPACE = " \t\r\n"
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it
RECORD_FIELDS = ("id", "title", "abstract")
WHAT_RECORDS_ARE = 'arXiv records (objects with "id" and "title" or "abstract")'


def _is_record(value: object) -> bool:
    return isinstance(value, dict) and any(k in value for k in RECORD_FIELDS)


def sniff(text: str) -> float:
    head = text[:SNIFF_CHARS].lstrip("\ufeff" + _SPACE)
    if not head or head[0] not in "[{":
        return 0.0
    array = head[0] == "["
    first = head[1:].lstrip(_SPACE) if array else head
    if not first:
        return 0.0
    if array and first[0] == "]":
        return 0.3  # an empty array: read, to say so
    try:
        value, end = _DECODER.raw_decode(first)
    except (ValueError, RecursionError):
        # a first item longer than the head, or broken: its start says what it is meant to be
        if first[0] == "{" and '"id"' in first[:4096] and ('"title"' in first or '"abstract"' in first):
            return 0.6
        return 0.0
    rest = first[end:].lstrip(_SPACE)
    if array and (rest[:1] not in ("", ",", "]", "{") or (rest[:1] == "]" and rest[1:].strip(_SPACE))):
        return 0.0  # "[1] Smith et al." is text, not JSON ("{": a comma forgotten)
    if isinstance(value, dict) and "id" in value and ("title" in value or "abstract" in value):
        # an object: below JSON lines' 0.95, so that a file of one-line records stays JSON lines
        return 0.95 if array else 0.9
    return 0.3  # JSON, but not records: read, to say what it holds


class _Document:
    """Items of a JSON text read from blocks: each decoded once it is whole."""

    def __init__(self, blocks: Iterator[str]):
        self.blocks = blocks
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dropped = 0  # characters read and let go before `buf`
        self.line = 1  # the line at `counted`
        self.counted = 0  # where in `buf` lines have been counted up to

    def more(self, at_least: int = 0) -> bool:
        """Read on (at least `at_least` more characters unless the text ends); False at its end.

        What has been read goes, but for the start of the line `pos` is on (if it
        is near), which tells whether an item starts a line.
        """
        if self.eof:
            return False
        newline = self.buf.rfind("\n", max(0, self.pos - 4096), self.pos)
        cut = newline if newline >= 0 else self.pos  # the newline kept: it says where the line starts
        if cut:
            self.line_at(self.pos)
            self.buf = self.buf[cut:]
            self.pos, self.counted, self.dropped = self.pos - cut, self.counted - cut, self.dropped + cut
        parts, got = [self.buf], 0
        while got < (at_least or BLOCK):
            block = next(self.blocks, None)
            if block is None:
                self.eof = True
                break
            parts.append(block)
            got += len(block)
        self.buf = "".join(parts)
        return got > 0

    def line_at(self, pos: int) -> int:
        """The line of `pos` (never before the last one asked for)."""
        if pos > self.counted:
            self.line += self.buf.count("\n", self.counted, pos)
            self.counted = pos
        return self.line

    def indent(self) -> str | None:
        """What comes before `pos` on its line, when that is only white space
        (an item that starts a line); None otherwise or when it is not known."""
        newline = self.buf.rfind("\n", 0, self.pos)
        if newline < 0 and self.dropped:
            return None  # the start of the line is no longer held
        before = self.buf[newline + 1:self.pos]
        return before if not before.strip(_SPACE) else None

    def skip_space(self) -> str:
        """The next character that is not white space ("" at the end of the text)."""
        while True:
            n = len(self.buf)
            while self.pos < n and self.buf[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < n:
                return self.buf[self.pos]
            if not self.more():
                return ""

    def value(self) -> tuple[object, str]:
        """The JSON value at `pos` and its text; `pos` moves past it. Raises
        ValueError for JSON that is not well-formed or an item too large to read."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut_short = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated string")
                if cut_short and self._read_more():
                    continue
                raise
            except RecursionError:
                raise ValueError("nested too deeply") from None
            if (end == len(self.buf) and type(value) in (int, float)  # a number may go on in the next block
                    and self._read_more()):
                continue
            text = self.buf[self.pos:end]
            self.pos = end
            return value, text

    def _read_more(self) -> bool:
        size = len(self.buf) - self.pos
        if size > RECORD_LINE_CHARS:
            raise ValueError(f"an item of over {RECORD_LINE_CHARS:,} characters, more than a record may have")
        # reading as much again as the item holds so far (an item over many blocks is
        # decoded a few times, not once a block), but no further than the limit
        return self.more(min(max(BLOCK, size), RECORD_LINE_CHARS + 1 - size))

    def skip_to(self, needle: str, start: int) -> bool:
        """Move to the next `needle` from `start`, reading on and letting go of the
        text passed over; False (at the end of the text) if there is none."""
        self.pos = start
        while True:
            found = self.buf.find(needle, self.pos)
            if found >= 0:
                self.pos = found
                return True
            self.pos = max(self.pos, len(self.buf) - len(needle) + 1)
            if not self.more():
                return False


def read(text: str, source: str) -> Iterator[Paper | Diagnostic]:
    return read_blocks((text[i:i + BLOCK] for i in range(0, len(text), BLOCK)), source, [])


def stream(path: Path, source: str) -> Iterator[Paper | Diagnostic]:
    problems: list[Diagnostic] = []

    def blocks() -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="surrogateescape")
        line = 1
        with open_bytes(path) as fh:
            while True:
                raw = fh.read(BLOCK)
                text = decoder.decode(raw, final=not raw)
                bad = _ESCAPED_BYTE.search(text)
                if bad:  # JSON is UTF-8 by definition: stray bytes are damage, not another encoding
                    problems.append(Diagnostic(SourceRef(source, line + text.count("\n", 0, bad.start())),
                                               "bytes that are not UTF-8 replaced with U+FFFD (first on this line)",
                                               "warning", "bad-bytes"))
                    text = _ESCAPED_BYTE.sub("\ufffd", text)
                line += text.count("\n")
                yield text
                if not raw:
                    return

    return read_blocks(blocks(), source, problems)


def read_blocks(blocks: Iterable[str], source: str, problems: list[Diagnostic]) -> Iterator[Paper | Diagnostic]:
    """The papers and messages of a JSON document given in blocks; `problems`
    gathers what the blocks' reader finds (bad bytes), said as it is found."""
    doc = _Document(iter(blocks))
    if doc.skip_space() == "\ufeff":
        doc.pos += 1
    array = doc.skip_space() == "["
    if array:
        doc.pos += 1
    for item in _items(doc, source, array):
        yield from problems
        problems.clear()
        yield item
    yield from problems


def _items(doc: _Document, source: str, array: bool) -> Iterator[Paper | Diagnostic]:
    runs = _NotRecords(source, array)
    index = 0
    indent: str | None = None  # what comes before an item that starts a line
    while True:
        c = doc.skip_space()
        if c == "" or (array and c == "]"):
            if c == "]":
                doc.pos += 1
            elif array:
                yield Diagnostic(SourceRef(source, doc.line_at(doc.pos)), "the JSON array is not closed (file cut "
                                 "short?); the items before its end are read", "warning", "json-not-closed")
            break
        line = doc.line_at(doc.pos)
        if indent is None:
            indent = doc.indent()
        try:
            value, text = doc.value()
        except ValueError as exc:
            yield from runs.flush()
            if not (yield from _resync(doc, source, _name(index, array), line, indent, exc)):
                return
            index += 1
            continue
        where = SourceRef(source, line)
        if _is_record(value):
            yield from runs.flush()
            runs.records_seen = True
            yield from _paper(value, text, where, _name(index, array))  # type: ignore[arg-type]
        else:
            runs.add(index, line, value)
        index += 1
        c = doc.skip_space()  # between items: "," in an array (tolerated between objects one after another)
        if c == ",":
            doc.pos += 1
        elif array and c not in ("]", ""):
            if c in "{[":  # a comma forgotten: the next item is there all the same
                yield Diagnostic(SourceRef(source, doc.line_at(doc.pos)), f"missing ',' before item [{index}]; "
                                 "read as if it were there", "warning", "json-missing-comma")
                continue
            yield from runs.flush()
            exc = ValueError(f"',' or ']' expected after item [{index - 1}], found {c!r}")
            if not (yield from _resync(doc, source, f"after item [{index - 1}]", doc.line_at(doc.pos), indent, exc)):
                return
    yield from runs.flush(whole=True)
    if index == 0:
        what = "an empty JSON array" if array else "no JSON value"
        yield Diagnostic(SourceRef(source, 1), f"{what}: no records", "skipped", "not-records")
    if doc.skip_space():
        yield Diagnostic(SourceRef(source, doc.line_at(doc.pos)), "text after the JSON array ignored",
                         "warning", "json-trailing-text")


def _name(index: int, array: bool) -> str:
    return f"item [{index}]" if array else f"object {index + 1}"


def _paper(record: dict, text: str, where: SourceRef, name: str) -> Iterator[Paper | Diagnostic]:
    for item in paper_from_json(record, text, where):  # messages say which item: "item [3]: ..."
        yield item if isinstance(item, Paper) else replace(item, message=f"{name}: {item.message}")


def _resync(doc: _Document, source: str, name: str, line: int, indent: str | None, exc: ValueError):
    """After JSON that is not well-formed at `doc.pos` (which reading more never
    moves off the item it is at): go on at the next item that starts a line at
    the items' indentation (True), or give up on the file (False)."""
    if isinstance(exc, json.JSONDecodeError) and doc.eof and (exc.pos >= len(doc.buf) - 16
                                                             or exc.msg.startswith("Unterminated string")):
        why = "the file ends inside it: cut short?"
    elif isinstance(exc, json.JSONDecodeError):  # "Expecting value", "Unterminated string starting at", ...
        what = exc.msg.removesuffix(" at").removesuffix(" starting")
        why = f"{what} on line {doc.line_at(max(exc.pos, doc.counted))}"
    else:
        why = str(exc)
    what = f"{name}: not well-formed JSON ({why})"
    if indent is not None and doc.skip_to("\n" + indent + "{", doc.pos + 1):
        doc.pos += 1 + len(indent)
        yield Diagnostic(SourceRef(source, line), f"{what}; skipped up to line {doc.line_at(doc.pos)}, where the "
                         "next item starts", "skipped", "json-syntax")
        return True
    yield Diagnostic(SourceRef(source, line), f"{what}; the rest of the file is skipped", "skipped", "json-syntax")
    doc.pos, doc.buf, doc.eof = 0, "", True
    return False


class _NotRecords:
    """Runs of items that are not records (numbers, strings, objects without
    "id", ...), each said in one message; a document of nothing else, in one
    message for the file."""

    KINDS = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"), (list, "array"),
             (dict, "object"), (type(None), "null"))

    def __init__(self, source: str, array: bool):
        self.source, self.array = source, array
        self.first: tuple[int, int] | None = None  # (index, line) of the run's first item
        self.last: tuple[int, int] = (0, 0)
        self.kinds: Counter[str] = Counter()
        self.keys: list[str] = []  # the first object's keys, to say what it holds
        self.records_seen = False

    def add(self, index: int, line: int, value: object) -> None:
        if self.first is None:
            self.first = (index, line)
        self.last = (index, line)
        kind = next(name for t, name in self.KINDS if isinstance(value, t))
        self.kinds[kind] += 1
        if kind == "object" and not self.keys:
            self.keys = sorted(value)[:6]  # type: ignore[call-overload]

    def flush(self, whole: bool = False) -> Iterator[Diagnostic]:
        if self.first is None:
            return
        (i, line), (j, last_line) = self.first, self.last
        what = " and ".join(f"{n:,} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(self.kinds.items()))
        if self.keys:
            what += " (keys: " + ", ".join(self.keys) + ")"
        if whole and i == 0 and not self.records_seen:
            message = f"{'a JSON array' if self.array else 'JSON'} of {what}, not of {WHAT_RECORDS_ARE}; nothing read"
        else:
            items = _name(i, self.array) if i == j else f"{_name(i, self.array)} to {_name(j, self.array)}"
            lines = f"line {line}" if line == last_line else f"lines {line}-{last_line}"
            message = f"{items} ({lines}): {what}, not {WHAT_RECORDS_ARE}; skipped"
        self.first, self.kinds, self.keys = None, Counter(), []
        yield Diagnostic(SourceRef(self.source, line), message, "skipped", "not-records")


register(StreamingReader("arxiv-json", sniff, read, stream=stream, own_encoding=True, max_line=None))
