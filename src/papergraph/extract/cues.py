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
    A list named in `letter_bounded` instead follows `(?<![a-z])(?:...)(?![a-z])`:
    every cue of it, Chinese ones too, only where no Latin letter touches it.
    """

    def __init__(self, lists: dict[str, list[str]], letter_bounded: tuple[str, ...] = ()):
        self.names = tuple(lists)
        self.letter_bounded = tuple(name in letter_bounded for name in self.names)
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

    def scan(self, folded: str, raw: bool = False) -> dict[str, list[tuple[int, int]]]:
        """list name -> [(start, end)] of its cues in `folded`, in text order.

        With `raw`, every place a cue stands (overlaps kept), for `leftmost`.
        """
        found: list[list[tuple[int, int]]] = [[] for _ in self.names]
        if self.automaton is not None and folded:
            n = len(folded)
            for last, (size, latin, owners) in self.automaton.iter(folded):
                start, end = last - size + 1, last + 1
                before = folded[start - 1] if start > 0 else ""
                after = folded[end] if end < n else ""
                touches_word = latin and (_word_char(before) or _word_char(after))
                touches_letter = "a" <= before <= "z" or "a" <= after <= "z"
                for i in owners:
                    if not (touches_letter if self.letter_bounded[i] else touches_word):
                        found[i].append((start, end))
        if raw:
            return dict(zip(self.names, found))
        return {name: [(a, b) for a, b, _g in leftmost([hits])] if hits else hits
                for name, hits in zip(self.names, found)}


def leftmost(ranked: list[list[tuple[int, int]]], pos: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """What `re.finditer(G0|G1|..., pos, end)` finds, where Gi is a longest-first
    alternation whose raw hits are ranked[i]: at each position the first group
    that matches wins; (start, end, group) in text order."""
    hits = sorted((s, g, -(e - s), e) for g, group in enumerate(ranked) for s, e in group
                  if s >= pos and (end is None or e <= end))
    out = []
    for s, g, _neg, e in hits:
        if s >= pos:
            out.append((s, e, g))
            pos = e
    return out


def by_sentence(hits: list[tuple[int, int]], sents, starts: list[int] | None = None
                ) -> list[list[tuple[int, int]]]:
    """`hits` grouped by the sentence (of `sents`, in text order) that holds each whole
    (`starts`: the sentences' start offsets, when the caller has them). Read only: most
    lists have no hits, and then every sentence shares one empty tuple."""
    if not hits:
        return [()] * len(sents)
    out: list[list[tuple[int, int]]] = [[] for _ in sents]
    if sents:
        if starts is None:
            starts = [s.start_char for s in sents]
        for start, end in hits:
            i = bisect_right(starts, start) - 1
            if i >= 0 and end <= sents[i].end_char:
                out[i].append((start, end))
    return out
