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

TOKEN = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+|\s+|.", re.S)


class ScriptAwareTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in TOKEN.finditer(text):
            piece = m.group()
            if piece.isspace():
                if piece == " " and words and not spaces[-1]:
                    spaces[-1] = True
                    continue
                if words and not spaces[-1] and piece[0] == " ":
                    spaces[-1] = True
                    piece = piece[1:]
            words.append(piece)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)
