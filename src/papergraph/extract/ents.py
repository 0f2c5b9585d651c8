"""Pipeline component: the names found, written to `doc.ents` for spaCy users.

Components before it work on character ranges (state.DocState.entities); this
one turns them into Spans labelled with the entity kind, once.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from .state import state

if not Span.has_extension("entity_key"):
    Span.set_extension("entity_key", default=None)


@Language.component("pg_entities")
def write_ents(doc: Doc) -> Doc:
    names = state(doc).ordered_names()
    if not names:
        return doc
    # token start offsets, read once as an array (Token objects are costly to make)
    starts = doc.to_array(IDX).tolist()
    spans = []
    last = -1
    for start, end, entity in names:
        # the tokens the name touches, as char_span(..., alignment_mode="expand") picks them
        first = bisect_right(starts, start) - 1
        stop = bisect_left(starts, end)
        if first >= last and stop > first:
            spans.append(Span(doc, first, stop, label=entity.kind))
            last = stop
    doc.ents = spans
    return doc
