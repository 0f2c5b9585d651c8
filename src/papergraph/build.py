"""One build: read the digests, extract, make the graph, write every output.

    discover -> read each file (or take it from the cache) -> merge papers
    -> extract each paper (or take it from the cache) -> one graph -> render

Outputs are staged beside out/ and swapped in at once (atomic.py), so a
build interrupted at any moment leaves the previous out/ whole. Every file
read and every paper extracted is cached in out/.cache/ by content (cache.py):
`update=True` reuses those entries and redoes only what new or changed digests
touch, then assembles the graph from all of them, which gives exactly the
graph a full build gives.
"""
from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing as mp
import os
import queue
import resource
import select
import signal
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from . import __version__
from .atomic import StagedOutput, checkpoint, write_atomically  # noqa: F401  (write_atomically: API)
from .cache import CACHE_DIR, BuildCache, FileEntry, fingerprint, load_inputs, paper_key, unpack_data
from .changes import change_report
from .export import DEFAULT_OUTPUTS, FOLDER_OUTPUTS, RENDERERS, FolderOutput, Renderer
from .extract import Extractor
from .extract.parallel import (PARALLEL_FROM, _extract_chunk, default_jobs, extract_chunk_with, extract_each,
                               init_worker, worker_signals)
from .extract.topics import load_topic_scheme
from .graph import GraphBuilder, build_graph, relation_counts  # noqa: F401  (build_graph: API)
from .ingest import FileReading, InputFile, discover, load_bytes, merge_papers, parse_bytes
from .ingest.streaming import stream_records, streaming_reader
from .knowledge import load_knowledge
from .model import Diagnostic, Extraction, Paper, SourceRef

ProgressFactory = Callable[[Iterable, int, str], Iterable]

CHANGES_FILE = "changes.json"


def _no_progress(items: Iterable, total: int, desc: str) -> Iterable:
    return items


Say = Callable[[str], None]  # hears what stage a build is at: "reading 12 files", ...


def _silent(message: str) -> None:
    pass


@contextmanager
def _collector_paused():
    """The cyclic garbage collector off while a stage makes millions of objects.

    A build's records, extractions and graph hold no reference cycles worth
    collecting, but each automatic collection walks every object made so far:
    at 10,000 papers that walk was half the time of unpickling extractions and
    of building the graph. The collector's previous state comes back after.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass
class BuildReport:
    """What a build read, built and skipped; report.json is its JSON form.

    Every item read is accounted for:
    items_read == papers + duplicates + len(skipped) + left_out.
    """

    files: list[str] = field(default_factory=list)
    items_read: int = 0  # paper records read, plus every item skipped
    papers: int = 0  # papers in the graph
    duplicates: int = 0  # records of a paper already read elsewhere, merged into it
    selection: "Selection | None" = None  # --category / --since (None: every record)
    left_out: int = 0  # records the selection left out
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    nodes: int = 0
    edges: int = 0
    encodings: dict[str, str] = field(default_factory=dict)  # file -> encoding, when not UTF-8
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # --update only (not in report.json, which a full build must reproduce):
    reused: dict[str, int] = field(default_factory=dict)  # cache entries reused: files, papers
    redone: dict[str, int] = field(default_factory=dict)  # files read and papers extracted afresh
    changes: dict | None = None
    file_hashes: dict[str, str] = field(default_factory=dict)  # file -> sha256 of its bytes
    writing: dict[str, dict] = field(default_factory=dict)  # output file -> seconds, CPU, bytes (write_files)

    @property
    def skipped(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "skipped"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "skipped"]

    def skipped_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(d.code or "other" for d in self.skipped).items()))

    def sorted_diagnostics(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.source.file, d.source.line, d.severity, d.code, d.message))

    def to_json(self) -> dict:
        ordered = self.sorted_diagnostics()
        # a build without a selection writes the report it always wrote
        selection = {"selection": self.selection.to_json(), "left_out": self.left_out} if self.selection else {}
        return {
            "files": self.files,
            "encodings": self.encodings,
            "items_read": self.items_read,
            "papers": self.papers,
            "duplicates": self.duplicates,
            **selection,
            "skipped_count": len(self.skipped),
            "skipped_by_reason": self.skipped_by_reason(),
            "nodes": self.nodes,
            "edges": self.edges,
            "kinds": self.kinds,
            "relations": self.relations,
            "skipped": [{"file": d.source.file, "line": d.source.line, "reason": d.message, "code": d.code}
                        for d in ordered if d.severity == "skipped"],
            "warnings": [{"file": d.source.file, "line": d.source.line, "message": d.message, "code": d.code}
                         for d in ordered if d.severity != "skipped"],
        }


# -- reading ---------------------------------------------------------------------

def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_records(source: InputFile, reader, cache: BuildCache | None,
                  each: Callable[[Paper], None] | None = None) -> FileReading:
    """A record file read record by record; each paper also given to `each` (if any)
    as it is parsed, or, when the cache holds the file, once it is read."""
    sha = _file_sha256(source.path)
    if cache is not None:
        hit = cache.get_file(source.name, sha)
        if hit is not None:
            for paper in hit.papers if each is not None else ():
                each(paper)
            return FileReading(hit.name, hit.sha256, hit.encoding, hit.reader, hit.papers, hit.diagnostics)
    papers, notes = [], []
    for item in stream_records(reader, source.path, source.name):
        if isinstance(item, Paper):
            papers.append(item)
            if each is not None:
                each(item)
        else:
            notes.append(item)
    reading = FileReading(source.name, sha, "", reader.name, papers, notes)  # record formats are UTF-8
    if cache is not None:
        cache.put_file(FileEntry(reading.name, reading.sha256, reading.encoding, reading.reader,
                                 reading.papers, reading.diagnostics))
    return reading


def _read_one(source: InputFile, cache: BuildCache | None,
              each: Callable[[Paper], None] | None = None) -> FileReading:
    """One input file read. With `each`, every paper read is also given to it, in
    order: a record file's as each record is parsed (a snapshot of millions of
    records is one file: its first papers are extracted while the rest is read),
    a digest's once the file is read."""
    # Record files (arXiv JSONL, Atom, BibTeX) can be gigabytes: read record by
    # record, and the size limit for digests does not apply.
    streaming = streaming_reader(source.path)
    if streaming is not None:
        return _read_records(source, streaming, cache, each)
    reading = _read_digest(source, cache)
    for paper in reading.papers if each is not None else ():
        each(paper)
    return reading


def _read_digest(source: InputFile, cache: BuildCache | None) -> FileReading:
    raw = load_bytes(source.path, source.name)
    if isinstance(raw, Diagnostic):
        return FileReading(source.name, diagnostics=[raw])
    if cache is not None:
        sha = hashlib.sha256(raw).hexdigest()
        hit = cache.get_file(source.name, sha)
        if hit is not None:
            return FileReading(hit.name, hit.sha256, hit.encoding, hit.reader, hit.papers, hit.diagnostics)
    reading = parse_bytes(raw, source.name)
    if cache is not None:
        cache.put_file(FileEntry(reading.name, reading.sha256, reading.encoding, reading.reader,
                                 reading.papers, reading.diagnostics))
    return reading


# Below this many bytes of input, starting reader processes costs more than it saves.
READ_PARALLEL_FROM = 8 * 1024 * 1024

_reader_cache: BuildCache | None = None  # the build's cache, as a forked reader process sees it


def _read_in_worker(source: InputFile) -> tuple[FileReading, dict, dict]:
    """In a reader process: one file, and the cache hits and misses it made."""
    cache = _reader_cache
    if cache is None:
        return _read_one(source, None), {}, {}
    hits, misses = dict(cache.hits), dict(cache.misses)
    reading = _read_one(source, cache)
    return (reading, {k: v - hits[k] for k, v in cache.hits.items()},
            {k: v - misses[k] for k, v in cache.misses.items()})


def _init_reader() -> None:
    worker_signals()
    gc.enable()


def _readings(inputs: list[InputFile], cache: BuildCache | None, jobs: int | None) -> Iterator[FileReading]:
    """Each input file read, in order; by `jobs` processes when the input is big
    (None: one per core). Readers are independent of each other; records are
    merged afterwards, exactly as when read one by one."""
    jobs = default_jobs() if jobs is None else jobs
    if (jobs <= 1 or len(inputs) < 2 or _input_bytes(inputs) < READ_PARALLEL_FROM
            or "fork" not in mp.get_all_start_methods()):
        for source in inputs:
            yield _read_one(source, cache)
        return
    global _reader_cache
    _reader_cache = cache
    try:
        with mp.get_context("fork").Pool(min(jobs, len(inputs)), initializer=_init_reader) as pool:
            for reading, hits, misses in pool.imap(_read_in_worker, inputs):
                if cache is not None:
                    for k, n in hits.items():
                        cache.hits[k] += n
                    for k, n in misses.items():
                        cache.misses[k] += n
                yield reading
    finally:
        _reader_cache = None


def read_papers(paths: list[str | Path], report: BuildReport, cache: BuildCache | None = None,
                exclude: Iterable[str | Path] = (), jobs: int | None = 1) -> list[Paper]:
    """Papers of every input file, merged (one per arXiv id, sorted); `jobs`
    processes read the files of a big input (None: one per core)."""
    inputs, problems = discover(paths, exclude)
    report.diagnostics.extend(problems)
    readings = []
    for reading in _readings(inputs, cache, jobs):
        readings.append(reading)
        report.files.append(reading.name)
        if reading.encoding:
            report.encodings[reading.name] = reading.encoding
        report.diagnostics.extend(reading.diagnostics)
    records = [p for r in readings for p in r.papers]
    merged, notes = merge_papers(records)
    report.diagnostics.extend(notes)
    untitled = sum(1 for d in notes if d.code == "no-title")
    report.items_read = len(records) + len(problems) + sum(len(r.skipped) for r in readings)
    report.duplicates = len(records) - len(merged) - untitled
    report.file_hashes = {r.name: r.sha256 for r in readings if r.sha256}
    return merged


# -- extracting ------------------------------------------------------------------

def extract_safely(papers: list[Paper], progress: ProgressFactory = _no_progress, jobs: int | None = None,
                   keys: list[str] | None = None, pack_folder: Path | None = None
                   ) -> list[tuple[Extraction, list[Diagnostic]]]:
    """Extract each paper, in `jobs` processes (None: all cores on big inputs);
    a paper extraction fails on is kept, without entities. With `keys` and
    `pack_folder`, the results also go into the build cache there."""
    if not papers:
        return []
    if jobs is None:
        jobs = default_jobs() if len(papers) >= PARALLEL_FROM else 1
    return list(progress(extract_each(papers, jobs, keys=keys, pack_folder=pack_folder), len(papers), "extracting"))


def extract_all(papers: list[Paper], progress: ProgressFactory = _no_progress, jobs: int | None = None
                ) -> list[Extraction]:
    return [x for x, _ in extract_safely(papers, progress, jobs)]


# -- reading and extracting at once ------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Which records a build keeps (`build --category`, `--since`); the default keeps every one.

    A record is kept when one of its arXiv categories is one wanted, or lies in
    one ("cs" holds "cs.CL"; "math" does not hold "math-ph"), and when it is
    dated `since` or later (an ISO date or its start: "2024", "2024-03"). A
    record without categories (a digest's) passes the first test, one without
    a date the second: nothing says it should be left out.
    """

    categories: tuple[str, ...] = ()
    since: str = ""

    def __bool__(self) -> bool:
        return bool(self.categories or self.since)

    def keeps(self, paper: Paper) -> bool:
        if self.categories and paper.categories and not any(
                c == w or c.startswith(w + ".") for c in paper.categories for w in self.categories):
            return False
        return not (self.since and paper.date and paper.date < self.since)

    def to_json(self) -> dict:
        return {"categories": list(self.categories), "since": self.since}

    @classmethod
    def from_json(cls, data: object) -> "Selection":
        if not isinstance(data, dict):
            return cls()
        categories = data.get("categories") or []
        since = data.get("since") or ""
        if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories) \
                or not isinstance(since, str):
            return cls()
        return cls(tuple(sorted(set(categories))), since)


class _Flow:
    """Papers go to extraction as they are read; their extractions into the graph as they come.

    A paper read for the first time (with a title) is extracted at once: in the
    `jobs` worker processes (forked before reading starts), or here with jobs=1.
    Whether it is read again in a later file is known only when every file is
    read, so what comes back before then is held, not added; a paper read more
    than once (or untitled where first read) is merged as `merge_papers` merges
    it and extracted as merged, its early extraction dropped. The graph is the
    one reading everything first gives: GraphBuilder takes papers in any order.
    """

    CHUNK = 64  # papers per task sent to a worker

    def __init__(self, builder: GraphBuilder, cache: BuildCache | None, jobs: int):
        self.builder, self.cache, self.jobs = builder, cache, jobs
        self.lookup = cache is not None and cache.source is not None  # an --update build: reuse entries
        self.chunk: list[Paper] = []
        self.chunk_keys: list[str] = []
        self.sent: deque[list[Paper]] = deque()  # chunks sent, in order, whose results are still to come
        self.held: list[tuple[Paper, str]] | None = []  # come back while files are still read (None: all read)
        self.early: dict[str, tuple[Paper, str]] = {}  # arXiv id -> (record extracted early, "hit" or "miss")
        self.dropped: set[int] = set()  # id() of records whose early extraction is not their paper's
        self.notes: dict[str, list[Diagnostic]] = {}  # arXiv id -> extraction's messages
        self.arrived = 0  # extractions come back (or taken from the cache) so far
        self.extractor = None
        self.pool = None
        self.tasks: queue.SimpleQueue | None = None
        self.results = None

    def __enter__(self) -> "_Flow":
        if self.jobs > 1:
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            self.pool = ctx.Pool(self.jobs, initializer=_init_extractor, initargs=(None,))
            self.tasks = queue.SimpleQueue()
            # the pool's feeding thread takes tasks as they are put: chunks go out as papers are read
            self.results = self.pool.imap(_extract_chunk, iter(self.tasks.get, None))
        return self

    def __exit__(self, *exc) -> None:
        if self.tasks is not None:
            self.tasks.put(None)  # the feeding thread ends (else terminating the pool waits for it)
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    # papers in
    def submit(self, paper: Paper, early: bool) -> None:
        cache, status = self.cache, "miss"
        key = paper_key(paper, cache.print) if self.lookup else ""
        if self.lookup:
            packed = cache.get_packed(key)  # counts a hit or a miss, carries a hit into the new cache
            if packed is not None:
                if early:
                    self.early[paper.arxiv_id] = (paper, "hit")
                self._arrived(paper, packed)
                return
        elif cache is not None:
            cache.misses["papers"] += 1
        if early:
            self.early[paper.arxiv_id] = (paper, status)
        self.chunk.append(paper)
        self.chunk_keys.append(key)
        if len(self.chunk) >= self.CHUNK:
            self._send()

    def _send(self) -> None:
        if not self.chunk:
            return
        cache = self.cache
        job = (self.chunk, self.chunk_keys if self.lookup else None,
               cache.pack_folder if cache is not None else None, True, cache.print if cache is not None else None)
        if self.tasks is None:  # jobs=1: extracted here, now
            if self.extractor is None:
                self.extractor = Extractor()
            for paper, packed in zip(self.chunk, extract_chunk_with(self.extractor, job)):
                self._arrived(paper, packed)
        else:
            self.sent.append(self.chunk)
            self.tasks.put(job)
        self.chunk, self.chunk_keys = [], []

    # extractions out
    def _arrived(self, paper: Paper, packed: str) -> None:
        self.arrived += 1
        if self.held is not None:
            self.held.append((paper, packed))
        elif id(paper) not in self.dropped:
            self._add(paper, packed)

    def _add(self, paper: Paper, packed: str) -> None:
        data = unpack_data(packed)
        if data["notes"]:
            self.notes[paper.arxiv_id] = [Diagnostic(SourceRef(f, line), message, severity, code)
                                          for f, line, message, severity, code in data["notes"]]
        self.builder.add_packed(paper, data)  # kept as compact rows: extractions are never all held

    def collect(self, block: bool) -> Iterator[int]:
        """Take what the workers have finished (all of it, with `block`); yields the
        number of papers each chunk brought."""
        while self.sent:
            try:
                entries = self.results.next(timeout=None if block else 0)
            except mp.TimeoutError:
                return
            for paper, packed in zip(self.sent.popleft(), entries):
                self._arrived(paper, packed)
            yield len(entries)

    def all_read(self, redo: Iterable[str]) -> None:
        """Every file is read: the early extractions of `redo` (papers read again
        later, merged) are dropped, the rest of what came back goes in."""
        cache = self.cache
        for arxiv_id in redo:
            found = self.early.pop(arxiv_id, None)
            if found is None:
                continue
            paper, status = found
            self.dropped.add(id(paper))
            if cache is not None:  # counted as the merged paper instead
                (cache.hits if status == "hit" else cache.misses)["papers"] -= 1
        self.early = {}
        held, self.held = self.held or [], None
        for paper, packed in held:
            if id(paper) not in self.dropped:
                self._add(paper, packed)

    def waiting(self) -> int:
        return sum(len(c) for c in self.sent)

    def finish(self) -> Iterator[int]:
        self._send()
        yield from self.collect(block=True)


def _init_extractor(ontology: str | None) -> None:
    _die_with_parent()  # a worker never outlives a killed build (it writes into the build's stage)
    init_worker(ontology)


def _jobs_for(inputs: list[InputFile], jobs: int | None) -> int:
    if jobs is not None:
        return jobs
    return default_jobs() if _input_bytes(inputs) >= PARALLEL_FROM_BYTES else 1


def _input_bytes(inputs: list[InputFile]) -> int:
    """The inputs' size on disk (a file that cannot be read counts 0: reading it says why)."""
    size = 0
    for source in inputs:
        try:
            size += os.stat(source.path).st_size
        except OSError:
            pass
    return size


# While files are read, how often (seconds) a build says how far it is: the progress
# bar, with its total, can start only when every file is read.
READING_NEWS_EVERY = 10.0

# From about this many bytes of input (some 1,000 papers), extraction processes pay for their start.
PARALLEL_FROM_BYTES = 900_000


def _read_and_extract(paths: list[str | Path], report: BuildReport, builder: GraphBuilder,
                      cache: BuildCache | None, progress: ProgressFactory = _no_progress,
                      exclude: Iterable[str | Path] = (), jobs: int | None = None, say: Say = _silent,
                      select: Selection = Selection()) -> int:
    """Read every input and extract its papers into `builder` at once (see _Flow);
    the report gets what `read_papers` and extraction tell. Returns the number of papers."""
    t0 = time.perf_counter()
    inputs, problems = discover(paths, exclude)
    report.diagnostics.extend(problems)
    n_jobs = _jobs_for(inputs, jobs)
    say(f"reading {len(inputs):,} file(s), extracting as they are read"
        + (f" ({n_jobs} processes)" if n_jobs > 1 else ""))
    first: dict[str, tuple[int, Paper]] = {}  # arXiv id -> (record number, first record)
    again: dict[str, list[tuple[int, Paper]]] = {}  # arXiv id -> its later records
    records = skipped = left_out = 0
    last_said = time.perf_counter()

    def take(paper: Paper) -> None:  # each paper as it is read
        nonlocal records, left_out, last_said
        if select and not select.keeps(paper):
            left_out += 1
        else:
            if paper.arxiv_id in first:
                again.setdefault(paper.arxiv_id, []).append((records, paper))
            else:
                first[paper.arxiv_id] = (records, paper)
                if paper.title.strip():
                    flow.submit(paper, early=True)
            records += 1
        if (records + left_out) % 1000 == 0:
            # a long read (a snapshot of millions of records is one file) says how far it is
            for _n in flow.collect(block=False):
                pass
            now = time.perf_counter()
            if now - last_said >= READING_NEWS_EVERY:
                where = f"in file {len(report.files) + 1:,} of {len(inputs):,}"
                where += f", {left_out:,} left out" if left_out else ""
                say(f"read {records + left_out:,} papers so far ({where}), "
                    f"{flow.arrived:,} extracted ({flow.arrived / (now - t0):,.0f} papers/s)")
                last_said = now

    with _Flow(builder, cache, n_jobs) as flow:
        for source in inputs:
            reading = _read_one(source, cache, take)
            report.files.append(reading.name)
            if reading.encoding:
                report.encodings[reading.name] = reading.encoding
            report.diagnostics.extend(reading.diagnostics)
            skipped += len(reading.skipped)
            if reading.sha256:
                report.file_hashes[reading.name] = reading.sha256
            for _n in flow.collect(block=False):
                pass
        # papers read more than once, or without a title where first read: merged as
        # merge_papers merges them (it sees their records in the order read)
        redo = set(again) | {a for a, (_n, p) in first.items() if not p.title.strip()}
        merged, notes = merge_papers(p for _n, p in sorted(
            [first[a] for a in redo] + [r for a in again for r in again[a]], key=lambda r: r[0]))
        report.diagnostics.extend(notes)
        untitled = sum(1 for d in notes if d.code == "no-title")
        n_papers = len(first) - len(redo) + len(merged)
        report.items_read = records + len(problems) + skipped + left_out
        report.duplicates = records - n_papers - untitled
        report.selection, report.left_out = (select or None), left_out
        report.seconds["read"] = time.perf_counter() - t0
        say(f"read {len(report.files):,} file(s): {n_papers:,} papers")
        checkpoint("read")
        flow.all_read(redo)
        for paper in merged:
            flow.submit(paper, early=False)
        flow._send()
        remaining = flow.waiting()
        if remaining:
            say(f"extracting the last {remaining:,} of {n_papers:,} papers")
            for _n in progress(_papers_done(flow), remaining, "extracting"):
                pass
    for arxiv_id in sorted(flow.notes):  # the extraction's messages, in paper order
        report.diagnostics.extend(flow.notes[arxiv_id])
    return n_papers


def _papers_done(flow: _Flow) -> Iterator[None]:
    """One item per paper whose extraction came in (what a progress bar counts)."""
    for n in flow.finish():
        for _ in range(n):
            yield None


# -- the graph -------------------------------------------------------------------

def make_graph(paths: list[str | Path], report: BuildReport | None = None,
               progress: ProgressFactory = _no_progress, cache: BuildCache | None = None,
               exclude: Iterable[str | Path] = (), jobs: int | None = None, say: Say = _silent,
               select: Selection = Selection()) -> nx.MultiDiGraph:
    report = report if report is not None else BuildReport()
    with _collector_paused():
        t1 = time.perf_counter()
        knowledge = load_knowledge()
        builder = GraphBuilder(knowledge.vocabulary.entities, load_topic_scheme(str(knowledge.folder)))
        n_papers = _read_and_extract(paths, report, builder, cache, progress, exclude, jobs, say, select)
        t2 = time.perf_counter()
        checkpoint("extracted")
        say(f"building the graph of {n_papers:,} papers")
        graph = builder.graph()
        del builder
        t3 = time.perf_counter()
    report.papers = n_papers
    report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
    report.kinds = dict(sorted(Counter(d["kind"] for _, d in graph.nodes(data=True)).items()))
    report.relations = relation_counts(graph)
    # "read" (until the last file was read) overlaps "extract" (until the last extraction came in)
    report.seconds.update(extract=t2 - t1, graph=t3 - t2)
    say(f"graph: {report.nodes:,} nodes, {report.edges:,} edges")
    if cache is not None:
        report.reused = dict(cache.hits)
        report.redone = dict(cache.misses)
    return graph


# -- writing ---------------------------------------------------------------------

class OutputError(RuntimeError):
    """An output could not be written; nothing was published.

    `name` is the output file, `detail` what went wrong ("ValueError: ...",
    "the process writing it was killed by signal 9 ...")."""

    def __init__(self, name: str, detail: str):
        super().__init__(f"{name}: could not be written ({detail})")
        self.name, self.detail = name, detail


# Rough relative cost of each output, largest first, so the longest starts first
# when outputs are written side by side. Unlisted renderers come last.
_COST_ORDER = ("turtle", "neo4j", "html", "json")

Output = Renderer | FolderOutput  # an output file, or an output folder


def _durable_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
        os.fsync(fh.fileno())
    return "sha256:" + digest.hexdigest()


def _write_one(renderer: Output, graph: nx.MultiDiGraph, path: Path) -> dict[str, str]:
    """Write one output (a file, streamed where the renderer can, or a folder
    of files), make it durable; the sha256 of each file as the manifest writes
    it, by its name in the output folder."""
    renderer.write(graph, path)
    if not path.is_dir():
        return {path.name: _durable_digest(path)}
    files = sorted(f for f in path.rglob("*") if f.is_file())
    digests = {f"{path.name}/{f.relative_to(path).as_posix()}": _durable_digest(f) for f in files}
    for folder in sorted({f.parent for f in files} | {path}):
        _fsync_folder(folder)
    return digests


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def _die_with_parent() -> None:
    """A writer process must not outlive its build (a killed build's stage is swept)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_writes(renderer: Output, graph: nx.MultiDiGraph, path: Path, pipe: int) -> None:
    """In a forked child: write one output, tell the parent "ok <sha256>" or what went wrong."""
    code = 1
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        _die_with_parent()
        t0 = time.perf_counter()
        digests = _write_one(renderer, graph, path)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        message = (f"ok {time.perf_counter() - t0:.3f} {usage.ru_utime + usage.ru_stime:.3f} "
                   f"{usage.ru_maxrss} {json.dumps(digests)}")
        code = 0
    except BaseException as exc:  # noqa: BLE001  (reported to the parent, which fails the build)
        message = f"error {type(exc).__name__}: {exc}"
    try:
        os.write(pipe, message.encode("utf-8", "replace")[:60_000])
    finally:
        os._exit(code)


def write_files(stage: StagedOutput, tasks: list[tuple[str, Output, nx.MultiDiGraph]], jobs: int = 1,
                say: Callable[[str], None] = _silent) -> dict[str, dict]:
    """Write each (file name, renderer, graph) into the stage folder, `jobs` at a time.

    With jobs > 1, outputs are written side by side: this process writes one
    while forked children write others (a child starts with the graph already
    in memory, shared copy-on-write). Any output that fails fails the build
    with an OutputError naming it; the stage is then dropped, never published.
    Returns, for each file, what writing it took: wall and CPU seconds, bytes,
    and for a child its peak RSS (MB). `say` hears of each output as it is done.
    """
    assert stage.path is not None
    order = {name: i for i, name in enumerate(_COST_ORDER)}
    pending = sorted(tasks, key=lambda t: order.get(t[1].name, len(order)))
    if len(pending) <= 1 or not hasattr(os, "fork"):
        jobs = 1
    running: dict[int, tuple[str, int]] = {}  # pid -> (file name, read end of its pipe)
    spent: dict[str, dict] = {}
    # What exists now (the graph) is left out of garbage collection: a collection
    # would write to every object, which copies the pages a child shares.
    gc.freeze()
    try:
        while pending:
            name, renderer, graph = pending.pop(0)
            if len(running) < jobs - 1:
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read_end)
                    _child_writes(renderer, graph, stage.path / name, write_end)
                os.close(write_end)
                running[pid] = (name, read_end)
            else:
                t0, cpu0 = time.perf_counter(), time.process_time()
                for written, digest in _checked(name, lambda: _write_one(renderer, graph, stage.path / name)).items():
                    stage.adopt(written, digest)
                spent[name] = {"seconds": round(time.perf_counter() - t0, 3),
                               "cpu_seconds": round(time.process_time() - cpu0, 2), "in": "build process"}
                say(f"{name} written ({spent[name]['seconds']:.1f} s)")
                _collect(stage, running, spent, say, block=False)
        _collect(stage, running, spent, say, block=True)
        for name, figures in spent.items():
            figures["bytes"] = _size(stage.path / name)
        return spent
    finally:
        for pid, (_name, read_end) in running.items():  # only after an error or Ctrl-C
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
            os.close(read_end)
        gc.unfreeze()


def _checked(name: str, write: Callable[[], str]) -> str:
    try:
        return write()
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:
        raise OutputError(name, f"{type(exc).__name__}: {exc}") from exc


def _collect(stage: StagedOutput, running: dict[int, tuple[str, int]], spent: dict[str, dict],
             say: Callable[[str], None], block: bool) -> None:
    """Reap the children that are done (all of them, with `block`); raise on the first failure."""
    while running:
        ready, _, _ = select.select([fd for _n, fd in running.values()], [], [], None if block else 0)
        if not ready:
            return
        for pid, (name, read_end) in list(running.items()):
            if read_end not in ready:
                continue
            chunks = []
            while chunk := os.read(read_end, 65536):
                chunks.append(chunk)
            _, status = os.waitpid(pid, 0)
            os.close(read_end)
            del running[pid]
            message = b"".join(chunks).decode("utf-8", "replace")
            if message.startswith("ok ") and os.waitstatus_to_exitcode(status) == 0:
                _ok, seconds, cpu, maxrss, digests = message.split(" ", 4)
                for written, digest in json.loads(digests).items():
                    stage.adopt(written, digest)
                spent[name] = {"seconds": float(seconds), "cpu_seconds": float(cpu),
                               "peak_rss_mb": round(int(maxrss) / 1024, 1), "in": "child"}
                say(f"{name} written ({float(seconds):.1f} s)")
                continue
            if os.WIFSIGNALED(status):
                why = f"the process writing it was killed by signal {os.WTERMSIG(status)}"
                if os.WTERMSIG(status) == signal.SIGKILL:
                    why += " (out of memory?)"
            else:
                why = message.removeprefix("error ") or f"exit status {os.waitstatus_to_exitcode(status)}"
            raise OutputError(name, why)


def _report_bytes(report: BuildReport) -> bytes:
    return (json.dumps(report.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _output(name: str) -> Output:
    return RENDERERS[name] if name in RENDERERS else FOLDER_OUTPUTS[name]


def _tasks(graph: nx.MultiDiGraph, formats: Iterable[str], page_graph: nx.MultiDiGraph | None = None
           ) -> list[tuple[str, Output, nx.MultiDiGraph]]:
    return [(_output(f).filename, _output(f), page_graph if f == "html" and page_graph is not None else graph)
            for f in formats]


def render_outputs(graph: nx.MultiDiGraph, report: BuildReport,
                   formats: Iterable[str] = DEFAULT_OUTPUTS,
                   page_graph: nx.MultiDiGraph | None = None) -> dict[str, bytes]:
    """Every output file's bytes, in memory (the build itself streams them to files instead).

    `page_graph`, when given, is what graph.html shows (a neighbourhood or a
    topic); every other output holds the whole graph.
    """
    rendered = {name: renderer.render(g) for name, renderer, g in _tasks(graph, formats, page_graph)}
    rendered["report.json"] = _report_bytes(report)
    return rendered


def _own_names() -> set[str]:
    return ({r.filename for r in RENDERERS.values()} | {f.filename for f in FOLDER_OUTPUTS.values()}
            | {"report.json", CHANGES_FILE})


def write_outputs(graph: nx.MultiDiGraph, out_dir: Path, report: BuildReport,
                  formats: Iterable[str] = DEFAULT_OUTPUTS, jobs: int = 1) -> None:
    """Write every output, then publish them into out_dir at once."""
    t0 = time.perf_counter()
    tasks = _tasks(graph, formats)
    with StagedOutput(Path(out_dir), _own_names()) as stage:
        write_files(stage, tasks, jobs)
        stage.write("report.json", _report_bytes(report))
        stage.commit(__version__)
    report.outputs.update({name: str(Path(out_dir) / name) for name in [*(t[0] for t in tasks), "report.json"]})
    report.seconds["write"] = time.perf_counter() - t0


def build(paths: list[str | Path], out_dir: str | Path, progress: ProgressFactory = _no_progress,
          formats: Iterable[str] = DEFAULT_OUTPUTS, update: bool = False,
          page: Callable[[nx.MultiDiGraph], nx.MultiDiGraph] | None = None,
          jobs: int | None = None, say: Say = _silent,
          select: Selection = Selection()) -> tuple[nx.MultiDiGraph, BuildReport]:
    """Build `paths` into `out_dir`; with `update`, reuse what the last build there read and extracted.

    `page` picks the part of the graph graph.html shows; it runs before anything
    is written, so a page that cannot be made leaves the previous outputs alone.
    `jobs` processes extract (on big inputs) and write the outputs (None: one
    per core); `say` hears what stage the build is at; `select` picks the
    records kept (see Selection).
    """
    out = Path(out_dir)
    report = BuildReport()
    try:
        return _build(paths, out, report, progress, formats, update, page, jobs, say, select)
    except KeyboardInterrupt as exc:
        # Ctrl-C held during the swap arrives just after it: say which build out/ holds
        exc.published = bool(report.outputs)
        raise


def _build(paths, out: Path, report: BuildReport, progress, formats, update, page=None, jobs=None, say=_silent,
           select=Selection()):
    with StagedOutput(out, _own_names()) as stage:
        cache = BuildCache(out / CACHE_DIR, stage.path / CACHE_DIR, fingerprint(), reuse=update)
        graph = make_graph(paths, report, progress, cache, exclude=_not_inputs(paths, out), jobs=jobs, say=say,
                           select=select)
        page_graph = page(graph) if page is not None else None
        t0 = time.perf_counter()
        tasks = _tasks(graph, formats, page_graph)
        writers = max(1, min(jobs if jobs is not None else default_jobs(), len(tasks)))
        say(f"writing {', '.join(name for name, _r, _g in tasks)}"
            + (f" ({writers} at a time)" if writers > 1 else ""))
        report.writing = write_files(stage, tasks, writers, say)
        stage.write("report.json", _report_bytes(report))
        if update:
            say("comparing with the previous build (changes.json)")
            report.changes = change_report(out / "graph.json", graph, load_inputs(out / CACHE_DIR),
                                           report.file_hashes, report.reused, report.redone)
            stage.write(CHANGES_FILE, (json.dumps(report.changes, ensure_ascii=False, indent=1, sort_keys=True)
                                       + "\n").encode())
        cache.save_inputs({"paths": sorted(str(Path(p).resolve()) for p in paths),
                           "files": report.file_hashes, "selection": select.to_json()})
        try:
            stage.commit(__version__)
        finally:
            if stage.swapped or stage.committed:
                names = [name for name, _r, _g in tasks] + ["report.json"] + ([CHANGES_FILE] if update else [])
                report.outputs.update({name: str(out / name) for name in names})
    report.seconds["write"] = time.perf_counter() - t0
    return graph, report


def _not_inputs(paths: list[str | Path], out: Path) -> list[Path]:
    """The build's own files are never read as digests: out/ itself, or, when
    out/ is (above) an input folder, the files papergraph writes there."""
    real_out = os.path.realpath(out)
    roots = [os.path.realpath(p) for p in paths]
    if any(r == real_out or r.startswith(real_out + os.sep) for r in roots):
        return [out / name for name in sorted(_own_names())]
    return [out]


def previous_inputs(out_dir: str | Path) -> list[str]:
    """The paths the build in out_dir read (for `build --update` with no paths)."""
    return list(load_inputs(Path(out_dir) / CACHE_DIR).get("paths", []))


def previous_selection(out_dir: str | Path) -> Selection:
    """The selection the build in out_dir made (for `build --update` without one)."""
    return Selection.from_json(load_inputs(Path(out_dir) / CACHE_DIR).get("selection"))


__all__ = ["BuildReport", "build", "make_graph", "read_papers", "extract_all", "extract_safely",
           "render_outputs", "write_outputs", "write_atomically", "change_report", "previous_inputs",
           "previous_selection", "Selection"]
