"""Extraction in several processes.

Each worker builds its own Extractor once (the spaCy pipeline and the
Aho-Corasick automaton are not shared across processes) and receives papers
in chunks; results come back in input order, so a parallel build gives the
same graph, byte for byte, as a serial one.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from typing import Iterable, Iterator

from pathlib import Path

from ..cache import pack_entry, paper_key, write_pack
from ..model import Diagnostic, Extraction, Paper
from . import Extractor

_worker: Extractor | None = None

# Below this many papers, starting worker processes costs more than it saves.
PARALLEL_FROM = 1000


def extract_with_notes(extractor: Extractor, papers: list[Paper]) -> list[tuple[Extraction, list[Diagnostic]]]:
    """Each paper's extraction, in batches (Extractor.extract_many); a paper extraction
    fails on is kept without entities, with a note: one odd paper must not end the build."""
    out = []
    for paper, extraction in zip(papers, extractor.extract_many(papers)):
        if isinstance(extraction, Exception):
            out.append((Extraction(paper.arxiv_id), [Diagnostic(
                paper.source, f"arXiv {paper.arxiv_id}: extraction failed ({type(extraction).__name__}: "
                f"{extraction}); paper kept without entities", "warning", "extraction-failed")]))
        else:
            out.append((extraction, []))
    return out


def worker_signals() -> None:
    """In a pool worker: Ctrl-C is the build's to handle (it then ends the pool), and the
    pool's SIGTERM ends the worker quietly (not the command line's handler, which would
    print a traceback from every idle worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def init_worker(ontology: str | None) -> None:
    """A pool worker's start: its own Extractor, made once."""
    global _worker
    worker_signals()
    _worker = Extractor(ontology)
    # The pipeline and the automata live as long as the worker: out of every
    # collection. The collector runs here even if the build paused its own.
    gc.freeze()
    gc.enable()


# papers, cache keys, pack folder, packed[, the cache's fingerprint: keys made here when not given]
Job = tuple


def _extract_chunk(job: Job) -> list:
    assert _worker is not None
    return extract_chunk_with(_worker, job)


def extract_chunk_with(extractor: Extractor, job: Job) -> list:
    papers, keys, pack_folder, packed, *rest = job
    if keys is None and rest and rest[0] is not None and pack_folder is not None:
        keys = [paper_key(p, rest[0]) for p in papers]  # here, not in the build process
    return _finish(extract_with_notes(extractor, papers), keys, pack_folder, packed)


def _finish(results: list[tuple[Extraction, list[Diagnostic]]], keys: list[str] | None,
            pack_folder: Path | None, packed: bool) -> list:
    """A chunk's results, as (extraction, notes) or, `packed`, as compact JSON
    (cache.pack_entry: far cheaper to send back than the objects); written as one
    pack of the build cache when asked, by the process that made them."""
    entries = [pack_entry(x, notes) for x, notes in results] if packed or pack_folder is not None else []
    if pack_folder is not None and keys is not None:
        write_pack(pack_folder, list(zip(keys, entries)))
    return entries if packed else results


def _chunks(papers: Iterable[Paper], size: int, keys: Iterable[str] | None, pack_folder: Path | None,
            packed: bool) -> Iterator[Job]:
    chunk: list[Paper] = []
    key_iter = iter(keys) if keys is not None else None
    for p in papers:
        chunk.append(p)
        if len(chunk) == size:
            yield chunk, [next(key_iter) for _ in chunk] if key_iter else None, pack_folder, packed
            chunk = []
    if chunk:
        yield chunk, [next(key_iter) for _ in chunk] if key_iter else None, pack_folder, packed


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def extract_each(
    papers: Iterable[Paper],
    jobs: int = 1,
    ontology: str | None = None,
    chunk_size: int = 64,
    keys: Iterable[str] | None = None,
    pack_folder: Path | None = None,
    packed: bool = False,
) -> Iterator:
    """(extraction, notes) for each paper, in order, using `jobs` processes (1 = this one).

    With `keys` (one per paper) and `pack_folder`, each chunk's results are also
    written there as a pack of build-cache entries (see cache.py). With `packed`,
    each paper's result comes as its compact JSON entry (`cache.pack_entry`).
    """
    chunks = _chunks(papers, chunk_size, keys, pack_folder, packed)
    if jobs <= 1:
        extractor = Extractor(ontology)
        for chunk, chunk_keys, folder, as_packed in chunks:
            yield from _finish(extract_with_notes(extractor, chunk), chunk_keys, folder, as_packed)
        return
    # fork keeps start-up cheap on Linux; each worker builds its pipeline once
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=init_worker, initargs=(ontology,)) as pool:
        for results in pool.imap(_extract_chunk, chunks):
            yield from results


def extract_papers(papers: Iterable[Paper], jobs: int = 1, ontology: str | None = None,
                   chunk_size: int = 64) -> Iterator[Extraction]:
    """Extractions for `papers`, in order (a paper that fails gets an empty extraction)."""
    for extraction, _notes in extract_each(papers, jobs, ontology, chunk_size):
        yield extraction
