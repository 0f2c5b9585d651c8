"""A script-aware tokenizer for mixed Chinese/English digests.

spaCy's Chinese tokenizer either splits into characters (so "QLoRA" holds a
"LoRA" token sequence and "SYSTEM" an "EM") or needs jieba; a whitespace
tokenizer misses names glued to Chinese ("使用LoRA微调"). Here a run of
Latin letters and digits is one token, every Han character is one token, and
punctuation stands alone: name boundaries are token boundaries in both scripts.
"""
from __future__ import annotations

import re
from typing import Mapping, TypeVar

from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.vocab import Vocab

_WORD = "A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"  # Latin letters and digits, half and full width

# The tokens, one per match (the reference; TOKEN_RUN below finds the same ones
# faster): a token and the one space that may follow it (spaCy keeps that space
# on the token). A run of other whitespace is a token of its own (with no space
# after: \s+ takes the whole run).
TOKEN = re.compile(rf"([{_WORD}]+|\S|\s+)( ?)")

# The same tokens found run by run: a run of Han characters and punctuation is
# one match, split into its characters afterwards. Chinese text is mostly such
# runs, so this makes a third as many matches (and tuples) as TOKEN.
TOKEN_RUN = re.compile(rf"([{_WORD}]+|[^\s{_WORD}]+|\s+)( ?)")
_WORD_CHARS = frozenset(chr(c) for lo, hi in (("A", "Z"), ("a", "z"), ("0", "9"), ("\uff10", "\uff19"),
                                             ("\uff21", "\uff3a"), ("\uff41", "\uff5a"))
                        for c in range(ord(lo), ord(hi) + 1))

T = TypeVar("T")


class _Words(dict):
    """Each word as itself (nothing is stored)."""

    def __missing__(self, word: str) -> str:
        return word


WORDS: Mapping[str, str] = _Words()


def tokens(text: str, ids: Mapping[str, T] = WORDS) -> tuple[list[T], list[str]]:
    """The words of `text` (as `ids[word]`) and the space ("" or " ") after each, as TOKEN finds them."""
    get = ids.__getitem__
    words: list[T] = []
    spaces: list[str] = []
    for run, space in TOKEN_RUN.findall(text):
        if len(run) == 1 or run[0] in _WORD_CHARS or run[0].isspace():  # str.isspace is re's \s
            words.append(get(run))
        else:  # Han characters and punctuation: a token each, the space after the last
            words += map(get, run)
            spaces += [""] * (len(run) - 1)
        spaces.append(space)
    return words, spaces


class _Orths(dict):
    """Word -> its id in spaCy's StringStore (a hash of the word: the same in every
    process and run), added to the store the first time a word is met."""

    def __init__(self, strings: StringStore):
        super().__init__()
        self.strings = strings

    def __missing__(self, word: str) -> int:
        if len(self) >= 500_000:  # bounded: a long build meets ever new words (ids, numbers)
            self.clear()
        orth = self[word] = self.strings.add(word)
        return orth


class ScriptAwareTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._orths = _Orths(vocab.strings)

    def __call__(self, text: str) -> Doc:
        # Doc takes words as ids (spaCy's orth values) as well as strings: looking an id up
        # costs less than hashing the string again for every token, which Doc does with strings.
        # It reads each space as a truth value: " " follows the word, "" does not.
        orths, spaces = tokens(text, self._orths)
        return Doc(self.vocab, words=orths, spaces=spaces)
