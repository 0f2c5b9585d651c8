"""SPARQL over a built graph: loading it, the shipped named queries, two engines, result formats.

Oxigraph (pyoxigraph) is the engine: it answers in milliseconds what rdflib's
engine needs seconds or minutes for. rdflib stays available (`--engine rdflib`)
as the reference implementation; the tests check both give the same answers to
every shipped query.

Results come back as pyoxigraph terms whichever engine ran, so formatting (a
table for people; CSV, TSV and JSON as the SPARQL 1.1 result formats define
them) is one code path.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from . import rdf
from .knowledge import ontology_dir

ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json")
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong")}


class QueryError(Exception):
    """A query or graph the user gave cannot be used; the message names it."""


# -- the graph -----------------------------------------------------------------

def graph_file(path: str | Path) -> Path:
    """The file holding a build's graph: FOLDER/graph.ttl, or the file given."""
    path = Path(path)
    if path.is_dir():
        ttl = path / "graph.ttl"
        if not ttl.is_file():
            raise QueryError(f"{path}: no graph.ttl here; run `papergraph build --out {path}` first")
        return ttl
    if not path.exists():
        raise QueryError(f"{path}: no such file or folder; run `papergraph build` first")
    return path


def load_triples(path: str | Path) -> list[ox.Triple]:
    """The triples of a build: its folder (graph.ttl), an RDF file, or node-link graph.json."""
    path = graph_file(path)
    if path.suffix.lower() == ".json":
        import networkx as nx

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            graph = nx.node_link_graph(data, edges="links")
        except (ValueError, KeyError, TypeError) as exc:
            raise QueryError(f"{path}: not a papergraph graph.json ({exc})") from None
        return rdf.triples(graph)
    try:
        return rdf.read_rdf(path)
    except SyntaxError as exc:
        raise QueryError(f"{path}: {exc}") from None
    except ValueError as exc:
        raise QueryError(str(exc)) from None


# -- named queries ---------------------------------------------------------------

@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def named_queries() -> dict[str, NamedQuery]:
    """The queries shipped in ontology/queries/*.rq; the first comment line describes each."""
    out = {}
    for path in sorted(queries_dir().glob("*.rq")):
        description = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                description = line.lstrip("#").strip()
                break
        out[path.stem] = NamedQuery(path.stem, description, path)
    return out


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def resolve_query(arg: str) -> tuple[str, str]:
    """(text, origin) for a query given as a .rq file, the name of a shipped query, or inline text."""
    if "\n" not in arg and len(arg) < 4096:
        path = Path(arg)
        if path.suffix == ".rq" or (path.is_file() and not _NAME.match(arg)):
            if not path.is_file():
                raise QueryError(f"{arg}: no such query file")
            return path.read_text(encoding="utf-8"), str(path)
        if _NAME.match(arg):
            shipped = named_queries()
            if arg in shipped:
                return shipped[arg].text, f"{arg} ({shipped[arg].path.name})"
            raise QueryError(f"{arg}: no shipped query of that name; `papergraph query --list` shows them")
    return arg, "query"


# -- bindings (a trailing VALUES clause, which every SPARQL 1.1 engine reads) --------

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def binding_term(value: str) -> str:
    """A --bind value as SPARQL term text: a node id (model/gpt-4), <IRI>, prefixed name or literal."""
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if _IRI_BAD.search(iri) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
            raise QueryError(f"{value}: not an absolute IRI")
        return f"<{iri}>"
    kind, _, rest = value.partition("/")
    if rest and kind in ("paper", "model", "method", "dataset", "metric", "task", "topic", "result", "digest",
                         "person", "category"):
        return f"<{rdf.node_iri(value)}>"
    prefix, _, local = value.partition(":")
    if local and prefix in rdf.PREFIXES and re.match(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", local):
        return f"<{rdf.PREFIXES[prefix]}{local}>"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def add_bindings(text: str, bindings: list[str]) -> str:
    """Append `VALUES (?a ?b) { (...) }` for NAME=VALUE pairs: the query's pattern joins with it."""
    if not bindings:
        return text
    names, terms = [], []
    for item in bindings:
        name, sep, value = item.partition("=")
        name = name.lstrip("?$")
        if not sep or not _VAR.match(name):
            raise QueryError(f"--bind {item}: expected NAME=VALUE, e.g. dataset=dataset/natural-questions")
        names.append(f"?{name}")
        terms.append(binding_term(value))
    return f"{text.rstrip()}\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"


# -- read-only check for the endpoint --------------------------------------------------

_LEX = re.compile(
    r"""(?P<skip>\#[^\n\r]*|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>)""",
    re.S,
)
_FORBIDDEN = re.compile(r"(?<![\w:?$])(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY)(?![\w:])", re.I)


def _unescape_codepoints(text: str) -> str:
    # SPARQL applies \uXXXX and \UXXXXXXXX escapes before parsing (SPARQL 1.1 section 19.2)
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def forbidden_operation(text: str) -> str | None:
    """SERVICE, LOAD or an update keyword outside strings, IRIs and comments, if any."""
    code = _LEX.sub(" ", _unescape_codepoints(text))
    match = _FORBIDDEN.search(code)
    return match.group(1).upper() if match else None


# -- engines ------------------------------------------------------------------------

@dataclass
class QueryResult:
    kind: str                                  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


def _syntax_error(origin: str, exc: Exception) -> QueryError:
    return QueryError(f"{origin}: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}")


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, triples: list[ox.Triple] | None = None, store: ox.Store | None = None):
        self.store = store if store is not None else rdf.to_store(triples or [])

    def query(self, text: str, origin: str = "query") -> QueryResult:
        try:
            result = self.store.query(text, prefixes=rdf.PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise _syntax_error(origin, exc) from None
        except OSError as exc:
            raise QueryError(f"{origin}: {exc}") from None
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return QueryResult("select", names, [tuple(s[n] for n in names) for s in result])
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        return QueryResult("graph", triples=list(result))


def _ox_term(term):
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")


class RdflibEngine:
    name = "rdflib"

    def __init__(self, triples: list[ox.Triple]):
        self.graph = rdf.to_rdflib(triples)

    def query(self, text: str, origin: str = "query") -> QueryResult:
        from rdflib import Namespace

        try:
            result = self.graph.query(text, initNs={k: Namespace(v) for k, v in rdf.PREFIXES.items()})
        except Exception as exc:  # pyparsing and rdflib raise many types for a bad query
            raise _syntax_error(origin, exc) from None
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            return QueryResult("select", names, [tuple(_ox_term(row[i]) for i in range(len(names))) for row in result])
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        return QueryResult("graph", triples=[ox.Triple(*(_ox_term(x) for x in t)) for t in result])


def open_engine(name: str, path: str | Path):
    """An engine over a build; Oxigraph reads an RDF file itself, with no Python objects in between."""
    file = graph_file(path)
    if name == "oxigraph" and file.suffix.lower() in rdf.RDF_SUFFIXES:
        try:
            return OxigraphEngine(store=rdf.store_from_file(file))
        except SyntaxError as exc:
            raise QueryError(f"{file}: {exc}") from None
    return make_engine(name, load_triples(file))


def make_engine(name: str, triples: list[ox.Triple]):
    if name == "oxigraph":
        return OxigraphEngine(triples)
    if name == "rdflib":
        return RdflibEngine(triples)
    raise QueryError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


# -- comparing results across engines and stores ---------------------------------------

def canonical_term(term):
    """A term as a comparable value: numbers by value, language tags in lower case."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if term.language:
        return ("lit", term.value, term.language.lower())
    dt = term.datatype.value
    if dt in _NUMERIC:
        try:
            return ("num", Decimal(term.value).normalize())
        except InvalidOperation:
            pass
    if dt == XSD + "string":
        return ("lit", term.value, "")
    return ("typed", term.value, dt)


def canonical(result: QueryResult):
    if result.kind == "select":
        return result.variables, [tuple(canonical_term(t) for t in row) for row in result.rows]
    if result.kind == "ask":
        return result.boolean
    return sorted(tuple(canonical_term(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples)


# -- formatting --------------------------------------------------------------------------

_COMPACT = sorted(((ns, prefix) for prefix, ns in rdf.PREFIXES.items()), key=lambda x: -len(x[0]))


def _short(term) -> str:
    """A cell for people: prefixed IRIs, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for ns, prefix in _COMPACT:
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out, width = [], 0
    for c in text:
        w = _width(c)
        if width + w > limit - 1:
            break
        out.append(c)
        width += w
    return "".join(out) + "…"


def format_table(result: QueryResult, max_cell: int = 60) -> str:
    if result.kind == "ask":
        return "yes\n" if result.boolean else "no\n"
    if result.kind == "graph":
        return rdf.serialize(rdf.sort_triples(result.triples), ox.RdfFormat.TURTLE, rdf.PREFIXES).decode("utf-8")
    header = result.variables
    cells = [[_clip(_short(t), max_cell) for t in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: lexical forms only, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["_askResult"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    _need_select(result, "csv")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value) for t in row])
    return buf.getvalue()


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == XSD + "integer" \
            and re.fullmatch(r"[+-]?[0-9]+", term.value):
        return term.value
    return str(term)  # N-Triples syntax, which TSV results use; tabs and newlines come out escaped


def format_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in SPARQL/Turtle syntax."""
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    _need_select(result, "tsv")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    _need_select(result, "json")
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _need_select(result: QueryResult, fmt: str) -> None:
    if result.kind != "select":
        raise QueryError(f"--format {fmt} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE prints Turtle")


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    if result.kind == "graph" and fmt != "table":
        _need_select(result, fmt)
    return FORMATTERS[fmt](result)
