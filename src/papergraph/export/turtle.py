"""graph.ttl: the RDF view of the graph, as Turtle (Oxigraph's serializer, prefixes bound)."""
from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from ..rdf import PREFIXES, serialize as _serialize, triples
from . import Renderer, register
from .rdf_formats import RdfFormat, register_rdf_format


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    return _serialize(items, ox.RdfFormat.TURTLE, PREFIXES)


def render(graph: nx.MultiDiGraph) -> bytes:
    return serialize(triples(graph))


register_rdf_format(RdfFormat("turtle", ".ttl", "text/turtle", serialize, False,
                              "Turtle, prefixes bound: the most readable"))
register(Renderer("turtle", "graph.ttl", render, "RDF Turtle using the papergraph ontology"))
