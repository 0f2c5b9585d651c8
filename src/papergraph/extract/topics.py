"""Topics of a paper: the digest's own topic words mapped onto the SKOS scheme,
or, where the digest gives none, inferred from cue words in the text."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

from ..text import fold, name_key
from .gazetteer import junction_variants
from .names import word_char

PG = Namespace("https://papergraph.dev/ontology#")
TOPIC = "https://papergraph.dev/topic/"


@dataclass(frozen=True)
class Topic:
    id: str  # slug, e.g. "rag"
    labels: dict[str, str]  # language tag -> preferred label
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]
    cues: tuple[str, ...]


@dataclass
class TopicScheme:
    topics: dict[str, Topic]
    by_label: dict[str, str]  # name_key(label) -> topic id
    cue_topic: dict[str, str]  # folded cue -> topic id
    cues: "ahocorasick.Automaton | None" = None

    def lookup(self, label: str) -> str | None:
        return self.by_label.get(name_key(label))

    def infer(self, text: str, limit: int = 3, folded: bool = False) -> list[str]:
        """Topics whose cue words occur in the text, most cued first.

        One Aho-Corasick pass; Latin cues count only at word boundaries
        ("rag" is not inside "storage").
        """
        if self.cues is None:
            return []
        text = text if folded else fold(text)
        counts: dict[str, int] = {}
        for end, cue in self.cues.iter(text):
            start = end - len(cue) + 1
            if cue[0].isascii() and cue[0].isalnum() and start > 0 and word_char(text[start - 1]):
                continue
            if cue[-1].isascii() and cue[-1].isalnum() and end + 1 < len(text) and word_char(text[end + 1]):
                continue
            t = self.cue_topic[cue]
            counts[t] = counts.get(t, 0) + 1
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        return ranked[:limit]


@lru_cache(maxsize=4)
def load_topic_scheme(folder: str) -> TopicScheme:
    g = Graph()
    path = Path(folder) / "topics.ttl"
    if path.is_file():
        g.parse(path, format="turtle")
    topics: dict[str, Topic] = {}
    by_label: dict[str, str] = {}
    cue_topic: dict[str, str] = {}
    for concept in sorted(g.subjects(RDF.type, SKOS.Concept)):
        tid = str(concept).removeprefix(TOPIC)
        labels = {
            (o.language or ""): str(o) for o in g.objects(concept, SKOS.prefLabel) if isinstance(o, Literal)
        }
        alts = tuple(sorted(str(o) for o in g.objects(concept, SKOS.altLabel)))
        broader = tuple(sorted(str(o).removeprefix(TOPIC) for o in g.objects(concept, SKOS.broader)))
        cues = tuple(sorted(str(o) for o in g.objects(concept, PG.cue)))
        topics[tid] = Topic(tid, dict(sorted(labels.items())), alts, broader, cues)
        for label in [*labels.values(), *alts]:
            by_label.setdefault(name_key(label), tid)
        for cue in cues:
            for variant in sorted(junction_variants(cue)):  # "KV 缓存" and "KV缓存" alike
                cue_topic.setdefault(fold(variant), tid)
    automaton = None
    if cue_topic:
        automaton = ahocorasick.Automaton()
        for cue in cue_topic:
            automaton.add_word(cue, cue)
        automaton.make_automaton()
    return TopicScheme(topics, by_label, cue_topic, automaton)
