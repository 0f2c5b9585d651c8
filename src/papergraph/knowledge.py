"""The knowledge papergraph runs on, loaded from the ontology/ folder.

Names, aliases, cue words and topic labels are data (ontology/vocab/*.tsv,
ontology/cues.toml, ontology/topics.ttl), so the field's vocabulary can grow
without touching code.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .model import ENTITY_KINDS, Diagnostic, Entity, SourceRef
from .text import name_key

VOCAB_FILES = {
    "Model": "models.tsv",
    "Method": "methods.tsv",
    "Dataset": "datasets.tsv",
    "Metric": "metrics.tsv",
    "Task": "tasks.tsv",
}


def ontology_dir() -> Path:
    """ontology/ of a source checkout, or the copy packed into an installed wheel."""
    env = os.environ.get("PAPERGRAPH_ONTOLOGY")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_ontology", here.parent.parent / "ontology"):
        if (candidate / "cues.toml").is_file():
            return candidate
    raise FileNotFoundError("cannot find papergraph's ontology/ folder; set PAPERGRAPH_ONTOLOGY")


@dataclass
class Vocabulary:
    """Canonical entities and every surface form that names them."""

    entities: dict[str, Entity] = field(default_factory=dict)  # key -> entity
    surface_forms: dict[str, str] = field(default_factory=dict)  # alias as written -> entity key
    extra_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    generic: set[str] = field(default_factory=set)  # keys of names that are not entities
    problems: list[Diagnostic] = field(default_factory=list)
    alias_keys: dict[str, str] = field(default_factory=dict)  # folded alias -> entity key

    def lookup(self, name: str) -> Entity | None:
        key = name_key(name)
        return self.entities.get(key) or self.entities.get(self.alias_keys.get(key, ""))


def _rows(path: Path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, [c.strip() for c in line.split("\t")]


def _split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def load_vocabulary(folder: Path) -> Vocabulary:
    vocab = Vocabulary()
    families: list[tuple[str, str, SourceRef]] = []
    for kind in ENTITY_KINDS:
        path = folder / "vocab" / VOCAB_FILES[kind]
        if not path.is_file():
            continue
        for n, cols in _rows(path):
            where = SourceRef(str(path), n)
            label = cols[0]
            aliases = _split_aliases(cols[1]) if len(cols) > 1 else []
            key = name_key(label)
            if not key:
                vocab.problems.append(Diagnostic(where, f"empty name {label!r}"))
                continue
            if key in vocab.entities:
                vocab.problems.append(Diagnostic(where, f"{label!r} repeats {vocab.entities[key].label!r}"))
                continue
            vocab.entities[key] = Entity(key, label, kind, tuple(aliases))
            for form in [label, *aliases]:
                owner = vocab.surface_forms.setdefault(form, key)
                if owner != key:
                    vocab.problems.append(Diagnostic(where, f"alias {form!r} already names {owner!r}"))
            if len(cols) > 2 and cols[2]:
                families.append((key, cols[2], where))
            if len(cols) > 3 and cols[3]:
                vocab.extra_kinds[key] = tuple(k.strip() for k in cols[3].split(",") if k.strip())
    for key, family_label, where in families:
        fam = name_key(family_label)
        if fam in vocab.entities and fam != key:
            e = vocab.entities[key]
            vocab.entities[key] = Entity(e.key, e.label, e.kind, e.aliases, fam)
        else:
            vocab.problems.append(Diagnostic(where, f"family {family_label!r} is not in the vocabulary"))
    _split_variants(vocab)
    for key, entity in vocab.entities.items():
        for alias in entity.aliases:
            vocab.alias_keys.setdefault(name_key(alias), key)
    generic = folder / "vocab" / "generic.tsv"
    if generic.is_file():
        for _n, cols in _rows(generic):
            for form in [cols[0], *(_split_aliases(cols[1]) if len(cols) > 1 else [])]:
                vocab.generic.add(name_key(form))
    return vocab


# What may follow a family's name in a variant's name, folded: sizes (7b, 8x7b),
# versions (2, v0.2, 3.5), tunings (instruct, chat).
_VARIANT_REMAINDER = re.compile(
    r"(?:\d+(?:x\d+)?[bmk]?|a\d+b|v\d+|instruct|chat|base|sft|dpo|rlhf|it|hf|vision|turbo|mini|small|medium"
    r"|large|pro|ultra|flash|plus|max|nano|xl|omni|preview)+"
)


def _split_variants(vocab: Vocabulary) -> None:
    """An alias that is a sized, versioned or tuned form of its row becomes its own entity.

    A list may file "Mistral-7B-Instruct-v0.2" or "Prometheus 2" as aliases of a
    family; the graph keeps variants as their own nodes, linked to the family.
    """
    for key in sorted(vocab.entities):
        entity = vocab.entities[key]
        keep, variants = [], {}
        for alias in entity.aliases:
            akey = name_key(alias)
            if akey != key and akey.startswith(key) and _VARIANT_REMAINDER.fullmatch(akey[len(key):]):
                if akey not in vocab.entities:
                    variants.setdefault(akey, []).append(alias)
            else:
                keep.append(alias)
        if not variants:
            continue
        vocab.entities[key] = Entity(key, entity.label, entity.kind, tuple(keep), entity.family)
        for akey, forms in variants.items():
            vocab.entities[akey] = Entity(akey, forms[0], entity.kind, tuple(forms[1:]), key)
            for form in forms:
                vocab.surface_forms[form] = akey
            if key in vocab.extra_kinds:
                vocab.extra_kinds[akey] = vocab.extra_kinds[key]


@dataclass
class Knowledge:
    folder: Path
    vocabulary: Vocabulary
    cues: dict


@lru_cache(maxsize=4)
def load_knowledge(folder: str | None = None) -> Knowledge:
    path = Path(folder) if folder else ontology_dir()
    with open(path / "cues.toml", "rb") as fh:
        cues = tomllib.load(fh)
    return Knowledge(path, load_vocabulary(path), cues)


@lru_cache(maxsize=4)
def load_arxiv_categories(folder: str | None = None) -> dict[str, str]:
    """arXiv category code -> name ("cs.CL" -> "Computation and Language")."""
    path = (Path(folder) if folder else ontology_dir()) / "arxiv-categories.tsv"
    if not path.is_file():
        return {}
    return {cols[0]: cols[1] for _n, cols in _rows(path) if len(cols) > 1 and cols[0]}
