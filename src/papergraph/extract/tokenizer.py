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
# token), or a run of other whitespace, which is a token of its own.
TOKEN = re.compile(r"([A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+|\S)( ?)|(\s+)")


class ScriptAwareTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        found = TOKEN.findall(text)  # one C-level pass; no Python work per character
        words = [word or blank for word, _space, blank in found]
        spaces = [space == " " for _word, space, _blank in found]
        return Doc(self.vocab, words=words, spaces=spaces)
