"""The build cache behind `papergraph build --update`: out/.cache/.

Two kinds of entries, both content-addressed, so an entry is either right
for what it is looked up by or not found at all:

    files/<key>.json    what one digest file gave (papers, messages, encoding),
                        keyed by its name and the sha256 of its bytes;
    papers/<key>.json   what extraction found in one paper, keyed by the paper
                        record after merging (all its fields and sources).

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
from typing import Any

from . import __version__
from .model import Diagnostic, Extraction, Paper

CACHE_DIR = ".cache"
LAYOUT = 1  # bump when the entry format changes


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
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        inner = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_jsonable(inner[0], data)
    if origin is list:
        (item,) = typing.get_args(cls)
        return [from_jsonable(item, v) for v in data]
    if origin is tuple:
        args = typing.get_args(cls)
        item = args[0]
        return tuple(from_jsonable(item, v) for v in data)
    if origin is dict:
        _key, item = typing.get_args(cls)
        return {k: from_jsonable(item, v) for k, v in data.items()}
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        return cls(**{f.name: from_jsonable(hints[f.name], data[f.name]) for f in dataclasses.fields(cls)
                      if f.name in data})
    if cls is float and isinstance(data, int):
        return float(data)
    return data


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


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

    # files
    def file_key(self, name: str, sha256: str) -> str:
        return _key(self.print, "file", name, sha256)

    def get_file(self, name: str, sha256: str) -> FileEntry | None:
        return self._get("files", self.file_key(name, sha256), FileEntry)

    def put_file(self, entry: FileEntry) -> None:
        self._put("files", self.file_key(entry.name, entry.sha256), entry)

    # papers
    def get_paper(self, key: str) -> PaperEntry | None:
        return self._get("papers", key, PaperEntry)

    def put_paper(self, key: str, entry: PaperEntry) -> None:
        self._put("papers", key, entry)

    # storage
    def _path(self, root: Path, kind: str, key: str) -> Path:
        return root / kind / key[:2] / f"{key}.json"

    def _get(self, kind: str, key: str, cls: type):
        if self.source is None:
            self.misses[kind] += 1
            return None
        path = self._path(self.source, kind, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = from_jsonable(cls, data)
        except (OSError, ValueError, KeyError, TypeError):  # missing or torn: recompute
            self.misses[kind] += 1
            return None
        self.hits[kind] += 1
        # carry the entry into the new cache: a hard link costs no copy
        dest = self._path(self.target, kind, key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            if not dest.exists():
                os.link(path, dest)
        except OSError:
            self._write(dest, path.read_bytes())
        return entry

    def _put(self, kind: str, key: str, entry: Any) -> None:
        data = json.dumps(to_jsonable(entry), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._write(self._path(self.target, kind, key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # No fsync: a torn entry fails to parse and is recomputed.
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def save_inputs(self, inputs: dict) -> None:
        self._write(self.target / "inputs.json",
                    (json.dumps(inputs, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())


def load_inputs(cache_dir: Path) -> dict:
    """What the build in the folder read: {"paths": [...], "files": {name: sha256}}."""
    try:
        data = json.loads((cache_dir / "inputs.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
