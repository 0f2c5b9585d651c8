"""Helpers shared by the RDF, query, endpoint and Virtuoso tests."""
import io
from contextlib import redirect_stderr, redirect_stdout

import pyoxigraph as ox

from papergraph.query import QueryResult


def cli(*args: str) -> tuple[int, str, str]:
    """Run the papergraph command line in this process: (exit code, stdout, stderr)."""
    from papergraph.cli import main

    raw, err = io.BytesIO(), io.StringIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
        out.flush()
    return code, raw.getvalue().decode("utf-8"), err.getvalue()


def result_from_json(doc: dict) -> QueryResult:
    """SPARQL 1.1 results JSON (from any server) as a QueryResult, for papergraph.query.canonical."""
    if "boolean" in doc:
        return QueryResult("ask", boolean=doc["boolean"])
    names = doc["head"]["vars"]
    rows = []
    for binding in doc["results"]["bindings"]:
        row = []
        for name in names:
            t = binding.get(name)
            if t is None:
                row.append(None)
            elif t["type"] == "uri":
                row.append(ox.NamedNode(t["value"]))
            elif t["type"] == "bnode":
                row.append(ox.BlankNode(t["value"]))
            elif "xml:lang" in t:
                row.append(ox.Literal(t["value"], language=t["xml:lang"]))
            elif "datatype" in t:
                row.append(ox.Literal(t["value"], datatype=ox.NamedNode(t["datatype"])))
            else:
                row.append(ox.Literal(t["value"]))
        rows.append(tuple(row))
    return QueryResult("select", names, rows)
