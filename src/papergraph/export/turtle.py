"""graph.ttl: the RDF view of the graph, as Turtle (prefixes bound), written one subject at a time."""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from ..rdf import PREFIXES, serialize as _serialize, write_turtle
from . import Renderer, register, render_from
from .rdf_formats import RdfFormat, register_rdf_format


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    return _serialize(items, ox.RdfFormat.TURTLE, PREFIXES)


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    write_turtle(graph, fh)


render = render_from(stream)


register_rdf_format(RdfFormat("turtle", ".ttl", "text/turtle", serialize, False,
                              "Turtle, prefixes bound: the most readable"))
register(Renderer("turtle", "graph.ttl", render, "RDF Turtle using the papergraph ontology", stream))
