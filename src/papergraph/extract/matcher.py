"""Pipeline component: names the vocabulary knows, and their sized variants."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load_knowledge
from ..model import Entity
from ..text import name_key
from .gazetteer import Gazetteer
from .names import DATASET_VARIANT_SUFFIX, GLUED_SIZE, SIZE, SPACED_DASH, VARIANT_SUFFIX
from .state import state


# What VARIANT_SUFFIX can start with (names.py); DATASET_VARIANT_SUFFIX starts
# with one of these, an apostrophe or a digit of any script (its \d)
_VARIANT_OPENS = frozenset("- ")
_EDITION_OPENS = frozenset("'’")  # "WMT'21": a dataset's edition
_ELIDED_OPENS = frozenset(" 、,，/与與和及以")  # what _ELIDED_SIZE can start with
# "Llama-2（7B）", "Mistral (7B)": a model's size in brackets right after its name
_BRACKET_OPENS = frozenset("（(")
# a capitalised word after a name ("Claude-3 Haiku"), whole
_NEXT_WORD = re.compile(r" [A-Z][A-Za-z0-9.]*(?![A-Za-z0-9.-])")
_BRACKETED_SIZE = re.compile(rf" ?[（(]\s?({SIZE})\s?[)）]")
_SIZE_AT_END = re.compile(rf"(?:{SIZE})$")
# "LLaMA-2 7B 與 13B", "Llama 2 7B, 13B and 70B", "Llama-2-7B/13B": more sizes of the
# variant just named, its name left out
_ELIDED_SIZE = re.compile(rf"\s?(?:、|,|，|/|与|與|和|及|以及|,?\s?and|,?\s?or)\s?({SIZE})(?![A-Za-z0-9]|\.\d|\s?个)")


class VocabularyMatcher:
    def __init__(self, ontology: str | None):
        self.vocabulary = load_knowledge(ontology).vocabulary
        self.gazetteer = Gazetteer(self.vocabulary)
        # models the vocabulary knows sizes of ("Llama 2": Llama-2-7B, -13B, ...): a size
        # after one names a variant; after any other ("Phi-2 (2.7B)") it only tells the size
        self.families = frozenset(e.family for e in self.vocabulary.entities.values() if e.family)

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text
        entities = self.vocabulary.entities
        names = []
        for start, end, key in self.gazetteer.find(text, st.folded):
            entity = entities[key]
            kind = entity.kind
            after = text[end:end + 1]  # a variant suffix opens with one of a few characters
            if kind == "Model" and after == " ":
                # "Claude-3 Haiku": a known name and the next word make a known name spelled otherwise
                entity, end = self._spelled_otherwise(text, start, end, entity)
                after = text[end:end + 1]
            if (kind == "Model" or kind == "Method") and after in _VARIANT_OPENS:
                # a sized variant of an architecture is a model: "DiT-XL/2", "RWKV-6 7B"
                name_end = end
                entity, end = self._variant(text, start, end, entity, VARIANT_SUFFIX)
                if end != name_end and entity.known and SPACED_DASH.search(text, name_end, end):
                    # "Mistral 7B – Instruct" is the known Mistral-7B-Instruct, spelled as here
                    st.aliases.setdefault(entity.key, set()).add(" ".join(text[start:end].split()))
                elif end != name_end and not entity.known and entity.kind == "Model" and text[end:end + 1] == " ":
                    # "Claude-3.5 Sonnet": a new version of a family and the next word spell a known model
                    entity, end = self._spelled_otherwise(text, start, end, entity)
            elif kind == "Model" and after.isdigit():
                entity, end = self._variant(text, start, end, entity, GLUED_SIZE)  # "Flamingo80B"
            if kind == "Model" and (after in _BRACKET_OPENS or text[end + 1:end + 2] in _BRACKET_OPENS):
                entity, end = self._bracketed_size(text, start, end, entity)
            elif kind == "Dataset" and (after in _VARIANT_OPENS or after in _EDITION_OPENS or after.isdecimal()):
                entity, end = self._variant(text, start, end, entity, DATASET_VARIANT_SUFFIX)
            names.append((start, end, entity))
            if kind == "Model" and entity.family and text[end:end + 1] in _ELIDED_OPENS:
                names.extend(self._elided_sizes(text, start, end, entity))
        st.add_in_text_order(names)
        return doc

    def _spelled_otherwise(self, text: str, start: int, end: int, model: Entity) -> tuple[Entity, int]:
        """The known model that this one and the word after it spell, if they spell one."""
        m = _NEXT_WORD.match(text, end)
        if m is None:
            return model, end
        longer = self.vocabulary.lookup(text[start:m.end()])
        if longer is None or longer.kind != "Model" or longer.key == model.key:
            return model, end
        return longer, m.end()

    def _elided_sizes(self, text: str, start: int, end: int, variant: Entity) -> list[tuple[int, int, Entity]]:
        """"LLaMA-2 7B 與 13B": the "13B" is LLaMA-2 13B, of the family of the variant before it."""
        size = _SIZE_AT_END.search(text, start, end)
        if size is None:
            return []
        stem, more = text[start:size.start()], []
        while m := _ELIDED_SIZE.match(text, end):
            surface = " ".join((stem + m.group(1)).split())
            known = self.vocabulary.lookup(surface)
            sibling = known if known is not None and known.kind == "Model" else \
                Entity(name_key(surface), surface, "Model", (), variant.family, known=False)
            more.append((m.start(1), m.end(1), sibling))
            end = m.end()
        return more

    def _bracketed_size(self, text: str, start: int, end: int, model: Entity) -> tuple[Entity, int]:
        """"Llama-2（7B）" is the variant Llama-2-7B, the brackets taken into the name."""
        m = _BRACKETED_SIZE.match(text, end)
        if not m:
            return model, end
        sized = f"{text[start:end]} {m.group(1)}"
        known = self.vocabulary.lookup(sized)
        if known is not None and known.kind == "Model":
            return known, m.end()
        if model.key in self.families:
            return Entity(name_key(sized), sized, "Model", (), model.key, known=False), m.end()
        return model, end

    def _variant(self, text: str, start: int, end: int, family: Entity, suffix) -> tuple[Entity, int]:
        """"Llama-3 70B" is its own entity, a variant of the family "Llama 3";
        so is the benchmark setting "ImageNet 256 x 256" of ImageNet."""
        m = suffix.match(text, end)
        if not m or (family.kind == "Method" and not re.search(r"\d|XL|Large|Base", m.group())):
            return family, end
        surface = " ".join(text[start:m.end()].split())
        hyphenated = SPACED_DASH.sub("-", surface)  # "Mistral 7B – Instruct" is looked up as Mistral-7B-Instruct
        known = self.vocabulary.lookup(hyphenated)
        if known is not None:
            return known, m.end()
        # a sized method is a model ("DiT-XL/2"); a numbered one a version of the method ("Medusa-2");
        # one counted in thousands is the data it made ("Evol-Instruct-70k": 70k instructions)
        counted = family.kind == "Method" and re.search(r"\d[kK]$", m.group())
        sized = family.kind == "Method" and re.search(r"\d[BM]\b|XL|Large|Base", m.group())
        kind = "Dataset" if counted else "Model" if sized else family.kind
        variant = Entity(name_key(hyphenated), surface, kind, (), family.key, known=False)
        return variant, m.end()


@Language.factory("pg_vocabulary", default_config={"ontology": None})
def make_vocabulary_matcher(nlp: Language, name: str, ontology: str | None):
    return VocabularyMatcher(ontology)
