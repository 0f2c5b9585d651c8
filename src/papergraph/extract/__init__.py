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
        doc = self.doc(paper)
        st: DocState = doc.user_data[KEY]
        out = Extraction(paper.arxiv_id)

        def evidence(start: int) -> Evidence:
            return st.sentence_at(start).evidence

        aliases = st.aliases
        for (start, end), entity in sorted(st.entities.items()):
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
        for component in self._components:
            doc = component(doc)
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
