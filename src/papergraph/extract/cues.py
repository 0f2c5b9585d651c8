"""Cue-word lists from ontology/cues.toml compiled into regular expressions."""
from __future__ import annotations

import re

from ..text import fold


def cue_pattern(*word_lists: list[str]) -> re.Pattern:
    """One alternation, longest first; Latin cues only at word boundaries.

    Matched against folded text (Simplified, lower case), so cues are folded too.
    """
    words = sorted({fold(w) for ws in word_lists for w in ws}, key=len, reverse=True)
    parts = [
        (r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])") if re.search(r"[a-z0-9]", w) else re.escape(w)
        for w in words
    ]
    return re.compile("|".join(parts) or r"(?!)")
