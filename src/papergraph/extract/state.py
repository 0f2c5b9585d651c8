"""What the pipeline components learn about one paper, kept on its Doc.

spaCy carries `doc.ents`; the facts that do not fit a Span label (the
canonical entity behind a span, what the paper proposes, aliases it defines)
live in this object in `doc.user_data`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..model import Entity, Relation, Result, SourceRef

KEY = "papergraph"


@dataclass
class DocState:
    source: SourceRef
    fields: dict[str, tuple[int, int]]  # "title", "title_zh", "summary" -> char range
    entities: dict[tuple[int, int], Entity] = field(default_factory=dict)  # span chars -> entity
    proposed: list[tuple[int, int]] = field(default_factory=list)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # entity key -> names defined here
    relations: list[Relation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)  # char ranges that hold no names (URLs)

    def field_text(self, doc: Doc, name: str) -> str:
        start, end = self.fields.get(name, (0, 0))
        return doc.text[start:end]


def state(doc: Doc) -> DocState:
    return doc.user_data[KEY]


def add_entity(doc: Doc, start: int, end: int, entity: Entity) -> Span | None:
    """Put a name on the Doc unless it overlaps one already there."""
    if any(s < end and start < e for s, e in state(doc).blocked):
        return None
    span = doc.char_span(start, end, label=entity.kind, alignment_mode="expand")
    if span is None:
        return None
    if any(span.start < e.end and e.start < span.end for e in doc.ents):
        return None
    doc.ents = sorted([*doc.ents, span], key=lambda s: s.start)
    state(doc).entities[(span.start_char, span.end_char)] = entity
    return span


def entity_of(doc: Doc, span: Span) -> Entity | None:
    return state(doc).entities.get((span.start_char, span.end_char))
