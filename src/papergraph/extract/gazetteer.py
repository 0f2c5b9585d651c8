"""Find every vocabulary name in a text in one Aho-Corasick pass.

The automaton runs over folded text (Simplified script, half width, lower
case; same length as the original), so one pass finds names in either script
and any case. Each hit is then checked against the original text: short names
must keep their case ("EM", not "em"), and a Latin name must stand at word
boundaries ("LoRA" is not inside "QLoRA", nor "EM" inside "SYSTEM", nor "RAG"
inside "Self-RAG").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import ahocorasick

from ..knowledge import Vocabulary
from ..text import CJK, fold, to_simplified
from .names import GLUED_SIZE, VARIANT_SUFFIX

_ALNUM = re.compile(r"[A-Za-z0-9]")
_SEP = re.compile(r"[\s\-]+")
_HAN, _LATIN = CJK.pattern, r"[A-Za-z0-9]"
_SCRIPT_JUNCTION = re.compile(rf"(?<={_HAN})(?={_LATIN})|(?<={_LATIN})(?={_HAN})")  # "扩散|Transformer"
_SPACED_JUNCTION = re.compile(rf"(?<={_HAN}) (?={_LATIN})|(?<={_LATIN}) (?={_HAN})")  # "扩散 Transformer"


# what, after a hyphen, makes a new name of a known one: a capital ("LoRA-Drop") or a
# number run into letters ("PaLM-2L"), not a plain word ("GPT-4-based")
_BUILT_ON = re.compile(r"[A-Z]|\d+[A-Za-z]")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_ALNUM = _ASCII_LETTERS | frozenset("0123456789")
_NEXT_TO_CHECK = _ASCII_ALNUM | {".", "-"}  # what _boundary_end looks at after a name


def _is_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


Hit = tuple[int, int, str]  # start, end, the entity's key in the vocabulary
# How a spelling of a name must be cased in the text to be that name
ANY, EXACT, COINED = 0, 1, 2  # any case; as spelled or all capitals; see coined()


def spelling_variants(alias: str) -> set[str]:
    """"GPT-4 Turbo" also as "GPT-4-Turbo", "GPT 4 Turbo" and "GPT4Turbo";
    "扩散Transformer" also as "扩散 Transformer" (writers differ on a space
    between Chinese and Latin)."""
    forms = {alias}
    if _ALNUM.search(alias) and _SEP.search(alias):
        forms |= {alias.replace("-", " "), alias.replace(" ", "-"), _SEP.sub("", alias)}
    return {variant for form in forms for variant in junction_variants(form)}


def junction_variants(form: str) -> set[str]:
    """"KV 缓存" also as "KV缓存", and the other way round: writers differ on a space
    between Chinese and Latin."""
    if not (_SCRIPT_JUNCTION.search(form) or _SPACED_JUNCTION.search(form)):
        return {form}
    spaced = _SCRIPT_JUNCTION.sub(" ", form)
    return {form, spaced, _SPACED_JUNCTION.sub("", spaced)}


def case_sensitive(form: str) -> bool:
    # Short Latin names and all-capital acronyms keep their case: "EM" is not
    # "em", and the metric "METEOR" is not the model "Meteor".
    letters = sum(ch.isascii() and ch.isalnum() for ch in form)
    alpha_count = sum(ch.isascii() and ch.isalpha() for ch in form)
    versioned = alpha_count >= 3 and any(ch.isdigit() for ch in form)  # "Phi-1" is also "phi-1"
    if 0 < letters <= 4 and len(form) <= 6 and not versioned:
        return True
    alpha = [ch for ch in form if ch.isascii() and ch.isalpha()]
    if len(alpha) >= 2 and all(ch.isupper() for ch in alpha) and not re.search(r"[\u4e00-\u9fff]", form):
        return True
    # "MATH benchmark" keeps the case of its acronym: "math benchmarks" are any benchmarks of maths
    head, _, rest = form.partition(" ")
    return bool(rest) and rest.islower() and len(head) >= 2 and head.isalpha() and head.isupper()


_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def coined(form: str) -> bool:
    """A one-word name whose capitals inside it are part of the name ("QuALITY", "ReAct",
    "GaLore"): written all in lower case, or capitalised as a sentence's first word,
    it is the everyday word ("quality", "react", "galore"), not the name."""
    return form.isascii() and form.isalpha() and bool(_INNER_CAPITAL.search(form))


class Gazetteer:
    def __init__(self, vocabulary: Vocabulary):
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, bool]]] = {}
        for key, entity in sorted(vocabulary.entities.items()):
            for alias in (entity.label, *entity.aliases):
                for form in spelling_variants(alias):
                    folded = fold(form)
                    if folded.strip():
                        # a joined spelling of letters only keeps its case: "MultiPLE" (MultiPL-E)
                        # is not the word "multiple", nor "SelfRAG" "selfrag"
                        joined = form != alias and form.isalpha() and form.isascii()
                        casing = EXACT if joined or case_sensitive(form) else COINED if coined(form) else ANY
                        entries.setdefault(folded, []).append((key, form, casing))
        # The forms go in with the vocabulary's most common letters first: pyahocorasick
        # looks the next letter up among a node's children one by one, in the order
        # they were added, so common letters are found sooner (a scan takes about a
        # sixth less time than with the forms in vocabulary order).
        letters = Counter(ch for folded in entries for ch in folded)
        for folded in sorted(entries, key=lambda form: ([-letters[ch] for ch in form], form)):
            owners = entries[folded]
            # What each hit needs checked, worked out once per form: a form that does
            # not start (end) with an ASCII letter or digit cannot start (end) inside a
            # word, since folding keeps ASCII letters and digits ASCII; and a form no
            # owner spells case-sensitively belongs to its first owner whatever the case.
            owner = owners[0][0] if owners[0][2] == ANY else None
            self.automaton.add_word(folded, (len(folded), _is_alnum(folded[0]), _is_alnum(folded[-1]),
                                             owner, tuple(owners)))
        if entries:
            self.automaton.make_automaton()
        self.empty = not entries

    def find(self, text: str, folded: str | None = None) -> list[Hit]:
        """Leftmost-longest, non-overlapping vocabulary hits in `text` (`folded` = fold(text), if known)."""
        if self.empty:
            return []
        folded = folded if folded is not None else fold(text)
        # (start, -length, order found, end, key): sorts leftmost-longest, ties as found
        candidates: list[tuple[int, int, int, int, str]] = []
        boundary_end, owner_of, n = self._boundary_end, self._owner, len(text)
        alnum, letters = _ASCII_ALNUM, _ASCII_LETTERS
        for end_index, (length, alnum_first, alnum_last, owner, owners) in self.automaton.iter(folded):
            start = end_index - length + 1
            end = end_index + 1
            if alnum_first or alnum_last:
                first = text[start]
                before = text[start - 1] if start else ""
                # most hits are pieces of longer words ("rag" in "storage"): that case is
                # ruled out right here, and _boundary_end is asked only when a character
                # next to the hit is one it looks at (a letter, digit, "-" or ".")
                if first in alnum and before in alnum:
                    continue
                after = text[end] if end < n else ""
                last = text[end_index]
                if after in letters and after != "s" and last in alnum:
                    continue  # the start of a longer word ("em" in "embedding"), as _boundary_end says
                if (before == "-" and first in alnum) or (after in _NEXT_TO_CHECK and last in alnum):
                    end = boundary_end(text, start, end)
                    if end is None:
                        continue
            key = owner or owner_of(text[start:end_index + 1], owners)
            if key is not None:
                candidates.append((start, start - end, len(candidates), end, key))
        candidates.sort()
        chosen: list[Hit] = []
        last_end = -1
        for start, _minus_length, _order, end, key in candidates:
            if start >= last_end:
                chosen.append((start, end, key))
                last_end = end
        return chosen

    @staticmethod
    def _owner(surface: str, owners: tuple[tuple[str, str, int], ...]) -> str | None:
        as_spelled = None  # the surface in Simplified script and half width, its case kept
        for key, form, casing in owners:
            if casing == ANY:
                return key
            if casing == COINED:
                if not surface[1:].islower():  # neither "quality" nor "Quality"
                    return key
                continue
            if surface == form or surface == form.upper():
                return key
            # case is what a case-sensitive form holds to, not script or width:
            # "精確率@k" is "精确率@k", "ＥＭ" is "EM"
            if as_spelled is None:
                as_spelled = to_simplified(unicodedata.normalize("NFKC", surface))
            if as_spelled == form or as_spelled == form.upper():
                return key
        return None

    @staticmethod
    def _boundary_end(text: str, start: int, end: int) -> int | None:
        """The end of the hit if it stands alone as a name, else None."""
        alnum = _ASCII_ALNUM  # set lookups: this runs for a good part of all hits
        first, last = text[start], text[end - 1]
        before = text[start - 1] if start else ""
        if first in alnum:
            if before in alnum:
                return None
            # "Self-RAG", "Trans-LoRA": the name is part of a hyphenated compound.
            if before == "-" and start >= 2 and text[start - 2] in alnum:
                return None
        if last in alnum:
            after = text[end] if end < len(text) else ""
            if after in alnum:
                # a plural: "Transformers", "GNNs"
                if after == "s" and last.isalpha() and text[end + 1 : end + 2] not in alnum:
                    return end + 1
                if after.isdigit() and last.isalpha() and GLUED_SIZE.match(text, end):
                    return end  # "Flamingo80B": a size glued to the name, a variant the matcher makes
                return None
            if after == "." and text[end + 1 : end + 2].isdigit():
                return None  # "Orca-2.5" is not "Orca-2": the version goes on
            if after == "-":
                # "LoRA-Drop", "PaLM-2L": a new name built on this one, found by discovery
                # instead ("Llama-3-Instruct", "Llama-3-8B" are variants, handled by the matcher),
                # as is one built on a variant ("LAION-5B-Aesthetics" is not LAION's 5B,
                # "Eurus-2-7B-PRIME" not Eurus-2-7B)
                variant = VARIANT_SUFFIX.match(text, end)
                if variant is None:
                    if _BUILT_ON.match(text, end + 1):
                        return None
                elif text[variant.end():variant.end() + 1] == "-" and _BUILT_ON.match(text, variant.end() + 1):
                    return None
        return end
