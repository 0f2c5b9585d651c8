"""graph.ttl: the RDF view of the graph, as Turtle."""
from __future__ import annotations

import networkx as nx

from ..rdf import to_rdf
from . import Renderer, register


def render(graph: nx.MultiDiGraph) -> bytes:
    return to_rdf(graph).serialize(format="turtle", encoding="utf-8")


register(Renderer("turtle", "graph.ttl", render, "RDF Turtle using the papergraph ontology"))
