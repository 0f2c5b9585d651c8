"""A script-aware tokenizer for mixed Chinese/English digests.

spaCy's Chinese tokenizer either splits into characters (so "QLoRA" holds a
"LoRA" token sequence and "SYSTEM" an "EM") or needs jieba; a whitespace
tokenizer misses names glued to Chinese ("使用LoRA微调"). Here a run of
Latin letters and digits is one token, every Han character is one token, and
punctuation stands alone: name boundaries are token boundaries in both scripts.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

# A token and the one space that may follow it (spaCy keeps that space on the
# token). A run of other whitespace is a token of its own (with no space after:
# \s+ takes the whole run).
TOKEN = re.compile(r"([A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+|\S|\s+)( ?)")


class ScriptAwareTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        if not text:
            return Doc(self.vocab, words=[], spaces=[])
        # one C-level pass and one transpose; no Python work per token. Doc reads
        # each space as a truth value: " " follows the word, "" does not.
        words, spaces = zip(*TOKEN.findall(text))
        return Doc(self.vocab, words=words, spaces=spaces)
