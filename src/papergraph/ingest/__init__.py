"""Readers: files in, Paper records and Diagnostics out.

Each input format is one module that registers a `Reader`. The format of a
file is chosen by content (`Reader.sniff`), not by its name, so a digest saved
as .txt or .md reads the same.

Everything a reader needs to trust about its text is settled here first, the
same way for every format: the bytes are decoded (UTF-8, UTF-16, GB18030,
Big5, ... see encoding.py), line ends become "\\n", invisible control
characters go, and lines too long to be a digest line are set aside with a
message. A file that cannot be read, an empty or binary file, a reader that
fails half-way: each becomes a Diagnostic naming the file (and line), never an
exception, so one bad file never stops a build.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import stat
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import Diagnostic, Paper, SourceRef
from .encoding import NAMES, UndecodableError, decode

# Limits that keep a hostile file from costing minutes or gigabytes; real
# digests are far below them (a summary is a few thousand characters).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_LINE_CHARS = 100_000
MAX_SUMMARY_CHARS = 100_000
MAX_TITLE_CHARS = MAX_LINE_CHARS
# A record file's line is one whole record: an arXiv paper with thousands of
# authors makes a line of a few hundred thousand characters.
RECORD_LINE_CHARS = 10_000_000
GZIP_MAGIC = b"\x1f\x8b"
SCRIPT_SAMPLE = 20_000  # characters enough to tell Simplified from Traditional

IGNORED_NAMES = {"LICENSE", "LICENSE.TXT", "LICENSE.MD", "README.MD"}


@dataclass(frozen=True)
class Reader:
    name: str
    # How confident the reader is that the text is its format (0 = not at all).
    sniff: Callable[[str], float]
    read: Callable[[str, str], Iterator[Paper | Diagnostic]]
    # Lines longer than this are skipped (with a message) before `read` sees
    # them; None for a format that puts a whole document on one line.
    max_line: int | None = MAX_LINE_CHARS


READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    READERS.append(reader)
    return reader


def reader_for(text: str) -> Reader | None:
    scored = []
    for i, r in enumerate(READERS):
        try:
            scored.append((r.sniff(text), i, r))
        except Exception:  # a reader that cannot judge a text does not read it
            continue
    best = max(scored, key=lambda t: (t[0], -t[1]), default=None)
    return best[2] if best and best[0] > 0 else None


# -- finding the files ---------------------------------------------------------

@dataclass(frozen=True, order=True)
class InputFile:
    name: str  # how messages and `sources` name the file: relative to the folder given
    path: Path


def discover(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()
             ) -> tuple[list[InputFile], list[Diagnostic]]:
    """Every digest file under `paths`, each once, sorted by name.

    Neither the order of the paths nor the order of files on disk changes the
    result. Hidden files and folders, licences and READMEs are not digests.
    Something that cannot be listed or is not a regular file is reported.
    """
    roots = [Path(p) for p in paths]
    excluded = {_real(Path(e)) for e in exclude}
    found: dict[str, list[Path]] = {}  # real path -> the paths that reach it
    problems: list[Diagnostic] = []
    for root in roots:
        if root.is_dir():
            _walk(root, root, found, problems, excluded)
        elif root.is_file():
            found.setdefault(_real(root), []).append(root)
        elif os.path.lexists(root):
            problems.append(_not_regular(str(root)))
        else:
            problems.append(Diagnostic(SourceRef(str(root), 0), "no such file or folder", "skipped", "missing-path"))
    # a file reached twice (a folder and a path in it, a link) is read once,
    # under the name that does not depend on which was given first
    files = [min(InputFile(display_name(p, roots), p) for p in reached) for reached in found.values()]
    return _unique_names(files, roots), sorted(set(problems), key=_diagnostic_order)


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _walk(root: Path, folder: Path, found: dict[str, list[Path]], problems: list[Diagnostic],
          excluded: set[str]) -> None:
    if _real(folder) in excluded:
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Diagnostic(SourceRef(_relative(folder, root), 0), f"cannot list folder: {exc.strerror or exc}",
                                   "skipped", "unreadable"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            _walk(root, path, found, problems, excluded)
            continue
        if entry.name.upper() in IGNORED_NAMES or (entry.is_symlink() and path.is_dir()):
            continue  # a linked folder is not followed (it may loop)
        # a file, or something that is not one (a broken link, a socket): reading it says which
        if _real(path) not in excluded:
            found.setdefault(_real(path), []).append(path)


def _relative(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return rel if rel != "." else root.as_posix()


def _not_regular(name: str) -> Diagnostic:
    return Diagnostic(SourceRef(name, 0), "not a regular file (a broken link, a socket or a device?)",
                      "skipped", "not-a-file")


def display_name(path: Path, roots: list[Path]) -> str:
    """The name a message uses for a file: relative to the folder it came from.

    When folders nest, the innermost one names the file, whatever the order
    the folders were given in.
    """
    best: str | None = None
    for root in roots:
        if root.is_dir():
            try:
                rel = path.relative_to(root).as_posix()
            except ValueError:
                continue
            if best is None or (len(rel), rel) < (len(best), best):
                best = rel
    return best if best is not None else path.name


def _unique_names(files: list[InputFile], roots: list[Path]) -> list[InputFile]:
    """Two files with one display name (x.md in two folders) are named from
    the folder all the inputs share instead, which no argument order changes."""
    by_name: dict[str, list[InputFile]] = {}
    for f in files:
        by_name.setdefault(f.name, []).append(f)
    dirs = [os.path.abspath(r if r.is_dir() else r.parent) for r in roots]
    base = os.path.commonpath(dirs) if dirs else os.getcwd()
    out = []
    for group in by_name.values():
        if len(group) == 1:
            out.extend(group)
            continue
        for f in group:
            out.append(InputFile(Path(os.path.relpath(os.path.abspath(f.path), base)).as_posix(), f.path))
    return sorted(out, key=lambda f: (f.name, _real(f.path)))


# -- reading one file ----------------------------------------------------------

@dataclass
class FileReading:
    """What one file gave: its papers and its messages, in the order read."""

    name: str
    sha256: str = ""
    encoding: str = ""  # how the bytes were decoded, when not plain UTF-8
    reader: str = ""
    papers: list[Paper] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def skipped(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "skipped"]


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


def load_bytes(path: Path, name: str) -> bytes | Diagnostic:
    """The file's bytes (decompressed, for a gzip file), or the reason they cannot be had."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # never open a pipe: it would block
            return _not_regular(name)
    except FileNotFoundError:
        if os.path.islink(path):
            return Diagnostic(SourceRef(name, 0), "broken link: what it points to does not exist",
                              "skipped", "not-a-file")
    except OSError:
        pass  # open() below says what is wrong
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if info.st_size > MAX_FILE_BYTES:
                return Diagnostic(SourceRef(name, 0), f"file is {info.st_size / 2**20:,.0f} MB, over the "
                                  f"{MAX_FILE_BYTES // 2**20} MB a digest may have", "skipped", "too-large")
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Diagnostic(SourceRef(name, 0), f"cannot read: {exc.strerror or exc}", "skipped", "unreadable")
    return _gunzipped(raw, name) if is_gzip(raw) else raw


def _gunzipped(raw: bytes, name: str) -> bytes | Diagnostic:
    """A gzip file's content, no more of it than a digest may have."""
    out, size = [], 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
            while block := fh.read(1 << 20):
                size += len(block)
                if size > MAX_FILE_BYTES:
                    return Diagnostic(SourceRef(name, 0), f"gzip file holds over the {MAX_FILE_BYTES // 2**20} MB "
                                      "a digest may have", "skipped", "too-large")
                out.append(block)
    except (OSError, EOFError, zlib.error) as exc:
        return Diagnostic(SourceRef(name, 0), f"damaged gzip file ({type(exc).__name__}: {exc})",
                          "skipped", "unreadable")
    return b"".join(out)


def read_source(source: InputFile) -> FileReading:
    raw = load_bytes(source.path, source.name)
    if isinstance(raw, Diagnostic):
        return FileReading(source.name, diagnostics=[raw])
    return parse_bytes(raw, source.name)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def parse_bytes(raw: bytes, name: str) -> FileReading:
    """Bytes of one digest -> its papers and messages. Never raises for any input."""
    reading = FileReading(name, hashlib.sha256(raw).hexdigest())
    note = reading.diagnostics.append
    try:
        decoded = decode(raw)
    except UndecodableError as exc:
        code = "binary-file" if "binary" in str(exc) else "undecodable"
        note(Diagnostic(SourceRef(name, exc.line if code == "undecodable" else 0), str(exc), "skipped", code))
        return reading
    if decoded.encoding not in ("utf-8", "utf-8-sig") or decoded.spans:
        reading.encoding = decoded.label
    for span in decoded.spans:  # a UTF-8 file with lines pasted from a GBK or Big5 source, or the reverse
        if span.codec:
            note(Diagnostic(SourceRef(name, span.first), f"{span.lines} not {decoded.main_label}: read as "
                            f"{NAMES[span.codec]} (pasted from another source?); save the file as UTF-8",
                            "warning", "mixed-encoding"))
        else:
            note(Diagnostic(SourceRef(name, span.first), f"{span.lines} neither UTF-8 nor GB18030/GBK nor Big5: "
                            "bytes replaced with U+FFFD", "warning", "bad-bytes"))
    if decoded.replaced_at_line and not decoded.spans:
        note(Diagnostic(SourceRef(name, decoded.replaced_at_line),
                        f"bytes that are not valid {decoded.label} replaced with U+FFFD (first on this line)",
                        "warning", "bad-bytes"))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip("\ufeff \t\n\x0b\x0c"):
        note(Diagnostic(SourceRef(name, 0), "empty file", "skipped", "empty-file"))
        return reading
    first_control = _CONTROL.search(text.replace("\ufeff", ""))
    if first_control:
        note(Diagnostic(SourceRef(name, text.count("\n", 0, first_control.start()) + 1),
                        "invisible control characters removed (first on this line)", "warning", "control-characters"))
    text = _CONTROL.sub("", text)

    lines = text.split("\n")
    long_lines = [i for i, ln in enumerate(lines) if len(ln) > MAX_LINE_CHARS]
    trimmed = "\n".join("" if len(ln) > MAX_LINE_CHARS else ln for ln in lines) if long_lines else text
    reader = reader_for(trimmed)
    if reader is None:
        for d in _long_line_notes(lines, long_lines, MAX_LINE_CHARS, name):
            note(d)
        if not long_lines or trimmed.strip():
            note(Diagnostic(SourceRef(name, 0), "not a digest papergraph can read: no markdown table with a "
                            "title column and no '# title' blocks with an arXiv link", "skipped", "unknown-format"))
        return reading
    reading.reader = reader.name
    if reader.max_line is None:
        body = text
    else:
        limit = reader.max_line
        too_long = [i for i, ln in enumerate(lines) if len(ln) > limit]
        for d in _long_line_notes(lines, too_long, limit, name):
            note(d)
        body = "\n".join("" if len(ln) > limit else ln for ln in lines) if too_long else text
    for item in guarded(reader.read(body, name), reader.name, name):
        if isinstance(item, Paper):
            reading.papers.append(item)
        else:
            note(item)
    return reading


def guarded(items: Iterator[Paper | Diagnostic], reader_name: str, source: str,
            unreadable: tuple[type[BaseException], ...] = ()) -> Iterator[Paper | Diagnostic]:
    """A reader's papers and messages, held to the promises every reading keeps:
    a reader that fails, or a file that raises one of `unreadable` (a streamed
    file that cannot be read further), costs the rest of that file, with a
    message, never the build; each paper's text is settled (see `settled`),
    its messages coming before it."""
    notes: list[Diagnostic] = []
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except unreadable as exc:
            yield Diagnostic(SourceRef(source, 0), f"cannot read further ({type(exc).__name__}: {exc}); "
                             "the rest of the file is skipped", "skipped", "unreadable")
            return
        except Exception as exc:  # a reader bug must not end the build: keep what it read
            yield Diagnostic(SourceRef(source, 0), f"reader {reader_name!r} failed ({type(exc).__name__}: {exc}); "
                             "the rest of the file is skipped", "skipped", "reader-failed")
            return
        if isinstance(item, Paper):
            item = settled(item, notes.append)
            yield from notes
            notes.clear()
        yield item


def _long_line_notes(lines: list[str], indexes: list[int], limit: int, name: str) -> Iterator[Diagnostic]:
    for i in indexes:
        yield Diagnostic(SourceRef(name, i + 1), f"line of {len(lines[i]):,} characters, longer than the "
                         f"{limit:,} a digest line may have; line skipped", "skipped", "line-too-long")


def settled(paper: Paper, note: Callable[[Diagnostic], None]) -> Paper:
    """`paper` with the promises every reader's text keeps: no invisible control
    characters (a digest loses them before it is read; a record's JSON or XML
    escapes can spell them) and no title or summary of unbounded length."""
    if (len(paper.title) <= MAX_TITLE_CHARS and len(paper.summary) <= MAX_SUMMARY_CHARS
            and not (_CONTROL.search(paper.title) or _CONTROL.search(paper.summary) or _CONTROL.search(paper.title_zh)
                     or _CONTROL.search("".join(paper.authors)))):
        return paper  # nearly every paper: one check per field, read once per record
    changes: dict = {}
    fields = [n for n in ("title", "title_zh", "summary") if _CONTROL.search(getattr(paper, n))]
    if any(_CONTROL.search(a) for a in paper.authors):
        fields.append("authors")
    if fields:
        note(Diagnostic(paper.source, f"arXiv {paper.arxiv_id}: invisible control characters removed from the "
                        f"{', '.join(fields)}", "warning", "control-characters"))
        changes = {n: _CONTROL.sub("", getattr(paper, n)) for n in fields if n != "authors"}
        if "authors" in fields:
            changes["authors"] = [a for a in (_CONTROL.sub("", a) for a in paper.authors) if a]
    title = changes.get("title", paper.title)
    if len(title) > MAX_TITLE_CHARS:
        note(Diagnostic(paper.source, f"arXiv {paper.arxiv_id}: title of {len(title):,} characters cut "
                        f"to the first {MAX_TITLE_CHARS:,}", "warning", "title-truncated"))
        changes["title"] = title[:MAX_TITLE_CHARS]
    summary = changes.get("summary", paper.summary)
    if len(summary) > MAX_SUMMARY_CHARS:
        note(Diagnostic(paper.source, f"arXiv {paper.arxiv_id}: summary of {len(summary):,} characters cut "
                        f"to the first {MAX_SUMMARY_CHARS:,}", "warning", "summary-truncated"))
        changes["summary"] = summary[:MAX_SUMMARY_CHARS]
    return replace(paper, **changes) if changes else paper


def read_text(path: Path) -> str:
    """Decode a digest (see encoding.py); CRLF becomes LF. Raises UndecodableError."""
    text = decode(path.read_bytes()).text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path, display_name: str) -> Iterator[Paper | Diagnostic]:
    """The papers and messages of one file (see `read_source`)."""
    reading = read_source(InputFile(display_name, Path(path)))
    yield from reading.diagnostics
    yield from reading.papers


# -- one record per paper ------------------------------------------------------

def merge_papers(papers: Iterable[Paper]) -> tuple[list[Paper], list[Diagnostic]]:
    """One record per arXiv id; a paper found twice keeps every source.

    The first reading (in sorted file order) wins for each field; a later one
    fills fields the first left empty. A paper no digest gives a title is
    skipped. The papers passed in are not changed.
    """
    merged: dict[str, Paper] = {}
    # what each merged paper already holds, so that a paper read thousands of
    # times costs linear, not quadratic, time
    held: dict[str, tuple[set[str], set[SourceRef]]] = {}
    notes: list[Diagnostic] = []
    for paper in papers:
        seen = merged.get(paper.arxiv_id)
        if seen is None:
            merged[paper.arxiv_id] = replace(paper, topics=list(paper.topics), sources=list(paper.sources))
            held[paper.arxiv_id] = (set(paper.topics), set(paper.sources))
            continue
        if paper.title and seen.title and paper.title.strip() != seen.title.strip():
            notes.append(Diagnostic(
                paper.source,
                f"arXiv {paper.arxiv_id} also read at {seen.source} with another title; "
                f"keeping {seen.title!r}, not {paper.title!r}", "warning", "title-conflict",
            ))
        if not seen.summary and paper.summary:  # the script is the summary's
            seen.script = paper.script
        for name in ("title", "summary", "title_zh", "date", "url", "authors", "categories"):
            if not getattr(seen, name) and getattr(paper, name):
                setattr(seen, name, getattr(paper, name))
        topics, sources = held[paper.arxiv_id]
        for t in paper.topics:
            if t not in topics:
                topics.add(t)
                seen.topics.append(t)
        for s in paper.sources:
            if s not in sources:
                sources.add(s)
                seen.sources.append(s)
    kept = []
    for arxiv_id in sorted(merged):
        paper = merged[arxiv_id]
        if paper.title.strip():
            kept.append(paper)
            continue
        for src in paper.sources:
            notes.append(Diagnostic(src, f"arXiv {arxiv_id}: no title here or in any other digest; skipped",
                                    "skipped", "no-title"))
    return kept, notes


def _diagnostic_order(d: Diagnostic) -> tuple:
    return (d.source.file, d.source.line, d.severity, d.code, d.message)


# Register the built-in readers (import order = tie-break order).
from . import markdown_table, markdown_blocks  # noqa: E402,F401
from . import arxiv_jsonl, arxiv_atom, bibtex  # noqa: E402,F401  (record files, streamed)
from . import arxiv_json  # noqa: E402,F401  (a JSON array of records, streamed)
