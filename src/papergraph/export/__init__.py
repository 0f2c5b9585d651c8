"""Renderers: one module per output format, each registered here.

A renderer reads the graph and nothing else: it knows no digest format.
`render(graph) -> bytes` must be deterministic: same graph, same bytes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import networkx as nx


@dataclass(frozen=True)
class Renderer:
    name: str
    filename: str  # default file name in the output folder
    render: Callable[[nx.MultiDiGraph], bytes]
    description: str


RENDERERS: dict[str, Renderer] = {}


def register(renderer: Renderer) -> Renderer:
    RENDERERS[renderer.name] = renderer
    return renderer


# The default set `papergraph build` writes, in this order.
from . import json_graph, turtle, html  # noqa: E402,F401
from . import ntriples, nquads, trig, jsonld  # noqa: E402,F401  (RDF: `papergraph export rdf`)
from . import neo4j  # noqa: E402,F401  (import.cypher; `papergraph export neo4j` writes the CSV folder)

DEFAULT_OUTPUTS = ("json", "turtle", "html")
