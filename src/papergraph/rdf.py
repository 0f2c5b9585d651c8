"""The graph as RDF, in the terms of ontology/papergraph.ttl.

Every node id becomes an IRI under https://papergraph.dev/ (paper/2406.15319,
model/gpt-4-turbo, ...). Text from digests only ever becomes an RDF literal,
and rdflib's serializers escape literals, so no digest text can become Turtle.
"""
from __future__ import annotations

from urllib.parse import quote

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://papergraph.dev/"
PG = Namespace(BASE + "ontology#")
SDO = Namespace("https://schema.org/")

KIND_CLASS = {
    "Paper": PG.Paper, "Model": PG.Model, "Method": PG.Method, "Dataset": PG.Dataset,
    "Metric": PG.Metric, "Task": PG.Task, "Topic": SKOS.Concept, "Result": PG.Result,
}
KIND_CLASS.update({"Person": SDO.Person, "Category": SKOS.Concept})  # from arXiv metadata / BibTeX
# Edge relations between entities (and from papers) and their properties.
RELATION_PROPERTY = {
    "mentions": SDO.mentions,
    "proposes": PG.proposes,
    "has_topic": DCTERMS.subject,
    "evaluated_on": PG.evaluatedOn,
    "compared_with": PG.comparedWith,
    "outperforms": PG.outperforms,
    "based_on": PG.basedOn,
    "fine_tuned_from": PG.fineTunedFrom,
    "variant_of": PG.variantOf,
    "uses": PG.uses,
    "reports": PG.reportsResult,
    "on_dataset": PG.onDataset,
    "measured_by": PG.metric,
    "achieved_by": PG.achievedBy,
    "broader": SKOS.broader,
}
RELATION_PROPERTY.update({"has_author": SDO.author, "in_category": DCTERMS.subject})
SCRIPT_TAG = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}


def iri(node_id: str) -> URIRef:
    return URIRef(BASE + quote(node_id, safe="/-._~"))


def _date_literal(date: str) -> Literal | None:
    if len(date) == 10:
        return Literal(date, datatype=XSD.date)
    if len(date) == 7:
        return Literal(date, datatype=XSD.gYearMonth)
    return None


def bind_prefixes(g: Graph) -> None:
    g.bind("pg", PG)
    g.bind("schema", SDO, replace=True)
    g.bind("dcterms", DCTERMS)
    g.bind("skos", SKOS)
    g.bind("prov", PROV)
    g.bind("owl", OWL)
    g.bind("xsd", XSD)
    for prefix in ("paper", "model", "method", "dataset", "metric", "task", "topic", "result"):
        g.bind(prefix, Namespace(f"{BASE}{prefix}/"))
    for prefix in ("person", "category"):
        g.bind(prefix, Namespace(f"{BASE}{prefix}/"))


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for nid, data in graph.nodes(data=True):
        s = iri(nid)
        kind = data.get("kind")
        g.add((s, RDF.type, KIND_CLASS.get(kind, PG.Entity)))
        g.add((s, RDFS.label, Literal(data.get("label", nid))))
        if kind == "Paper":
            _paper(g, s, data)
        elif kind == "Topic":
            _topic(g, s, data)
        elif kind == "Result":
            _result(g, s, data)
        else:
            g.add((s, SKOS.prefLabel, Literal(data["label"])))
            for alias in data.get("aliases", []):
                g.add((s, SKOS.altLabel, Literal(alias)))
    for u, v, data in graph.edges(data=True):
        prop = RELATION_PROPERTY.get(data.get("relation"))
        if prop is not None:
            g.add((iri(u), prop, iri(v)))
    return g


def _paper(g: Graph, s: URIRef, d: dict) -> None:
    g.add((s, PG.arxivId, Literal(d["arxiv_id"])))
    g.add((s, DCTERMS.title, Literal(d["title"], lang="en")))
    if d.get("title_zh"):
        g.add((s, DCTERMS.title, Literal(d["title_zh"], lang=SCRIPT_TAG.get(d.get("script"), "zh"))))
    if d.get("summary"):
        g.add((s, DCTERMS.abstract, Literal(d["summary"], lang=SCRIPT_TAG.get(d.get("script"), "en"))))
    date = _date_literal(d.get("date", ""))
    if date is not None:
        g.add((s, DCTERMS.issued, date))
    g.add((s, SDO.url, URIRef(f"https://arxiv.org/abs/{quote(d['arxiv_id'], safe='/.')}")))
    for src in d.get("sources", []):
        g.add((s, PG.digestSource, Literal(src)))


def _topic(g: Graph, s: URIRef, d: dict) -> None:
    g.add((s, SKOS.prefLabel, Literal(d["label"], lang="en")))
    if d.get("label_zh_hans"):
        g.add((s, SKOS.prefLabel, Literal(d["label_zh_hans"], lang="zh-Hans")))
    if d.get("label_zh_hant"):
        g.add((s, SKOS.prefLabel, Literal(d["label_zh_hant"], lang="zh-Hant")))
    if d.get("in_scheme"):
        g.add((s, SKOS.inScheme, URIRef(BASE + "topic/scheme")))


def _result(g: Graph, s: URIRef, d: dict) -> None:
    g.add((s, PG.value, Literal(_decimal(d["value"]), datatype=XSD.decimal)))
    g.add((s, PG.valueText, Literal(d["value_text"])))
    if d.get("unit"):
        g.add((s, PG.unit, Literal(d["unit"])))
    g.add((s, PG.evidence, Literal(d.get("evidence", ""))))


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
