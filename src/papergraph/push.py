"""`papergraph push sparql`: load the graph into an external triple store over HTTP.

Two standard protocols, so any store will do (Virtuoso, Fuseki, GraphDB,
Oxigraph server, Blazegraph, ...):

- SPARQL 1.1 Graph Store HTTP Protocol (`--method gsp`, the default): PUT the
  first batch to `ENDPOINT?graph=IRI` (replacing the graph), POST the rest.
- SPARQL 1.1 Update (`--method update`): `DROP SILENT GRAPH <IRI>`, then
  `INSERT DATA { GRAPH <IRI> { ... } }` in batches.

Triples travel as N-Triples (which is also Turtle and SPARQL triple syntax),
written by Oxigraph, so digest text arrives as escaped literals and never as
query code. HTTP Basic and Digest authentication are both answered, up front.
"""
from __future__ import annotations

import base64
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


class _Session:
    """Sends requests with credentials up front (Basic, or Digest from one probe's challenge).

    A store that wants Digest answers the first, unauthenticated request with 401
    and often closes the connection while a large body is still being sent; so a
    body-less HEAD fetches the challenge first, and every upload then carries its
    Authorization header from the start.
    """

    def __init__(self, user: str | None, password: str | None, timeout: float):
        self.user, self.password, self.timeout = user, password or "", timeout
        self.opener = urllib.request.build_opener()
        self._digest: urllib.request.AbstractDigestAuthHandler | None = None
        self._challenge: dict | None = None
        self._basic = False

    def _probe(self, url: str) -> None:
        request = urllib.request.Request(url, method="HEAD")
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read()
            return  # no authentication asked for here
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                return
            header = exc.headers.get("WWW-Authenticate", "")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PushError(f"{url}: cannot reach the store ({reason})") from None
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, self.user, self.password)
            self._digest = urllib.request.AbstractDigestAuthHandler(manager)
            self._challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        else:
            self._basic = True
        # Check the credentials with a body-less request too: a store that refuses them
        # mid-upload just drops the connection, which says nothing about why.
        check = urllib.request.Request(url, method="HEAD")
        self._authorize(check)
        try:
            with self.opener.open(check, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise PushError(f"{url}: HTTP {exc.code} {exc.reason}: the store refuses user {self.user!r} "
                                f"with this password (check --user and ${PASSWORD_ENV})") from None
        except (urllib.error.URLError, OSError):
            pass

    def _authorize(self, request: urllib.request.Request) -> None:
        if self._digest is not None:
            value = self._digest.get_authorization(request, self._challenge)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")
        elif self._basic:
            token = base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def send(self, method: str, url: str, body: bytes, ctype: str) -> None:
        if self.user and self._digest is None and not self._basic:
            self._probe(url)
        for attempt in (1, 2):
            request = urllib.request.Request(url, data=body, method=method,
                                             headers={"Content-Type": ctype, "Accept": "*/*"})
            if self.user:
                self._authorize(request)
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    response.read()
                return
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and self.user and attempt == 1:
                    self._digest, self._basic = None, False  # a stale nonce: ask again, once
                    self._probe(url)
                    continue
                detail = exc.read(600).decode("utf-8", "replace").strip().replace("\n", " ")
                hint = f" (check --user and ${PASSWORD_ENV})" if exc.code in (401, 403) else ""
                raise PushError(f"{url}: HTTP {exc.code} {exc.reason}{hint}: {detail[:300]}") from None
            except urllib.error.URLError as exc:
                raise PushError(f"{url}: cannot reach the store ({exc.reason})") from None
            except OSError as exc:
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
    session = _Session(user, password, timeout)
    started = time.perf_counter()
    requests = 0
    if method == "gsp":
        url = endpoint + ("&" if "?" in endpoint else "?") + "graph=" + quote(graph, safe="")
        first = True
        for batch in _batches(triples, size) if triples else [[]]:
            body = rdf.serialize(batch, ox.RdfFormat.N_TRIPLES)
            verb = "PUT" if first and replace else "POST"
            session.send(verb, url, body, "text/turtle; charset=utf-8")
            requests += 1
            first = False
            if progress:
                progress(len(batch))
    else:
        def update(text: str) -> None:
            nonlocal requests
            body = urlencode({"update": text}).encode("utf-8")
            session.send("POST", endpoint, body, "application/x-www-form-urlencoded")
            requests += 1

        if replace:
            update(f"DROP SILENT GRAPH <{graph}>")
        for batch in _batches(triples, size):
            data = rdf.serialize(batch, ox.RdfFormat.N_TRIPLES).decode("utf-8")
            update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}")
            if progress:
                progress(len(batch))
    return PushReport(endpoint, graph, method, len(triples), requests, time.perf_counter() - started)
