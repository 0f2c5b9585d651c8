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
}
ENTITY_KINDS = ("Model", "Method", "Dataset", "Metric", "Task")

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
}
# Relations whose evidence lives on the node they point to (a Result), not on a Statement.
_PROVENANCE_ON_TARGET = {"reports"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


class T:
    """The terms papergraph writes, made once."""

    type = _n(str(RDF.type))
    label = _n(str(RDFS.label))
    statement = _n(str(RDF.Statement))
    subject = _n(str(RDF.subject))
    predicate = _n(str(RDF.predicate))
    object = _n(str(RDF.object))
    concept = _n(str(SKOS.Concept))
    scheme_class = _n(str(SKOS.ConceptScheme))
    pref_label = _n(str(SKOS.prefLabel))
    alt_label = _n(str(SKOS.altLabel))
    in_scheme = _n(str(SKOS.inScheme))
    title = _n(str(DCTERMS.title))
    abstract = _n(str(DCTERMS.abstract))
    issued = _n(str(DCTERMS.issued))
    url = _n(_P["schema"] + "url")
    derived_from = _n(str(PROV.wasDerivedFrom))
    primary_source = _n(str(PROV.hadPrimarySource))
    xsd_date = _n(str(XSD.date))
    xsd_year_month = _n(str(XSD.gYearMonth))
    xsd_decimal = _n(str(XSD.decimal))
    xsd_integer = _n(str(XSD.integer))


def pg(name: str) -> ox.NamedNode:
    return _n(_P["pg"] + name)


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


def _name_literal(name: str) -> ox.Literal:
    """A name (label, alias): tagged only when it is written in Chinese."""
    if CJK.search(name):
        return ox.Literal(name, language=text_language(name))
    return ox.Literal(name)


def _date_literal(date: str) -> ox.Literal | None:
    if len(date) == 10:
        return ox.Literal(date, datatype=T.xsd_date)
    if len(date) == 7:
        return ox.Literal(date, datatype=T.xsd_year_month)
    return None


def decimal_text(value: float) -> str:
    """A float as a canonical xsd:decimal lexical form: 71.0, 62.7, 0.05."""
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _source_file(graph: nx.MultiDiGraph, data: dict, paper: str | None) -> str | None:
    """The digest file a fact was read from.

    Edges read back from node-link JSON lose their `source` attribute (node-link
    uses the key for the edge's start); the paper's own digest then stands in
    when it is listed in just one file.
    """
    source = data.get("source")
    if source and not graph.has_node(source):
        return source
    if paper and graph.has_node(paper):
        files = {s.rsplit(":", 1)[0] for s in graph.nodes[paper].get("sources", [])}
        if len(files) == 1:
            return files.pop()
    return None


def triples(graph: nx.MultiDiGraph) -> list[ox.Triple]:
    """Every triple of the graph, deduplicated and sorted (deterministic output)."""
    out: set[ox.Triple] = set()
    add = out.add
    digests: set[str] = set()
    scripts: dict[str, str] = {}

    for nid, d in graph.nodes(data=True):
        s = _n(node_iri(nid))
        kind = d.get("kind")
        if kind == "Topic":
            add(ox.Triple(s, T.type, T.concept))
        else:
            add(ox.Triple(s, T.type, pg(KIND_CLASS.get(kind, "Entity"))))
        add(ox.Triple(s, T.label, ox.Literal(str(d.get("label", nid)))))
        if kind == "Paper":
            scripts[nid] = d.get("script") or "en"
            _paper(add, s, d, digests)
        elif kind == "Topic":
            _topic(add, s, d)
        elif kind == "Result":
            _result(add, s, d, digests)
        else:
            _entity(add, s, d)

    for u, v, key, d in graph.edges(keys=True, data=True):
        relation = d.get("relation")
        prop = RELATION_PROPERTY.get(relation)
        if prop is None:
            continue
        s, p, o = _n(node_iri(u)), _n(prop), _n(node_iri(v))
        add(ox.Triple(s, p, o))
        if "evidence" not in d or relation in _PROVENANCE_ON_TARGET:
            continue
        paper = f"paper/{d['paper']}" if d.get("paper") else (u if u.startswith("paper/") else None)
        st = _n(fact_iri(u, relation, v, str(key)))
        add(ox.Triple(st, T.type, T.statement))
        add(ox.Triple(st, T.subject, s))
        add(ox.Triple(st, T.predicate, p))
        add(ox.Triple(st, T.object, o))
        _provenance(add, st, d.get("evidence", ""), d.get("line"), _source_file(graph, d, paper),
                    scripts.get(paper) if paper else None, digests)
        if paper and graph.has_node(paper):
            add(ox.Triple(st, T.primary_source, _n(node_iri(paper))))

    for file in digests:
        add(ox.Triple(_n(digest_iri(file)), T.type, pg("Digest")))
        add(ox.Triple(_n(digest_iri(file)), T.label, ox.Literal(file)))
    return sort_triples(out)


def _provenance(add, s: ox.NamedNode, evidence: str, line, file: str | None, script: str | None,
                digests: set[str]) -> None:
    add(ox.Triple(s, pg("evidence"), ox.Literal(evidence, language=text_language(evidence, script))))
    if line:
        add(ox.Triple(s, pg("line"), ox.Literal(str(int(line)), datatype=T.xsd_integer)))
    if file:
        digests.add(file)
        add(ox.Triple(s, T.derived_from, _n(digest_iri(file))))


def _paper(add, s: ox.NamedNode, d: dict, digests: set[str]) -> None:
    script = d.get("script") or "en"
    add(ox.Triple(s, pg("arxivId"), ox.Literal(d["arxiv_id"])))
    add(ox.Triple(s, T.title, ox.Literal(d.get("title") or d.get("label", ""), language="en")))
    if d.get("title_zh"):
        add(ox.Triple(s, T.title, ox.Literal(d["title_zh"], language=text_language(d["title_zh"], script))))
    if d.get("summary"):
        add(ox.Triple(s, T.abstract, ox.Literal(d["summary"], language=text_language(d["summary"], script))))
    date = _date_literal(d.get("date") or "")
    if date is not None:
        add(ox.Triple(s, T.issued, date))
    add(ox.Triple(s, T.url, _n(f"https://arxiv.org/abs/{quote(d['arxiv_id'], safe='/.')}")))
    for src in d.get("sources", []):
        add(ox.Triple(s, pg("digestSource"), ox.Literal(src)))
        file = src.rsplit(":", 1)[0]
        digests.add(file)
        add(ox.Triple(s, T.derived_from, _n(digest_iri(file))))


def _entity(add, s: ox.NamedNode, d: dict) -> None:
    label = str(d.get("label", ""))
    add(ox.Triple(s, T.pref_label, _name_literal(label)))
    for alias in d.get("aliases", []):
        if alias != label:
            add(ox.Triple(s, T.alt_label, _name_literal(alias)))
    if d.get("origin"):
        add(ox.Triple(s, pg("origin"), ox.Literal(d["origin"])))


def _topic(add, s: ox.NamedNode, d: dict) -> None:
    prefs = {"en": d["label"]}
    if d.get("label_zh_hans"):
        prefs["zh-Hans"] = d["label_zh_hans"]
    if d.get("label_zh_hant"):
        prefs["zh-Hant"] = d["label_zh_hant"]
    for lang, text in prefs.items():
        add(ox.Triple(s, T.pref_label, ox.Literal(text, language=lang)))
    taken = {(text, lang.lower()) for lang, text in prefs.items()}
    for alias in d.get("aliases", []):
        literal = ox.Literal(alias, language=text_language(alias))
        if (alias, literal.language) not in taken:
            add(ox.Triple(s, T.alt_label, literal))
    if d.get("in_scheme"):
        add(ox.Triple(s, T.in_scheme, _n(TOPIC_SCHEME)))
        add(ox.Triple(_n(TOPIC_SCHEME), T.type, T.scheme_class))
        add(ox.Triple(_n(TOPIC_SCHEME), T.label, ox.Literal("papergraph topics of LLM research")))


def _result(add, s: ox.NamedNode, d: dict, digests: set[str]) -> None:
    add(ox.Triple(s, pg("value"), ox.Literal(decimal_text(float(d["value"])), datatype=T.xsd_decimal)))
    add(ox.Triple(s, pg("valueText"), ox.Literal(str(d.get("value_text", "")))))
    if d.get("unit"):
        add(ox.Triple(s, pg("unit"), ox.Literal(d["unit"])))
    _provenance(add, s, d.get("evidence", ""), d.get("line"), d.get("source") or None, None, digests)


# -- order ---------------------------------------------------------------------

_PREDICATE_RANK = {str(RDF.type): 0, str(RDFS.label): 1,
                   str(RDF.subject): 2, str(RDF.predicate): 3, str(RDF.object): 4}


def _term_key(term) -> tuple:
    if isinstance(term, ox.NamedNode):
        return (0, term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "", "")
    return (2, term.value, term.datatype.value, term.language or "")


def _triple_key(t: ox.Triple) -> tuple:
    p = t.predicate.value
    return (_term_key(t.subject), _PREDICATE_RANK.get(p, 9), p, _term_key(t.object))


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
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(fh, format=fmt)]


def to_store(items: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory Oxigraph store holding the triples in its default graph."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in items)
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
