"""Extraction: one Paper in, one Extraction out.

A spaCy pipeline (no downloaded model) of small named components:

    pg_sentences   sentence boundaries for mixed Chinese/English text
    pg_vocabulary  names from ontology/vocab, one Aho-Corasick pass
    pg_discovery   names the vocabulary does not know, from cues; proposals
    pg_tasks       known research tasks kept only where named as tasks
    pg_relations   who is evaluated on, beats, builds on what
    pg_results     numbers tied to named datasets
    pg_metrics     metrics written as plain words kept only where used as measures
    pg_entities    the names found, as doc.ents

Topics are mapped or inferred from the paper's wording afterwards.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Entity, Evidence, Extraction, Mention, Paper
from ..text import fold, slugify
from . import discovery, ents, matcher, metrics, relations, results, sentences, tasks  # noqa: F401  (register components)
from .state import KEY, DocState
from .names import URL
from .tokenizer import ScriptAwareTokenizer
from .topics import load_topic_scheme

COMPONENTS = ("pg_sentences", "pg_vocabulary", "pg_discovery", "pg_tasks", "pg_relations", "pg_results", "pg_metrics",
              "pg_entities")
# The vocabulary's names as doc.ents and nothing else: what a spaCy EntityRuler
# with the same names does (benchmarks/matching.py compares the two).
NAMES_ONLY = ("pg_vocabulary", "pg_entities")


def make_pipeline(ontology: str | None = None, components: tuple[str, ...] = COMPONENTS) -> Language:
    nlp = spacy.blank("xx")
    nlp.tokenizer = ScriptAwareTokenizer(nlp.vocab)
    for name in components:
        config = {} if name in ("pg_sentences", "pg_entities") else {"ontology": ontology}
        nlp.add_pipe(name, config=config)
    return nlp


def _batches(papers: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    batch: list[Paper] = []
    for paper in papers:
        batch.append(paper)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Extractor:
    """Runs the pipeline over papers; one instance per process."""

    def __init__(self, ontology: str | None = None, components: tuple[str, ...] = COMPONENTS):
        self.knowledge = load_knowledge(ontology)
        self.nlp = make_pipeline(ontology, components)
        # read once: nlp.pipeline and nlp.pipe_names build a new list on every access
        self._components = [component for _name, component in self.nlp.pipeline]
        self._full = "pg_sentences" in self.nlp.pipe_names
        self.topics = load_topic_scheme(str(self.knowledge.folder))

    def extract(self, paper: Paper) -> Extraction:
        if not self._full:
            raise ValueError("extract() needs the full pipeline; a names-only Extractor gives doc()")
        return self._extraction(paper, self.doc(paper))

    def extract_many(self, papers: Iterable[Paper], batch_size: int = 64) -> Iterator[Extraction | Exception]:
        """extract() for each paper, in order, run in batches (see pipe()): each paper's
        Extraction, or the exception its extraction raised (the others go on)."""
        if not self._full:
            raise ValueError("extract_many() needs the full pipeline; a names-only Extractor gives pipe()")
        for batch in _batches(papers, batch_size):
            for paper, doc in zip(batch, self._run_batch(batch)):
                if isinstance(doc, Exception):
                    yield doc
                    continue
                try:
                    yield self._extraction(paper, doc)
                except Exception as exc:  # noqa: BLE001  (handed to the caller, as a failed component's)
                    yield exc

    def _extraction(self, paper: Paper, doc: Doc) -> Extraction:
        st: DocState = doc.user_data[KEY]
        out = Extraction(paper.arxiv_id)

        def evidence(start: int) -> Evidence:
            return st.sentence_at(start).evidence

        aliases = st.aliases
        for start, end, entity in st.ordered_names():
            extra = aliases.get(entity.key)
            if extra:
                entity = Entity(entity.key, entity.label, entity.kind,
                                tuple(dict.fromkeys((*entity.aliases, *sorted(extra)))), entity.family, entity.known)
            out.mentions.append(Mention(out.entities.setdefault(entity.key, entity), st.text[start:end],
                                        evidence(start)))
        for start, end in st.proposed:
            entity = st.entities.get((start, end))
            if entity is not None and not any(m.entity.key == entity.key for m in out.proposes):
                out.proposes.append(Mention(out.entities.get(entity.key, entity), st.text[start:end], evidence(start)))
        out.relations = list(st.relations)
        out.results = list(st.results)
        out.topics = self._topics(paper, out, st.folded)
        return out

    def doc(self, paper: Paper) -> Doc:
        """The paper run through the pipeline: its names in doc.ents, the rest in doc.user_data[KEY]."""
        doc = self._make_doc(paper)
        for component in self._components:
            doc = component(doc)
        return doc

    def pipe(self, papers: Iterable[Paper], batch_size: int = 64) -> Iterator[Doc]:
        """doc() for each paper, in order, run in batches as spaCy's nlp.pipe runs
        texts: each component over the whole batch before the next one starts.
        That is the same work in a better order: one component's patterns, tables
        and automata stay in the processor's caches across the batch instead of
        being pushed out by the other seven after every paper (extraction takes
        about a tenth less time in batches of 64 than paper by paper). A paper
        whose extraction fails raises here, as in doc(); extract_many() goes on."""
        for batch in _batches(papers, batch_size):
            for doc in self._run_batch(batch):
                if isinstance(doc, Exception):
                    raise doc
                yield doc

    def _run_batch(self, papers: list[Paper]) -> list[Doc | Exception]:
        """Each paper's Doc through every component, component by component; a paper
        a component fails on keeps the exception and leaves the rest of the batch."""
        docs: list[Doc | Exception] = []
        for paper in papers:
            try:
                docs.append(self._make_doc(paper))
            except Exception as exc:  # noqa: BLE001  (kept for this paper; the batch goes on)
                docs.append(exc)
        for component in self._components:
            for i, doc in enumerate(docs):
                if not isinstance(doc, Exception):
                    try:
                        docs[i] = component(doc)
                    except Exception as exc:  # noqa: BLE001
                        docs[i] = exc
        return docs

    def _make_doc(self, paper: Paper) -> Doc:
        """The paper's Doc, tokenized, with its DocState: what the components start from."""
        parts = [("title", paper.title), ("title_zh", paper.title_zh), ("summary", paper.summary)]
        text, fields = "", {}
        for name, value in parts:
            if not value:
                continue
            if text:
                text += "\n"
            fields[name] = (len(text), len(text) + len(value))
            text += value
        doc = self.nlp.make_doc(text)
        # every URL holds "/" or "www.": most summaries hold neither, and the URL
        # pattern is costly to try at every word
        urls = [m.span() for m in URL.finditer(text)] if ("/" in text or "www." in text) else []
        doc.user_data[KEY] = DocState(paper.source, fields, text=text, blocked=urls)
        return doc

    def _topics(self, paper: Paper, extraction: Extraction, folded_text: str) -> list[str]:
        chosen: list[str] = []
        for label in paper.topics:
            # a topic the scheme does not know is kept under its own name
            tid = self.topics.lookup(label) or slugify(label)
            if tid not in chosen:
                chosen.append(tid)
        if not chosen:
            names = fold(" ".join(e.label for e in extraction.entities.values()))
            chosen = self.topics.infer(folded_text + "\n" + names, folded=True)
        if not chosen:
            fallback = self.knowledge.cues.get("topics", {})
            by_kind = fallback.get("by_proposed_kind", {})
            kinds = [by_kind[m.entity.kind] for m in extraction.proposes if m.entity.kind in by_kind]
            chosen = kinds[:1] or ([fallback["default"]] if fallback.get("default") else [])
        return chosen
