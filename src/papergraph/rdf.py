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
import re
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, NamedTuple
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


_UNRESERVED = re.compile(r"[A-Za-z0-9/._~-]*")  # what quote(..., safe="/-._~") leaves as it is


def node_iri(node_id: str) -> str:
    if _UNRESERVED.fullmatch(node_id):
        return BASE + node_id
    return BASE + quote(node_id, safe="/-._~")


def iri(node_id: str) -> URIRef:
    """The IRI of a graph node, as rdflib term."""
    return URIRef(node_iri(node_id))


def digest_iri(file: str) -> str:
    if _UNRESERVED.fullmatch(file):
        return BASE + "digest/" + file
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


class _LanguageCache:
    """text_language, remembered: the same sentence is tagged once per export, not once per use.

    (A Result's sentence is also its facts' evidence; telling Simplified from
    Traditional runs OpenCC over it.) Bounded: cleared when it grows large."""

    __slots__ = ("known",)

    def __init__(self):
        self.known: dict[tuple, str | None] = {}

    def __call__(self, text: str, hint: str | None = None) -> str | None:
        key = (text, hint)
        lang = self.known.get(key, self)
        if lang is self:
            if len(self.known) > 200_000:
                self.known.clear()
            lang = self.known[key] = text_language(text, hint)
        return lang


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
_RDF_STATEMENT, _RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = (
    str(RDF.Statement), str(RDF.subject), str(RDF.predicate), str(RDF.object))

# A term while the graph is walked: ("0", iri) or ("1", lexical form, datatype, lang).
# Plain tuples of str sort and deduplicate fast; the writers below turn them into text.
Term = tuple
Block = tuple  # (subject IRI, [(predicate IRI, [Term, ...]), ...]): one subject, its triples in order


class Fact(NamedTuple):
    """The rdf:Statement describing one fact read from text: where it was read."""
    iri: str
    subject: str
    predicate: str
    object: str
    source: str | None    # the paper that says so (prov:hadPrimarySource)
    digest: str | None    # the digest file's IRI (prov:wasDerivedFrom)
    evidence: Term        # the sentence (pg:evidence)
    line: str | None      # its line (pg:line)

    def props(self) -> list:
        props = [(_RDF_TYPE, [("0", _RDF_STATEMENT)]), (_RDF_SUBJECT, [("0", self.subject)]),
                 (_RDF_PREDICATE, [("0", self.predicate)]), (_RDF_OBJECT, [("0", self.object)])]
        if self.source:
            props.append((_PROV + "hadPrimarySource", [("0", self.source)]))
        if self.digest:
            props.append((_PROV + "wasDerivedFrom", [("0", self.digest)]))
        props.append((_PG + "evidence", [self.evidence]))
        if self.line:
            props.append((_PG + "line", [("1", self.line, _XSD + "integer", "")]))
        return props


class _PredicateKeys(dict):
    """A predicate's place in its subject's block: rdf:type, rdfs:label (...) first, then IRI order."""

    def __missing__(self, p: str) -> str:
        key = self[p] = _PREDICATE_RANK.get(p, "9") + p
        return key


_predicate_key = _PredicateKeys().__getitem__


class _Subject:
    """The triples of one subject, gathered before it is written."""

    __slots__ = ("iri", "props")

    def __init__(self, iri: str):
        self.iri = iri
        self.props: dict[str, set] = {}

    def iri_(self, p: str, o: str) -> None:
        self.props.setdefault(p, set()).add(("0", o))

    def lit(self, p: str, value: str, datatype: str = XSD_STRING, lang: str | None = None) -> None:
        self.props.setdefault(p, set()).add(("1", value, "" if lang else datatype, (lang or "").lower()))

    def block(self) -> Block:
        """Predicates: rdf:type, rdfs:label first, then in IRI order; objects sorted (IRIs first)."""
        props = self.props
        order = sorted(props, key=_predicate_key)
        return (self.iri, [(p, sorted(props[p])) for p in order])


def blocks(graph: nx.MultiDiGraph) -> Iterator[Block]:
    """The graph as RDF, one subject at a time, in a deterministic order (see `items`)."""
    for item in items(graph):
        yield (item.iri, item.props()) if isinstance(item, Fact) else item


class _Walk:
    """What every RDF writer walking the graph shares: node IRIs, their order, and how a
    fact read from text finds its paper, digest file, line and sentence.

    `items` (every syntax but Turtle) and `write_turtle` (the build's, the largest)
    both walk through it, so they say the same things. Lookups made once per fact
    are remembered per distinct value: the paper an edge names (arxiv id -> node
    id, IRI, script), the digest file (name -> IRI), the line, the sentence's term.
    """

    no_paper = (None, None, None)

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.iris = iris = {nid: node_iri(nid) for nid in graph.nodes}
        self.order = sorted(graph.nodes, key=iris.__getitem__)
        self.scripts = {nid: d.get("script") or "en" for nid, d in graph.nodes(data=True) if d.get("kind") == "Paper"}
        self.digests: set[str] = set()
        self.scheme = False
        self.language = _LanguageCache()
        self.papers: dict[str, tuple] = {}
        self.files: dict[str, str] = {}
        self.lines: dict[object, str | None] = {}
        self.evidence_terms: dict[str | None, dict[str, Term]] = {}  # per script of the paper

    def subject(self, nid: str) -> _Subject:
        """The node's own triples (not yet its edges')."""
        d = self.graph.nodes[nid]
        sub = _Subject(self.iris[nid])
        kind = d.get("kind")
        sub.iri_(_RDF_TYPE, str(SKOS.Concept) if kind == "Topic" else _PG + KIND_CLASS.get(kind, "Entity"))
        sub.lit(_RDFS_LABEL, str(d.get("label", nid)))
        if kind == "Paper":
            _paper(sub, d, self.digests, self.language)
        elif kind == "Topic":
            self.scheme = _topic(sub, d, self.language) or self.scheme
        elif kind == "Result":
            _result(sub, d, self.digests, self.language)
        else:
            _entity(sub, d, self.language)
        return sub

    def own(self, nid: str) -> tuple:
        """(paper node id, IRI, script) of a fact whose edge names no paper: its start, if a paper."""
        return (nid, self.iris[nid], self.scripts.get(nid)) if nid.startswith("paper/") else self.no_paper

    def paper(self, paper: str) -> tuple:
        """(node id, IRI or None, script or None) of the paper an edge names by arxiv id."""
        info = self.papers.get(paper)
        if info is None:
            pid = f"paper/{paper}"
            info = self.papers[paper] = (pid, self.iris.get(pid), self.scripts.get(pid))
        return info

    def file(self, e: dict, paper: str | None) -> str | None:
        """The IRI of the digest file a fact was read from (recorded in `digests`)."""
        file = e.get("digest")
        cacheable = bool(file) and file not in self.iris
        if not cacheable:
            file = _source_file(self.graph, e, paper)
        if not file:
            return None
        self.digests.add(file)
        file_iri = digest_iri(file)
        if cacheable:
            self.files[file] = file_iri
        return file_iri

    def line(self, line) -> str | None:
        ln = self.lines.get(line)
        if ln is None and line:
            ln = self.lines[line] = str(int(line))
        return ln

    def evidence_term(self, text: str, script: str | None) -> Term:
        terms = self.evidence_terms.get(script)
        if terms is None or len(terms) > 200_000:  # bounded: sentences repeat within a paper
            terms = self.evidence_terms[script] = {}
        term = terms.get(text)
        if term is None:
            lang = (self.language(text, script) or "").lower()
            term = terms[text] = ("1", text, "" if lang else XSD_STRING, lang)
        return term

    def tail(self) -> Iterator[Block]:
        """The subjects after the nodes: the digest files, the topic scheme."""
        for file in sorted(self.digests, key=digest_iri):
            yield (digest_iri(file), [(_RDF_TYPE, [("0", _PG + "Digest")]),
                                      (_RDFS_LABEL, [("1", file, XSD_STRING, "")])])
        if self.scheme:
            yield (TOPIC_SCHEME, [(_RDF_TYPE, [("0", str(SKOS.ConceptScheme))]),
                                  (_RDFS_LABEL, [("1", "papergraph topics of LLM research", XSD_STRING, "")])])


def items(graph: nx.MultiDiGraph) -> Iterator[Block | Fact]:
    """The graph as RDF, one subject at a time, in a deterministic order.

    Nodes in IRI order; after each node the rdf:Statements describing the facts
    read from text that start at it (in fact-IRI order); then the digest files
    and the topic scheme. Every triple is written once (objects are
    deduplicated per subject and predicate; subjects never repeat), and only
    one subject's triples are held at a time. (`write_turtle` walks the same way.)
    """
    walk = _Walk(graph)
    iris, files, lines, evidence_terms, papers = walk.iris, walk.files, walk.lines, walk.evidence_terms, walk.papers
    # an edge's target as a term, made once per node rather than once per edge
    targets = {nid: ("0", o) for nid, o in iris.items()}
    succ = graph._succ  # networkx's own adjacency dicts (what its edge views read): no view object per node
    sha1, new_fact = hashlib.sha1, tuple.__new__
    for nid in walk.order:
        sub = walk.subject(nid)
        s = sub.iri
        facts = []
        objects = sub.props
        own = walk.own(nid)
        for v, keyed in succ[nid].items():
            target = targets[v]
            for key, e in keyed.items():
                relation = e.get("relation")
                p = RELATION_PROPERTY.get(relation)
                if p is None:
                    continue
                seen = objects.get(p)
                if seen is None:
                    objects[p] = {target}
                else:
                    seen.add(target)
                if "evidence" not in e or relation in _PROVENANCE_ON_TARGET:
                    continue
                paper = e.get("paper")
                info = (papers.get(paper) or walk.paper(paper)) if paper else own
                file = e.get("digest")
                file = (files.get(file) if file else None) or walk.file(e, info[0])
                line = e.get("line")
                ln = lines.get(line) or walk.line(line)
                script = info[2]
                text = e.get("evidence", "")
                terms = evidence_terms.get(script)
                term = (terms.get(text) if terms is not None else None) or walk.evidence_term(text, script)
                # fact_iri(nid, relation, v, key), inlined: this runs once per fact
                digest = sha1(f"{nid}\x00{relation}\x00{v}\x00{key}".encode("utf-8")).hexdigest()[:16]
                facts.append(new_fact(Fact, (f"{BASE}fact/{digest}", s, p, target[1], info[1], file, term, ln)))
        yield sub.block()
        facts.sort()
        yield from facts
    yield from walk.tail()


def _provenance(sub: _Subject, evidence: str, line, file: str | None, script: str | None,
                digests: set[str], language=text_language) -> None:
    sub.lit(_PG + "evidence", evidence, lang=language(evidence, script))
    if line:
        sub.lit(_PG + "line", str(int(line)), _XSD + "integer")
    if file:
        digests.add(file)
        sub.iri_(_PROV + "wasDerivedFrom", digest_iri(file))


def _paper(sub: _Subject, d: dict, digests: set[str], language=text_language) -> None:
    script = d.get("script") or "en"
    sub.lit(_PG + "arxivId", d["arxiv_id"])
    sub.lit(_DCT + "title", d.get("title") or d.get("label", ""), lang="en")
    if d.get("title_zh"):
        sub.lit(_DCT + "title", d["title_zh"], lang=language(d["title_zh"], script))
    if d.get("summary"):
        sub.lit(_DCT + "abstract", d["summary"], lang=language(d["summary"], script))
    date = d.get("date") or ""
    if len(date) in (7, 10):
        sub.lit(_DCT + "issued", date, _XSD + ("date" if len(date) == 10 else "gYearMonth"))
    sub.iri_(PREFIXES["schema"] + "url", f"https://arxiv.org/abs/{quote(d['arxiv_id'], safe='/.')}")
    for src in d.get("sources", []):
        sub.lit(_PG + "digestSource", src)
        file = src.rsplit(":", 1)[0]
        digests.add(file)
        sub.iri_(_PROV + "wasDerivedFrom", digest_iri(file))


def _name_lang(name: str, language=text_language) -> str | None:
    """A name (label, alias) is tagged only when it is written in Chinese."""
    return language(name) if CJK.search(name) else None


def _entity(sub: _Subject, d: dict, language=text_language) -> None:
    label = str(d.get("label", ""))
    sub.lit(_SKOS + "prefLabel", label, lang=_name_lang(label, language))
    for alias in d.get("aliases", []):
        if alias != label:
            sub.lit(_SKOS + "altLabel", alias, lang=_name_lang(alias, language))
    if d.get("origin"):
        sub.lit(_PG + "origin", d["origin"])


def _topic(sub: _Subject, d: dict, language=text_language) -> bool:
    """The topic's labels; whether it is in the topic scheme."""
    prefs = {"en": d["label"]}
    if d.get("label_zh_hans"):
        prefs["zh-Hans"] = d["label_zh_hans"]
    if d.get("label_zh_hant"):
        prefs["zh-Hant"] = d["label_zh_hant"]
    for lang, text in prefs.items():
        sub.lit(_SKOS + "prefLabel", text, lang=lang)
    taken = {(text, lang.lower()) for lang, text in prefs.items()}
    for alias in d.get("aliases", []):
        lang = language(alias)
        if (alias, lang.lower()) not in taken:
            sub.lit(_SKOS + "altLabel", alias, lang=lang)
    if d.get("in_scheme"):
        sub.iri_(_SKOS + "inScheme", TOPIC_SCHEME)
        return True
    return False


def _result(sub: _Subject, d: dict, digests: set[str], language=text_language) -> None:
    sub.lit(_PG + "value", decimal_text(float(d["value"])), _XSD + "decimal")
    sub.lit(_PG + "valueText", str(d.get("value_text", "")))
    if d.get("unit"):
        sub.lit(_PG + "unit", d["unit"])
    _provenance(sub, d.get("evidence", ""), d.get("line"), d.get("digest") or None, None, digests, language)


# -- writing -------------------------------------------------------------------
# Literals are escaped for N-Triples and Turtle alike: backslash, quote, line breaks as
# ECHAR, every other control character as \uXXXX, so no digest text can end a string.
_ESCAPE = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPE.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_BUFFER = 1 << 20


def _quoted(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPE)
    return '"' + value + '"'


class _Out:
    """Text written to a binary file in large UTF-8 chunks."""

    def __init__(self, fh: BinaryIO):
        self.fh, self.parts, self.size = fh, [], 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > _BUFFER:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.fh.write("".join(self.parts).encode("utf-8"))
            self.parts, self.size = [], 0


def _nt_term(t: Term) -> str:
    if t[0] == "0":
        return f"<{t[1]}>"
    text = _quoted(t[1])
    if t[3]:
        return f"{text}@{t[3]}"
    if t[2] == XSD_STRING:
        return text
    return f"{text}^^<{t[2]}>"


def write_ntriples(graph: nx.MultiDiGraph, fh: BinaryIO, graph_iri: str | None = None) -> None:
    """N-Triples, one triple a line (N-Quads in the named graph `graph_iri` when given)."""
    out = _Out(fh)
    end = f" <{graph_iri}> .\n" if graph_iri else " .\n"
    evidence: dict[Term, str] = {}
    for item in items(graph):
        if isinstance(item, Fact):
            ev = evidence.get(item.evidence)
            if ev is None:
                if len(evidence) > 100_000:
                    evidence.clear()
                ev = evidence[item.evidence] = _nt_term(item.evidence)
            s = f"<{item.iri}> "
            text = (f"{s}<{_RDF_TYPE}> <{_RDF_STATEMENT}>{end}{s}<{_RDF_SUBJECT}> <{item.subject}>{end}"
                    f"{s}<{_RDF_PREDICATE}> <{item.predicate}>{end}{s}<{_RDF_OBJECT}> <{item.object}>{end}")
            if item.source:
                text += f"{s}<{_PROV}hadPrimarySource> <{item.source}>{end}"
            if item.digest:
                text += f"{s}<{_PROV}wasDerivedFrom> <{item.digest}>{end}"
            text += f"{s}<{_PG}evidence> {ev}{end}"
            if item.line:
                text += f'{s}<{_PG}line> "{item.line}"^^<{_XSD}integer>{end}'
            out.write(text)
            continue
        s, props = item
        s = f"<{s}> "
        for p, objects in props:
            head = f"{s}<{p}> "
            for o in objects:
                out.write(head + _nt_term(o) + end)
    out.flush()


class _TurtleNames:
    """IRIs as Turtle writes them: a prefixed name where the local part allows, else <IRI>."""

    def __init__(self, prefixes: dict[str, str]):
        self.namespaces = sorted(((ns, prefix) for prefix, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.cache: dict[str, str] = {_RDF_TYPE: "a"}

    def __call__(self, iri: str) -> str:
        name = self.cache.get(iri)
        if name is None:
            name = self.compute(iri)
            if len(self.cache) < 1_000_000:  # objects and predicates repeat; bounded all the same
                self.cache[iri] = name
        return name

    def compute(self, iri: str) -> str:
        for ns, prefix in self.namespaces:
            if iri.startswith(ns):
                if _LOCAL_NAME.fullmatch(iri, len(ns)):
                    return f"{prefix}:{iri[len(ns):]}"
                break
        return f"<{iri}>"


def _turtle_terms(name: _TurtleNames, objects: list) -> str:
    terms = []
    for t in objects:
        if t[0] == "0":
            terms.append(name(t[1]))
        elif t[3]:
            terms.append(f"{_quoted(t[1])}@{t[3]}")
        elif t[2] == XSD_STRING:
            terms.append(_quoted(t[1]))
        else:
            terms.append(f"{_quoted(t[1])}^^{name(t[2])}")
    return " , ".join(terms)


def write_turtle(graph: nx.MultiDiGraph, fh: BinaryIO, graph_iri: str | None = None,
                 prefixes: dict[str, str] | None = None) -> None:
    """Turtle, one block per subject (TriG, inside the named graph `graph_iri`, when given).

    The subjects and triples of `items`, in its order, but walked here directly:
    at 100,000 papers there are millions of facts, and each one's block is made
    as one string from parts made once per node, predicate, paper, file and
    sentence, without a Fact tuple in between.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    name = _TurtleNames(prefixes)
    # bytes throughout: a fact is joined from parts encoded once each, and never encoded again
    parts: list[bytes] = [f"@prefix {prefix}: <{ns}> .\n".encode() for prefix, ns in prefixes.items()]
    indent = ""
    if graph_iri:
        parts.append(f"<{graph_iri}> {{\n".encode())
        indent = "\t"
    sep = f" ;\n{indent}\t"
    statement = f" a {name(_RDF_STATEMENT)}{sep}{name(_RDF_SUBJECT)} "
    object_ = f"{sep}{name(_RDF_OBJECT)} "
    source_, derived_ = f"{sep}{name(_PROV + 'hadPrimarySource')} ", f"{sep}{name(_PROV + 'wasDerivedFrom')} "
    said_, line_ = f"{sep}{name(_PG + 'evidence')} ", f"{sep}{name(_PG + 'line')} "
    integer = "^^" + name(_XSD + "integer")
    fact_, end = f"{indent}<{BASE}fact/".encode(), b" .\n"

    walk = _Walk(graph)
    iris, files, papers = walk.iris, walk.files, walk.papers
    names = {nid: name.compute(o) for nid, o in iris.items()}  # every node's Turtle term, made once
    # node ids that are their IRI's path as it is (the rule): sorted as they are, sorted as IRIs
    plain = all(o == BASE + nid for nid, o in iris.items())
    object_names = {nid: n.encode() for nid, n in names.items()}
    # per relation: its property, its Turtle name, and "rdf:predicate <name> ; rdf:object " as bytes
    predicates = {relation: (p, name(p), f"{sep}{name(_RDF_PREDICATE)} {name(p)}{object_}".encode())
                  for relation, p in RELATION_PROPERTY.items()}
    # the bytes of a fact's optional parts, per paper IRI (hadPrimarySource), digest file IRI and line
    sources: dict[str | None, bytes] = {None: b""}
    derived: dict[str | None, bytes] = {None: b""}
    line_parts: dict[object, bytes] = {}
    said: dict[str | None, dict[str, bytes]] = {}  # per script: sentence -> "pg:evidence <literal>"
    provenance = _PROVENANCE_ON_TARGET
    succ, sha1, join = graph._succ, hashlib.sha1, b"".join
    size = 0
    for nid in walk.order:
        sub = walk.subject(nid)
        own = walk.own(nid)
        facts = []
        linked: dict[tuple, set] = {}  # (property, its Turtle name, ...) -> the nodes the edges point to
        head = f">{statement}{names[nid]}".encode()
        for v, keyed in succ[nid].items():
            for key, e in keyed.items():
                relation = e.get("relation")
                pred = predicates.get(relation)
                if pred is None:
                    continue
                seen = linked.get(pred)
                if seen is None:
                    linked[pred] = {v}
                else:
                    seen.add(v)
                if "evidence" not in e or relation in provenance:
                    continue
                paper = e.get("paper")
                info = (papers.get(paper) or walk.paper(paper)) if paper else own
                src = sources.get(info[1])
                if src is None:
                    src = sources[info[1]] = (source_ + name(info[1])).encode()
                file = e.get("digest")
                file = (files.get(file) if file else None) or walk.file(e, info[0])
                dv = derived.get(file)
                if dv is None:
                    dv = derived[file] = (derived_ + name(file)).encode()
                line = e.get("line")
                ln = line_parts.get(line)
                if ln is None:
                    ln = walk.line(line)
                    ln = line_parts[line] = f'{line_}"{ln}"{integer}'.encode() if ln else b""
                script = info[2]
                text = e.get("evidence", "")
                literals = said.get(script)
                if literals is None or len(literals) > 200_000:  # bounded: sentences repeat within a paper
                    literals = said[script] = {}
                ev = literals.get(text)
                if ev is None:
                    term = walk.evidence_term(text, script)
                    ev = literals[text] = (said_ + (f"{_quoted(text)}@{term[3]}" if term[3]
                                                    else _quoted(text))).encode()
                # fact_iri(nid, relation, v, key), inlined: this runs once per fact
                digest = sha1(f"{nid}\x00{relation}\x00{v}\x00{key}".encode()).hexdigest()[:16].encode()
                facts.append(join((fact_, digest, head, pred[2], object_names[v], src, dv, ev, ln, end)))
        # The block: the node's own triples and its edges', predicates in _Subject.block's
        # order. Edge objects are node IRIs, sorted as the terms would be, named from `names`.
        own_props = sub.props
        lines_ = []
        both = {pred[0] for pred in linked if pred[0] in own_props}
        for p, pred in sorted([*((p, None) for p in own_props if p not in both), *((pred[0], pred) for pred in linked)],
                              key=lambda pp: _predicate_key(pp[0])):
            if pred is None:
                lines_.append(f"{name(p)} {_turtle_terms(name, sorted(own_props[p]))}")
            elif p in both:  # never so today: no relation's property is also a node attribute's
                objects = sorted(own_props[p] | {("0", iris[v]) for v in linked[pred]})
                lines_.append(f"{pred[1]} {_turtle_terms(name, objects)}")
            else:
                targets_ = sorted(linked[pred]) if plain else sorted(linked[pred], key=iris.__getitem__)
                lines_.append(f"{pred[1]} {' , '.join(map(names.__getitem__, targets_))}")
        parts.append(f"{indent}{names[nid]} {sep.join(lines_)} .\n".encode())
        if facts:
            facts.sort()  # by fact IRI: all share the prefix, the digest decides
            parts += facts
        size += len(facts) + 1
        if size > 4096:
            fh.write(join(parts))
            parts, size = [], 0
    for s, props in walk.tail():
        block = sep.join(f"{name(p)} {_turtle_terms(name, objects)}" for p, objects in props)
        parts.append(f"{indent}{name(s)} {block} .\n".encode())
    if graph_iri:
        parts.append(b"}\n")
    fh.write(join(parts))


def ntriples(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    write_ntriples(graph, buf)
    return buf.getvalue()


def triples(graph: nx.MultiDiGraph) -> list[ox.Triple]:
    """Every triple of the graph, each once, in the order the exports write them.

    Made as N-Triples text, which Oxigraph's strict parser turns into terms (three
    times faster than constructing them from Python, and it refuses anything malformed)."""
    return [q.triple for q in ox.parse(ntriples(graph), format=ox.RdfFormat.N_TRIPLES)]


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
