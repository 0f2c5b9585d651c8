"""Sentence boundaries for mixed Chinese/English text.

spaCy's sentencizer looks at tokens, and "." is a token inside "GPT-3.5";
here a sentence ends at 。！？； or a newline, or at . ! ? followed by a space.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

_END = re.compile(r"[。！？；!?]+[”’」』）)]*|\n+|(?<=[A-Za-z0-9)\]])[.!?](?=\s)")


@Language.component("pg_sentences")
def split_sentences(doc: Doc) -> Doc:
    token_starts = [t.idx for t in doc]
    starts = {0}
    for m in _END.finditer(doc.text):
        # the first token at or after the end of the punctuation
        starts.add(bisect_left(token_starts, m.end()))
    for token in doc:
        token.is_sent_start = token.i in starts
    return doc
