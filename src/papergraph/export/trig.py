"""graph.trig: TriG, the triples inside one named graph (for quad stores)."""
from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from ..rdf import PREFIXES, serialize as _serialize, triples
from . import Renderer, register
from .rdf_formats import RdfFormat, in_graph, register_rdf_format


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    return _serialize(in_graph(items, graph_iri), ox.RdfFormat.TRIG, PREFIXES)


def render(graph: nx.MultiDiGraph) -> bytes:
    return serialize(triples(graph))


register_rdf_format(RdfFormat("trig", ".trig", "application/trig", serialize, True,
                              "TriG: Turtle inside one named graph (--graph IRI)"))
register(Renderer("trig", "graph.trig", render, "RDF TriG, one named graph"))
