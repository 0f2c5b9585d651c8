"""`papergraph push sparql`: load the graph into an external triple store over HTTP.

Two standard protocols, so any store will do (Virtuoso, Fuseki, GraphDB,
Oxigraph server, Blazegraph, ...):

- SPARQL 1.1 Graph Store HTTP Protocol (`--method gsp`, the default): PUT the
  first batch to `ENDPOINT?graph=IRI` (replacing the graph), POST the rest.
- SPARQL 1.1 Update (`--method update`): `DROP SILENT GRAPH <IRI>`, then
  `INSERT DATA { GRAPH <IRI> { ... } }` in batches.

Triples travel as N-Triples (which is also Turtle and SPARQL triple syntax),
written by Oxigraph, so digest text arrives as escaped literals and never as
query code. HTTP Basic and Digest authentication are both answered.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from . import rdf
from .export.rdf_formats import DEFAULT_GRAPH_IRI

METHODS = ("gsp", "update")
PASSWORD_ENV = "PAPERGRAPH_SPARQL_PASSWORD"


class PushError(Exception):
    """The store refused or could not be reached; the message says which and why."""


@dataclass
class PushReport:
    endpoint: str
    graph: str
    method: str
    triples: int
    requests: int
    seconds: float


def _opener(endpoint: str, user: str | None, password: str | None):
    handlers = []
    if user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, endpoint, user, password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _send(opener, method: str, url: str, body: bytes, ctype: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": ctype, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(600).decode("utf-8", "replace").strip().replace("\n", " ")
        hint = " (check --user and $" + PASSWORD_ENV + ")" if exc.code in (401, 403) else ""
        raise PushError(f"{url}: HTTP {exc.code} {exc.reason}{hint}: {detail[:300]}") from None
    except urllib.error.URLError as exc:
        raise PushError(f"{url}: cannot reach the store ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise PushError(f"{url}: {exc}") from None


def _batches(triples: list[ox.Triple], size: int) -> Iterable[list[ox.Triple]]:
    for start in range(0, len(triples), size):
        yield triples[start:start + size]


def _iri_ok(graph: str) -> str:
    if any(c in graph for c in '<>"{}|^`\\ \t\r\n') or ":" not in graph:
        raise PushError(f"--graph {graph!r}: not an absolute IRI")
    return graph


def push(triples: list[ox.Triple], endpoint: str, graph: str = DEFAULT_GRAPH_IRI, method: str = "gsp",
         user: str | None = None, password: str | None = None, replace: bool = True,
         batch_size: int | None = None, timeout: float = 300.0,
         progress: Callable[[int], None] | None = None) -> PushReport:
    """Load the triples into `graph` at `endpoint`; returns what was sent."""
    if method not in METHODS:
        raise PushError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    if not endpoint.startswith(("http://", "https://")):
        raise PushError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
    graph = _iri_ok(graph)
    size = batch_size or (50_000 if method == "gsp" else 2_000)
    opener = _opener(endpoint, user, password)
    started = time.perf_counter()
    requests = 0
    if method == "gsp":
        url = endpoint + ("&" if "?" in endpoint else "?") + "graph=" + quote(graph, safe="")
        first = True
        for batch in _batches(triples, size) if triples else [[]]:
            body = rdf.serialize(batch, ox.RdfFormat.N_TRIPLES)
            verb = "PUT" if first and replace else "POST"
            _send(opener, verb, url, body, "text/turtle; charset=utf-8", timeout)
            requests += 1
            first = False
            if progress:
                progress(len(batch))
    else:
        def update(text: str) -> None:
            nonlocal requests
            body = urlencode({"update": text}).encode("utf-8")
            _send(opener, "POST", endpoint, body, "application/x-www-form-urlencoded", timeout)
            requests += 1

        if replace:
            update(f"DROP SILENT GRAPH <{graph}>")
        for batch in _batches(triples, size):
            data = rdf.serialize(batch, ox.RdfFormat.N_TRIPLES).decode("utf-8")
            update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}")
            if progress:
                progress(len(batch))
    return PushReport(endpoint, graph, method, len(triples), requests, time.perf_counter() - started)
