"""The `papergraph` command line: parses arguments, calls the library, prints.

Each subcommand is a pair: `_add_<name>(subparsers)` declares it and
`_run_<name>(args)` runs it. Errors reach the user as one line naming the
file (and line, where there is one), never as a traceback.
"""
from __future__ import annotations

import argparse
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
    page = p.add_mutually_exclusive_group()
    page.add_argument("--focus", metavar="NAME",
                      help="make graph.html about one node only: its neighbourhood (a node id, label or alias, "
                      "e.g. model/gpt-4, 'GPT-4' or 检索增强生成); the other outputs keep the whole graph")
    page.add_argument("--topic", metavar="NAME",
                      help="make graph.html about one topic only: the topic, its narrower topics, their papers "
                      "and what those papers name (a topic id or label in English or Chinese)")
    p.add_argument("--radius", type=int, default=1, metavar="N",
                   help="with --focus: how many links away from the node the page reaches (default: 1)")
    p.epilog += ("\n  papergraph build --focus GPT-4        # graph.html shows GPT-4 and its neighbours"
                 "\n  papergraph build --topic rag          # graph.html shows one topic")


def _build_scoped(paths, args):
    """A build whose graph.html holds one neighbourhood or topic, the rest the whole graph."""
    from .build import BuildReport, make_graph, write_atomically, write_outputs
    from .export import DEFAULT_OUTPUTS, RENDERERS
    from .scope import find_node, focus_subgraph, topic_subgraph

    if args.radius < 1:
        raise UserError(f"--radius {args.radius}: must be 1 or more")
    report = BuildReport()
    graph = make_graph(paths, report, _progress)
    try:  # resolved before anything is written: a typo leaves the previous outputs alone
        if args.topic:
            page = topic_subgraph(graph, find_node(graph, args.topic, kinds={"Topic"}))
        else:
            page = focus_subgraph(graph, find_node(graph, args.focus), args.radius)
    except LookupError as exc:
        raise UserError(f"--{'topic' if args.topic else 'focus'}: {exc.args[0]}") from None
    write_outputs(graph, Path(args.out), report, [f for f in DEFAULT_OUTPUTS if f != "html"])
    html = RENDERERS["html"]
    path = Path(args.out) / html.filename
    write_atomically(path, html.render(page))
    report.outputs[html.filename] = str(path)
    scope = page.graph["scope"]
    if not args.quiet:
        print(f"page: {'topic' if args.topic else 'neighbourhood of'} {scope['label']!r} ({scope['node']}): "
              f"{page.number_of_nodes()} of {graph.number_of_nodes()} nodes")
    return graph, report


def _run_build(args) -> int:
    from .build import build

    paths = args.paths or [DEFAULT_SEEDS]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UserError(f"{missing[0]}: no such file or folder")
    started = time.perf_counter()
    if args.focus or args.topic:
        graph, report = _build_scoped(paths, args)
    else:
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
            print("  (or run: papergraph view" + (f" --out {args.out}" if args.out != DEFAULT_OUT else "") + ")")
    if args.strict and report.diagnostics:
        print(f"papergraph: --strict: {len(report.diagnostics)} problem(s) in the input", file=sys.stderr)
        return 1
    return 0


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


# -- main ----------------------------------------------------------------------

COMMANDS = {"build": (_add_build, _run_build)}
COMMANDS["view"] = (_add_view, _run_view)


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
