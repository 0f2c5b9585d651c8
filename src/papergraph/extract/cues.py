"""Cue words from ontology/cues.toml: compiled into regular expressions, or
found many lists at a time in one Aho-Corasick pass.

Python's `re` tries every alternative of a long cue alternation at every
position of the text, which made scanning for cues cost more than all the
other work on a paper. `CueScanner` finds the same matches with one pass of an
automaton over the folded text, for every list at once.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import ahocorasick

from ..text import fold

_LATIN = re.compile(r"[a-z0-9]")


def cue_pattern(*word_lists: list[str]) -> re.Pattern:
    """One alternation, longest first; Latin cues only at word boundaries.

    Matched against folded text (Simplified, lower case), so cues are folded too.
    """
    words = sorted({fold(w) for ws in word_lists for w in ws}, key=len, reverse=True)
    parts = [
        (r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])") if _LATIN.search(w) else re.escape(w)
        for w in words
    ]
    return re.compile("|".join(parts) or r"(?!)")


def _word_char(ch: str) -> bool:
    return "a" <= ch <= "z" or "0" <= ch <= "9"


class CueScanner:
    """Named cue lists, all found in one pass over a folded text.

    For each list, `scan` gives exactly the matches `cue_pattern(list).finditer`
    gives: leftmost first, the longest cue at a position, no overlaps, and a
    cue holding a Latin letter or digit only where no letter or digit touches it.
    """

    def __init__(self, lists: dict[str, list[str]]):
        self.names = tuple(lists)
        words: dict[str, set[int]] = {}
        for i, name in enumerate(self.names):
            for w in lists[name]:
                f = fold(w)
                if f:
                    words.setdefault(f, set()).add(i)
        self.automaton = ahocorasick.Automaton() if words else None
        for w, owners in words.items():
            self.automaton.add_word(w, (len(w), bool(_LATIN.search(w)), tuple(sorted(owners))))
        if self.automaton is not None:
            self.automaton.make_automaton()

    def scan(self, folded: str) -> dict[str, list[tuple[int, int]]]:
        """list name -> [(start, end)] of its cues in `folded`, in text order."""
        found: list[list[tuple[int, int]]] = [[] for _ in self.names]
        if self.automaton is not None and folded:
            n = len(folded)
            for last, (size, latin, owners) in self.automaton.iter(folded):
                start, end = last - size + 1, last + 1
                if latin and ((start > 0 and _word_char(folded[start - 1])) or (end < n and _word_char(folded[end]))):
                    continue
                for i in owners:
                    found[i].append((start, end))
        return {name: _leftmost_longest(hits) for name, hits in zip(self.names, found)}


def _leftmost_longest(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What a longest-first alternation's finditer keeps of all the places its words occur."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h[0], -h[1]))
    out = []
    pos = 0
    for start, end in hits:
        if start >= pos:
            out.append((start, end))
            pos = end
    return out


def by_sentence(hits: list[tuple[int, int]], sents) -> list[list[tuple[int, int]]]:
    """`hits` grouped by the sentence (of `sents`, in text order) that holds each whole."""
    out: list[list[tuple[int, int]]] = [[] for _ in sents]
    if sents and hits:
        starts = [s.start_char for s in sents]
        for start, end in hits:
            i = bisect_right(starts, start) - 1
            if i >= 0 and end <= sents[i].end_char:
                out[i].append((start, end))
    return out
