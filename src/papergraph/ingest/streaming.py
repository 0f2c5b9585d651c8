"""Record files read record by record: arXiv metadata, Atom feeds, BibTeX.

A digest is small and read whole. The arXiv metadata snapshot is gigabytes,
so its readers also take the file itself (`StreamingReader.stream`) and yield
one Paper per record as they go: memory stays bounded by one record, not by
the file. The format is still chosen by content, from the file's head.
"""
from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from ..model import Diagnostic, Paper, SourceRef
from . import RECORD_LINE_CHARS, Reader, guarded, is_gzip, read_file, reader_for
from .encoding import NAMES, legacy_reading

HEAD_BYTES = 64 * 1024
BLOCK_BYTES = 1 << 14  # what raw_lines reads at once: its lines are split out all at once, so kept small
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class StreamingReader(Reader):
    # Reads the file itself, record by record: (path, display name) -> items.
    stream: Callable[[Path, str], Iterator[Paper | Diagnostic]] | None = None
    # True when the format fixes its own encoding (JSON is UTF-8 by definition,
    # XML declares it), so stray bytes are damage to report line by line, not a
    # sign that the whole file is in another encoding.
    own_encoding: bool = False


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when they are gzip (told by content, not name):
    the arXiv snapshot is often kept as it is distributed, compressed."""
    with open(path, "rb") as fh:
        packed = is_gzip(fh.read(2))
    return gzip.open(path, "rb") if packed else open(path, "rb")  # type: ignore[return-value]


def head_text(path: Path) -> tuple[str, bool]:
    """The first bytes of a file as text, and whether they were valid UTF-8."""
    with open_bytes(path) as fh:
        raw = fh.read(HEAD_BYTES)
    try:
        return raw.decode("utf-8-sig"), True
    except UnicodeDecodeError as exc:
        # A character cut in two by the end of the head is not an error.
        if len(raw) == HEAD_BYTES and exc.start >= len(raw) - 3:
            try:
                return raw[: exc.start].decode("utf-8-sig"), True
            except UnicodeDecodeError:
                pass
        return raw.decode("utf-8-sig", errors="replace"), False


def streaming_reader(path: Path) -> StreamingReader | None:
    """The reader that streams `path` record by record, if it is a record file.

    Chosen by content, from the file's head; a file that is not UTF-8 streams
    only when its format fixes the encoding itself.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # never open a pipe or a device: it may block forever
        head, utf8 = head_text(path)
    except (OSError, EOFError):
        return None  # whoever reads the file whole reports it in its own words
    reader = reader_for(head) if head.strip() else None
    if (reader is not None and getattr(reader, "stream", None) is not None
            and (utf8 or getattr(reader, "own_encoding", False))):
        return reader
    return None


def read_path(path: Path, display_name: str) -> Iterator[Paper | Diagnostic]:
    """Like `read_file`, but a record file is streamed instead of read whole.

    Anything else (digests, text in another encoding) goes to `read_file`
    unchanged.
    """
    reader = streaming_reader(path)
    if reader is not None:
        yield from stream_records(reader, path, display_name)
        return
    yield from read_file(path, display_name)


def stream_records(reader: StreamingReader, path: Path, source: str) -> Iterator[Paper | Diagnostic]:
    """`reader.stream`, held to the promises `parse_bytes` keeps for digests (see
    `guarded`); a file that cannot be read further (a gzip cut short) costs the
    rest of that file too."""
    yield from guarded(reader.stream(path, source), reader.name, source,
                       unreadable=(OSError, EOFError, zlib.error))


def text_lines(text: str) -> Iterator[str]:
    """The lines of an in-memory text, without copying it into a list."""
    return iter(io.StringIO(text, newline=None))


def raw_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool] | int]:
    """The lines of a binary file as (bytes without the line end, whether one
    ended it); a line of more than `limit` bytes is passed over in bounded memory
    and only its length given. LF, CRLF and a lone CR (old Mac) each end a line,
    as they do for a digest read whole."""
    parts: list[bytes] = []  # the line so far (empty while an over-long one is passed over)
    size = 0  # its length so far
    after_cr = False  # the last block ended in CR: a LF starting the next one belongs to it
    while block := fh.read(BLOCK_BYTES):
        if after_cr and block[:1] == b"\n":
            block = block[1:]
        after_cr = block[-1:] == b"\r"
        # bytes.splitlines cuts at exactly LF, CRLF and CR, in C: a block of short
        # lines costs one call, not a match per line
        lines = block.splitlines()
        tail = lines.pop() if lines and block[-1:] not in (b"\n", b"\r") else b""
        for line in lines:
            if size or parts:  # the first line ends the one the last block left open
                size += len(line)
                yield size if size > limit else (b"".join(parts) + line, True)
                parts, size = [], 0
            else:
                yield len(line) if len(line) > limit else (line, True)
        if tail:
            size += len(tail)
            if size <= limit:
                parts.append(tail)
            else:
                parts = []
    if size or parts:
        yield size if size > limit else (b"".join(parts), False)


def file_lines(path: Path, source: str, max_line: int = RECORD_LINE_CHARS
               ) -> Iterator[tuple[str, Diagnostic | None]]:
    """UTF-8 lines of a file, each ending in "\\n" (but an unended last line); a
    line that does not decode comes with a warning, a line longer than `max_line`
    characters is given as "" with a message that it was skipped."""
    with open_bytes(path) as fh:
        for n, line in enumerate(raw_lines(fh, 4 * max_line), 1):  # UTF-8: at most 4 bytes a character
            if isinstance(line, int):
                yield "", _too_long(source, n, f"{line:,} bytes", max_line)
                continue
            raw, ended = line
            end = "\n" if ended else ""
            try:
                text, problem = raw.decode("utf-8-sig" if n == 1 else "utf-8"), None
            except UnicodeDecodeError as exc:
                text, problem = _not_utf8(raw, exc, SourceRef(source, n))
            if len(text) > max_line:
                yield "", _too_long(source, n, f"{len(text):,} characters", max_line)
                continue
            yield text + end, problem


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, where: SourceRef) -> tuple[str, Diagnostic]:
    """A record line that is not UTF-8: pasted from a GBK or Big5 source (read in
    that codec, as a digest's lines are), else damaged (bytes replaced); said either way."""
    legacy = legacy_reading(raw.removeprefix(codecs.BOM_UTF8))
    if legacy is not None:
        return legacy[1], Diagnostic(where, f"line not UTF-8: read as {NAMES[legacy[0]]} (pasted from another "
                                     "source?); save the file as UTF-8", "warning", "mixed-encoding")
    return raw.decode("utf-8", errors="replace"), Diagnostic(
        where, f"not UTF-8 at byte {exc.start}; undecodable bytes replaced", "warning", "bad-bytes")


def _too_long(source: str, n: int, size: str, limit: int) -> Diagnostic:
    return Diagnostic(SourceRef(source, n), f"line of {size}, longer than the {limit:,} characters a record "
                      "line may have; line skipped", "skipped", "line-too-long")


def line_stream(read_lines: Callable[[Iterable[str], str], Iterator[Paper | Diagnostic]]
                ) -> Callable[[Path, str], Iterator[Paper | Diagnostic]]:
    """A reader's `stream` from its line-based parser: the file's lines, decoding
    problems reported just before the record they came with."""
    def stream(path: Path, source: str) -> Iterator[Paper | Diagnostic]:
        problems: list[Diagnostic] = []
        for item in read_lines(checked_lines(path, source, problems), source):
            yield from problems
            problems.clear()
            yield item
        yield from problems

    return stream


def checked_lines(path: Path, source: str, problems: list[Diagnostic]) -> Iterable[str]:
    """`file_lines` with its warnings put aside in `problems` for the caller to yield."""
    for line, problem in file_lines(path, source):
        if problem is not None:
            problems.append(problem)
        yield line


def squash(text: str | None) -> str:
    """One line: arXiv wraps titles and abstracts with newlines and indents."""
    return _SPACE.sub(" ", text or "").strip()
