"""The graph as RDF, in the terms of ontology/papergraph.ttl.

Every node id becomes an IRI under https://papergraph.dev/ (paper/2406.15319,
model/gpt-4-turbo, ...). Text from digests only ever becomes an RDF literal,
and the serializers (Oxigraph's, rdflib's, json.dumps) escape literals, so no
digest text can become Turtle, JSON-LD or SPARQL.

The triples are made as pyoxigraph terms: Oxigraph parses, serializes and
queries a million triples in seconds where rdflib takes minutes, and it is
what `papergraph query` and `papergraph serve` run on. `to_rdflib` gives the
same triples as an rdflib Graph for the tools built on rdflib (pySHACL, ...).

Provenance: every edge read from a sentence is asserted as a triple and also
described by an rdf:Statement (reification) carrying the sentence, the digest
file and its line; a Result node carries the same properties itself. See the
header of ontology/papergraph.ttl.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .text import CJK, detect_script

BASE = "https://papergraph.dev/"
PG = Namespace(BASE + "ontology#")
SDO = Namespace("https://schema.org/")

# Prefixes written in every export and known to every query (`papergraph query`, the endpoint).
PREFIXES: dict[str, str] = {
    "pg": BASE + "ontology#",
    "paper": BASE + "paper/",
    "model": BASE + "model/",
    "method": BASE + "method/",
    "dataset": BASE + "dataset/",
    "metric": BASE + "metric/",
    "task": BASE + "task/",
    "topic": BASE + "topic/",
    "digest": BASE + "digest/",
    "schema": "https://schema.org/",
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

KIND_CLASS = {
    "Paper": "Paper", "Model": "Model", "Method": "Method", "Dataset": "Dataset",
    "Metric": "Metric", "Task": "Task", "Result": "Result",
    "Person": "Person", "Category": "Category",  # from arXiv metadata, Atom feeds and BibTeX
}

_P = PREFIXES
# Edge relations and their properties.
RELATION_PROPERTY: dict[str, str] = {
    "mentions": _P["schema"] + "mentions",
    "proposes": _P["pg"] + "proposes",
    "has_topic": _P["dcterms"] + "subject",
    "evaluated_on": _P["pg"] + "evaluatedOn",
    "compared_with": _P["pg"] + "comparedWith",
    "outperforms": _P["pg"] + "outperforms",
    "based_on": _P["pg"] + "basedOn",
    "fine_tuned_from": _P["pg"] + "fineTunedFrom",
    "variant_of": _P["pg"] + "variantOf",
    "uses": _P["pg"] + "uses",
    "reports": _P["pg"] + "reportsResult",
    "on_dataset": _P["pg"] + "onDataset",
    "measured_by": _P["pg"] + "metric",
    "achieved_by": _P["pg"] + "achievedBy",
    "broader": _P["skos"] + "broader",
    "has_author": _P["schema"] + "author",
    "in_category": _P["pg"] + "inCategory",
}
# Relations whose evidence lives on the node they point to (a Result), not on a Statement.
_PROVENANCE_ON_TARGET = {"reports"}


def node_iri(node_id: str) -> str:
    return BASE + quote(node_id, safe="/-._~")


def iri(node_id: str) -> URIRef:
    """The IRI of a graph node, as rdflib term."""
    return URIRef(node_iri(node_id))


def digest_iri(file: str) -> str:
    return BASE + "digest/" + quote(file, safe="/-._~")


def fact_iri(u: str, relation: str, v: str, key: str) -> str:
    digest = hashlib.sha1("\x00".join((u, relation, v, key)).encode("utf-8")).hexdigest()[:16]
    return f"{BASE}fact/{digest}"


TOPIC_SCHEME = BASE + "topic/scheme"


def text_language(text: str, hint: str | None = None) -> str | None:
    """The language tag of a text from a digest: the script of its Chinese, else en."""
    if CJK.search(text):
        if hint in ("zh-Hans", "zh-Hant"):
            return hint
        return detect_script(text) if len(CJK.findall(text)) >= 2 else "zh"
    return "en"


def decimal_text(value: float) -> str:
    """A float as a canonical xsd:decimal lexical form: 71.0, 62.7, 0.05."""
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _source_file(graph: nx.MultiDiGraph, data: dict, paper: str | None) -> str | None:
    """The digest file a fact was read from.

    Graphs written before the attribute was named `digest` kept it as `source`,
    which node-link JSON overwrites with the edge's start node; the paper's own
    digest then stands in when it is listed in just one file.
    """
    source = data.get("digest") or data.get("source")
    if source and not graph.has_node(source):
        return source
    if paper and graph.has_node(paper):
        files = {s.rsplit(":", 1)[0] for s in graph.nodes[paper].get("sources", [])}
        if len(files) == 1:
            return files.pop()
    return None


XSD_STRING = str(XSD.string)
_RDF_TYPE, _RDFS_LABEL = str(RDF.type), str(RDFS.label)
# rdf:type, rdfs:label and a statement's subject, predicate, object come first in a subject's block.
_PREDICATE_RANK = {_RDF_TYPE: "0", _RDFS_LABEL: "1",
                   str(RDF.subject): "2", str(RDF.predicate): "3", str(RDF.object): "4"}
_PG = PREFIXES["pg"]
_SKOS, _DCT, _PROV, _XSD = str(SKOS), str(DCTERMS), str(PROV), str(XSD)


class _Rows:
    """Triples as tuples of strings while the graph is walked: sorting and deduplicating
    plain tuples is several times faster than pyoxigraph terms, which matters at a
    million triples. At the end they become N-Triples, which Oxigraph parses into terms."""

    def __init__(self):
        self.rows: set[tuple[str, ...]] = set()

    def iri(self, s: str, p: str, o: str) -> None:
        self.rows.add((s, _PREDICATE_RANK.get(p, "9"), p, "0", o, "", ""))

    def lit(self, s: str, p: str, value: str, datatype: str = XSD_STRING, lang: str | None = None) -> None:
        self.rows.add((s, _PREDICATE_RANK.get(p, "9"), p, "1", value, "" if lang else datatype, (lang or "").lower()))

    def ntriples(self) -> bytes:
        """The rows, sorted, as N-Triples (escaped as N-Triples requires: \\ " LF CR)."""
        lines = []
        append = lines.append
        for s, _rank, p, kind, value, datatype, lang in sorted(self.rows):
            if kind == "0":
                append(f"<{s}> <{p}> <{value}> .\n")
            elif lang:
                append(f'<{s}> <{p}> "{value.translate(_ESCAPE)}"@{lang} .\n')
            elif datatype == XSD_STRING:
                append(f'<{s}> <{p}> "{value.translate(_ESCAPE)}" .\n')
            else:
                append(f'<{s}> <{p}> "{value.translate(_ESCAPE)}"^^<{datatype}> .\n')
        return "".join(lines).encode("utf-8")

    def triples(self) -> list[ox.Triple]:
        # Oxigraph's strict parser makes the terms (three times faster than constructing
        # them one by one from Python) and would refuse anything malformed.
        return [q.triple for q in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)]


_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def triples(graph: nx.MultiDiGraph) -> list[ox.Triple]:
    """Every triple of the graph, deduplicated and sorted (deterministic output)."""
    r = _Rows()
    digests: set[str] = set()
    scripts: dict[str, str] = {}
    iris = {nid: node_iri(nid) for nid in graph.nodes}

    for nid, d in graph.nodes(data=True):
        s = iris[nid]
        kind = d.get("kind")
        r.iri(s, _RDF_TYPE, str(SKOS.Concept) if kind == "Topic" else _PG + KIND_CLASS.get(kind, "Entity"))
        r.lit(s, _RDFS_LABEL, str(d.get("label", nid)))
        if kind == "Paper":
            scripts[nid] = d.get("script") or "en"
            _paper(r, s, d, digests)
        elif kind == "Topic":
            _topic(r, s, d)
        elif kind == "Result":
            _result(r, s, d, digests)
        else:
            _entity(r, s, d)

    for u, v, key, d in graph.edges(keys=True, data=True):
        relation = d.get("relation")
        p = RELATION_PROPERTY.get(relation)
        if p is None:
            continue
        s, o = iris[u], iris[v]
        r.iri(s, p, o)
        if "evidence" not in d or relation in _PROVENANCE_ON_TARGET:
            continue
        paper = f"paper/{d['paper']}" if d.get("paper") else (u if u.startswith("paper/") else None)
        st = fact_iri(u, relation, v, str(key))
        r.iri(st, _RDF_TYPE, str(RDF.Statement))
        r.iri(st, str(RDF.subject), s)
        r.iri(st, str(RDF.predicate), p)
        r.iri(st, str(RDF.object), o)
        _provenance(r, st, d.get("evidence", ""), d.get("line"), _source_file(graph, d, paper),
                    scripts.get(paper) if paper else None, digests)
        if paper and paper in iris:
            r.iri(st, _PROV + "hadPrimarySource", iris[paper])

    for file in digests:
        r.iri(digest_iri(file), _RDF_TYPE, _PG + "Digest")
        r.lit(digest_iri(file), _RDFS_LABEL, file)
    return r.triples()


def _provenance(r: _Rows, s: str, evidence: str, line, file: str | None, script: str | None,
                digests: set[str]) -> None:
    r.lit(s, _PG + "evidence", evidence, lang=text_language(evidence, script))
    if line:
        r.lit(s, _PG + "line", str(int(line)), _XSD + "integer")
    if file:
        digests.add(file)
        r.iri(s, _PROV + "wasDerivedFrom", digest_iri(file))


def _paper(r: _Rows, s: str, d: dict, digests: set[str]) -> None:
    script = d.get("script") or "en"
    r.lit(s, _PG + "arxivId", d["arxiv_id"])
    r.lit(s, _DCT + "title", d.get("title") or d.get("label", ""), lang="en")
    if d.get("title_zh"):
        r.lit(s, _DCT + "title", d["title_zh"], lang=text_language(d["title_zh"], script))
    if d.get("summary"):
        r.lit(s, _DCT + "abstract", d["summary"], lang=text_language(d["summary"], script))
    date = d.get("date") or ""
    if len(date) in (7, 10):
        r.lit(s, _DCT + "issued", date, _XSD + ("date" if len(date) == 10 else "gYearMonth"))
    r.iri(s, PREFIXES["schema"] + "url", f"https://arxiv.org/abs/{quote(d['arxiv_id'], safe='/.')}")
    for src in d.get("sources", []):
        r.lit(s, _PG + "digestSource", src)
        file = src.rsplit(":", 1)[0]
        digests.add(file)
        r.iri(s, _PROV + "wasDerivedFrom", digest_iri(file))


def _name_lang(name: str) -> str | None:
    """A name (label, alias) is tagged only when it is written in Chinese."""
    return text_language(name) if CJK.search(name) else None


def _entity(r: _Rows, s: str, d: dict) -> None:
    label = str(d.get("label", ""))
    r.lit(s, _SKOS + "prefLabel", label, lang=_name_lang(label))
    for alias in d.get("aliases", []):
        if alias != label:
            r.lit(s, _SKOS + "altLabel", alias, lang=_name_lang(alias))
    if d.get("origin"):
        r.lit(s, _PG + "origin", d["origin"])


def _topic(r: _Rows, s: str, d: dict) -> None:
    prefs = {"en": d["label"]}
    if d.get("label_zh_hans"):
        prefs["zh-Hans"] = d["label_zh_hans"]
    if d.get("label_zh_hant"):
        prefs["zh-Hant"] = d["label_zh_hant"]
    for lang, text in prefs.items():
        r.lit(s, _SKOS + "prefLabel", text, lang=lang)
    taken = {(text, lang.lower()) for lang, text in prefs.items()}
    for alias in d.get("aliases", []):
        lang = text_language(alias)
        if (alias, lang.lower()) not in taken:
            r.lit(s, _SKOS + "altLabel", alias, lang=lang)
    if d.get("in_scheme"):
        r.iri(s, _SKOS + "inScheme", TOPIC_SCHEME)
        r.iri(TOPIC_SCHEME, _RDF_TYPE, str(SKOS.ConceptScheme))
        r.lit(TOPIC_SCHEME, _RDFS_LABEL, "papergraph topics of LLM research")


def _result(r: _Rows, s: str, d: dict, digests: set[str]) -> None:
    r.lit(s, _PG + "value", decimal_text(float(d["value"])), _XSD + "decimal")
    r.lit(s, _PG + "valueText", str(d.get("value_text", "")))
    if d.get("unit"):
        r.lit(s, _PG + "unit", d["unit"])
    _provenance(r, s, d.get("evidence", ""), d.get("line"), d.get("digest") or None, None, digests)


# -- order ---------------------------------------------------------------------

def _triple_key(t: ox.Triple) -> str:
    # One string per triple: comparing str in C is several times faster than tuples of
    # terms, which matters at a million triples. NUL separates the parts (no IRI holds one).
    s, p, o = t.subject, t.predicate.value, t.object
    if isinstance(o, ox.Literal):
        okey = f"2{o.value}\x00{o.datatype.value}\x00{o.language or ''}"
    else:
        okey = ("0" if isinstance(o, ox.NamedNode) else "1") + o.value
    return f"{'1' if isinstance(s, ox.BlankNode) else '0'}{s.value}\x00{_PREDICATE_RANK.get(p, '9')}{p}\x00{okey}"


def sort_triples(items: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Subjects in IRI order; rdf:type, rdfs:label (and a statement's s, p, o) first; then by predicate, object."""
    return sorted(items, key=_triple_key)


# -- reading and converting ----------------------------------------------------

RDF_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def read_rdf(path: str | Path) -> list[ox.Triple]:
    """The triples of an RDF file (named graphs merged), parsed by Oxigraph."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: not an RDF file papergraph reads ({', '.join(sorted(RDF_SUFFIXES))})")
    with path.open("rb") as fh:
        return [q.triple for q in ox.parse(fh, format=fmt)]


def to_store(items: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory Oxigraph store holding the triples in its default graph."""
    store = ox.Store()
    # through N-Triples: Oxigraph's loader beats adding a million Python objects one by one
    store.bulk_load(serialize(items, ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    return store


def store_from_file(path: str | Path) -> ox.Store:
    """An Oxigraph store loaded straight from an RDF file (named graphs kept)."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: not an RDF file papergraph reads ({', '.join(sorted(RDF_SUFFIXES))})")
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


def rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        from rdflib import BNode

        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_rdflib(items: Iterable[ox.Triple]) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), replace=True)
    for t in items:
        g.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return g


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    """The graph as an rdflib Graph (the same triples every export writes)."""
    return to_rdflib(triples(graph))


def serialize(items: Iterable[ox.Triple], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    ox.serialize(items, out, fmt, prefixes=prefixes)
    return out.getvalue()
