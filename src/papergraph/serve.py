"""`papergraph serve`: a read-only SPARQL 1.1 Protocol endpoint and an offline query page.

- `/sparql` answers GET and POST (form-encoded or application/sparql-query) with
  SPARQL results JSON, XML, CSV or TSV (CONSTRUCT/DESCRIBE: Turtle, N-Triples,
  JSON-LD, RDF/XML), chosen by the Accept header.
- Read-only: updates are refused (403), and so are SERVICE (no federation, the
  server makes no request of its own) and LOAD.
- Each query runs in a worker process holding its own Oxigraph store. A query
  that passes the time limit has its worker killed and replaced: Oxigraph cannot
  interrupt a query, a process can always be stopped.
- `/` is a YASGUI page served from files vendored in the package
  (serve_static/), so it works without any network; its Content-Security-Policy
  lets it talk to this server only.

The triples sit in the named graph https://papergraph.dev/graph, and the default
graph is the union of all graphs, so queries need no FROM, and a client that
names the graph (default-graph-uri) gets the same answers as from a triple store
the graph was pushed to with `papergraph push sparql`.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from . import rdf
from .export.rdf_formats import DEFAULT_GRAPH_IRI
from .query import forbidden_operation, named_queries

STATIC = Path(__file__).resolve().parent / "serve_static"
STATIC_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/static/yasgui.min.js": ("yasgui.min.js", "text/javascript; charset=utf-8"),
    "/static/yasgui.min.css": ("yasgui.min.css", "text/css; charset=utf-8"),
    "/static/page.js": ("page.js", "text/javascript; charset=utf-8"),
    "/static/page.css": ("page.css", "text/css; charset=utf-8"),
}
# The page may run its own scripts and talk to this server, nothing else.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            "base-uri 'self'; form-action 'none'; frame-ancestors 'none'")

RESULT_MEDIA = {  # SELECT and ASK
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
RESULT_TYPE = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {  # CONSTRUCT and DESCRIBE
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
}
GRAPH_TYPE = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
              "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "jsonld": "application/ld+json"}

MAX_QUERY_BYTES = 256 * 1024
MAX_RESULT_BYTES = 64 * 1024 * 1024


def accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, most preferred first (stable for equal q)."""
    items = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, media))
    return [m for _q, _i, m in sorted(items)]


def _choose(media: list[str], table: dict[str, str], default: str) -> str:
    for m in media:
        if m in table:
            return table[m]
        if m in ("*/*", "application/*", "text/*"):
            return default
    return default


# -- the worker process --------------------------------------------------------

def _worker_main(conn, data_path: str, graph_iri: str, max_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops the workers
    fmt = rdf.RDF_SUFFIXES[Path(data_path).suffix.lower()]
    store = ox.Store()
    try:
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):  # has graphs of its own: keep them
            store.bulk_load(path=data_path, format=fmt)
        else:
            store.bulk_load(path=data_path, format=fmt, to_graph=ox.NamedNode(graph_iri))
    except (SyntaxError, OSError, ValueError) as exc:
        conn.send(("error", f"{data_path}: {exc}"))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(_answer(store, request, max_bytes))


def _answer(store: ox.Store, request: dict, max_bytes: int) -> tuple[int, str, bytes]:
    options = {"prefixes": rdf.PREFIXES}
    if request.get("default_graphs"):
        options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
    else:
        options["use_default_graph_as_union"] = True
    if request.get("named_graphs"):
        options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    try:
        result = store.query(request["query"], **options)
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            fmt = _choose(request["accept"], RESULT_MEDIA, "json")
            oxfmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                     "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[fmt]
            body, ctype = result.serialize(format=oxfmt), RESULT_TYPE[fmt]
        else:
            fmt = _choose(request["accept"], GRAPH_MEDIA, "turtle")
            oxfmt = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                     "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
            triples = list(result)
            body = ox.serialize(triples, format=oxfmt,
                                **({"prefixes": rdf.PREFIXES} if fmt == "turtle" else {}))
            ctype = GRAPH_TYPE[fmt]
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"query syntax error: {exc}\n".encode()
    except (OSError, ValueError, RuntimeError) as exc:
        return 500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode()
    if len(body) > max_bytes:
        return 500, "text/plain; charset=utf-8", (
            f"the result is larger than the {max_bytes // (1024 * 1024)} MB limit; add a LIMIT\n").encode()
    return 200, ctype, body


@dataclass(eq=False)
class _Worker:
    process: mp.Process
    conn: object

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """Worker processes, each with the whole graph; a query past the limit costs its worker."""

    def __init__(self, data_path: str, workers: int = 2, timeout: float = 10.0,
                 graph_iri: str = DEFAULT_GRAPH_IRI, max_result_bytes: int = MAX_RESULT_BYTES):
        self.data_path, self.timeout, self.graph_iri = data_path, timeout, graph_iri
        self.max_result_bytes = max_result_bytes
        self.triples = 0
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.killed = 0
        for _ in range(max(1, workers)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, name="papergraph-sparql-worker", daemon=True,
                                    args=(child, self.data_path, self.graph_iri, self.max_result_bytes))
        process.start()
        child.close()
        worker = _Worker(process, parent)
        answer = parent.recv() if parent.poll(600) else None
        if not answer or answer[0] != "ready":
            worker.stop()
            raise ValueError(answer[1] if answer else "a SPARQL worker did not start")
        self.triples = answer[1]
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        self._idle.put(self._spawn())

    def run(self, request: dict) -> tuple[int, str, bytes]:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"the endpoint is busy; try again\n"
        try:
            worker.conn.send(request)
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            self._replace(worker)
            return 500, "text/plain; charset=utf-8", b"the query worker failed; try again\n"
        self.killed += 1
        self._replace(worker)
        return 503, "text/plain; charset=utf-8", (
            f"the query ran past the time limit of {self.timeout:g} s and was stopped\n").encode()

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()


# -- HTTP ------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server: "SparqlServer"
    server_version = "papergraph-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per request, unless quiet
        if not self.server.quiet:
            sys.stderr.write(f"papergraph serve: {self.address_string()} {fmt % args}\n")

    def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, extra: dict | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode(), extra)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        if url.path in STATIC_FILES:
            name, ctype = STATIC_FILES[url.path]
            extra = {"Content-Security-Policy": PAGE_CSP} if name.endswith(".html") else {}
            return self._send(200, ctype, (STATIC / name).read_bytes(), extra)
        if url.path == "/queries.json":
            listing = [{"name": q.name, "description": q.description, "text": q.text}
                       for q in named_queries().values()]
            return self._send(200, "application/json", json.dumps(listing, ensure_ascii=False).encode())
        if url.path == "/sparql":
            return self._sparql(parse_qs(url.query, keep_blank_values=True))
        return self._text(404, "not found; the query page is at / and the endpoint at /sparql")

    do_HEAD = do_GET

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._text(404, "not found; POST queries to /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            return self._text(413, f"request body over {MAX_QUERY_BYTES} bytes")
        body = self.rfile.read(length) if length else b""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/sparql-update":
            return self._refuse_update()
        else:
            return self._text(415, "POST a form (query=...) or application/sparql-query")
        return self._sparql(params)

    def do_PUT(self):  # noqa: N802
        self._text(405, "read-only endpoint", {"Allow": "GET, POST, HEAD"})

    do_DELETE = do_PATCH = do_PUT

    def _refuse_update(self):
        return self._text(403, "this endpoint is read-only: SPARQL Update is not accepted")

    def _sparql(self, params: dict[str, list[str]]):
        if "update" in params:
            return self._refuse_update()
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            return self._text(400, "give exactly one query parameter (SPARQL 1.1 Protocol); the query page is at /")
        text = queries[0]
        if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
            return self._text(413, f"query over {MAX_QUERY_BYTES} bytes")
        bad = forbidden_operation(text)
        if bad:
            what = "SERVICE (federated query)" if bad == "SERVICE" else bad
            return self._text(400, f"{what} is not allowed: this endpoint is read-only and makes no requests")
        media = accepted(self.headers.get("Accept"))
        fmt = (params.get("format") or params.get("output") or [""])[0].lower()
        if fmt in FORMAT_PARAM:
            media = [FORMAT_PARAM[fmt]] + media
        status, ctype, body = self.server.pool.run({
            "query": text, "accept": media,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        })
        self._send(status, ctype, body)


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, source: str | Path | list[ox.Triple], host: str = "127.0.0.1", port: int = 8000,
                 timeout: float = 10.0, workers: int = 2, quiet: bool = False):
        """Serve `source`: an RDF file (each worker loads it itself) or triples."""
        self.quiet = quiet
        self._tmp = tempfile.TemporaryDirectory(prefix="papergraph-serve-")
        if isinstance(source, (str, Path)) and Path(source).suffix.lower() in rdf.RDF_SUFFIXES:
            data = str(Path(source).resolve())
        else:
            triples = source if isinstance(source, list) else rdf.read_rdf(source)
            data = os.path.join(self._tmp.name, "graph.nt")
            with open(data, "wb") as fh:
                fh.write(rdf.serialize(triples, ox.RdfFormat.N_TRIPLES))
        try:
            self.pool = QueryPool(data, workers=workers, timeout=timeout)
        except BaseException:
            self._tmp.cleanup()
            raise
        self.triples = self.pool.triples
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), _Handler)
        except BaseException:
            self.pool.close()
            self._tmp.cleanup()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()
        self._tmp.cleanup()
