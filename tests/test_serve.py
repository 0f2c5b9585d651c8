"""`papergraph serve`: a real SPARQL 1.1 Protocol client, a real browser, a real time limit.

The server is the real command (`python -m papergraph serve`), listening on
127.0.0.1 with a port the OS picks, and stopped by the test.
"""
import csv
import io
import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper, TURTLE

from conftest import IN_CI, need_tool
from papergraph import query as q
from papergraph.rdf import PG
from papergraph.export.rdf_formats import DEFAULT_GRAPH_IRI
from rdf_helpers import result_from_json

TIMEOUT = 3


@pytest.fixture(scope="module")
def server(seeds_build):
    _, _, out = seeds_build
    proc = subprocess.Popen(
        [sys.executable, "-m", "papergraph", "serve", "--from", str(out), "--port", "0",
         "--timeout", str(TIMEOUT), "--workers", "2", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"query page (http://127\.0\.0\.1:\d+/)", line)
        assert match, line + proc.stderr.read() if proc.poll() is not None else line
        yield match.group(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, proc.stderr.read()


@pytest.fixture(scope="module")
def local(seeds_build):
    return q.make_engine("oxigraph", q.load_triples(seeds_build[2]))


def _http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _get(server, query, accept="application/sparql-results+json", **params):
    qs = urllib.parse.urlencode({"query": query, **params})
    return _http(f"{server}sparql?{qs}", headers={"Accept": accept})


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_shipped_queries_agree_over_http_with_a_real_client(server, local, method):
    for name, nq in q.named_queries().items():
        client = SPARQLWrapper(f"{server}sparql")
        client.setQuery(nq.text)
        client.setReturnFormat(JSON)
        if method == "POST":
            client.setMethod(POST)
        remote = result_from_json(client.queryAndConvert())
        assert remote.rows, name
        assert q.canonical(remote) == q.canonical(local.query(nq.text, name)), name


def test_results_by_content_negotiation(server):
    query = "SELECT ?m ?label WHERE { ?m a pg:Metric ; rdfs:label ?label } ORDER BY ?label LIMIT 3"
    client = SPARQLWrapper(f"{server}sparql")
    client.setQuery(query)
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()  # a DOM, parsed by SPARQLWrapper
    assert len(xml.getElementsByTagName("result")) == 3
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode("utf-8"))))
    assert rows[0] == ["m", "label"] and len(rows) == 4
    client.setReturnFormat(TSV)
    assert client.queryAndConvert().decode("utf-8").splitlines()[0] == "?m\t?label"

    status, headers, body = _get(server, query, accept="text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    status, headers, body = _get(server, query, accept="*/*")
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 3


def test_construct_returns_rdf(server, seeds_build):
    client = SPARQLWrapper(f"{server}sparql")
    client.setQuery("CONSTRUCT { ?m a pg:Metric } WHERE { ?m a pg:Metric }")
    client.setReturnFormat(TURTLE)
    import rdflib

    g = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    # one triple per metric of the build, as graph.ttl (read here by rdflib) holds them
    built = rdflib.Graph().parse(seeds_build[2] / "graph.ttl", format="turtle")
    metrics = set(built.subjects(rdflib.RDF.type, PG.Metric))
    assert len(metrics) > 5 and set(g.subjects()) == metrics and len(g) == len(metrics)


def test_naming_the_pushed_graph_gives_the_same_answers(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a pg:Paper }"
    count = lambda **p: json.loads(_get(server, query, **p)[2])["results"]["bindings"][0]["n"]["value"]  # noqa: E731
    assert count() == count(**{"default-graph-uri": DEFAULT_GRAPH_IRI}) == "89"
    assert count(**{"default-graph-uri": "https://example.org/other"}) == "0"


def test_updates_are_refused(server):
    status, _, body = _http(f"{server}sparql", urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, _ = _http(f"{server}sparql", b"CLEAR DEFAULT", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = _http(f"{server}sparql", b"<a:b> <a:c> <a:d> .", {"Content-Type": "text/turtle"}, method="PUT")
    assert status == 405
    for text in ("LOAD <http://127.0.0.1:9/x.ttl>", "INSERT DATA { <a:b> <a:c> <a:d> }"):
        status, _, _ = _get(server, text)
        assert status == 400
    # and the data is all still there
    status, _, body = _get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 9000


def test_service_is_refused_before_any_request_is_made(server):
    status, _, body = _get(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body


def test_a_slow_query_is_stopped_and_the_endpoint_lives_on(server):
    started = time.monotonic()
    status, _, body = _get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 30
    status, _, body = _get(server, "ASK { ?s a pg:Paper }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_bad_requests_get_clear_answers(server):
    status, _, body = _get(server, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and b"syntax" in body
    status, _, _ = _http(f"{server}sparql")
    assert status == 400
    status, _, _ = _http(f"{server}nothing-here")
    assert status == 404


def test_the_query_page_and_its_files_are_served_from_the_package(server):
    status, headers, page = _http(server)
    assert status == 200 and b'src="static/yasgui.min.js"' in page
    csp = headers["Content-Security-Policy"]
    assert "connect-src 'self'" in csp and "script-src 'self'" in csp
    assert not re.search(rb"""(src|href)=["']?(https?:)?//""", page)
    for path in ("static/yasgui.min.js", "static/yasgui.min.css", "static/page.js", "queries.json"):
        status, _, body = _http(server + path)
        assert status == 200 and body, path
    listing = json.loads(_http(server + "queries.json")[2])
    assert [x["name"] for x in listing] == sorted(q.named_queries())


def test_the_query_page_runs_a_query_offline_in_a_real_browser(server, local, browser):
    leaderboard_rows = local.query(q.named_queries()["leaderboard"].text, "leaderboard").rows
    elsewhere, problems = [], []
    context = browser.new_context()
    try:
        page = context.new_page()

        def route(r):
            if r.request.url.startswith(server) or r.request.url.startswith("data:"):
                r.continue_()
            else:  # the page must not need the network: record, and refuse
                elsewhere.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(server)
        page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
        page.wait_for_function("document.querySelectorAll('#examples option').length > 10")
        page.select_option("#examples", "leaderboard")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=30_000)
        table = page.inner_text(".yasr table.dataTable")
        assert "Natural Questions" in table and "LongRAG" in table
        assert page.locator(".yasr table.dataTable tbody tr").count() == len(leaderboard_rows)
    finally:
        context.close()
    assert elsewhere == []
    assert problems == []
