"""graph.nt: canonical N-Triples, one triple a line: for diff, grep and bulk loaders."""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from ..rdf import serialize as _serialize, write_ntriples
from . import Renderer, register, render_from
from .rdf_formats import RdfFormat, register_rdf_format


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    return _serialize(items, ox.RdfFormat.N_TRIPLES)


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    write_ntriples(graph, fh)


render = render_from(stream)


register_rdf_format(RdfFormat("nt", ".nt", "application/n-triples", serialize, False,
                              "N-Triples: one triple a line, for bulk loaders and diff"))
register(Renderer("nt", "graph.nt", render, "RDF N-Triples", stream))
