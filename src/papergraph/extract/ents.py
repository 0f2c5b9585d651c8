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


class EntityWriter:
    """The pg_entities component: DocState's names, in text order, as the tokens' B/I/O and kind."""

    def __init__(self, vocab):
        self.strings = vocab.strings
        self._kind_ids: dict[str, int] = {}  # kind -> its StringStore id (a handful of kinds)

    def __call__(self, doc: Doc) -> Doc:
        names = state(doc).ordered_names()
        n = len(doc)
        if not n:
            return doc
        # Every token gets its IOB code and label at once (Doc.from_array), as
        # `doc.ents = spans` would set them: B, I or O, and tokens outside every name
        # are O. Doc.set_ents checks its spans token by token in Python sets, which
        # cost more than finding the names. The columns are runs (O before a name,
        # then B, then I...), written with numpy.repeat rather than token by token.
        annotation = numpy.empty((n, 2), dtype=numpy.uint64)
        if not names:
            annotation[:, 0] = _OUTSIDE
            annotation[:, 1] = 0
        else:
            # token start offsets, read once as an array (Token objects are costly to make)
            starts = doc.to_array(IDX).tolist()
            iob, iob_runs, label, label_runs = [], [], [], []
            last = 0  # the token after the last name written
            for start, end, entity in names:
                # the tokens the name touches, as char_span(..., alignment_mode="expand") picks them
                first = bisect_right(starts, start) - 1
                stop = bisect_left(starts, end)
                if first >= last and stop > first:
                    kind = self._kind_ids.get(entity.kind) or self._kind_id(entity.kind)
                    iob += (_OUTSIDE, _BEGIN, _INSIDE)
                    iob_runs += (first - last, 1, stop - first - 1)
                    label += (0, kind)
                    label_runs += (first - last, stop - first)
                    last = stop
            iob.append(_OUTSIDE)
            iob_runs.append(n - last)
            label.append(0)
            label_runs.append(n - last)
            annotation[:, 0] = numpy.repeat(iob, iob_runs)
            annotation[:, 1] = numpy.repeat(numpy.array(label, dtype=numpy.uint64), label_runs)
        doc.from_array([ENT_IOB, ENT_TYPE], annotation)
        return doc

    def _kind_id(self, kind: str) -> int:
        self._kind_ids[kind] = self.strings.add(kind)
        return self._kind_ids[kind]


@Language.factory("pg_entities")
def make_entity_writer(nlp: Language, name: str) -> EntityWriter:
    return EntityWriter(nlp.vocab)
