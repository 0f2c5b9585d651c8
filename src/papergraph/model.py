"""Plain records that flow from the readers through extraction into the graph.

Nothing here knows about files, spaCy, NetworkX or RDF: these are the shared
nouns of the pipeline, so every stage can be tested with hand-made values.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


def _pickled_by_fields(cls):
    """Pickle as (class, field values).

    Extractions travel from worker processes back to the build by pickle; the
    default form of a dataclass (an object plus a state dict) took longer to
    load in the build process than the worker took to find half of it. As a
    call with positional values it loads about 2.5x faster and is a fifth smaller.
    """
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self):
        return cls, tuple(getattr(self, n) for n in names)

    cls.__reduce__ = __reduce__
    return cls

# Entity kinds the extractor produces; the graph adds Paper, Topic and Result.
ENTITY_KINDS = ("Model", "Method", "Dataset", "Metric", "Task")


@_pickled_by_fields
@dataclass(frozen=True, order=True)
class SourceRef:
    """Where something was read: a digest file (as given) and a 1-based line."""

    file: str
    line: int  # 0: the file as a whole

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@_pickled_by_fields
@dataclass
class Paper:
    """One paper as a digest describes it."""

    arxiv_id: str
    title: str
    summary: str = ""
    title_zh: str = ""
    script: str = "en"  # zh-Hans, zh-Hant or en: the script of the summary
    date: str = ""  # ISO date or month, from the digest or else the arXiv id
    topics: list[str] = field(default_factory=list)  # as written by the digest
    sources: list[SourceRef] = field(default_factory=list)
    url: str = ""
    # Given by arXiv metadata, Atom feeds and BibTeX; digests leave them empty.
    authors: list[str] = field(default_factory=list)  # display names, in byline order
    categories: list[str] = field(default_factory=list)  # arXiv codes, primary first: cs.CL, ...

    @property
    def source(self) -> SourceRef:
        return self.sources[0]


@_pickled_by_fields
@dataclass(frozen=True)
class Diagnostic:
    """A message about the input: something skipped, repaired or doubtful."""

    source: SourceRef
    message: str
    severity: str = "warning"  # "warning": kept with a caveat; "skipped": item dropped
    code: str = ""  # a stable short reason ("no-arxiv-link", "binary-file", ...) to count by

    def __str__(self) -> str:
        return f"{self.source}: {self.severity}: {self.message}"


@_pickled_by_fields
@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, and where that sentence lives."""

    sentence: str
    source: SourceRef


@_pickled_by_fields
@dataclass(frozen=True)
class Entity:
    """A canonical entity: the identity every mention of it resolves to.

    `key` is the folded name used to merge mentions across papers and scripts.
    """

    key: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    family: str | None = None  # key of the entity this one is a variant of
    known: bool = True  # from the vocabulary (True) or discovered in the text


@_pickled_by_fields
@dataclass(frozen=True)
class Mention:
    """An entity named in a paper's text."""

    entity: Entity
    surface: str
    evidence: Evidence


@_pickled_by_fields
@dataclass(frozen=True)
class Relation:
    """A typed statement from the text: subject -relation-> object.

    Subjects and objects are entity keys, or None for "the paper itself".
    """

    subject: str | None
    relation: str
    object: str
    evidence: Evidence


@_pickled_by_fields
@dataclass(frozen=True)
class Result:
    """A number the text reports, tied to a named dataset."""

    dataset: str  # entity key
    value: float
    value_text: str  # as written, e.g. "62.7%"
    unit: str  # "%" or "" or "points" ...
    metric: str | None  # entity key of the metric, when named
    subject: str | None  # entity key of what reached the number, when said
    evidence: Evidence


@_pickled_by_fields
@dataclass
class Extraction:
    """Everything extraction found in one paper."""

    arxiv_id: str
    entities: dict[str, Entity] = field(default_factory=dict)  # key -> entity
    mentions: list[Mention] = field(default_factory=list)
    proposes: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # topic concept ids
