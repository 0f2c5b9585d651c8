"""graph.trig: TriG, the triples inside one named graph (for quad stores)."""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from ..rdf import PREFIXES, serialize as _serialize, write_turtle
from . import Renderer, register, render_from
from .rdf_formats import DEFAULT_GRAPH_IRI, RdfFormat, in_graph, register_rdf_format


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    return _serialize(in_graph(items, graph_iri), ox.RdfFormat.TRIG, PREFIXES)


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    write_turtle(graph, fh, DEFAULT_GRAPH_IRI)


render = render_from(stream)


register_rdf_format(RdfFormat("trig", ".trig", "application/trig", serialize, True,
                              "TriG: Turtle inside one named graph (--graph IRI)"))
register(Renderer("trig", "graph.trig", render, "RDF TriG, one named graph", stream))
