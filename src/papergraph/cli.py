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


# -- main ----------------------------------------------------------------------

COMMANDS = {
    "build": (_add_build, _run_build),
    "eval": (_add_eval, _run_eval),
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
