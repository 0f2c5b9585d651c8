"""`papergraph push sparql` into a real Virtuoso, started here on 127.0.0.1 and stopped after.

Virtuoso (Debian's virtuoso-opensource) runs with its own ini and database in a
temporary folder, both its ports bound to 127.0.0.1. The graph goes in once by
the Graph Store Protocol and once by SPARQL Update; every shipped query must then
answer exactly as Oxigraph does locally.
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from conftest import need_tool
from papergraph import query as q
from papergraph.export.rdf_formats import DEFAULT_GRAPH_IRI
from rdf_helpers import result_from_json

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 4
CheckpointInterval   = 0
CaseMode             = 2
DirsAllowed          = {dir}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
MaxClientConnections = 4
ServerThreads        = 4
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""
USER, PASSWORD = "dba", "dba"  # the fresh database's own administrator


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}sparql?query=" + urllib.parse.quote("ASK {}"), timeout=5) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    binary = need_tool("virtuoso-t", "the Virtuoso server from Debian's virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = open(folder / "stdout.log", "wb")
    proc = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/"
    try:
        deadline = time.monotonic() + 120
        while not _ready(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Virtuoso did not start:\n" + (folder / "stdout.log").read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def local(seeds_build):
    triples = q.load_triples(seeds_build[2])
    return triples, q.make_engine("oxigraph", triples)


def push(out, *args, password=PASSWORD):
    env = {**os.environ, "PAPERGRAPH_SPARQL_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "papergraph", "push", "sparql", "--from", str(out), *args],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)


def ask(url: str, graph: str, text: str):
    client = SPARQLWrapper(f"{url}sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    client.addParameter("default-graph-uri", graph)
    return result_from_json(client.queryAndConvert())


def count(url: str, graph: str) -> int:
    return int(ask(url, graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value)


def _listening(port: int) -> set[str]:
    """The addresses a TCP port is listening on, read from /proc/net/tcp{,6} (no traffic sent)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]) if len(address) == 8
                          else address)
    return found


def test_virtuoso_listens_on_loopback_only(virtuoso):
    port = int(virtuoso.rsplit(":", 1)[1].strip("/"))
    assert _listening(port) == {"127.0.0.1"}


@pytest.mark.parametrize("method, endpoint, graph", [
    ("gsp", "sparql-graph-crud-auth", DEFAULT_GRAPH_IRI),
    ("update", "sparql-auth", "https://papergraph.dev/graph-by-update"),
])
def test_pushed_graph_answers_every_shipped_query_like_oxigraph(virtuoso, seeds_build, local, method, endpoint, graph):
    triples, engine = local
    run = push(seeds_build[2], "--method", method, "--endpoint", virtuoso + endpoint, "--graph", graph, "--user", USER)
    assert run.returncode == 0, run.stderr
    assert f"pushed {len(triples)} triples into <{graph}>" in run.stdout
    assert count(virtuoso, graph) == len(triples)
    for name, nq in q.named_queries().items():
        remote = ask(virtuoso, graph, nq.text)
        assert remote.rows, name
        assert q.canonical(remote) == q.canonical(engine.query(nq.text, name)), name
    # a second push replaces the graph: nothing doubles
    run = push(seeds_build[2], "--method", method, "--endpoint", virtuoso + endpoint, "--graph", graph,
               "--user", USER, "--batch-size", "3000")
    assert run.returncode == 0, run.stderr
    assert count(virtuoso, graph) == len(triples)


def test_chinese_and_hostile_text_arrive_intact(virtuoso, tmp_path):
    from papergraph.build import build

    hostile = 'x" } } ; DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } # \\ """'
    digest = tmp_path / "hostile.md"
    digest.write_text(f"# Evil {hostile}: A Title\n[检索增强 {hostile}](https://arxiv.org/abs/2401.99999)\n\n"
                      "我们提出了 EvilNet 方法。\n", encoding="utf-8")
    build([digest], tmp_path / "out")
    graph = "https://papergraph.dev/hostile"
    for method, endpoint in (("update", "sparql-auth"), ("gsp", "sparql-graph-crud-auth")):
        run = push(tmp_path / "out", "--method", method, "--endpoint", virtuoso + endpoint, "--graph", graph, "--user", USER)
        assert run.returncode == 0, run.stderr
        titles = ask(virtuoso, graph, "SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t }")
        values = {row[0].value for row in titles.rows}
        assert f"Evil {hostile}: A Title" in values and f"检索增强 {hostile}" in values, values
    assert count(virtuoso, "a:b") == 0


def test_wrong_password_and_unreachable_store_are_one_line_errors(virtuoso, seeds_build):
    run = push(seeds_build[2], "--endpoint", virtuoso + "sparql-graph-crud-auth", "--user", USER, password="wrong")
    assert run.returncode == 2 and "HTTP 401" in run.stderr and run.stderr.count("\n") == 1, run.stderr
    run = push(seeds_build[2], "--endpoint", f"http://127.0.0.1:{_free_port()}/store")
    assert run.returncode == 2 and "cannot reach the store" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "papergraph", "push", "sparql", "--from", str(seeds_build[2]),
                          "--endpoint", virtuoso + "sparql-graph-crud-auth", "--user", USER],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         env={k: v for k, v in os.environ.items() if k != "PAPERGRAPH_SPARQL_PASSWORD"})
    assert run.returncode == 2 and "PAPERGRAPH_SPARQL_PASSWORD" in run.stderr
