"""Topics of a paper: the digest's own topic words mapped onto the SKOS scheme,
or, where the digest gives none, inferred from cue words in the text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

from ..text import fold, name_key

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
    cue_pattern: re.Pattern | None
    cue_topic: dict[str, str]

    def lookup(self, label: str) -> str | None:
        return self.by_label.get(name_key(label))

    def infer(self, text: str, limit: int = 3) -> list[str]:
        """Topics whose cue words occur in the text, most cued first."""
        if self.cue_pattern is None:
            return []
        counts: dict[str, int] = {}
        for m in self.cue_pattern.finditer(fold(text)):
            t = self.cue_topic[m.group(0)]
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
            cue_topic.setdefault(fold(cue), tid)
    pattern = None
    if cue_topic:
        alts = sorted(cue_topic, key=len, reverse=True)
        # Latin cues at word boundaries ("rag" must not fire inside "storage").
        pattern = re.compile(
            "|".join(
                (r"(?<![a-z0-9])" + re.escape(c) + r"(?![a-z0-9])") if re.search(r"[a-z0-9]", c) else re.escape(c)
                for c in alts
            )
        )
    return TopicScheme(topics, by_label, pattern, cue_topic)
