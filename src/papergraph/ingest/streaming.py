"""Record files read record by record: arXiv metadata, Atom feeds, BibTeX.

A digest is small and read whole. The arXiv metadata snapshot is gigabytes,
so its readers also take the file itself (`StreamingReader.stream`) and yield
one Paper per record as they go: memory stays bounded by one record, not by
the file. The format is still chosen by content, from the file's head.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import Diagnostic, Paper, SourceRef
from . import Reader, read_file, reader_for

HEAD_BYTES = 64 * 1024
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class StreamingReader(Reader):
    # Reads the file itself, record by record: (path, display name) -> items.
    stream: Callable[[Path, str], Iterator[Paper | Diagnostic]] | None = None
    # True when the format fixes its own encoding (JSON is UTF-8 by definition,
    # XML declares it), so stray bytes are damage to report line by line, not a
    # sign that the whole file is in another encoding.
    own_encoding: bool = False


def head_text(path: Path) -> tuple[str, bool]:
    """The first bytes of a file as text, and whether they were valid UTF-8."""
    with open(path, "rb") as fh:
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
        head, utf8 = head_text(path)
    except OSError:
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
        yield from reader.stream(path, display_name)
        return
    yield from read_file(path, display_name)


def text_lines(text: str) -> Iterator[str]:
    """The lines of an in-memory text, without copying it into a list."""
    return iter(io.StringIO(text, newline=None))


def file_lines(path: Path, source: str) -> Iterator[tuple[str, Diagnostic | None]]:
    """UTF-8 lines of a file; a line that does not decode comes with a warning."""
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                yield raw.decode("utf-8-sig" if n == 1 else "utf-8"), None
            except UnicodeDecodeError as exc:
                yield raw.decode("utf-8", errors="replace"), Diagnostic(
                    SourceRef(source, n), f"not UTF-8 at byte {exc.start}; undecodable bytes replaced")


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
