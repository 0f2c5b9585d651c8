"""The build cache behind `papergraph build --update`: out/.cache/.

Two kinds of entries, both content-addressed, so an entry is either right
for what it is looked up by or not found at all:

    files/<key>.json      what one digest file gave (papers, messages, encoding),
                          keyed by its name and the sha256 of its bytes;
    papers/<name>.jsonl   what extraction found in papers, one line per paper:
                          "<key>\t<entry>", keyed by the paper record after
                          merging (all its fields and sources). One file per
                          chunk of papers, written by the process that
                          extracted them: 100,000 papers make ~1,600 files, not
                          100,000, and the build process spends nothing on them.
                          A paper entry is compact (`pack_entry`): each entity
                          and sentence once, mentions pointing at them.

Every key also folds in the *fingerprint* of the code and knowledge that made
the entry: papergraph's version and source files, the ontology/ files and the
versions of the libraries extraction leans on. A new vocabulary entry or a
changed extraction rule therefore invalidates everything it could change.

Entries are JSON (never pickle: a build folder may come from someone else,
and reading it must not run their code), written by the record types' own
fields, so a cached extraction is exactly the one a fresh run would give.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import types
import typing
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import orjson
from typing import Any, Callable

from . import __version__
from .model import Diagnostic, Entity, Evidence, Extraction, Mention, Paper, Relation, Result, SourceRef

CACHE_DIR = ".cache"
LAYOUT = 2  # bump when the entry format changes


# -- records <-> JSON ------------------------------------------------------------

def to_jsonable(value: Any) -> Any:
    """A record (nested dataclasses, lists, tuples, dicts) as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def from_jsonable(cls: Any, data: Any) -> Any:
    """The inverse of `to_jsonable`, guided by the type annotations of `cls`."""
    return _decoder(cls)(data)


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=None)
def _decoder(cls: Any) -> Callable[[Any], Any]:
    """A function that rebuilds a `cls` from JSON values; made once per type."""
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in typing.get_args(cls) if a is not type(None)))
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _decoder(typing.get_args(cls)[0])
        return _identity if item is _identity else (lambda v: [item(x) for x in v])
    if origin is tuple:
        item = _decoder(typing.get_args(cls)[0])
        return lambda v: tuple(item(x) for x in v)
    if origin is dict:
        item = _decoder(typing.get_args(cls)[1])
        return lambda v: {k: item(x) for k, x in v.items()}
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls)]

        def make(v: dict) -> Any:
            return cls(**{name: decode(v[name]) for name, decode in fields if name in v})
        return make
    if cls is float:
        return float
    return _identity



# -- paper entries, compact -----------------------------------------------------------

def pack_entry(extraction: Extraction, notes: list[Diagnostic]) -> str:
    """One paper's extraction and messages as one line of JSON: every entity,
    sentence and source once, the mentions, relations and results pointing at them."""
    data = packed_data(extraction, notes)
    try:
        return orjson.dumps(data).decode()  # a quarter of json.dumps' time; the same data
    except (TypeError, orjson.JSONEncodeError):  # a lone surrogate from a broken file: json keeps it
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def unpack_data(text: str) -> dict:
    """The JSON of a packed entry, decoded (orjson: a third of json's time; the same values)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # a lone surrogate (json keeps it), or a damaged entry (json says so)
        return json.loads(text)


def packed_data(extraction: Extraction, notes: list[Diagnostic]) -> dict:
    """What `pack_entry` writes, before it becomes JSON."""
    ents: dict[Entity, int] = {}
    sentences: dict[str, int] = {}
    sources: dict[SourceRef, int] = {}

    def ent(e: Entity) -> int:
        return ents.setdefault(e, len(ents))

    def ev(e: Evidence) -> tuple[int, int]:
        return sentences.setdefault(e.sentence, len(sentences)), sources.setdefault(e.source, len(sources))

    x = extraction
    data = {
        "id": x.arxiv_id,
        "entities": [[key, ent(e)] for key, e in x.entities.items()],
        "mentions": [[ent(m.entity), m.surface, *ev(m.evidence)] for m in x.mentions],
        "proposes": [[ent(m.entity), m.surface, *ev(m.evidence)] for m in x.proposes],
        "relations": [[r.subject, r.relation, r.object, *ev(r.evidence)] for r in x.relations],
        "results": [[r.dataset, r.value, r.value_text, r.unit, r.metric, r.subject, *ev(r.evidence)]
                    for r in x.results],
        "topics": list(x.topics),
        "notes": [[d.source.file, d.source.line, d.message, d.severity, d.code] for d in notes],
    }
    data["ents"] = [[e.key, e.label, e.kind, list(e.aliases), e.family, e.known] for e in ents]
    data["sentences"] = list(sentences)
    data["sources"] = [[s.file, s.line] for s in sources]
    return data


def unpack_entry(text: str) -> PaperEntry:
    """The inverse of `pack_entry`. Raises ValueError, KeyError, TypeError or IndexError on a damaged entry."""
    data = json.loads(text)
    ents = [Entity(k, label, kind, tuple(aliases), family, bool(known))
            for k, label, kind, aliases, family, known in data["ents"]]
    sources = [SourceRef(f, int(line)) for f, line in data["sources"]]
    sentences = data["sentences"]
    evidence: dict[tuple[int, int], Evidence] = {}

    def ev(s: int, f: int) -> Evidence:
        found = evidence.get((s, f))
        if found is None:
            found = evidence[(s, f)] = Evidence(sentences[s], sources[f])
        return found

    x = Extraction(
        data["id"],
        {key: ents[i] for key, i in data["entities"]},
        [Mention(ents[i], surface, ev(s, f)) for i, surface, s, f in data["mentions"]],
        [Mention(ents[i], surface, ev(s, f)) for i, surface, s, f in data["proposes"]],
        [Relation(subj, rel, obj, ev(s, f)) for subj, rel, obj, s, f in data["relations"]],
        [Result(ds, float(value), vt, unit, metric, subj, ev(s, f))
         for ds, value, vt, unit, metric, subj, s, f in data["results"]],
        list(data["topics"]),
    )
    notes = [Diagnostic(SourceRef(f, int(line)), message, severity, code)
             for f, line, message, severity, code in data["notes"]]
    return PaperEntry(x, notes)


def write_pack(folder: Path, lines: list[tuple[str, str]]) -> None:
    """One pack of paper entries, (key, packed entry) each, into `folder`.

    Named by its content, written to a temporary name and renamed: a pack is
    whole or absent (and a torn line fails to parse: that paper is redone)."""
    if not lines:
        return
    body = "".join(f"{key}\t{entry}\n" for key, entry in lines).encode("utf-8", "surrogatepass")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(body).hexdigest()[:32]}.jsonl"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(body)
    os.replace(tmp, path)


# -- what made an entry -----------------------------------------------------------

@lru_cache(maxsize=None)
def fingerprint(ontology: str | None = None) -> str:
    """A hash of everything a reading or an extraction depends on besides its input."""
    from .knowledge import ontology_dir

    h = hashlib.sha256()
    h.update(f"papergraph {__version__} cache {LAYOUT}\n".encode())
    for dist in ("spacy", "opencc", "pyahocorasick", "networkx"):
        try:
            h.update(f"{dist} {metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} -\n".encode())
    package = Path(__file__).resolve().parent
    for folder, pattern in ((package, "*.py"), (Path(ontology) if ontology else ontology_dir(), "*")):
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def paper_key(paper: Paper, print_: str) -> str:
    return _key(print_, "paper", json.dumps(to_jsonable(paper), ensure_ascii=False, sort_keys=True))


# -- the cache ---------------------------------------------------------------------

@dataclasses.dataclass
class FileEntry:
    name: str
    sha256: str
    encoding: str
    reader: str
    papers: list[Paper]
    diagnostics: list[Diagnostic]


@dataclasses.dataclass
class PaperEntry:
    extraction: Extraction
    diagnostics: list[Diagnostic]


class BuildCache:
    """Reads entries from the previous build's cache, writes this build's.

    `source` is the cache folder of the build being replaced (may be missing);
    `target` the one the new build will carry. Only entries this build used
    are written to `target`, so the cache never grows past one build.
    """

    def __init__(self, source: Path | None, target: Path, print_: str, reuse: bool):
        self.source = source if reuse else None
        self.target = target
        self.print = print_
        self.hits = {"files": 0, "papers": 0}
        self.misses = {"files": 0, "papers": 0}
        self._made: set[Path] = set()
        self._papers: dict[str, str] | None = None
        self._pending: list[tuple[str, str]] = []

    # files
    def file_key(self, name: str, sha256: str) -> str:
        return _key(self.print, "file", name, sha256)

    def get_file(self, name: str, sha256: str) -> FileEntry | None:
        return self._get("files", self.file_key(name, sha256), FileEntry)

    def put_file(self, entry: FileEntry) -> None:
        self._put("files", self.file_key(entry.name, entry.sha256), entry)

    # papers (packs of entries: see the module's docstring)
    PACK = 64  # entries per pack file written by this process

    @property
    def pack_folder(self) -> Path:
        """Where packs of new paper entries go (an extraction worker writes its own there)."""
        return self.target / "papers"

    def _paper_index(self) -> dict[str, str]:
        """key -> packed entry, for every entry of the previous build's cache (read once)."""
        if self._papers is None:
            self._papers = {}
            folder = self.source / "papers" if self.source is not None else None
            for pack in sorted(folder.glob("*.jsonl")) if folder is not None and folder.is_dir() else ():
                try:
                    text = pack.read_bytes().decode("utf-8", "surrogatepass")
                except (OSError, UnicodeDecodeError):
                    continue
                for line in text.split("\n"):
                    key, tab, entry = line.partition("\t")
                    if tab:
                        self._papers.setdefault(key, entry)
        return self._papers

    def get_packed(self, key: str) -> str | None:
        """The packed entry (`pack_entry`) for `key`, checked whole, or None."""
        raw = self._paper_index().get(key) if self.source is not None else None
        try:
            ok = raw is not None and unpack_entry(raw) is not None
        except (ValueError, KeyError, TypeError, IndexError):  # torn or damaged: recompute
            ok = False
        if not ok:
            self.misses["papers"] += 1
            return None
        self.hits["papers"] += 1
        self._add_packed(key, raw)  # carried into the new cache as it was
        return raw

    def _add_packed(self, key: str, packed: str) -> None:
        self._pending.append((key, packed))
        if len(self._pending) >= self.PACK:
            self.flush()

    def flush(self) -> None:
        write_pack(self.pack_folder, self._pending)
        self._pending = []

    # storage
    def _path(self, root: Path, kind: str, key: str) -> Path:
        return root / kind / f"{key}.json"  # one folder per kind: few folders to make and remove

    def _get(self, kind: str, key: str, cls: type):
        if self.source is None:
            self.misses[kind] += 1
            return None
        path = self._path(self.source, kind, key)
        try:
            data = orjson.loads(path.read_bytes())
            entry = from_jsonable(cls, data)
        except (OSError, ValueError, KeyError, TypeError):  # missing or torn: recompute
            self.misses[kind] += 1
            return None
        self.hits[kind] += 1
        # carry the entry into the new cache: a hard link costs no copy
        dest = self._path(self.target, kind, key)
        self._folder(dest.parent)
        try:
            if not dest.exists():
                os.link(path, dest)
        except OSError:
            self._write(dest, path.read_bytes())
        return entry

    def _put(self, kind: str, key: str, entry: Any) -> None:
        try:
            # orjson writes the dataclasses as to_jsonable + json.dumps do, byte for byte, 30x faster
            data = orjson.dumps(entry)
        except orjson.JSONEncodeError:  # a lone surrogate: kept (json keeps it), read back as a miss
            data = json.dumps(to_jsonable(entry), ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8", "surrogatepass")
        self._write(self._path(self.target, kind, key), data)

    def _folder(self, path: Path) -> None:
        if path not in self._made:
            path.mkdir(parents=True, exist_ok=True)
            self._made.add(path)

    def _write(self, path: Path, data: bytes) -> None:
        # No fsync: a torn entry fails to parse and is recomputed.
        self._folder(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def save_inputs(self, inputs: dict) -> None:
        self.flush()
        self._write(self.target / "inputs.json",
                    (json.dumps(inputs, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())


def load_inputs(cache_dir: Path) -> dict:
    """What the build in the folder read: {"paths": [...], "files": {name: sha256}}."""
    try:
        data = json.loads((cache_dir / "inputs.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
