"""graph.nq: N-Quads, one quad a line, all in one named graph (for quad stores)."""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from ..rdf import serialize as _serialize, write_ntriples
from . import Renderer, register, render_from
from .rdf_formats import DEFAULT_GRAPH_IRI, RdfFormat, in_graph, register_rdf_format


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    return _serialize(in_graph(items, graph_iri), ox.RdfFormat.N_QUADS)


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    write_ntriples(graph, fh, DEFAULT_GRAPH_IRI)


render = render_from(stream)


register_rdf_format(RdfFormat("nq", ".nq", "application/n-quads", serialize, True,
                              "N-Quads: one quad a line, in one named graph (--graph IRI)"))
register(Renderer("nq", "graph.nq", render, "RDF N-Quads, one named graph", stream))
