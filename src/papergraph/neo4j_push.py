"""Load the graph into a running Neo4j through the official `neo4j` Python driver.

Same mapping and the same MERGE statements as import.cypher (export/neo4j.py),
but the rows travel as parameters: `UNWIND $rows AS row MERGE ...`, one
write transaction per batch, so no digest text is ever part of a query.

Order: uniqueness constraints first (they are the indexes MERGE looks ids up
in), then nodes per label, then relationships per (type, start label, end
label). Every write is a MERGE on the node id or the relationship key, so a
second push creates nothing. A server that refuses CREATE CONSTRAINT (an older
Neo4j, or another Bolt server such as FalkorDB or Memgraph) gets a warning,
a plain index on the id where it accepts one, and the push goes on.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Callable

import networkx as nx

from .export.neo4j import (
    DEFAULT_BATCH_ROWS, Schema, batches, constraint_statement, cypher_name, edges_by_group,
    node_ids_by_label, node_merge, node_rows, relationship_merge, relationship_rows,
)

DEFAULT_BATCH_BYTES = 4 * 1024 * 1024


class PushError(Exception):
    """The server could not be reached, refused the login, or failed a write; one line for the user."""


@dataclass
class PushSummary:
    uri: str
    database: str | None
    nodes: int = 0                  # rows sent
    relationships: int = 0
    nodes_created: int = 0          # what the server reports it changed
    relationships_created: int = 0
    labels_added: int = 0
    properties_set: int = 0
    constraints_added: int = 0
    constraints_refused: list[str] = field(default_factory=list)
    indexes_added: int = 0
    batches: int = 0
    seconds: float = 0.0
    queries: list[str] = field(default_factory=list)  # every distinct query text sent, in order

    def _sent(self, query: str) -> None:
        if query not in self.queries:
            self.queries.append(query)

    def _count(self, counters) -> None:
        self.nodes_created += counters.nodes_created
        self.relationships_created += counters.relationships_created
        self.labels_added += counters.labels_added
        self.properties_set += counters.properties_set
        self.constraints_added += counters.constraints_added
        self.indexes_added += counters.indexes_added


def index_statement(label: str) -> str:
    """The fallback where constraints are refused: a plain index (syntax Neo4j, Memgraph-like and FalkorDB share)."""
    return f"CREATE INDEX FOR (n:{cypher_name(label)}) ON (n.id)"


def _row_bytes(row: dict) -> int:
    return len(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()) + 1


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _write(tx, query: str, rows: list[dict]):
    return tx.run(query, rows=rows).consume().counters


def push(graph: nx.MultiDiGraph, uri: str, user: str, password: str, database: str | None = None,
         batch_size: int = DEFAULT_BATCH_ROWS, batch_bytes: int = DEFAULT_BATCH_BYTES,
         on_progress: Callable[[int], None] | None = None,
         warn: Callable[[str], None] | None = None) -> PushSummary:
    """Push the graph; `on_progress(rows)` after each batch, `warn(text)` for what was skipped.

    batch_bytes bounds the parameters of one request (a lone bigger row still
    goes alone): a few servers that speak Bolt cannot take large messages.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    warn = warn or (lambda _text: None)
    started = time.perf_counter()
    schema = Schema(graph)
    summary = PushSummary(uri, database)
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), user_agent="papergraph")
    except (ConfigurationError, ValueError) as exc:
        raise PushError(f"{uri}: {exc}") from exc
    try:
        with driver:
            driver.verify_connectivity()
            _constraints(driver, database, schema, summary, warn)
            _nodes(driver, database, graph, schema, summary, batch_size, batch_bytes, on_progress)
            _relationships(driver, database, graph, schema, summary, batch_size, batch_bytes, on_progress)
    except AuthError as exc:
        raise PushError(f"{uri}: the server refused the login of user {user!r} ({exc.message})") from exc
    except ServiceUnavailable as exc:
        raise PushError(f"{uri}: cannot reach the server ({_one_line(exc)})") from exc
    except Neo4jError as exc:
        raise PushError(f"{uri}: the server failed a write: {exc.code}: {_one_line(exc.message)}") from exc
    summary.seconds = time.perf_counter() - started
    return summary


def _constraints(driver, database, schema: Schema, summary: PushSummary, warn) -> None:
    from neo4j.exceptions import AuthError, Neo4jError

    for label in schema.labels:
        query = constraint_statement(label)
        summary._sent(query)
        try:
            with driver.session(database=database) as session:
                summary._count(session.run(query).consume().counters)
        except Neo4jError as exc:
            if isinstance(exc, AuthError):
                raise
            summary.constraints_refused.append(label)
            if len(summary.constraints_refused) == 1:
                warn(f"the server refused CREATE CONSTRAINT ({exc.code}: {exc.message}); "
                     "pushing without uniqueness constraints (every write is still a MERGE on id)")
            fallback = index_statement(label)
            summary._sent(fallback)
            try:
                with driver.session(database=database) as session:
                    summary._count(session.run(fallback).consume().counters)
            except Neo4jError:
                pass  # an index from an earlier push, or none to be had: MERGE works without one


def _send(driver, database, query: str, rows, summary: PushSummary, size: int, max_bytes: int,
          on_progress) -> None:
    summary._sent(query)
    for batch in batches(rows, size, max_bytes, _row_bytes):
        with driver.session(database=database) as session:
            summary._count(session.execute_write(_write, query, batch))
        summary.batches += 1
        if on_progress:
            on_progress(len(batch))


def _nodes(driver, database, graph, schema: Schema, summary: PushSummary, size, max_bytes, on_progress) -> None:
    ids = node_ids_by_label(graph, schema)
    for label in schema.labels:
        labels = (label, *schema.extra_labels[label])
        group = ids.pop(label)
        _send(driver, database, node_merge(labels), node_rows(graph, schema, group), summary, size, max_bytes,
              on_progress)
        summary.nodes += len(group)


def _relationships(driver, database, graph, schema: Schema, summary: PushSummary, size, max_bytes,
                   on_progress) -> None:
    edges = edges_by_group(graph, schema)
    for group in schema.groups:
        members = edges.pop(group)
        _send(driver, database, relationship_merge(group), relationship_rows(graph, schema, members), summary,
              size, max_bytes, on_progress)
        summary.relationships += len(members)


def planned_queries(graph: nx.MultiDiGraph) -> list[str]:
    """Every query text a push of this graph sends, for checking them without a server."""
    schema = Schema(graph)
    queries = [constraint_statement(label) for label in schema.labels]
    queries += [index_statement(label) for label in schema.labels]
    queries += [node_merge((label, *schema.extra_labels[label])) for label in schema.labels]
    queries += [relationship_merge(group) for group in schema.groups]
    return queries

