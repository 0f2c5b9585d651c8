"""What the pipeline components learn about one paper, kept on its Doc.

spaCy's Doc is the frame; the components work on character ranges kept here
(the text, its folded form, sentence ranges, the entity behind each name),
because rebuilding `doc.text` or walking `doc.sents` token by token in every
component costs more than all the matching. `pg_entities`, the last
component, writes the names found to `doc.ents`.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..model import Entity, Relation, Result, SourceRef
from ..text import fold

KEY = "papergraph"


@dataclass(frozen=True)
class Sentence:
    start_char: int
    end_char: int
    text: str


@dataclass
class DocState:
    source: SourceRef
    fields: dict[str, tuple[int, int]]  # "title", "title_zh", "summary" -> char range
    text: str = ""
    folded: str = ""  # fold(text): same length, Simplified, lower case
    sents: list[Sentence] = field(default_factory=list)
    entities: dict[tuple[int, int], Entity] = field(default_factory=dict)  # char range -> entity
    proposed: list[tuple[int, int]] = field(default_factory=list)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # entity key -> names defined here
    relations: list[Relation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)  # char ranges that hold no names (URLs)

    def __post_init__(self) -> None:
        if self.text and not self.folded:
            self.folded = fold(self.text)

    def field_text(self, name: str) -> str:
        start, end = self.fields.get(name, (0, 0))
        return self.text[start:end]

    def names_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """The names inside a range, in text order."""
        return [(s, e, ent) for (s, e), ent in sorted(self.entities.items()) if start <= s and e <= end]

    def sentence_at(self, pos: int) -> Sentence:
        starts = [s.start_char for s in self.sents]
        return self.sents[max(0, bisect_right(starts, pos) - 1)]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for (s, e) in self.entities)

    def add(self, start: int, end: int, entity: Entity) -> tuple[int, int] | None:
        """Record a name unless it overlaps one already found (or a URL)."""
        if start >= end or any(s < end and start < e for s, e in self.blocked) or self.overlaps(start, end):
            return None
        self.entities[(start, end)] = entity
        return (start, end)


def state(doc: Doc) -> DocState:
    return doc.user_data[KEY]
