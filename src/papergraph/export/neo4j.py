"""The graph for Neo4j: bulk-import CSV files, a Cypher script, and the rows the driver push sends.

One mapping serves all three ways into Neo4j, so they load the same graph:

    graph                      Neo4j
    node kind                  label (PascalCase, from a fixed whitelist); Model, Method,
                               Dataset, Metric and Task also carry :Entity (pg:Entity)
    node id (paper/2406.1)     property `id`, unique per label (a constraint)
    edge relation              relationship type (UPPER_SNAKE_CASE, fixed whitelist)
    edge key                   relationship property `key`: what MERGE matches on, so the
                               same pair may hold one OUTPERFORMS per paper that says so
    attribute snake_case       property camelCase (arxiv_id -> arxivId), typed

Values are normalised once, here, for every path: line breaks and other
control characters in text become a space or nothing, and empty values (None,
"", [], NaN) are left out, because neo4j-admin cannot import an empty array
and a missing property reads as null in Cypher anyway.

Text from digests only ever becomes a CSV cell (quoted by the csv module, and
neutralised against spreadsheet formulas), a Cypher string literal (escaped by
`cypher_string`) or a driver parameter. Labels, relationship types and
property names come from the whitelists below or are validated identifiers,
so no digest text can become Cypher code.

This module reads only the graph, row by row: the CSV files are streamed, so
a large graph is never held twice in memory.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import shlex
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

import networkx as nx

from . import FolderOutput, Renderer, register, register_folder

# -- the mapping ---------------------------------------------------------------

# node kind -> labels; the first is the primary label: its constraint, id space and CSV file.
LABELS: dict[str, tuple[str, ...]] = {
    "Paper": ("Paper",),
    "Model": ("Model", "Entity"),
    "Method": ("Method", "Entity"),
    "Dataset": ("Dataset", "Entity"),
    "Metric": ("Metric", "Entity"),
    "Task": ("Task", "Entity"),
    "Topic": ("Topic",),
    "Result": ("Result",),
    "Person": ("Person",),      # authors, from arXiv metadata, Atom feeds and BibTeX
    "Category": ("Category",),  # arXiv categories (cs.CL, ...)
}

# edge relation -> relationship type; the RDF property each one is written as in graph.ttl.
REL_TYPES: dict[str, str] = {
    "mentions": "MENTIONS",                # schema:mentions
    "proposes": "PROPOSES",                # pg:proposes
    "has_topic": "HAS_TOPIC",              # dcterms:subject
    "evaluated_on": "EVALUATED_ON",        # pg:evaluatedOn
    "compared_with": "COMPARED_WITH",      # pg:comparedWith
    "outperforms": "OUTPERFORMS",          # pg:outperforms
    "based_on": "BASED_ON",                # pg:basedOn
    "fine_tuned_from": "FINE_TUNED_FROM",  # pg:fineTunedFrom
    "variant_of": "VARIANT_OF",            # pg:variantOf
    "uses": "USES",                        # pg:uses
    "reports": "REPORTS",                  # pg:reportsResult
    "on_dataset": "ON_DATASET",            # pg:onDataset
    "measured_by": "MEASURED_BY",          # pg:metric
    "achieved_by": "ACHIEVED_BY",          # pg:achievedBy
    "broader": "BROADER",                  # skos:broader
    "has_author": "HAS_AUTHOR",            # schema:author
    "in_category": "IN_CATEGORY",          # pg:inCategory
}

# graph attribute -> (Neo4j property, neo4j-admin type). Attributes not listed
# here are still exported, camelCased, with a type inferred from their values.
NODE_PROPERTIES: dict[str, tuple[str, str]] = {
    "kind": ("kind", "string"),
    "label": ("label", "string"),                 # rdfs:label / skos:prefLabel
    "aliases": ("aliases", "string[]"),           # skos:altLabel
    "origin": ("origin", "string"),               # vocabulary | discovered
    "arxiv_id": ("arxivId", "string"),            # pg:arxivId
    "title": ("title", "string"),                 # dcterms:title @en
    "title_zh": ("titleZh", "string"),            # dcterms:title @zh-Hans / @zh-Hant
    "summary": ("summary", "string"),             # dcterms:abstract
    "script": ("script", "string"),               # zh-Hans | zh-Hant | en
    "date": ("date", "string"),                   # dcterms:issued, as written (YYYY-MM[-DD])
    "url": ("url", "string"),
    "topics_given": ("topicsGiven", "string[]"),
    "sources": ("sources", "string[]"),           # pg:digestSource
    "in_scheme": ("inScheme", "boolean"),         # skos:inScheme
    "label_zh_hans": ("labelZhHans", "string"),   # skos:prefLabel @zh-Hans
    "label_zh_hant": ("labelZhHant", "string"),   # skos:prefLabel @zh-Hant
    "value": ("value", "double"),                 # pg:value
    "value_text": ("valueText", "string"),        # pg:valueText
    "unit": ("unit", "string"),                   # pg:unit
    "dataset": ("dataset", "string"),
    "metric": ("metric", "string"),
    "subject": ("subject", "string"),
    "paper": ("paper", "string"),
    "evidence": ("evidence", "string"),           # pg:evidence
    "digest": ("digest", "string"),
    "line": ("line", "int"),
}
EDGE_PROPERTIES: dict[str, tuple[str, str]] = {
    "paper": ("paper", "string"),
    "evidence": ("evidence", "string"),
    "digest": ("digest", "string"),
    "line": ("line", "int"),
    "origin": ("origin", "string"),  # has_topic: digest | inferred
}
# Attributes that become structure, not properties.
NODE_STRUCTURE = {"id"}
EDGE_STRUCTURE = {"relation", "key"}

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
ARRAY_DELIMITER = "\x1f"  # U+001F UNIT SEPARATOR: removed from all text, so it can never split a value
ARRAY_DELIMITER_FLAG = "U+001F"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: cells a spreadsheet would evaluate

DEFAULT_BATCH_ROWS = 1000
DEFAULT_STATEMENT_BYTES = 512 * 1024


class Neo4jMappingError(ValueError):
    """The graph holds something the Neo4j mapping has no safe name for."""


# -- values --------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


_UNCLEAN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(text: str) -> str:
    """One line of text: line breaks become a space, other control characters go."""
    if not _UNCLEAN.search(text):  # the usual case, and the hot path of every export
        return text
    text = text.replace("\t", " ")
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text))


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _infer_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        inner = {_infer_type(v) for v in value if v is not None} - {None}
        inner = {t.removesuffix("[]") for t in inner}
        if not inner:
            return None  # an empty list says nothing; it is left out anyway
        if inner <= {"long", "int"}:
            return "long[]"
        if inner <= {"long", "int", "double"}:
            return "double[]"
        if inner == {"boolean"}:
            return "boolean[]"
        return "string[]"
    return "string"  # anything else is exported as its text


def _unify(a: str | None, b: str | None) -> str | None:
    if a is None or a == b:
        return b
    if b is None:
        return a
    if {a, b} <= {"long", "int", "double"}:
        return "double"
    if {a, b} <= {"long[]", "double[]"}:
        return "double[]"
    return "string[]" if a.endswith("[]") and b.endswith("[]") else "string"


def _scalar(value: Any, kind: str) -> Any:
    """`value` as a Python value of Neo4j type `kind`, or None to leave it out."""
    if value is None:
        return None
    try:
        if kind == "string":
            text = clean_text(value if isinstance(value, str) else str(value))
            return text or None
        if kind == "boolean":
            if isinstance(value, str):
                return value.strip().lower() == "true"
            return bool(value)
        if kind in ("int", "long"):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(value)
        if kind == "double":
            number = float(value)
            return number if math.isfinite(number) else None
    except (TypeError, ValueError) as exc:
        raise Neo4jMappingError(f"{value!r} is not a Neo4j {kind}") from exc
    raise Neo4jMappingError(f"unknown Neo4j type {kind!r}")


def coerce(value: Any, kind: str) -> Any:
    """A graph value as the Neo4j property of type `kind`; None when it should be left out."""
    if kind == "string" and type(value) is str:
        return clean_text(value) or None
    if kind.endswith("[]"):
        if value is None:
            return None
        items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if isinstance(value, (set, frozenset)):
            items = sorted(items, key=str)
        out = [v for v in (_scalar(item, kind[:-2]) for item in items) if v is not None]
        return out or None
    return _scalar(value, kind)


# -- records -------------------------------------------------------------------

@dataclass(frozen=True)
class NodeRecord:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]  # Neo4j name -> value, without `id`; empty values left out

    @property
    def label(self) -> str:
        return self.labels[0]


@dataclass(frozen=True)
class RelRecord:
    type: str
    start: str
    end: str
    start_label: str
    end_label: str
    key: str
    props: dict[str, Any]  # without `key`

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.type, self.start_label, self.end_label)


def node_labels(node_id: str, kind: Any) -> tuple[str, ...]:
    labels = LABELS.get(kind) if isinstance(kind, str) else None
    if labels is None:
        raise Neo4jMappingError(f"node {node_id!r}: kind {kind!r} has no Neo4j label "
                                f"(known: {', '.join(LABELS)})")
    return labels


def rel_type(u: str, v: str, relation: Any) -> str:
    rtype = REL_TYPES.get(relation) if isinstance(relation, str) else None
    if rtype is None:
        raise Neo4jMappingError(f"edge {u!r} -> {v!r}: relation {relation!r} has no Neo4j type "
                                f"(known: {', '.join(REL_TYPES)})")
    return rtype


def _property_name(attr: str, table: dict[str, tuple[str, str]], where: str) -> str:
    name = table[attr][0] if attr in table else camel_case(attr)
    if not IDENTIFIER.match(name) or name in ("id", "key"):
        raise Neo4jMappingError(f"{where}: attribute {attr!r} has no safe Neo4j property name")
    return name


class Schema:
    """Property columns and types per label and per relationship group, from one pass over the graph.

    The CSV headers need every column before the first row; the same pass
    checks every kind and relation against the whitelists.
    """

    def __init__(self, graph: nx.MultiDiGraph):
        self.node_columns: dict[str, dict[str, str]] = defaultdict(dict)   # label -> name -> type
        self.node_attr: dict[str, dict[str, str]] = defaultdict(dict)      # label -> attr -> name
        self.rel_columns: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
        self.edge_attr: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
        self.label_of: dict[str, str] = {}
        self.node_counts: dict[str, int] = defaultdict(int)
        self.rel_counts: dict[tuple[str, str, str], int] = defaultdict(int)
        self.extra_labels: dict[str, tuple[str, ...]] = {}
        # As for edges below: a set of attribute names all in NODE_PROPERTIES (fixed types) is
        # collected once per label; other attributes once per names and scalar value types.
        known_attrs = NODE_STRUCTURE | set(NODE_PROPERTIES)
        collected: set[tuple] = set()
        for nid, data in graph._node.items():
            if not isinstance(nid, str) or not nid or (_UNCLEAN.search(nid) and clean_text(nid) != nid):
                raise Neo4jMappingError(f"node id {nid!r} is not one line of text")
            labels = node_labels(nid, data.get("kind"))
            label = labels[0]
            self.label_of[nid] = label
            self.node_counts[label] += 1
            if data.get("date"):
                self.node_columns[label].setdefault("year", "int")
            names = (label, *data)
            if names in collected:
                continue
            if known_attrs.issuperset(data):
                collected.add(names)
            else:
                typed = (label, *((a, type(x)) for a, x in data.items()))
                if typed in collected:
                    continue
                if all(type(x) in (str, int, float, bool) for x in data.values()):
                    collected.add(typed)
            self.extra_labels[label] = labels[1:]
            self._collect(self.node_columns[label], self.node_attr[label], data, NODE_PROPERTIES,
                          NODE_STRUCTURE, f"node {nid!r}")
        # Edges of one group mostly carry the same attributes, all of them in EDGE_PROPERTIES,
        # whose types are fixed: such a set of names is collected once per group. Other
        # attributes' types come from their values: scalar ones are collected once per
        # group, names and value types. networkx's own adjacency dicts: no view per edge.
        known = EDGE_STRUCTURE | set(EDGE_PROPERTIES)
        label_of = self.label_of
        # (relation, start label, end label, *attribute names) -> [edges, all names known]
        counts: dict[tuple, list] = {}
        typed_seen: set[tuple] = set()
        for u, nbrs in graph._succ.items():
            start_label = label_of[u]
            for v, keyed in nbrs.items():
                end_label = label_of[v]
                for data in keyed.values():
                    names = (data.get("relation"), start_label, end_label, *data)
                    entry = counts.get(names)
                    if entry is not None:
                        entry[0] += 1
                        if entry[1]:
                            continue
                    else:
                        rel_type(u, v, names[0])  # a relation off the whitelist fails here
                        entry = counts[names] = [1, known.issuperset(data)]
                    if not entry[1]:
                        typed = (names[:3], *((a, type(x)) for a, x in data.items()))
                        if typed in typed_seen:
                            continue
                        if all(type(x) in (str, int, float, bool) for x in data.values()):
                            typed_seen.add(typed)
                    group = (REL_TYPES[names[0]], start_label, end_label)
                    self._collect(self.rel_columns[group], self.edge_attr[group], data, EDGE_PROPERTIES,
                                  EDGE_STRUCTURE, f"edge {u!r} -> {v!r}")
        for (relation, start_label, end_label, *_names), (count, _known) in counts.items():
            self.rel_counts[(REL_TYPES[relation], start_label, end_label)] += count
        for label, cols in self.node_columns.items():
            self.node_columns[label] = _ordered(cols, NODE_PROPERTIES)
        for group, cols in self.rel_columns.items():
            self.rel_columns[group] = _ordered(cols, EDGE_PROPERTIES)
        # per label and group: (graph attribute, property, type) in column order; attribute
        # None is the derived `year`
        self.node_plan = {label: _plan(cols, self.node_attr[label]) for label, cols in self.node_columns.items()}
        self.rel_plan = {group: _plan(cols, self.edge_attr[group]) for group, cols in self.rel_columns.items()}

    @staticmethod
    def _collect(columns: dict[str, str | None], names: dict[str, str], data: dict,
                 table: dict[str, tuple[str, str]], structure: set[str], where: str) -> None:
        for attr, value in data.items():
            if attr in structure:
                continue
            name = names.get(attr)
            if name is None:
                name = _property_name(attr, table, where)
                clash = next((a for a, n in names.items() if n == name), None)
                if clash is not None:
                    raise Neo4jMappingError(f"{where}: attributes {clash!r} and {attr!r} "
                                            f"both map to Neo4j property {name!r}")
                names[attr] = name
            if attr in table:
                columns[name] = table[attr][1]
            else:
                columns[name] = _unify(columns.get(name), _infer_type(value))

    @property
    def labels(self) -> list[str]:
        return sorted(self.node_counts)

    @property
    def groups(self) -> list[tuple[str, str, str]]:
        return sorted(self.rel_counts)

    def node(self, nid: str, data: dict) -> NodeRecord:
        label = self.label_of[nid]
        props = _props(self.node_plan[label], data, f"node {nid!r}")
        return NodeRecord(nid, (label, *self.extra_labels[label]), props)

    def relationship(self, u: str, v: str, key: Any, data: dict) -> RelRecord:
        group = (rel_type(u, v, data.get("relation")), self.label_of[u], self.label_of[v])
        props = _props(self.rel_plan[group], data, f"edge {u!r} -> {v!r}")
        return RelRecord(group[0], u, v, group[1], group[2], clean_text(str(key)), props)


def _plan(columns: dict[str, str], names: dict[str, str]) -> list[tuple[str | None, str, str]]:
    attr_of = {name: attr for attr, name in names.items()}
    return [(attr_of.get(name), name, kind) for name, kind in columns.items()]


def _props(plan: list[tuple[str | None, str, str]], data: dict, where: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for attr, name, kind in plan:
        value = data.get(attr) if attr is not None else _year(data.get("date"))
        if value is None:
            continue
        try:
            value = coerce(value, kind)
        except Neo4jMappingError as exc:
            raise Neo4jMappingError(f"{where}, {attr}: {exc}") from None
        if value is not None:
            props[name] = value
    return props


def _ordered(columns: dict[str, str], table: dict[str, tuple[str, str]]) -> dict[str, str]:
    known = [name for name, _t in table.values()]
    rank = {name: i for i, name in enumerate(known)}
    rank.setdefault("year", rank.get("date", 0) + 0.5)
    return {n: columns[n] for n in sorted(columns, key=lambda n: (rank.get(n, len(rank)), n))
            if columns[n] is not None}


def _year(date: Any) -> int | None:
    if isinstance(date, str) and re.match(r"\d{4}(-|\Z)", date):
        return int(date[:4])
    return None


def iter_nodes(graph: nx.MultiDiGraph, schema: Schema | None = None) -> Iterator[NodeRecord]:
    """Every node as a record, sorted by id."""
    schema = schema or Schema(graph)
    for nid in sorted(graph.nodes):
        yield schema.node(nid, graph.nodes[nid])


def iter_relationships(graph: nx.MultiDiGraph, schema: Schema | None = None) -> Iterator[RelRecord]:
    """Every edge as a record, sorted by (start, end, key): no edge list is materialised."""
    schema = schema or Schema(graph)
    for u in sorted(graph.nodes):
        out = graph.succ[u]
        for v in sorted(out):
            for key in sorted(out[v], key=str):
                yield schema.relationship(u, v, key, out[v][key])


def node_ids_by_label(graph: nx.MultiDiGraph, schema: Schema) -> dict[str, list[str]]:
    """Sorted node ids per primary label: what the per-label statements walk through."""
    out: dict[str, list[str]] = defaultdict(list)
    for nid in sorted(graph.nodes):
        out[schema.label_of[nid]].append(nid)
    return out


def edges_by_group(graph: nx.MultiDiGraph, schema: Schema) -> dict[tuple[str, str, str], list[tuple]]:
    """Sorted (start, end, key) per relationship group; the attributes stay in the graph."""
    out: dict[tuple[str, str, str], list[tuple]] = defaultdict(list)
    for u in sorted(graph.nodes):
        succ = graph.succ[u]
        for v in sorted(succ):
            for key in sorted(succ[v], key=str):
                rtype = rel_type(u, v, succ[v][key].get("relation"))
                out[(rtype, schema.label_of[u], schema.label_of[v])].append((u, v, key))
    return out


def node_rows(graph: nx.MultiDiGraph, schema: Schema, ids: Iterable[str]) -> Iterator[dict]:
    """Driver / literal rows {id, props} for these nodes, made one at a time."""
    for nid in ids:
        yield node_param(schema.node(nid, graph.nodes[nid]))


def relationship_rows(graph: nx.MultiDiGraph, schema: Schema, edges: Iterable[tuple]) -> Iterator[dict]:
    """Driver / literal rows {start, end, key, props} for these edges, made one at a time."""
    for u, v, key in edges:
        yield relationship_param(schema.relationship(u, v, key, graph.succ[u][v][key]))


# -- Cypher text ---------------------------------------------------------------

def cypher_string(text: str) -> str:
    """A single-quoted Cypher string literal that always ends where we end it.

    Text is first made one line (no control characters); then only the
    backslash and the quote need escaping. Nothing inside a literal can end
    it, open a comment or start a new statement.
    """
    return "'" + clean_text(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


def cypher_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Neo4jMappingError(f"{value!r} has no Cypher literal")
        text = repr(value)
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cypher_name(k)}: {cypher_value(v)}" for k, v in value.items()) + "}"
    raise Neo4jMappingError(f"{value!r} has no Cypher literal")


def cypher_name(name: str) -> str:
    """A label, type or property name: only plain identifiers from the whitelists pass."""
    if not IDENTIFIER.match(name):
        raise Neo4jMappingError(f"{name!r} is not a safe Neo4j name")
    return name


def constraint_name(label: str) -> str:
    return f"papergraph_{label.lower()}_id"


def constraint_statement(label: str) -> str:
    return (f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS "
            f"FOR (n:{cypher_name(label)}) REQUIRE n.id IS UNIQUE")


def node_merge(labels: tuple[str, ...], rows: str = "$rows") -> str:
    """UNWIND rows {id, props} -> one node each, matched on its primary label and id."""
    extra = "".join(f", n:{cypher_name(lb)}" for lb in labels[1:])
    return (f"UNWIND {rows} AS row\n"
            f"MERGE (n:{cypher_name(labels[0])} {{id: row.id}})\n"
            f"SET n += row.props{extra}")


def relationship_merge(group: tuple[str, str, str], rows: str = "$rows") -> str:
    """UNWIND rows {start, end, key, props} -> one relationship each, matched on its key."""
    rtype, start_label, end_label = group
    return (f"UNWIND {rows} AS row\n"
            f"MATCH (a:{cypher_name(start_label)} {{id: row.start}})\n"
            f"MATCH (b:{cypher_name(end_label)} {{id: row.end}})\n"
            f"MERGE (a)-[r:{cypher_name(rtype)} {{key: row.key}}]->(b)\n"
            f"SET r += row.props")


def node_param(record: NodeRecord) -> dict:
    return {"id": record.id, "props": record.props}


def relationship_param(record: RelRecord) -> dict:
    return {"start": record.start, "end": record.end, "key": record.key, "props": record.props}


def batches(rows: Iterable[Any], size: int, max_bytes: int | None, measure) -> Iterator[list[Any]]:
    """Rows in batches of at most `size` rows and (but for a lone big row) `max_bytes` bytes."""
    batch: list[Any] = []
    used = 0
    for row in rows:
        cost = measure(row) if max_bytes else 0
        if batch and (len(batch) >= size or (max_bytes and used + cost > max_bytes)):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += cost
    if batch:
        yield batch


def write_cypher(graph: nx.MultiDiGraph, fh: TextIO, batch_rows: int = 500,
                 statement_bytes: int = DEFAULT_STATEMENT_BYTES, schema: Schema | None = None) -> int:
    """import.cypher: constraints, then nodes, then relationships; returns the statement count.

    Each statement is `UNWIND [literal rows] AS row MERGE ...`, so running the
    script again matches every node and relationship it created before. Rows
    are rendered batch by batch; only node ids and edge keys are held, per label
    and relationship group.
    """
    schema = schema or Schema(graph)
    statements = 0
    fh.write("// papergraph -> Neo4j, for cypher-shell:  cypher-shell -u neo4j -d neo4j -f import.cypher\n"
             f"// {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships. Idempotent: every\n"
             "// write is a MERGE on the node id or the relationship key; a second run creates nothing.\n"
             "// Needs Neo4j 5 or later (constraint syntax). The mapping is documented in the README.\n\n"
             "// 1. Uniqueness constraints first: they are also the indexes MERGE looks ids up in.\n")
    for label in schema.labels:
        fh.write(constraint_statement(label) + ";\n")
        statements += 1

    def emit(query_for_rows, literals: Iterable[str]) -> int:
        count = 0
        for batch in batches(literals, batch_rows, statement_bytes, lambda s: len(s.encode()) + 2):
            fh.write(query_for_rows("[\n" + ",\n".join(batch) + "\n]") + ";\n")
            count += 1
        return count

    fh.write("\n// 2. Nodes, per label.\n")
    ids = node_ids_by_label(graph, schema)
    for label in schema.labels:
        labels = (label, *schema.extra_labels[label])
        literals = map(cypher_value, node_rows(graph, schema, ids.pop(label)))
        statements += emit(lambda rows: node_merge(labels, rows), literals)

    fh.write("\n// 3. Relationships, per type and the labels they join.\n")
    edges = edges_by_group(graph, schema)
    for group in schema.groups:
        literals = map(cypher_value, relationship_rows(graph, schema, edges.pop(group)))
        statements += emit(lambda rows: relationship_merge(group, rows), literals)
    return statements


def write_constraints(schema: Schema, fh: TextIO) -> None:
    fh.write("// Uniqueness constraints for the papergraph labels; run after neo4j-admin import:\n"
             "//   cypher-shell -u neo4j -d neo4j -f constraints.cypher\n")
    for label in schema.labels:
        fh.write(constraint_statement(label) + ";\n")


def render_cypher(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.StringIO()
    write_cypher(graph, buffer)
    return buffer.getvalue().encode("utf-8")


# -- CSV for neo4j-admin database import full -----------------------------------

def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        return neutralise(ARRAY_DELIMITER.join(csv_cell(v, kind[:-2]) for v in value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("int", "long"):
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return neutralise(value)


def _csv_cells(plan: list[tuple[str | None, str, str]], data: dict, where: str | tuple) -> list[str]:
    """One row's property cells: `_props` and `csv_cell` in one pass, for speed.

    `where` names the row in an error: a text, (node id,) or (start, end) of an edge, formatted only then."""
    cells: list[str] = []
    for attr, _name, kind in plan:
        value = data.get(attr) if attr is not None else _year(data.get("date"))
        if value is None:
            cells.append("")
        elif kind == "string" and type(value) is str:
            if _UNCLEAN.search(value):
                value = clean_text(value)
            cells.append("'" + value if value.startswith(FORMULA_START) else value)
        elif type(value) is int and (kind == "int" or kind == "long"):
            cells.append(str(value))
        else:
            try:
                cells.append(csv_cell(coerce(value, kind), kind))
            except Neo4jMappingError as exc:
                if isinstance(where, tuple):
                    where = f"edge {where[0]!r} -> {where[1]!r}" if len(where) == 2 else f"node {where[0]!r}"
                raise Neo4jMappingError(f"{where}, {attr}: {exc}") from None
    return cells


def node_header(label: str, columns: dict[str, str]) -> list[str]:
    return [f"id:ID({label})", ":LABEL", *(_typed(n, t) for n, t in columns.items())]


def relationship_header(group: tuple[str, str, str], columns: dict[str, str]) -> list[str]:
    _type, start_label, end_label = group
    return [f":START_ID({start_label})", f":END_ID({end_label})", ":TYPE", "key",
            *(_typed(n, t) for n, t in columns.items())]


def _typed(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def node_csv_path(label: str) -> str:
    return f"nodes/{label}.csv"


def relationship_csv_path(group: tuple[str, str, str]) -> str:
    return "relationships/{}.{}.{}.csv".format(*group)


class _AtomicFiles:
    """Text files written under temporary names and renamed into place together at the end."""

    def __init__(self, root: Path):
        self.root = root
        self.open: dict[str, tuple[TextIO, str]] = {}

    def create(self, relative: str) -> TextIO:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.open[relative] = (fh, tmp)
        return fh

    def commit(self) -> None:
        for relative, (fh, tmp) in sorted(self.open.items()):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, self.root / relative)
        self.open.clear()

    def abort(self) -> None:
        for fh, tmp in self.open.values():
            fh.close()
            Path(tmp).unlink(missing_ok=True)
        self.open.clear()


_NEEDS_QUOTES = re.compile(r'[,"\n\r]')


def csv_field(cell: str) -> str:
    """One CSV field as the csv module writes it (QUOTE_MINIMAL, delimiter `,`, quote `"`)."""
    if _NEEDS_QUOTES.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


class _TextCells:
    """Text values as finished CSV fields: one line, neutralised, quoted where needed.

    Remembered per distinct text (bounded): a sentence is the evidence of several
    edges, a digest file and a paper id of thousands."""

    __slots__ = ("known",)

    def __init__(self):
        self.known: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        field = self.known.get(text)
        if field is None:
            if len(self.known) > 200_000:
                self.known.clear()
            cleaned = clean_text(text) if _UNCLEAN.search(text) else text
            field = self.known[text] = csv_field("'" + cleaned if cleaned.startswith(FORMULA_START) else cleaned)
        return field


_ROWS_PER_WRITE = 2048


def write_csv(graph: nx.MultiDiGraph, files: _AtomicFiles, schema: Schema) -> list[str]:
    """Node files per label and relationship files per (type, start label, end label), streamed.

    Rows are the csv module's (QUOTE_MINIMAL, `\\n` line ends): node rows are written
    by it; relationship rows, millions of them, are joined here from fields made
    once per distinct text (the tests hold both equal to csv.writer's)."""
    written: list[str] = []
    writers: dict[Any, Any] = {}
    handles: dict[Any, TextIO] = {}
    for label in schema.labels:
        relative = node_csv_path(label)
        w = writers[label] = csv.writer(files.create(relative), lineterminator="\n")
        w.writerow(node_header(label, schema.node_columns[label]))
        written.append(relative)
    for group in schema.groups:
        relative = relationship_csv_path(group)
        fh = handles[group] = files.create(relative)
        csv.writer(fh, lineterminator="\n").writerow(relationship_header(group, schema.rel_columns[group]))
        written.append(relative)
    # Rows go straight from the graph to the files, through the same plan and coercion as
    # the records the Cypher paths use (tests hold the two equal); nothing is collected.
    delimiter = ARRAY_DELIMITER
    nodes = sorted(graph.nodes)
    node_data = graph._node  # networkx's own dict: no view
    for nid in nodes:
        label = schema.label_of[nid]
        writers[label].writerow([neutralise(nid), delimiter.join((label, *schema.extra_labels[label])),
                                 *_csv_cells(schema.node_plan[label], node_data[nid], (nid,))])
    text = _TextCells()
    cell = {n: text(n) for n in nodes}  # node ids are one line of text (Schema checks)
    label_of, plans = schema.label_of, schema.rel_plan
    # per (relation, start label, end label): [the group's file, its plan, its pending rows]
    outs: dict[tuple, list] = {}
    known = text.known.get
    for u in nodes:
        succ, start_label, start = graph._succ[u], label_of[u], cell[u]  # networkx's own dicts: no views
        for v in sorted(succ):
            pair = succ[v]
            end_label, end = label_of[v], cell[v]
            for key in (pair if len(pair) == 1 else sorted(pair, key=str)):
                data = pair[key]
                relation = data.get("relation")
                out = outs.get((relation, start_label, end_label))
                if out is None:
                    group = (rel_type(u, v, relation), start_label, end_label)
                    out = outs[(relation, start_label, end_label)] = [handles[group], plans[group], [], f"{group[0]}"]
                fh, plan, rows, rtype = out
                key_field = text.known.get(key) if type(key) is str else None
                if key_field is None:
                    key_field = text(key if type(key) is str else str(key))
                fields = [start, end, rtype, key_field]
                for attr, name, kind in plan:  # _csv_cells with text fields remembered, inlined: once per edge
                    value = data.get(attr) if attr is not None else _year(data.get("date"))
                    if value is None:
                        fields.append("")
                    elif kind == "string" and type(value) is str:
                        fields.append(known(value) or text(value))
                    elif type(value) is int and (kind == "int" or kind == "long"):
                        fields.append(str(value))
                    else:  # lists, floats, booleans: coerced and checked as in node rows
                        fields.append(csv_field(_csv_cells([(attr, name, kind)], data, (u, v))[0]))
                rows.append(",".join(fields))
                if len(rows) >= _ROWS_PER_WRITE:
                    fh.write("\n".join(rows) + "\n")
                    rows.clear()
    for fh, _plan, rows, _type in outs.values():
        if rows:
            fh.write("\n".join(rows) + "\n")
    return written


def import_command(csv_files: list[str]) -> list[str]:
    """The lines of the neo4j-admin command that loads these files.

    The database name comes right after `full` (Neo4j >= 5.19), so the file
    lists cannot swallow it.
    """
    lines = ['"$NEO4J_ADMIN" database import full "$DATABASE"',
             f"--delimiter=, --array-delimiter={ARRAY_DELIMITER_FLAG} --quote='\"' --id-type=string"]
    for relative in csv_files:
        flag = "--nodes" if relative.startswith("nodes/") else "--relationships"
        lines.append(f"{flag}={shlex.quote(relative)}")
    return lines


def import_script(csv_files: list[str], schema: Schema) -> str:
    command = " \\\n  ".join(import_command(csv_files))
    return (
        "#!/bin/sh\n"
        "# Bulk-load this folder into an empty Neo4j database (Neo4j 5.19 or later), offline:\n"
        "#   1. stop the database (neo4j stop), then run: ./import.sh [DATABASE]   (default: neo4j)\n"
        "#      NEO4J_ADMIN=/path/to/bin/neo4j-admin ./import.sh   if neo4j-admin is not on PATH;\n"
        "#      add --overwrite-destination=true below to replace an existing database.\n"
        "#   2. start Neo4j (on Community, a database other than neo4j also needs CREATE DATABASE),\n"
        "#      then create the uniqueness constraints: cypher-shell -d DATABASE -f constraints.cypher\n"
        f"# {sum(schema.node_counts.values())} nodes in {len(schema.labels)} files, "
        f"{sum(schema.rel_counts.values())} relationships in {len(schema.groups)} files.\n"
        "# Arrays (aliases, sources, ...) are separated by U+001F, a character papergraph removes from all text.\n"
        "# Cells that begin with = + - @ carry a leading ' so that no spreadsheet runs them as formulas.\n"
        "set -eu\n"
        'cd "$(dirname "$0")"\n'
        'NEO4J_ADMIN="${NEO4J_ADMIN:-neo4j-admin}"\n'
        'DATABASE="${1:-neo4j}"\n'
        f"exec {command}\n"
    )


@dataclass
class ExportSummary:
    out_dir: Path
    nodes: int = 0
    relationships: int = 0
    files: list[str] = field(default_factory=list)
    statements: int = 0


def export_neo4j(graph: nx.MultiDiGraph, out_dir: str | Path, batch_rows: int = 500,
                 statement_bytes: int = DEFAULT_STATEMENT_BYTES, cypher: bool = True) -> ExportSummary:
    """Write the bulk-import CSVs, import.sh, import.cypher and constraints.cypher into out_dir.

    `cypher=False` leaves import.cypher out (`papergraph build --neo4j`): the CSV folder is
    what a large graph is loaded from, and the script costs twice the CSVs' time.

    Every file is written under a temporary name and renamed into place only
    when all are complete; CSVs of an earlier export that this graph no longer
    has are removed, so import.sh and the folder always agree.
    """
    out = Path(out_dir)
    schema = Schema(graph)
    files = _AtomicFiles(out)
    # (graph.number_of_edges() walks every node's adjacency; the schema has counted them)
    summary = ExportSummary(out, graph.number_of_nodes(), sum(schema.rel_counts.values()))
    try:
        csv_files = write_csv(graph, files, schema)
        script = files.create("import.sh")
        script.write(import_script(csv_files, schema))
        with_constraints = files.create("constraints.cypher")
        write_constraints(schema, with_constraints)
        if cypher:
            summary.statements = write_cypher(graph, files.create("import.cypher"), batch_rows, statement_bytes, schema)
        files.commit()
    except BaseException:
        files.abort()
        raise
    (out / "import.sh").chmod(0o755)
    for folder in ("nodes", "relationships"):
        for stale in sorted((out / folder).glob("*.csv")):
            if f"{folder}/{stale.name}" not in csv_files:
                stale.unlink()
    if not cypher:
        (out / "import.cypher").unlink(missing_ok=True)  # an earlier export's script would not match
    summary.files = [*csv_files, "import.sh", "constraints.cypher", *(["import.cypher"] if cypher else [])]
    return summary


def stream_cypher(graph: nx.MultiDiGraph, fh) -> None:
    """import.cypher written batch by batch to a binary file (the bytes of render_cypher)."""
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    try:
        write_cypher(graph, text)
        text.flush()
    finally:
        text.detach()


def _write_import_folder(graph: nx.MultiDiGraph, folder: Path) -> None:
    export_neo4j(graph, folder, cypher=False)


register_folder(FolderOutput("neo4j", "neo4j", _write_import_folder,
                             "Neo4j bulk-import folder: CSVs, import.sh, constraints.cypher"))
register(Renderer("cypher", "import.cypher", render_cypher,
                  "Cypher script for cypher-shell: constraints, then batched UNWIND ... MERGE", stream_cypher))
