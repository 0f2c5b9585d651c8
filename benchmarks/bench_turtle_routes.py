"""Why graph.ttl is written by papergraph's own Turtle writer, not by Oxigraph's.

    .venv/bin/python benchmarks/bench_turtle_routes.py                 # 10k papers (graph made once)
    .venv/bin/python benchmarks/bench_turtle_routes.py --papers 1000
    .venv/bin/python benchmarks/bench_turtle_routes.py --graph /path/to/graph.json

The same graph written as Turtle three ways, each in a child process forked
from the one holding the graph (as the build writes its outputs):

  papergraph      rdf.write_turtle: the graph walked one subject at a time,
                  each block joined from parts encoded once (what `build` writes)
  oxigraph-parse  the graph as N-Triples (papergraph's writer), parsed by
                  pyoxigraph and handed straight to pyoxigraph.serialize as Turtle
                  (streaming: a Python Triple object per triple in between)
  oxigraph-store  the same N-Triples bulk-loaded into an in-memory pyoxigraph
                  Store, then Store.dump as Turtle (no Python object per triple)

Per route: wall and CPU seconds of the child, its peak RSS (reset after the
fork: the graph's pages it touches plus what it allocates) and the bytes.
Then each file is parsed back by Oxigraph and the three are checked to hold
the same triples (an order-free digest of every triple; decimals by value, as
the Store writes them in canonical form), so the routes are compared on the
same output. Prints a table and saves
benchmarks/results/turtle-routes-N.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_outputs import RESULTS, _reset_peak, _status, graph_for  # noqa: E402

from papergraph.export.json_graph import read_graph  # noqa: E402
from papergraph.rdf import PREFIXES, write_ntriples, write_turtle  # noqa: E402


def _papergraph(graph, out: Path) -> None:
    with out.open("wb") as fh:
        write_turtle(graph, fh)


def _ntriples_first(graph, out: Path) -> Path:
    nt = out.with_suffix(".nt")
    with nt.open("wb") as fh:
        write_ntriples(graph, fh)
    return nt


def _oxigraph_parse(graph, out: Path) -> None:
    nt = _ntriples_first(graph, out)
    with nt.open("rb") as src, out.open("wb") as fh:
        ox.serialize((q.triple for q in ox.parse(src, format=ox.RdfFormat.N_TRIPLES)), fh,
                     ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    nt.unlink()


def _oxigraph_store(graph, out: Path) -> None:
    nt = _ntriples_first(graph, out)
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    store.dump(str(out), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    nt.unlink()


ROUTES = {"papergraph": _papergraph, "oxigraph-parse": _oxigraph_parse, "oxigraph-store": _oxigraph_store}


def measure(graph, name: str, out: Path) -> dict:
    """Write with one route in a forked child; its wall, CPU, peak RSS and bytes."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, report, leave without running the parent's cleanup
        os.close(read_end)
        try:
            _reset_peak()
            wall, cpu = time.perf_counter(), time.process_time()
            ROUTES[name](graph, out)
            row = {"route": name, "seconds": round(time.perf_counter() - wall, 2),
                   "cpu_seconds": round(time.process_time() - cpu, 2), "peak_rss_mb": round(_status("VmHWM")),
                   "bytes": out.stat().st_size}
        except BaseException as exc:  # noqa: BLE001 - the parent reports it
            row = {"route": name, "error": f"{type(exc).__name__}: {exc}"}
        os.write(write_end, json.dumps(row).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        text = fh.read()
    os.waitpid(pid, 0)
    return json.loads(text) if text else {"route": name, "error": "the child died"}


_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _canonical(triple: ox.Triple) -> str:
    """The triple as text, a decimal by its value: an Oxigraph Store keeps decimals in
    canonical form ("80.0" comes back as "80"), the same value in other words."""
    o = triple.object
    if isinstance(o, ox.Literal) and o.datatype == _DECIMAL:
        return f"{triple.subject} {triple.predicate} decimal:{Decimal(o.value).normalize()}"
    return str(triple)


def triples_digest(path: Path) -> tuple[int, str]:
    """(triples, an order-free digest of them): equal for files holding the same triples."""
    total, count = 0, 0
    with path.open("rb") as fh:
        for quad in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            total += int.from_bytes(hashlib.blake2b(_canonical(quad.triple).encode(), digest_size=8).digest(), "little")
            count += 1
    return count, f"{total % (1 << 64):016x}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--papers", type=int, default=10_000, help="the synthetic corpus' size (default: 10000)")
    ap.add_argument("--graph", type=Path, help="a graph.json (node-link) to write; default: the synthetic corpus")
    args = ap.parse_args(argv)

    graph = read_graph(args.graph or graph_for(args.papers))
    papers = sum(1 for _n, k in graph.nodes(data="kind") if k == "Paper")
    print(f"{papers:,} papers, {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-turtle-") as tmp:
        print(f"{'route':16} {'wall s':>8} {'CPU s':>8} {'peak MB':>9} {'bytes':>15}  triples", flush=True)
        digests = set()
        for name in ROUTES:
            out = Path(tmp) / f"{name}.ttl"
            row = measure(graph, name, out)
            if "error" not in row:
                row["triples"], row["digest"] = triples_digest(out)
                digests.add((row["triples"], row["digest"]))
                out.unlink()
                print(f"{name:16} {row['seconds']:8.2f} {row['cpu_seconds']:8.2f} {row['peak_rss_mb']:9,} "
                      f"{row['bytes']:15,}  {row['triples']:,}", flush=True)
            else:
                print(f"{name:16} failed: {row['error']}", flush=True)
            rows.append(row)
    same = len(digests) == 1 and all("error" not in r for r in rows)
    print("the three files hold the same triples" if same else "THE ROUTES DISAGREE (or one failed)")
    result = {"papers": papers, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
              "routes": rows, "same_triples": same,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": ox.__version__,
                          "load_average": [round(x, 2) for x in os.getloadavg()]}}
    RESULTS.mkdir(exist_ok=True)
    saved = RESULTS / f"turtle-routes-{papers}.json"
    saved.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"saved {saved}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
