"""Sentence boundaries for mixed Chinese/English text.

spaCy's sentencizer looks at tokens, and "." is a token inside "GPT-3.5";
here a sentence ends at 。！？ or a newline, or at . ! ? followed by a space.
A semicolon, "；" as ";", joins clauses of one sentence: in "本文…：其一，…；其二，
引入 GRPO" the authors speak for both clauses. Rules that work clause by clause
stop at it themselves.
The ranges go to the DocState, where every later component reads them.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Evidence
from .state import Sentence, state

# (the last branch looks behind its own character: every branch opens with a
# character class, which lets `re` skip to the candidates); an abbreviation's
# point ends nothing: "(66.5 vs. 65.9 in pass@1)", "e.g. MMLU", "Touvron et al. report",
# "ranking No. 1 on MTEB", a title before a name ("Dr. GRPO")
_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n+|[.!?](?<=[A-Za-z0-9)\]][.!?])"
                  r"(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\bcf\.)(?<!\bFig\.)(?<!\bEq\.)(?<!Dr\.)(?<!Prof\.)(?=\s)"
                  r"(?!(?<=\bNo\.)\s\d)")


@Language.component("pg_sentences")
def split_sentences(doc: Doc) -> Doc:
    st = state(doc)
    text = st.text
    bounds = [0] + [m.end() for m in _END.finditer(text)] + [len(text)]
    sents = []
    for a, b in zip(bounds, bounds[1:]):
        piece = text[a:b]
        if piece.strip():
            sents.append(Sentence(a, b, piece, Evidence(piece.strip(), st.source)))
    st.sents = sents
    return doc
