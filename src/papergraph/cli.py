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
        "                                        # changed digests are read and extracted again",
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


def _run_build(args) -> int:
    import os
    import signal

    from .build import build, previous_inputs

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

    def stop(signum, _frame):  # `kill` cleans up like Ctrl-C does
        raise KeyboardInterrupt

    previous_handler = signal.signal(signal.SIGTERM, stop)
    started = time.perf_counter()
    try:
        graph, report = build(paths, args.out, progress=_progress, update=args.update)
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
        raise UserError(f"internal error ({type(exc).__name__}: {_terminal_safe(str(exc))}); previous outputs "
                        "are left as they were. Please report it; PAPERGRAPH_DEBUG=1 shows the traceback") from exc
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    for d in report.sorted_diagnostics():
        print(f"papergraph: {_terminal_safe(str(d))}", file=sys.stderr)
    if not args.quiet:
        _print_summary(report, args, time.perf_counter() - started)
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
