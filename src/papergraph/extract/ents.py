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


def _cell(value: int) -> bytes:
    """One uint64 array cell, as numpy.frombuffer reads it."""
    return numpy.array([value], dtype=numpy.uint64).tobytes()


# spaCy's ENT_IOB codes, as cells: O, B, I; and the empty label
_OUTSIDE, _BEGIN, _INSIDE, _NO_LABEL = _cell(2), _cell(3), _cell(1), _cell(0)


class EntityWriter:
    """The pg_entities component: DocState's names, in text order, as the tokens' B/I/O and kind."""

    def __init__(self, vocab):
        self.strings = vocab.strings
        self._kind_cells: dict[str, bytes] = {}  # kind -> its StringStore id as a cell (a handful of kinds)

    def __call__(self, doc: Doc) -> Doc:
        names = state(doc).ordered_names()
        n = len(doc)
        if not n:
            return doc
        # Every token gets its IOB code and label at once (Doc.from_array), as
        # `doc.ents = spans` would set them: B, I or O, and tokens outside every name
        # are O. Doc.set_ents checks its spans token by token in Python sets, which
        # cost more than finding the names. Each column is runs of one value (O
        # before a name, then B, then I...), written as repeated bytes and read by
        # numpy in place: turning Python lists into arrays cost more than the rest.
        iob: list[bytes] = []
        label: list[bytes] = []
        last = 0  # the token after the last name written
        if names:
            # token start offsets, read once as an array (Token objects are costly to make)
            starts = doc.to_array(IDX).tolist()
            for start, end, entity in names:
                # the tokens the name touches, as char_span(..., alignment_mode="expand") picks them
                first = bisect_right(starts, start) - 1
                stop = bisect_left(starts, end)
                if first >= last and stop > first:
                    kind = self._kind_cells.get(entity.kind) or self._kind_cell(entity.kind)
                    iob += (_OUTSIDE * (first - last), _BEGIN, _INSIDE * (stop - first - 1))
                    label += (_NO_LABEL * (first - last), kind * (stop - first))
                    last = stop
        iob.append(_OUTSIDE * (n - last))
        label.append(_NO_LABEL * (n - last))
        columns = numpy.frombuffer(b"".join(iob + label), dtype=numpy.uint64).reshape(2, n)
        # tokens as rows, as from_array wants them; it reads them column by column, so
        # this transposed view is what it would otherwise copy the array into
        doc.from_array([ENT_IOB, ENT_TYPE], columns.T)
        return doc

    def _kind_cell(self, kind: str) -> bytes:
        self._kind_cells[kind] = _cell(self.strings.add(kind))
        return self._kind_cells[kind]


@Language.factory("pg_entities")
def make_entity_writer(nlp: Language, name: str) -> EntityWriter:
    return EntityWriter(nlp.vocab)
