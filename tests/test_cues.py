"""The one-pass cue scanner finds exactly what the cue regular expressions find.

Extraction switched from regex alternations to an Aho-Corasick pass for
speed; these properties hold it to the regex semantics (leftmost, longest at
a position, no overlaps, word boundaries) on texts built from the cue words
themselves, where overlaps and boundaries are most tangled.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract.cues import CueScanner, cue_pattern, leftmost
from papergraph.knowledge import load_knowledge
from papergraph.text import fold

CUES = load_knowledge().cues
RELATIONS = CUES["relations"]
LISTS = {
    "outperforms": RELATIONS["outperforms_zh"] + RELATIONS["outperforms_en"],
    "compared": RELATIONS["compared_zh"] + RELATIONS["compared_en"],
    "uses": RELATIONS["uses_zh"] + RELATIONS["uses_en"],
    "tiny": ["a", "ab", "abc", "b c", "在", "在线", "x1"],  # nested and overlapping on purpose
}
PIECES = sorted({fold(w) for ws in LISTS.values() for w in ws}) + [" ", "a", "1", "-", "。", "的", "z", "上"]


def _letters_pattern(words: list[str]) -> re.Pattern:
    words = sorted({fold(w) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z])")


texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_scanner_finds_what_each_cue_pattern_finds(text):
    found = CueScanner(LISTS).scan(text)
    for name, words in LISTS.items():
        assert found[name] == [m.span() for m in cue_pattern(words).finditer(text)], name


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=0, max_value=20))
def test_ordered_groups_behave_like_one_alternation(text, pos):
    # "G0|G1|G2" tries the groups in order at each position, as the proposal-verb pattern does
    groups = {"g0": ["在", "ab", "的"], "g1": ["a", "abc", "outperform"], "g2": ["b c", "在线", "上"]}
    scanner = CueScanner(groups, letter_bounded=("g1",))
    raw = scanner.scan(text, raw=True)
    union = re.compile(cue_pattern(groups["g0"]).pattern + "|" + _letters_pattern(groups["g1"]).pattern
                       + "|" + cue_pattern(groups["g2"]).pattern)
    got = [(a, b) for a, b, _g in leftmost([raw["g0"], raw["g1"], raw["g2"]], pos)]
    assert got == [m.span() for m in union.finditer(text, pos)]


def test_latin_cue_needs_word_boundaries():
    found = CueScanner({"x": ["beat"]}).scan(fold("We beat X; upbeat; beats; BEAT."))
    assert found["x"] == [(3, 7), (26, 30)]
