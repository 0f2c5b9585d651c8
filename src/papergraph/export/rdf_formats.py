"""The RDF serializations papergraph writes, one module per format.

Each format module registers an `RdfFormat` here (for `papergraph export rdf`
and the endpoint) and a `Renderer` (for `papergraph build`). A serializer
takes sorted triples, so the same graph always gives the same bytes.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

# The named graph TriG and N-Quads put the triples in, unless told otherwise.
DEFAULT_GRAPH_IRI = "https://papergraph.dev/graph"


@dataclass(frozen=True)
class RdfFormat:
    name: str             # --format value
    extension: str        # file name suffix
    media_type: str
    serialize: Callable[..., bytes]  # (triples, graph_iri=None) -> bytes
    quads: bool           # has named graphs (TriG, N-Quads)
    description: str


RDF_FORMATS: dict[str, RdfFormat] = {}


def register_rdf_format(fmt: RdfFormat) -> RdfFormat:
    RDF_FORMATS[fmt.name] = fmt
    return fmt


def in_graph(triples: list[ox.Triple], graph_iri: str | None) -> list[ox.Quad]:
    graph = ox.NamedNode(graph_iri or DEFAULT_GRAPH_IRI)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def write_file(path: str | Path, data: bytes) -> None:
    """Write beside the target and rename into place, so a reader never sees half a file.

    (build.write_atomically does the same; importing it would load the spaCy pipeline.)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
