"""graph.jsonld: JSON-LD 1.1, one node object per subject, with the prefixes as @context.

Written directly (not through a JSON-LD processor) because the shape is simple
and known: compact IRIs (`paper:2406.15319`) from the prefixes in the inline
context, literals as value objects that keep their exact lexical form, and
everything in triple order, so the output is deterministic and a million
triples take seconds. Any JSON-LD processor expands it back to the same triples
(the tests check it with Oxigraph and rdflib).
"""
from __future__ import annotations

import json
from typing import BinaryIO

import networkx as nx
import orjson
import pyoxigraph as ox

from ..rdf import PREFIXES, blocks
from . import Renderer, register, render_from
from .rdf_formats import RdfFormat, register_rdf_format

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_STRING = PREFIXES["xsd"] + "string"
# Longest namespace first, so `pg:` never shadows a longer match.
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def _compact(iri: str) -> str:
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns):
            local = iri[len(ns):]
            # a compact IRI whose suffix starts with // would read as an absolute IRI
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _value(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"@id": _compact(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


def serialize(items: list[ox.Triple], graph_iri: str | None = None) -> bytes:
    nodes: list[dict] = []
    current = None
    node: dict = {}
    for t in items:  # sorted by subject, rdf:type first
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else f"_:{t.subject.value}"
        if subject != current:
            current = subject
            node = {"@id": _compact(subject) if not subject.startswith("_:") else subject}
            nodes.append(node)
        predicate = t.predicate.value
        if predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(t.object.value))
        else:
            node.setdefault(_compact(predicate), []).append(_value(t.object))
    doc = {"@context": dict(PREFIXES), "@graph": nodes}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _node(subject: str, props) -> dict:
    node: dict = {"@id": _compact(subject)}
    for predicate, objects in props:
        if predicate == _RDF_TYPE:
            node["@type"] = [_compact(o[1]) for o in objects]
            continue
        values = []
        for o in objects:
            if o[0] == "0":
                values.append({"@id": _compact(o[1])})
            elif o[3]:
                values.append({"@value": o[1], "@language": o[3]})
            elif o[2] == _XSD_STRING:
                values.append({"@value": o[1]})
            else:
                values.append({"@value": o[1], "@type": _compact(o[2])})
        node[_compact(predicate)] = values
    return node


def stream(graph: nx.MultiDiGraph, fh: BinaryIO) -> None:
    """The same document shape as `serialize`, one node object a line, written as made."""
    context = json.dumps(dict(PREFIXES), ensure_ascii=False, indent=1).replace("\n", "\n ")
    fh.write(f'{{\n "@context": {context},\n "@graph": ['.encode("utf-8"))
    parts, size, sep = [], 0, b"\n  "
    for subject, props in blocks(graph):
        text = orjson.dumps(_node(subject, props))  # keys in insertion order: @id, @type, then predicates
        parts += (sep, text)
        sep = b",\n  "
        size += len(text)
        if size > 1 << 20:
            fh.write(b"".join(parts))
            parts, size = [], 0
    parts.append(b"\n ]\n}\n")
    fh.write(b"".join(parts))


render = render_from(stream)


register_rdf_format(RdfFormat("jsonld", ".jsonld", "application/ld+json", serialize, False,
                              "JSON-LD 1.1 with the prefixes as @context"))
register(Renderer("jsonld", "graph.jsonld", render, "RDF JSON-LD", stream))
