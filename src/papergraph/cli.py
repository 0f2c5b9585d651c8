"""The `papergraph` command line: parses arguments, calls the library, prints.

Each subcommand is a pair: `_add_<name>(subparsers)` declares it and
`_run_<name>(args)` runs it. Errors reach the user as one line naming the
file (and line, where there is one), never as a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__

DEFAULT_SEEDS = "seeds"
DEFAULT_OUT = "out"


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def _progress(items, total: int, desc: str):
    """A progress bar with rate and ETA on long runs, nothing on short ones."""
    if total < 200 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit="paper", file=sys.stderr, smoothing=0.1)


# -- build ---------------------------------------------------------------------

def _add_build(sub) -> None:
    p = sub.add_parser(
        "build",
        help="read digests and write the graph (JSON, Turtle, HTML) to an output folder",
        description="Read paper digests (files or folders), extract entities, relations and "
        "results, and write graph.json, graph.ttl, graph.html and report.json.",
        epilog="examples:\n"
        "  papergraph build                      # seeds/ -> out/\n"
        "  papergraph build my-digests/ --out web/\n"
        "  papergraph build a.md b.md --strict   # fail on any skipped or doubtful input",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=f"digest files or folders (default: {DEFAULT_SEEDS}/)")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/)")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero if any input was skipped or needed a warning")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def _run_build(args) -> int:
    from .build import build

    paths = args.paths or [DEFAULT_SEEDS]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such file or folder")
    started = time.perf_counter()
    graph, report = build(paths, args.out, progress=_progress)
    for d in report.diagnostics:
        print(f"papergraph: {d}", file=sys.stderr)
    if not args.quiet:
        seconds = time.perf_counter() - started
        print(f"read {len(report.files)} file(s): {report.papers} papers"
              + (f", {len(report.skipped)} item(s) skipped (see report.json)" if report.skipped else ""))
        kinds = ", ".join(f"{n} {k}" for k, n in report.kinds.items() if k != "Paper")
        print(f"graph: {report.nodes} nodes ({kinds}), {report.edges} edges")
        print(f"wrote {', '.join(report.outputs.values())} in {seconds:.1f} s")
        html = report.outputs.get("graph.html")
        if html:
            print(f"open {Path(html).resolve().as_uri()} in a browser to explore the graph")
    if args.strict and report.diagnostics:
        print(f"papergraph: --strict: {len(report.diagnostics)} problem(s) in the input", file=sys.stderr)
        return 1
    return 0


# -- the graph for export and push ------------------------------------------------

def _add_graph_inputs(p) -> None:
    """Where `export` and `push` get the graph: digests (as `build` reads them) or a graph.json."""
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=f"digest files or folders to build the graph from (default: {DEFAULT_SEEDS}/)")
    p.add_argument("--graph", metavar="FILE",
                   help="use the graph.json of an earlier `papergraph build` instead of reading digests")


def _graph_for(args):
    if args.graph:
        if args.paths:
            raise UserError("give digest PATHs or --graph FILE, not both")
        from .export.json_graph import read_graph

        try:
            return read_graph(args.graph)
        except FileNotFoundError:
            raise UserError(f"{args.graph}: no such file") from None
        except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
            raise UserError(f"{args.graph}: not a graph.json written by papergraph build ({exc})") from None
    from .build import BuildReport, make_graph

    paths = args.paths or [DEFAULT_SEEDS]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such file or folder")
    report = BuildReport()
    graph = make_graph(paths, report, progress=_progress)
    for d in report.diagnostics:
        print(f"papergraph: {d}", file=sys.stderr)
    return graph


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


# -- export ----------------------------------------------------------------------
# `papergraph export TARGET ...`: one pair `_add_export_<target>` / `_run_export_<target>`
# per target, registered in EXPORT_TARGETS.

def _add_export_neo4j(targets) -> None:
    p = targets.add_parser(
        "neo4j",
        help="neo4j-admin bulk-import CSVs + import.sh, and import.cypher for cypher-shell",
        description="Write the graph for Neo4j into a folder: node and relationship CSV files for "
        "`neo4j-admin database import full` with import.sh (the exact command line), "
        "constraints.cypher, and import.cypher (constraints, then batched UNWIND ... MERGE; "
        "idempotent) for cypher-shell. Labels are PascalCase, relationship types "
        "UPPER_SNAKE_CASE, properties camelCase; the README documents the mapping.",
        epilog="examples:\n"
        "  papergraph export neo4j --out neo4j/                 # seeds/ -> neo4j/\n"
        "  papergraph export neo4j --graph out/graph.json --out neo4j/\n"
        "  neo4j/import.sh mydb                                  # offline bulk load (empty database)\n"
        "  cypher-shell -u neo4j -f neo4j/import.cypher          # or: load into a running Neo4j",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_graph_inputs(p)
    p.add_argument("--out", default="out/neo4j", metavar="DIR", help="output folder (default: out/neo4j/)")
    p.add_argument("--batch-size", type=_positive, default=500, metavar="N",
                   help="rows per UNWIND statement in import.cypher (default: 500)")


def _run_export_neo4j(args) -> int:
    from .export.neo4j import Neo4jMappingError, export_neo4j

    graph = _graph_for(args)
    try:
        summary = export_neo4j(graph, args.out, batch_rows=args.batch_size)
    except Neo4jMappingError as exc:
        raise UserError(f"{args.graph or 'graph'}: {exc}") from None
    nodes = sum(f.startswith("nodes/") for f in summary.files)
    rels = sum(f.startswith("relationships/") for f in summary.files)
    out = Path(args.out)
    print(f"wrote {summary.nodes} nodes in {nodes} CSV files and {summary.relationships} relationships "
          f"in {rels} CSV files, import.sh, constraints.cypher and import.cypher "
          f"({summary.statements} statements) to {out}/")
    print(f"bulk load (offline, empty database): {out / 'import.sh'} [DATABASE]")
    print(f"or into a running Neo4j: cypher-shell -u neo4j -f {out / 'import.cypher'}")
    return 0


EXPORT_TARGETS = {"neo4j": (_add_export_neo4j, _run_export_neo4j)}


def _add_export(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write the graph in a format another tool loads (neo4j)",
        description="Write the graph for another tool. Run `papergraph export TARGET --help` for a target.",
        epilog="example:\n  papergraph export neo4j --out neo4j/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    targets = p.add_subparsers(dest="target", metavar="TARGET", required=True)
    for add, _run in EXPORT_TARGETS.values():
        add(targets)


def _run_export(args) -> int:
    return EXPORT_TARGETS[args.target][1](args)


# -- push ------------------------------------------------------------------------

def _add_push_neo4j(targets) -> None:
    p = targets.add_parser(
        "neo4j",
        help="load the graph into a running Neo4j with the official driver",
        description="Load the graph into a running Neo4j over Bolt with the official neo4j driver: "
        "uniqueness constraints first, then batched UNWIND $rows MERGE per label and relationship "
        "type. Idempotent: pushing again creates nothing new. The password is read from the "
        "environment variable named by --password-env (default NEO4J_PASSWORD), or asked for.",
        epilog="examples:\n"
        "  export NEO4J_PASSWORD=...   # or leave it unset to be asked\n"
        "  papergraph push neo4j --uri bolt://localhost:7687 --user neo4j\n"
        "  papergraph push neo4j --graph out/graph.json --uri neo4j+s://xxxx.databases.neo4j.io "
        "--user neo4j --database neo4j",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_graph_inputs(p)
    p.add_argument("--uri", default=os.environ.get("NEO4J_URI", "neo4j://localhost:7687"),
                   help="Bolt URI (default: $NEO4J_URI or neo4j://localhost:7687)")
    p.add_argument("--user", default=os.environ.get("NEO4J_USERNAME", "neo4j"),
                   help="user name (default: $NEO4J_USERNAME or neo4j)")
    p.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"), metavar="NAME",
                   help="database (default: $NEO4J_DATABASE or the server's default)")
    p.add_argument("--password-env", default="NEO4J_PASSWORD", metavar="VAR",
                   help="environment variable holding the password (default: NEO4J_PASSWORD); "
                   "unset, the password is asked for")
    p.add_argument("--batch-size", type=_positive, default=1000, metavar="N",
                   help="rows per transaction (default: 1000)")
    p.add_argument("--batch-bytes", type=_positive, default=4 * 1024 * 1024, metavar="N",
                   help="at most this many bytes of rows per transaction (default: 4 MiB; lower it "
                   "for Bolt servers with small message limits)")


def _password(args) -> str:
    password = os.environ.get(args.password_env)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(f"no password: set the environment variable {args.password_env} "
                        "(or run in a terminal to be asked)")
    import getpass

    return getpass.getpass(f"Neo4j password for {args.user} at {args.uri}: ")


def _run_push_neo4j(args) -> int:
    from .export.neo4j import Neo4jMappingError
    from .neo4j_push import PushError, push

    password = _password(args)
    graph = _graph_for(args)
    total = graph.number_of_nodes() + graph.number_of_edges()
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, desc="pushing", unit="row", file=sys.stderr)
    try:
        summary = push(graph, args.uri, args.user, password, database=args.database,
                       batch_size=args.batch_size, batch_bytes=args.batch_bytes,
                       on_progress=bar.update if bar else None,
                       warn=lambda text: print(f"papergraph: warning: {text}", file=sys.stderr))
    except (PushError, Neo4jMappingError) as exc:
        raise UserError(str(exc)) from None
    finally:
        if bar:
            bar.close()
    where = f"{summary.uri}" + (f" (database {summary.database})" if summary.database else "")
    print(f"pushed {summary.nodes} nodes and {summary.relationships} relationships to {where} "
          f"in {summary.batches} transactions, {summary.seconds:.1f} s")
    print(f"created {summary.nodes_created} nodes, {summary.relationships_created} relationships, "
          f"{summary.labels_added} labels; set {summary.properties_set} properties; "
          f"{summary.constraints_added} constraints added"
          + (f", {len(summary.constraints_refused)} refused" if summary.constraints_refused else ""))
    if summary.nodes_created == 0 and summary.relationships_created == 0:
        print("nothing new: the database already held this graph")
    return 0


PUSH_TARGETS = {"neo4j": (_add_push_neo4j, _run_push_neo4j)}


def _add_push(sub) -> None:
    p = sub.add_parser(
        "push",
        help="load the graph into a running database (neo4j)",
        description="Load the graph into a running database. Run `papergraph push TARGET --help` for a target.",
        epilog="example:\n  NEO4J_PASSWORD=... papergraph push neo4j --uri bolt://localhost:7687 --user neo4j",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    targets = p.add_subparsers(dest="target", metavar="TARGET", required=True)
    for add, _run in PUSH_TARGETS.values():
        add(targets)


def _run_push(args) -> int:
    return PUSH_TARGETS[args.target][1](args)


# -- main ----------------------------------------------------------------------

COMMANDS = {"build": (_add_build, _run_build)}
COMMANDS["export"] = (_add_export, _run_export)
COMMANDS["push"] = (_add_push, _run_push)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papergraph",
        description="Turn research-paper digests (English or Chinese) into one knowledge graph.",
        epilog="Start with `papergraph build` (seeds/ -> out/), then open out/graph.html.\n"
        "Run `papergraph COMMAND --help` for the options of a command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"papergraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add, _run in COMMANDS.values():
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command][1](args)
    except UserError as exc:
        print(f"papergraph: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("papergraph: interrupted; previous outputs are left as they were", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"papergraph: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
