"""Renderers: one module per output format, each registered here.

A renderer reads the graph and nothing else: it knows no digest format.
`render(graph) -> bytes` must be deterministic: same graph, same bytes.
`write(graph, path)` writes the same bytes to a file; a renderer whose output
can be large gives a `stream` that writes piece by piece, so a big graph's
output is never held in memory whole.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

import networkx as nx


@dataclass(frozen=True)
class Renderer:
    name: str
    filename: str  # default file name in the output folder
    render: Callable[[nx.MultiDiGraph], bytes]
    description: str
    stream: Callable[[nx.MultiDiGraph, BinaryIO], None] | None = None  # same bytes as render, written as made

    def write(self, graph: nx.MultiDiGraph, path: str | Path) -> int:
        """Write the output to `path`; the number of bytes written."""
        with open(path, "wb") as fh:
            if self.stream is not None:
                self.stream(graph, fh)
            else:
                fh.write(self.render(graph))
            return fh.tell()


RENDERERS: dict[str, Renderer] = {}


def render_from(stream: Callable[[nx.MultiDiGraph, BinaryIO], None]) -> Callable[[nx.MultiDiGraph], bytes]:
    """The `render` of a renderer that streams: its bytes, collected in memory."""

    def render(graph: nx.MultiDiGraph) -> bytes:
        buf = io.BytesIO()
        stream(graph, buf)
        return buf.getvalue()

    return render


def register(renderer: Renderer) -> Renderer:
    RENDERERS[renderer.name] = renderer
    return renderer


@dataclass(frozen=True)
class FolderOutput:
    """An output that is a folder of files (the Neo4j bulk-import CSVs).

    `write(graph, folder)` fills a new folder; the build writes it beside the
    other outputs and publishes it with them, every file in the manifest.
    """

    name: str
    filename: str  # the folder's name in the output folder
    write: Callable[[nx.MultiDiGraph, Path], object]
    description: str


FOLDER_OUTPUTS: dict[str, FolderOutput] = {}


def register_folder(output: FolderOutput) -> FolderOutput:
    FOLDER_OUTPUTS[output.name] = output
    return output


# The default set `papergraph build` writes, in this order.
from . import json_graph, turtle, html  # noqa: E402,F401
from . import ntriples, nquads, trig, jsonld  # noqa: E402,F401  (RDF: `papergraph export rdf`)
from . import neo4j  # noqa: E402,F401  (import.cypher; `papergraph export neo4j` writes the CSV folder)

DEFAULT_OUTPUTS = ("json", "turtle", "html")
