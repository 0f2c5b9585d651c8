"""The `papergraph` command line: parses arguments, calls the library, prints.

Each subcommand is a pair: `_add_<name>(subparsers)` declares it and
`_run_<name>(args)` runs it. Errors reach the user as one line naming the
file (and line, where there is one), never as a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
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


def _silent_stage(message: str) -> None:
    pass


_STARTED = time.perf_counter()


def _stage_message(message: str) -> None:
    """What stage a build is at, with the seconds since it started (stderr: stdout
    stays the summary; not "papergraph: ...", which is how problems are told)."""
    print(f"papergraph [{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


# -- build ---------------------------------------------------------------------

def _add_build(sub) -> None:
    p = sub.add_parser(
        "build",
        help="read digests and write the graph (JSON, Turtle, HTML) to an output folder",
        description="Read paper digests (files or folders), extract entities, relations and "
        "results, and write graph.json, graph.ttl, graph.html and report.json.\n\n"
        "Messy input does not stop a build: files in GBK, Big5, UTF-16 or with a BOM are decoded, "
        "rows or blocks that cannot be read are skipped with a message naming the file and line, "
        "and report.json lists every skipped item. Outputs are swapped in at once: an interrupted "
        "build leaves the previous out/ as it was.",
        epilog="examples:\n"
        "  papergraph build                      # seeds/ -> out/\n"
        "  papergraph build my-digests/ --out web/\n"
        "  papergraph build a.md b.md --strict   # fail on any skipped or doubtful input\n"
        "  papergraph build new.md --update      # add new.md to the build in out/; only new or\n"
        "                                        # changed digests are read and extracted again\n"
        "  papergraph build snapshot.json --category cs.CL --category cs.AI --since 2024\n"
        "                                        # from the arXiv snapshot: two categories, 2024 on",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=f"digest files or folders (default: {DEFAULT_SEEDS}/, or with --update "
                   "what the build in --out read)")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/)")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero (1) if any input was skipped or needed a warning")
    p.add_argument("--update", action="store_true",
                   help="add PATHs to the build in --out, reusing what it already read and extracted; "
                   "gives the same graph as a full build and writes changes.json")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="extract in N processes (default: every core from 1,000 papers up, else 1); "
                   "the output is the same whatever N")
    p.add_argument("--category", action="append", default=[], dest="categories", type=_arxiv_category,
                   metavar="CODE",
                   help="keep only the records in this arXiv category or archive (cs.CL; cs for every cs.*); "
                   "repeat it for several. Papers without categories (digests) are always kept; report.json "
                   "counts the records left out")
    p.add_argument("--since", type=_iso_date, default=None, metavar="DATE",
                   help="keep only the papers dated DATE or later (2024, 2024-03 or 2024-03-15; an arXiv "
                   "record's date is its first version's); papers without a date are kept. With --update, the "
                   "last build's --category/--since hold unless either is given")
    page = p.add_mutually_exclusive_group()
    page.add_argument("--focus", metavar="NAME",
                      help="make graph.html about one node only: its neighbourhood (a node id, label or alias, "
                      "e.g. model/gpt-4, 'GPT-4' or 检索增强生成); the other outputs keep the whole graph")
    page.add_argument("--topic", metavar="NAME",
                      help="make graph.html about one topic only: the topic, its narrower topics, their papers "
                      "and what those papers name (a topic id or label in English or Chinese)")
    p.add_argument("--radius", type=int, default=1, metavar="N",
                   help="with --focus: how many links away from the node the page reaches (default: 1)")
    p.add_argument("--neo4j", action="store_true",
                   help="also write the Neo4j bulk-import folder OUT/neo4j/ (CSVs, import.sh, constraints.cypher), "
                   "beside the other outputs and published with them; a build without --neo4j leaves none ("
                   "`papergraph export neo4j` also writes import.cypher)")
    p.epilog += ("\n  papergraph build --focus GPT-4        # graph.html shows GPT-4 and its neighbours"
                 "\n  papergraph build --topic rag          # graph.html shows one topic")


_ARXIV_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")


def _arxiv_category(text: str) -> str:
    """An arXiv category ("cs.CL", "hep-th", "math.CO") or archive ("cs", "math")."""
    if not _ARXIV_CATEGORY.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an arXiv category or archive (for example cs.CL, cs, stat.ML, hep-th)")
    return text


_ISO_DATE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")


def _iso_date(text: str) -> str:
    """A date or its start, as dates are written in the graph: 2024, 2024-03, 2024-03-15."""
    if not _ISO_DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024, 2024-03 or 2024-03-15")
    return text


class _PageScope:
    """graph.html about one neighbourhood (--focus) or topic (--topic); resolved
    against the built graph before anything is written, so a typo leaves the
    previous outputs alone."""

    def __init__(self, args):
        self.args = args
        self.scope = None

    def __call__(self, graph):
        from .scope import find_node, focus_subgraph, topic_subgraph

        args = self.args
        try:
            if args.topic:
                page = topic_subgraph(graph, find_node(graph, args.topic, kinds={"Topic"}))
            else:
                page = focus_subgraph(graph, find_node(graph, args.focus), args.radius)
        except LookupError as exc:
            raise UserError(f"--{'topic' if args.topic else 'focus'}: {exc.args[0]}") from None
        self.scope = (page.graph["scope"], (page.number_of_nodes(), graph.number_of_nodes()))
        return page


def _page_scope(args) -> _PageScope:
    if args.radius < 1:
        raise UserError(f"--radius {args.radius}: must be 1 or more")
    return _PageScope(args)


def _terminal_safe(text: str) -> str:
    """Digest text and file names printed to a terminal cannot move the cursor or fake a line."""
    return "".join(ch if ch.isprintable() or ch == "\t" else f"\\x{ord(ch):02x}" if ord(ch) < 256
                   else f"\\u{ord(ch):04x}" for ch in text)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_summary(report, args, seconds: float) -> None:
    skipped = report.skipped
    line = (f"read {_count(len(report.files), 'file')}, {_count(report.items_read, 'item')}: "
            f"{report.papers} papers built")
    if report.duplicates:
        line += f", {report.duplicates} duplicate(s) merged"
    if report.selection:
        chosen = [f"--category {c}" for c in report.selection.categories]
        chosen += [f"--since {report.selection.since}"] if report.selection.since else []
        line += f", {report.left_out} left out by {' '.join(chosen)}"
    if skipped:
        reasons = ", ".join(f"{n} {code}" for code, n in report.skipped_by_reason().items())
        line += f", {len(skipped)} skipped ({reasons})"
    if report.warnings:
        line += f", {_count(len(report.warnings), 'warning')}"
    print(line)
    if report.encodings:
        print("decoded: " + ", ".join(f"{_terminal_safe(f)} ({enc})" for f, enc in sorted(report.encodings.items())))
    kinds = ", ".join(f"{n} {k}" for k, n in report.kinds.items() if k != "Paper")
    print(f"graph: {report.nodes} nodes ({kinds}), {report.edges} edges")
    if report.changes is not None:
        c = report.changes
        files = c["files"]
        print(f"update: {len(files['new'])} new, {len(files['changed'])} changed, {len(files['removed'])} removed, "
              f"{files['unchanged']} unchanged file(s); read again {report.redone.get('files', 0)}, "
              f"extracted {report.redone.get('papers', 0)} paper(s), reused {report.reused.get('papers', 0)}")
        print(f"changes: papers +{len(c['papers']['new'])} ~{len(c['papers']['changed'])} "
              f"-{len(c['papers']['removed'])}; entities +{len(c['entities']['new'])} "
              f"-{len(c['entities']['removed'])}; relations +{len(c['relations']['new'])} "
              f"-{len(c['relations']['removed'])}; results +{len(c['results']['new'])} "
              f"-{len(c['results']['removed'])}" + ("" if c["previous_build"] else " (no previous build)"))
    print(f"wrote {', '.join(_terminal_safe(p) for p in report.outputs.values())} in {seconds:.1f} s")
    html = report.outputs.get("graph.html")
    if html:
        print(f"open {Path(html).resolve().as_uri()} in a browser to explore the graph")
        print("  (or run: papergraph view" + (f" --out {args.out}" if args.out != DEFAULT_OUT else "") + ")")



def _run_build(args) -> int:
    import os
    import signal

    from .build import Selection, build, previous_inputs, previous_selection
    from .export import DEFAULT_OUTPUTS

    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        raise UserError(f"{_terminal_safe(str(missing[0]))}: no such file or folder")
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise UserError(f"{_terminal_safe(args.out)}: --out must be a folder, and this is a file")
    paths = list(args.paths) or [DEFAULT_SEEDS]
    if args.update:  # what the previous build read, and the paths given
        before = previous_inputs(args.out)
        for gone in (p for p in before if not os.path.lexists(p)):
            print(f"papergraph: {_terminal_safe(gone)}: read by the last build, no longer there", file=sys.stderr)
        kept = [p for p in before if os.path.lexists(p)]
        if kept:
            paths = sorted(set(kept) | {str(Path(p).resolve()) for p in args.paths})
        if not (args.categories or args.since):  # the selection the last build made, unless a new one is given
            before_selection = previous_selection(args.out)
            args.categories, args.since = list(before_selection.categories), before_selection.since

    def stop(signum, _frame):  # `kill` cleans up like Ctrl-C does
        raise KeyboardInterrupt

    previous_handler = signal.signal(signal.SIGTERM, stop)
    started = time.perf_counter()
    try:
        page = _page_scope(args) if (args.focus or args.topic) else None
        # --neo4j: the bulk-import folder is one more output, written beside the others and published with them
        formats = (*DEFAULT_OUTPUTS, "neo4j") if args.neo4j else DEFAULT_OUTPUTS
        graph, report = build(paths, args.out, progress=_progress, update=args.update, page=page, jobs=args.jobs,
                              say=_silent_stage if args.quiet else _stage_message, formats=formats,
                              select=Selection(tuple(sorted(set(args.categories))), args.since or ""))
    except KeyboardInterrupt as exc:
        if not getattr(exc, "published", False):
            raise
        print(f"papergraph: interrupted just after the new outputs were in place; "
              f"{_terminal_safe(args.out)} holds the new build", file=sys.stderr)
        return 130
    except (OSError, UserError):
        raise
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("PAPERGRAPH_DEBUG"):
            raise
        what = f"({type(exc).__name__}: {exc})"
        if hasattr(exc, "detail") and hasattr(exc, "name"):  # build.OutputError: one output could not be written
            what = f"({exc.detail}) writing {exc.name}"
        raise UserError(f"internal error {_terminal_safe(what)}; previous outputs "
                        "are left as they were. Please report it; PAPERGRAPH_DEBUG=1 shows the traceback") from exc
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    global _BUILT
    _BUILT = True
    for d in report.sorted_diagnostics():
        print(f"papergraph: {_terminal_safe(str(d))}", file=sys.stderr)
    unreadable = (report.changes or {}).get("previous_graph_unreadable")
    if unreadable:
        print(f"papergraph: the previous build's graph could not be read ({_terminal_safe(unreadable)}); "
              "changes.json counts everything as new", file=sys.stderr)
    if not args.quiet:
        _print_summary(report, args, time.perf_counter() - started)
        if page is not None and page.scope:
            scope, whole = page.scope
            print(f"page: {'topic' if args.topic else 'neighbourhood of'} {_terminal_safe(scope['label'])!r} "
                  f"({scope['node']}): {whole[0]} of {whole[1]} nodes")
    if args.strict and report.diagnostics:
        print(f"papergraph: --strict: {len(report.diagnostics)} problem(s) in the input "
              f"({len(report.skipped)} skipped, {len(report.warnings)} warnings)", file=sys.stderr)
        return 1
    return 0


# -- eval ----------------------------------------------------------------------

def _add_eval(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="score a built graph against gold annotations (precision, recall, F1)",
        description="Score graph.json against gold annotation files (the format of "
        "shared/eval/GUIDELINES.md), with the same matching rules as the reference scorer.",
        epilog="examples:\n"
        "  papergraph eval ../shared/eval/gold/*.json\n"
        "  papergraph eval gold.json --graph site/graph.json --errors",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("gold", nargs="+", metavar="GOLD.json", help="gold annotation files")
    p.add_argument("--graph", default=f"{DEFAULT_OUT}/graph.json", metavar="FILE",
                   help=f"the built graph (default: {DEFAULT_OUT}/graph.json)")
    p.add_argument("--errors", action="store_true", help="list every miss and false hit")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def _run_eval(args) -> int:
    import json

    from .evaluate import format_report, score

    for path in [args.graph, *args.gold]:
        if not Path(path).is_file():
            raise UserError(f"{path}: no such file" + (" (run `papergraph build` first)" if path == args.graph else ""))
    try:
        scores = score(Path(args.graph), [Path(g) for g in args.gold])
    except (ValueError, KeyError) as exc:
        raise UserError(f"cannot score: {exc}") from exc
    if args.errors:
        for line in scores.errors:
            print(line)
    print(json.dumps(scores.to_json(), ensure_ascii=False) if args.json else format_report(scores))
    return 0


# -- RDF: export rdf, query, serve, push sparql ----------------------------------

# `export` and `push` take a target (`export rdf`, `push sparql`, ...): each target
# is a pair like a command, registered here.
EXPORT_TARGETS: dict = {}
PUSH_TARGETS: dict = {}
RDF_FROM_HELP = ("the build to read: its folder (reads graph.ttl), or an RDF file (.ttl .nt .nq .trig .jsonld) "
                 f"or graph.json (default: {DEFAULT_OUT}/)")


def _add_targets(sub, name: str, targets: dict, help_: str, description: str, epilog: str) -> None:
    p = sub.add_parser(name, help=help_, description=description, epilog=epilog,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    inner = p.add_subparsers(dest="target", metavar="TARGET")
    for add, _run in targets.values():
        add(inner)
    p.set_defaults(_parser=p)


def _run_targets(args, targets: dict) -> int:
    if not getattr(args, "target", None):
        args._parser.print_help()
        return 2
    return targets[args.target][1](args)


def _add_export(sub) -> None:
    _add_targets(sub, "export", EXPORT_TARGETS, "write the built graph in another format",
                 "Write a built graph (see `papergraph build`) in another format.",
                 "examples:\n  papergraph export rdf --format trig --out graph.trig")


def _run_export(args) -> int:
    return _run_targets(args, EXPORT_TARGETS)


def _load_triples(path: str):
    from .query import QueryError, load_triples

    try:
        return load_triples(path)
    except QueryError as exc:
        raise UserError(str(exc)) from None


def _add_export_rdf(targets) -> None:
    from .export.rdf_formats import DEFAULT_GRAPH_IRI, RDF_FORMATS

    formats = "\n".join(f"  {f.name:7} {f.description}" for f in RDF_FORMATS.values())
    p = targets.add_parser(
        "rdf", help="RDF: Turtle, N-Triples, N-Quads, TriG or JSON-LD",
        description="Write the built graph as RDF in the papergraph ontology (ontology/papergraph.ttl), "
        "with the provenance of every fact. Output is sorted: the same graph gives the same bytes.",
        epilog=f"formats:\n{formats}\n\nexamples:\n"
        "  papergraph export rdf --format trig --out graph.trig\n"
        "  papergraph export rdf --format nt | grep outperforms\n"
        "  papergraph export rdf --from site/graph.ttl --format jsonld --out graph.jsonld",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", "-f", choices=sorted(RDF_FORMATS), default="turtle", help="RDF syntax (default: turtle)")
    p.add_argument("--out", "-o", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--from", dest="source", default=DEFAULT_OUT, metavar="PATH", help=RDF_FROM_HELP)
    p.add_argument("--graph", metavar="IRI", default=None,
                   help=f"the named graph of trig and nq output (default: {DEFAULT_GRAPH_IRI})")


def _run_export_rdf(args) -> int:
    from .export.rdf_formats import RDF_FORMATS, write_file

    fmt = RDF_FORMATS[args.format]
    if args.graph and not fmt.quads:
        raise UserError(f"--graph names the graph of trig or nq output; {args.format} has no named graphs")
    triples = _load_triples(args.source)
    data = fmt.serialize(triples, args.graph)
    if args.out:
        write_file(args.out, data)
        print(f"wrote {len(triples)} triples as {fmt.name} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _add_query(sub) -> None:
    p = sub.add_parser(
        "query", help="run SPARQL over the built graph (inline, a .rq file, or a shipped query)",
        description="Run a SPARQL 1.1 query over a built graph and print a table, or SPARQL results "
        "as CSV, TSV or JSON. QUERY is a shipped query's name (see --list), a .rq file, or the text "
        "itself. The prefixes pg: paper: model: method: dataset: metric: task: topic: digest: schema: "
        "dcterms: skos: prov: rdf: rdfs: owl: xsd: are predeclared.",
        epilog="examples:\n"
        "  papergraph query --list\n"
        "  papergraph query most-used-benchmarks\n"
        "  papergraph query leaderboard --bind dataset=dataset/natural-questions\n"
        "  papergraph query 'SELECT ?m ?label WHERE { ?m a pg:Model ; rdfs:label ?label } LIMIT 5'\n"
        "  papergraph query my-query.rq --format csv > out.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", nargs="?", metavar="QUERY", help="a shipped query name, a .rq file, or SPARQL text")
    p.add_argument("--list", action="store_true", help="list the shipped queries, one a line: name, then what it answers")
    p.add_argument("--from", dest="source", default=DEFAULT_OUT, metavar="PATH", help=RDF_FROM_HELP)
    p.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json"), default="table",
                   help="table for reading; csv, tsv, json (SPARQL 1.1 results) for tools (default: table)")
    p.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE",
                   help="fix a variable: a node id (model/gpt-4), <IRI>, prefixed name or text; repeatable")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                   help="oxigraph (fast, default) or rdflib (the reference implementation)")


def _run_query(args) -> int:
    from .query import QueryError, add_bindings, format_result, named_queries, open_engine, resolve_query

    if args.list:
        shipped = named_queries()
        width = max((len(n) for n in shipped), default=0)
        for name, q in shipped.items():
            print(f"{name:{width}}  {q.description}")
        return 0
    if not args.query:
        raise UserError("give a QUERY (a shipped query name, a .rq file or SPARQL text), or --list")
    try:
        text, origin = resolve_query(args.query)
        text = add_bindings(text, args.bind)
        result = open_engine(args.engine, args.source).query(text, origin)
        out = format_result(result, args.format)
    except QueryError as exc:
        raise UserError(str(exc)) from None
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0


def _add_serve(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the graph as a read-only SPARQL endpoint with a query page",
        description="Serve a built graph over HTTP: a read-only SPARQL 1.1 Protocol endpoint at /sparql "
        "(GET and POST; results as JSON, XML, CSV or TSV by content negotiation) and a YASGUI query page "
        "at / that works offline. No SERVICE, LOAD or UPDATE; each query has a time limit.",
        epilog="examples:\n"
        "  papergraph serve                          # http://127.0.0.1:8000/\n"
        "  papergraph serve --port 9000 --timeout 30\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s a pg:Model } LIMIT 3' "
        "http://127.0.0.1:8000/sparql",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--from", dest="source", default=DEFAULT_OUT, metavar="PATH", help=RDF_FROM_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="time limit per query (default: 10)")
    p.add_argument("--workers", type=int, default=2, help="queries run at once, one process each (default: 2)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not log each request")


def _run_serve(args) -> int:
    from .serve import SparqlServer

    if args.timeout <= 0:
        raise UserError("--timeout must be more than 0 seconds")
    from .query import QueryError, graph_file

    try:
        source = graph_file(args.source)
    except QueryError as exc:
        raise UserError(str(exc)) from None
    if source.suffix.lower() not in (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl"):
        source = _load_triples(str(source))  # graph.json: made into triples here
    try:
        server = SparqlServer(source, args.host, args.port, timeout=args.timeout, workers=args.workers,
                              quiet=args.quiet)
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except ValueError as exc:  # the graph file did not load
        raise UserError(str(exc)) from None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"papergraph: warning: listening on {args.host}: other machines can query this graph", file=sys.stderr)
    print(f"serving {server.triples} triples: query page {server.url} , SPARQL endpoint {server.url}sparql", flush=True)
    print("press Ctrl-C to stop", flush=True)
    import signal

    def _stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)  # `kill` stops it as cleanly as Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("papergraph: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0


def _add_push(sub) -> None:
    _add_targets(sub, "push", PUSH_TARGETS, "load the built graph into an external store",
                 "Load a built graph into an external database over the network.",
                 "examples:\n  papergraph push sparql --endpoint http://localhost:8890/sparql-graph-crud-auth --user dba")


def _run_push(args) -> int:
    return _run_targets(args, PUSH_TARGETS)


def _add_push_sparql(targets) -> None:
    from .export.rdf_formats import DEFAULT_GRAPH_IRI
    from .push import PASSWORD_ENV

    p = targets.add_parser(
        "sparql", help="a triple store, by the SPARQL 1.1 Graph Store Protocol or SPARQL Update",
        description="Load the built graph into one named graph of a triple store (Virtuoso, Fuseki, GraphDB, "
        "Oxigraph, ...). --method gsp (default) PUTs N-Triples to the store's Graph Store Protocol "
        "endpoint, replacing the graph; --method update sends DROP GRAPH and INSERT DATA to its "
        f"SPARQL Update endpoint. The password comes from ${PASSWORD_ENV} or a prompt.",
        epilog="examples:\n"
        f"  {PASSWORD_ENV}=dba papergraph push sparql --user dba \\\n"
        "      --endpoint http://localhost:8890/sparql-graph-crud-auth          # Virtuoso, Graph Store Protocol\n"
        "  papergraph push sparql --method update --endpoint http://localhost:3030/ds/update   # Fuseki\n"
        "  papergraph push sparql --endpoint http://localhost:7878/store --graph https://example.org/papers",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the Graph Store Protocol URL (gsp) or the SPARQL Update URL (update)")
    p.add_argument("--graph", default=DEFAULT_GRAPH_IRI, metavar="IRI", help=f"the named graph (default: {DEFAULT_GRAPH_IRI})")
    p.add_argument("--method", choices=("gsp", "update"), default="gsp", help="protocol (default: gsp)")
    p.add_argument("--user", help=f"user name for HTTP Basic or Digest authentication (password: ${PASSWORD_ENV} or a prompt)")
    p.add_argument("--append", action="store_true", help="add to the graph instead of replacing it")
    p.add_argument("--batch-size", type=int, default=None, metavar="N", help="triples per request (default: 50000 gsp, 2000 update)")
    p.add_argument("--from", dest="source", default=DEFAULT_OUT, metavar="PATH", help=RDF_FROM_HELP)


def _run_push_sparql(args) -> int:
    import os

    from .push import PASSWORD_ENV, PushError, push

    password = None
    if args.user:
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            if not sys.stdin.isatty():
                raise UserError(f"--user {args.user}: set ${PASSWORD_ENV} (no terminal to ask for the password)")
            import getpass

            password = getpass.getpass(f"password for {args.user} at {args.endpoint}: ")
    triples = _load_triples(args.source)
    try:
        report = push(triples, args.endpoint, args.graph, args.method, args.user, password,
                      replace=not args.append, batch_size=args.batch_size)
    except PushError as exc:
        raise UserError(str(exc)) from None
    print(f"pushed {report.triples} triples into <{report.graph}> at {report.endpoint} "
          f"({report.method}, {report.requests} request(s), {report.seconds:.1f} s)")
    return 0


EXPORT_TARGETS["rdf"] = (_add_export_rdf, _run_export_rdf)
PUSH_TARGETS["sparql"] = (_add_push_sparql, _run_push_sparql)


# -- view ----------------------------------------------------------------------

def _add_view(sub) -> None:
    p = sub.add_parser(
        "view",
        help="open the graph page (graph.html) in your web browser",
        description="Open the interactive page that `papergraph build` wrote in your default web browser. "
        "The page is one offline file: it makes no network request. Set $BROWSER to choose the browser.",
        epilog="examples:\n"
        "  papergraph view                      # opens out/graph.html\n"
        "  papergraph view --out web/           # the page of `papergraph build --out web/`\n"
        "  papergraph view --print              # print the page's address only",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                   help=f"the folder `papergraph build` wrote to (default: {DEFAULT_OUT}/)")
    p.add_argument("--print", dest="print_only", action="store_true",
                   help="print the page's file:// address instead of opening a browser")


def _run_view(args) -> int:
    page = Path(args.out) / "graph.html"
    if not page.is_file():
        raise UserError(f"{page}: no such file; run `papergraph build --out {args.out}` first")
    uri = page.resolve().as_uri()
    if args.print_only:
        print(uri)
        return 0
    import webbrowser

    if not webbrowser.open(uri):
        print(f"papergraph: no web browser found (set $BROWSER); open {uri} yourself", file=sys.stderr)
        return 1
    print(f"opened {uri}")
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


EXPORT_TARGETS["neo4j"] = (_add_export_neo4j, _run_export_neo4j)
PUSH_TARGETS["neo4j"] = (_add_push_neo4j, _run_push_neo4j)


# -- main ----------------------------------------------------------------------

COMMANDS = {
    "build": (_add_build, _run_build),
    "view": (_add_view, _run_view),
    "eval": (_add_eval, _run_eval),
    "export": (_add_export, _run_export),
    "query": (_add_query, _run_query),
    "serve": (_add_serve, _run_serve),
    "push": (_add_push, _run_push),
}


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


# Set once a build's outputs are in place: the command may then end without teardown (see run).
_BUILT = False


def run() -> None:
    """The `papergraph` command: main(), then exit with its code.

    After a build the process ends at once (os._exit), without Python's teardown:
    the graph's millions of objects are otherwise freed one by one, about 15 s at
    100,000 papers, after everything the build writes is closed and published and
    its worker processes have ended. Other commands exit normally."""
    code = main()
    if _BUILT:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


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
    run()
