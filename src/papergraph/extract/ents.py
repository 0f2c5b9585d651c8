"""Pipeline component: the names found, written to `doc.ents` for spaCy users.

Components before it work on character ranges (state.DocState.entities); this
one turns them into Spans labelled with the entity kind, once.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .state import state

if not Span.has_extension("entity_key"):
    Span.set_extension("entity_key", default=None)


@Language.component("pg_entities")
def write_ents(doc: Doc) -> Doc:
    spans = []
    last = -1
    for (start, end), entity in sorted(state(doc).entities.items()):
        span = doc.char_span(start, end, label=entity.kind, alignment_mode="expand")
        if span is not None and span.start >= last:
            spans.append(span)
            last = span.end
    doc.ents = spans
    return doc
