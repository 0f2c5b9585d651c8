"""Pipeline component: the names found, written to `doc.ents` for spaCy users.

Components before it work on character ranges (state.DocState.entities); this
one writes them once, as the tokens' entity annotation (B, I, O and the kind).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from .state import state

if not Span.has_extension("entity_key"):
    Span.set_extension("entity_key", default=None)


_OUTSIDE, _BEGIN, _INSIDE = 2, 3, 1  # spaCy's ENT_IOB codes: O, B, I


@Language.component("pg_entities")
def write_ents(doc: Doc) -> Doc:
    names = state(doc).ordered_names()
    n = len(doc)
    # Every token gets its IOB code and label at once (Doc.from_array), as
    # `doc.ents = spans` would set them: B, I or O, and tokens outside every name
    # are O. Doc.set_ents checks its spans token by token in Python sets, which
    # cost more than finding the names.
    iob = [_OUTSIDE] * n
    label = [0] * n
    if names:
        # token start offsets, read once as an array (Token objects are costly to make)
        starts = doc.to_array(IDX).tolist()
        strings = doc.vocab.strings
        last = -1
        for start, end, entity in names:
            # the tokens the name touches, as char_span(..., alignment_mode="expand") picks them
            first = bisect_right(starts, start) - 1
            stop = bisect_left(starts, end)
            if first >= last and stop > first:
                iob[first] = _BEGIN
                iob[first + 1:stop] = [_INSIDE] * (stop - first - 1)
                label[first:stop] = [strings.add(entity.kind)] * (stop - first)
                last = stop
    if n:
        doc.from_array([ENT_IOB, ENT_TYPE], numpy.array([iob, label], dtype=numpy.uint64).T)
    return doc
