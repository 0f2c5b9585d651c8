"""What the pipeline components learn about one paper, kept on its Doc.

spaCy's Doc is the frame; the components work on character ranges kept here
(the text, its folded form, sentence ranges, the entity behind each name),
because rebuilding `doc.text` or walking `doc.sents` token by token in every
component costs more than all the matching. `pg_entities`, the last
component, writes the names found to `doc.ents`.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc

from ..model import Entity, Evidence, Relation, Result, SourceRef
from ..text import fold

KEY = "papergraph"


class Sentence(NamedTuple):  # a tuple: made for every sentence of every paper
    start_char: int
    end_char: int
    text: str
    evidence: Evidence  # what every fact read from this sentence cites: one object, shared


@dataclass
class DocState:
    source: SourceRef
    fields: dict[str, tuple[int, int]]  # "title", "title_zh", "summary" -> char range
    text: str = ""
    folded: str = ""  # fold(text): same length, Simplified, lower case
    sents: list[Sentence] = field(default_factory=list)
    # char range -> entity; changed only through add/put/remove, which keep ordered_names() true
    entities: dict[tuple[int, int], Entity] = field(default_factory=dict)
    proposed: list[tuple[int, int]] = field(default_factory=list)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # entity key -> names defined here
    relations: list[Relation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)  # char ranges that hold no names (URLs)
    # Changes whenever a known (vocabulary) name is placed, replaced or removed:
    # what components work out from the known names holds while it stays the same.
    known_version: int = 0
    memo: dict = field(default_factory=dict, repr=False)  # components' answers for this paper, see known_version
    # The ranges of `entities` in text order, kept as names come and go. Names
    # never overlap, so their ends are in order too: overlap questions are bisections.
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _ordered: list[tuple[int, int, Entity]] | None = field(default=None, repr=False)
    _ordered_starts: list[int] = field(default_factory=list, repr=False)
    _ordered_ends: list[int] = field(default_factory=list, repr=False)
    _sentence_starts: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.text and not self.folded:
            self.folded = fold(self.text)
        self._spans = sorted(self.entities)

    def field_text(self, name: str) -> str:
        start, end = self.fields.get(name, (0, 0))
        return self.text[start:end]

    def field_folded(self, name: str) -> str:
        """fold(field_text(name)), from the folded text kept (folding keeps every length)."""
        start, end = self.fields.get(name, (0, 0))
        return self.folded[start:end]

    def ordered_names(self) -> list[tuple[int, int, Entity]]:
        """Every name found, in text order."""
        if self._ordered is None:
            self._ordered = [(s, e, self.entities[(s, e)]) for s, e in self._spans]
            self._ordered_starts = [s for s, _e in self._spans]
            self._ordered_ends = [e for _s, e in self._spans]
        return self._ordered

    def neighbours(self, start: int, end: int, gap: int) -> list[tuple[int, int, Entity]]:
        """The names ending at most `gap` characters before `start`, then those starting
        at most `gap` after `end`, in text order (names never overlap: both are bisections)."""
        ordered = self.ordered_names()
        before = ordered[bisect_left(self._ordered_ends, start - gap):bisect_left(self._ordered_ends, start)]
        after = ordered[bisect_right(self._ordered_starts, end):bisect_right(self._ordered_starts, end + gap)]
        return before + after

    def names_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """The names inside a range, in text order."""
        ordered = self.ordered_names()
        i, j = bisect_left(self._ordered_starts, start), bisect_left(self._ordered_starts, end)
        return [n for n in ordered[i:j] if n[1] <= end]

    def sentence_at(self, pos: int) -> Sentence:
        if self._sentence_starts is None or len(self._sentence_starts) != len(self.sents):
            self._sentence_starts = [s.start_char for s in self.sents]
        return self.sents[max(0, bisect_right(self._sentence_starts, pos) - 1)]

    def name_starting_at(self, pos: int) -> tuple[int, int] | None:
        """The range of the name that starts at `pos`, if one does."""
        i = bisect_left(self._spans, (pos,))
        return self._spans[i] if i < len(self._spans) and self._spans[i][0] == pos else None

    def overlaps(self, start: int, end: int) -> bool:
        """Some name shares a character with [start, end)."""
        i = bisect_left(self._spans, (end,)) - 1  # the last name starting before `end`
        return i >= 0 and self._spans[i][1] > start

    def overlaps_partly(self, start: int, end: int) -> bool:
        """Some name shares a character with [start, end) without lying inside it."""
        i = bisect_left(self._spans, (end,)) - 1
        while i >= 0 and self._spans[i][1] > start:
            s, e = self._spans[i]
            if not (start <= s and e <= end):
                return True
            i -= 1
        return False

    def put(self, where: tuple[int, int], entity: Entity) -> None:
        """Say that the name at `where` is `entity` (found before, or new)."""
        before = self.entities.get(where)
        i = bisect_left(self._spans, where)
        if before is None:
            self._spans.insert(i, where)
        elif before.known:
            self.known_version += 1
        if entity.known:
            self.known_version += 1
        self.entities[where] = entity
        # ordered_names() is asked for between most changes: its lists are kept, not rebuilt
        if self._ordered is not None:
            if before is None:
                self._ordered.insert(i, (where[0], where[1], entity))
                self._ordered_starts.insert(i, where[0])
                self._ordered_ends.insert(i, where[1])
            else:
                self._ordered[i] = (where[0], where[1], entity)

    def rename(self, key: str, entity: Entity) -> None:
        """Say that every name of the entity `key` is `entity` (spans kept)."""
        for where in [w for w, e in self.entities.items() if e.key == key]:
            self.put(where, entity)

    def remove(self, where: tuple[int, int]) -> None:
        if self.entities.pop(where).known:
            self.known_version += 1
        i = bisect_left(self._spans, where)
        del self._spans[i]
        if self._ordered is not None:
            del self._ordered[i], self._ordered_starts[i], self._ordered_ends[i]

    def add(self, start: int, end: int, entity: Entity) -> tuple[int, int] | None:
        """Record a name unless it overlaps one already found (or a URL)."""
        if (start >= end or (self.blocked and any(s < end and start < e for s, e in self.blocked))
                or self.overlaps(start, end)):
            return None
        self.put((start, end), entity)
        return (start, end)

    def add_in_text_order(self, names: list[tuple[int, int, Entity]]) -> None:
        """add() each of `names`, given by start: the vocabulary's names, the first found.

        Into a paper with no names yet, a name overlaps one already kept only if it
        starts before the end of the last one kept, so the names go in without a
        bisection and an insertion each (most of a paper's names come this way)."""
        if self.entities:
            for start, end, entity in names:
                self.add(start, end, entity)
            return
        blocked, entities, spans = self.blocked, self.entities, self._spans
        last_end = -1
        for start, end, entity in names:
            if start >= end or start < last_end or (blocked and any(s < end and start < e for s, e in blocked)):
                continue
            entities[(start, end)] = entity
            spans.append((start, end))
            if entity.known:
                self.known_version += 1
            last_end = end
        self._ordered = None


def state(doc: Doc) -> DocState:
    return doc.user_data[KEY]
