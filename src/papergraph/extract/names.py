"""What a name looks like, and what kind of thing a name is, from cues.

Shared by the components that find names the vocabulary does not know.
All word lists come from ontology/cues.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..text import fold, name_key

# One Latin "word" of a name: letters/digits, joined by - . + & ' inside.
WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[-.+&'’](?=[A-Za-z0-9]))*\+*")
_CAPWORD = r"[A-Z0-9][A-Za-z0-9]*(?:[-.+&'’][A-Za-z0-9]+)*\+*"
# A multi-word name starts and continues with capitalised or numeric words
# ("Persona Hub", "Depth Anything V2"); "to Self-Improve" is not one.
NAME = re.compile(rf"(?<![A-Za-z0-9\-]){_CAPWORD}(?:[ \u00a0]{_CAPWORD})*|(?<![A-Za-z0-9\-]){WORD.pattern}")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|io|ai|net|dev|edu|cn)/\S*")

# Variant suffixes: "Llama-3 70B", "Mistral-7B-Instruct", "Zephyr-7B-SFT".
_SIZE = r"\d+(?:\.\d+)?[BMK]|\d+x\d+B"
_TUNE = r"Instruct|Chat|Base|SFT|DPO|RLHF|Vision|Turbo|Omni|Mini|Small|Medium|Large|Pro|Ultra|Flash|Plus|Max|Nano|XL|it|hf|HF|v\d+(?:\.\d+)?"
VARIANT_SUFFIX = re.compile(
    rf"(?:-(?:{_SIZE}|{_TUNE})|[ ](?:{_SIZE})|[ ](?:Instruct|Chat|Turbo|Mini|Omni))+(?![A-Za-z0-9])"
)


def looks_like_name(word: str) -> bool:
    """True for LongRAG, HotpotQA, GPT-4, MT-Bench, CRAG, Phi-3; False for Method, the."""
    if len(word) < 2 or not any(c.isalpha() for c in word):
        return False
    if any(c.isdigit() for c in word):
        return True
    inner_caps = sum(c.isupper() for c in word[1:])
    if inner_caps:  # CamelCase or ALLCAPS
        return True
    return "-" in word and word[0].isupper() and any(p[:1].isupper() for p in word.split("-")[1:])


@dataclass
class KindCues:
    """Decides a kind for a name from the nouns beside it and its shape."""

    kind_nouns: dict[str, list[str]]
    kind_shapes: dict[str, list[str]]

    @cached_property
    def _noun_after(self) -> re.Pattern:
        alts = sorted({fold(n) for ns in self.kind_nouns.values() for n in ns}, key=len, reverse=True)
        return re.compile(r"\s?(?:the\s)?(" + "|".join(map(re.escape, alts)) + r")(?![a-z])")

    @cached_property
    def _noun_before(self) -> re.Pattern:
        alts = sorted({fold(n) for ns in self.kind_nouns.values() for n in ns}, key=len, reverse=True)
        return re.compile(r"(?<![a-z])(" + "|".join(map(re.escape, alts)) + r")\s?$")

    @cached_property
    def _noun_kind(self) -> dict[str, str]:
        return {fold(n): kind for kind, ns in self.kind_nouns.items() for n in ns}

    @cached_property
    def _shapes(self) -> list[tuple[re.Pattern, str]]:
        return [(re.compile(p), kind) for kind, ps in self.kind_shapes.items() for p in ps]

    def by_shape(self, name: str) -> str | None:
        for pattern, kind in self._shapes:
            if pattern.search(name):
                return kind
        return None

    def noun_after(self, folded: str, end: int) -> str | None:
        m = self._noun_after.match(folded, end)
        return self._noun_kind[m.group(1)] if m else None

    def noun_before(self, folded: str, start: int) -> str | None:
        m = self._noun_before.search(folded[max(0, start - 8):start])
        return self._noun_kind[m.group(1)] if m else None


def is_generic(name: str, generic_keys: set[str]) -> bool:
    key = name_key(name)
    return key in generic_keys or (key.endswith("s") and key[:-1] in generic_keys)
