"""Extraction in several processes.

Each worker builds its own Extractor once (the spaCy pipeline and the
Aho-Corasick automaton are not shared across processes) and receives papers
in chunks; results come back in input order, so a parallel build gives the
same graph, byte for byte, as a serial one.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from typing import Callable, Iterable, Iterator

from ..model import Extraction, Paper
from . import Extractor

_worker: Extractor | None = None


def _init_worker(ontology: str | None) -> None:
    global _worker
    _worker = Extractor(ontology)


def _extract_chunk(papers: list[Paper]) -> list[Extraction]:
    assert _worker is not None
    return [_worker.extract(p) for p in papers]


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    chunk: list[Paper] = []
    for p in papers:
        chunk.append(p)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def extract_papers(
    papers: Iterable[Paper],
    jobs: int = 1,
    ontology: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    chunk_size: int = 64,
) -> Iterator[Extraction]:
    """Extractions for `papers`, in order, using `jobs` processes (1 = in this process)."""
    if jobs <= 1:
        extractor = Extractor(ontology)
        for p in papers:
            yield extractor.extract(p)
            if on_progress:
                on_progress(1)
        return
    # fork keeps start-up cheap on Linux; the pool's workers load the pipeline once each
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(ontology,)) as pool:
        for chunk in pool.imap(_extract_chunk, _chunks(papers, chunk_size)):
            yield from chunk
            if on_progress:
                on_progress(len(chunk))
