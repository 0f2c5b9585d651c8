"""Builds that are interrupted, repeated in another order, or updated.

- a build killed at any moment (SIGKILL, SIGINT, SIGTERM) leaves the previous
  out/ whole and valid, and the next build cleans up after it;
- the same inputs give byte-identical outputs whatever their order;
- `build --update` redoes only what changed and gives exactly the graph of a
  full build, with a change report.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from papergraph.atomic import MANIFEST, STAGING_MARK, StagedOutput, verify
from papergraph.build import build
from papergraph.cache import fingerprint

from conftest import FIXTURES, SEEDS, need_tool
from messy import seed_blocks, seed_table, write_messy

OUTPUTS = ("graph.json", "graph.ttl", "graph.html", "report.json")


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in (*OUTPUTS, MANIFEST)}


def assert_whole_and_valid(out: Path) -> None:
    assert verify(out) == [], verify(out)
    json.loads((out / "graph.json").read_bytes())
    json.loads((out / "report.json").read_bytes())
    Graph().parse(out / "graph.ttl", format="turtle")
    assert (out / "graph.html").read_bytes().rstrip().endswith(b"</html>")


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}{STAGING_MARK}")]


# -- interrupted builds ------------------------------------------------------------

@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    """out/ holding a finished build of one fixture, and the inputs of a bigger, different build."""
    root = tmp_path_factory.mktemp("kill")
    build([FIXTURES / "blocks_zh_hans.md"], root / "out")
    new_inputs = root / "new"
    new_inputs.mkdir()
    (new_inputs / "a.md").write_text(seed_blocks(4), encoding="utf-8")
    (new_inputs / "b.md").write_text(seed_table(4), encoding="utf-8")
    return root, snapshot(root / "out")


def start_build(root: Path, out: Path, pause_at: str | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    if pause_at:
        env["PAPERGRAPH_PAUSE_AT"] = pause_at
    return subprocess.Popen([sys.executable, "-m", "papergraph", "build", str(root / "new"), "--out", str(out), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=_ctrl_c_as_at_a_terminal)


def _ctrl_c_as_at_a_terminal() -> None:
    # A job started in the background (`cmd &` in a script, some CI runners) inherits
    # SIGINT ignored, and Python then keeps ignoring it; the build under test must
    # get Ctrl-C as it does at a terminal, whatever started the test suite.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_pause(proc: subprocess.Popen, point: str) -> None:
    line = proc.stderr.readline()
    assert line.strip() == f"papergraph: paused at {point}", line + proc.stderr.read()


@pytest.mark.parametrize("point, sig", [
    ("read", signal.SIGKILL), ("extracted", signal.SIGKILL), ("staged", signal.SIGKILL),
    ("swapping", signal.SIGKILL),
    ("read", signal.SIGINT), ("extracted", signal.SIGTERM), ("staged", signal.SIGINT),
])
def test_a_build_killed_before_the_swap_leaves_the_previous_outputs(previous_build, tmp_path, point, sig):
    root, before = previous_build
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    proc = start_build(root, out, point)
    wait_for_pause(proc, point)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 130), err
    assert "Traceback" not in err
    if sig != signal.SIGKILL:
        assert "interrupted; previous outputs are left as they were" in err
        assert leftovers(out) == []  # cleaned up on the way out
    assert snapshot(out) == before
    assert_whole_and_valid(out)
    # the next build sweeps what a killed one left, and succeeds
    done = start_build(root, out)
    _, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert leftovers(out) == [] and snapshot(out) != before
    assert_whole_and_valid(out)


def test_a_build_killed_just_after_the_swap_leaves_the_new_outputs(previous_build, tmp_path):
    root, before = previous_build
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    proc = start_build(root, out, "swapped")
    wait_for_pause(proc, "swapped")
    proc.kill()
    proc.wait(timeout=60)
    assert snapshot(out) != before
    assert_whole_and_valid(out)
    assert len(leftovers(out)) == 1  # the previous build, now beside out/; the next build removes it
    build([FIXTURES / "blocks_zh_hans.md"], out)
    assert leftovers(out) == [] and snapshot(out) == before


def test_ctrl_c_during_the_swap_waits_for_it_to_finish(previous_build, tmp_path):
    root, before = previous_build
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    proc = start_build(root, out, "swapping:1.5")
    wait_for_pause(proc, "swapping")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "holds the new build" in err, err
    assert snapshot(out) != before
    assert_whole_and_valid(out)
    assert leftovers(out) == []


@pytest.mark.parametrize("delay", [0.4, 1.2, 2.0, 2.8, 3.6])
def test_a_build_killed_at_a_random_moment_leaves_one_whole_build(previous_build, tmp_path, delay):
    root, before = previous_build
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    proc = start_build(root, out)
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=60)
    assert_whole_and_valid(out)  # the previous build or the new one, never a mix


def test_a_first_build_killed_leaves_no_out_folder(previous_build, tmp_path):
    root, _ = previous_build
    proc = start_build(root, tmp_path / "out", "staged")
    wait_for_pause(proc, "staged")
    proc.kill()
    proc.wait(timeout=60)
    assert not (tmp_path / "out").exists()


def test_a_folder_with_other_files_is_updated_file_by_file_and_keeps_them(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.md").write_text("my own notes", encoding="utf-8")
    build([FIXTURES / "blocks_zh_hans.md"], out)
    build([FIXTURES / "table_zh_hant.md"], out)
    assert (out / "index.md").read_text(encoding="utf-8") == "my own notes"
    assert_whole_and_valid(out)
    assert leftovers(out) == []
    assert oct((out / "graph.json").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_failing_render_leaves_the_previous_outputs(tmp_path, monkeypatch):
    from papergraph.export import RENDERERS, Renderer

    out = tmp_path / "out"
    build([FIXTURES / "blocks_zh_hans.md"], out)
    before = snapshot(out)

    def broken(graph):
        raise RuntimeError("renderer bug")

    monkeypatch.setitem(RENDERERS, "turtle", Renderer("turtle", "graph.ttl", broken, "broken"))
    with pytest.raises(RuntimeError):
        build([FIXTURES / "table_zh_hant.md"], out)
    assert snapshot(out) == before and leftovers(out) == []


def test_staged_output_without_commit_changes_nothing(tmp_path):
    out = tmp_path / "out"
    with StagedOutput(out) as stage:
        stage.write("graph.json", b"{}")
    assert not out.exists() and leftovers(out) == []


# -- determinism -------------------------------------------------------------------------

def _corpus(folder: Path, rng: random.Random) -> list[Path]:
    """Seeds, a duplicate and the messy files, created in a random order; their paths, shuffled."""
    files = dict(write_messy(folder / "messy", long_line=False))
    for seed in SEEDS.iterdir():
        files[seed.name] = seed.read_bytes()
    files["dup_longrag.md"] = (FIXTURES / "duplicate_of_longrag.md").read_bytes()
    order = list(files)
    rng.shuffle(order)
    for name in order:  # creation order differs, so does the order on disk
        (folder / name).write_bytes(files[name])
    paths = [folder / n for n in order] + [folder / "messy"]
    rng.shuffle(paths)
    return paths


@pytest.mark.parametrize("as_folder", [False, True])
def test_shuffled_inputs_give_byte_identical_outputs(tmp_path, as_folder):
    """Files created in another order and given in another order: the same bytes out."""
    rng = random.Random(8)
    outputs, names = [], []
    for attempt in range(2):
        folder = tmp_path / f"in{attempt}"
        paths = _corpus(folder, rng)
        _, report = build([folder] if as_folder else paths, tmp_path / f"out{attempt}")
        names.append(report.files)
        outputs.append({n: (tmp_path / f"out{attempt}" / n).read_bytes() for n in OUTPUTS})
    assert names[0] == names[1] and len(names[0]) == len(set(names[0]))
    for name in OUTPUTS:
        assert outputs[0][name] == outputs[1][name], name


# -- incremental builds ----------------------------------------------------------------------

def test_update_redoes_only_what_changed_and_equals_a_full_build(tmp_path):
    digests = tmp_path / "digests"
    digests.mkdir()
    for seed in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(seed, digests / seed.name)
    out = tmp_path / "out"
    build([digests], out)

    first, *_, last = sorted(digests.iterdir())
    first.write_text(first.read_text(encoding="utf-8").replace("LongRAG", "LongRAG2", 1), encoding="utf-8")
    last.unlink()  # a digest goes away
    (digests / "new.md").write_text(seed_blocks(2, seed="004_2524026b1ff3f358.txt"), encoding="utf-8")
    (digests / "conflict.md").write_text(
        "# A Second Title\n[另一个标题](https://arxiv.org/abs/2406.15319)\n\n另一份摘要。\n", encoding="utf-8")

    graph, report = build([digests], out, update=True)
    build([digests], tmp_path / "full")
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name

    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert changes == report.changes and changes["previous_build"]
    assert changes["files"]["new"] == ["conflict.md", "new.md"]
    assert changes["files"]["changed"] == [first.name] and changes["files"]["removed"] == [last.name]
    new_papers = {p.arxiv_id for p in __import__("papergraph.ingest", fromlist=["x"]).parse_bytes(
        (digests / "new.md").read_bytes(), "new.md").papers}
    assert set(changes["papers"]["new"]) == {f"paper/{i}" for i in new_papers}
    assert "paper/2406.15319" in changes["papers"]["changed"]
    assert changes["papers"]["removed"] and changes["entities"]["new"] and changes["relations"]["new"]
    assert all({"source", "target", "relation"} == set(r) for r in changes["relations"]["new"])
    # only the changed file, the two new ones and the papers whose record they change were redone
    assert report.redone["files"] == 3 and report.reused["files"] == 1
    assert report.redone["papers"] == len(new_papers) + 1  # + LongRAG: new title, one more source
    assert report.reused["papers"] == report.papers - report.redone["papers"]


def test_update_with_new_paths_adds_them_and_prints_the_changes(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "papergraph", "build", str(FIXTURES / "blocks_zh_hans.md"),
                            "--out", str(out)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    run = subprocess.run([sys.executable, "-m", "papergraph", "build", str(FIXTURES / "table_zh_hant.md"),
                          "--update", "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "update: 1 new, 0 changed, 0 removed, 1 unchanged file(s)" in run.stdout
    assert "changes: papers +2 ~0 -0;" in run.stdout and "changes.json" in run.stdout
    full = tmp_path / "full"
    build([FIXTURES / "blocks_zh_hans.md", FIXTURES / "table_zh_hant.md"], full)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    # --update with no paths: what the last build read
    again = subprocess.run([sys.executable, "-m", "papergraph", "build", "--update", "--out", str(out)],
                           capture_output=True, text=True)
    assert again.returncode == 0 and "changes: papers +0 ~0 -0;" in again.stdout, again.stderr


def test_a_torn_cache_entry_is_recomputed(tmp_path):
    out = tmp_path / "out"
    build([FIXTURES / "blocks_zh_hans.md"], out)
    before = snapshot(out)
    packs = sorted((out / ".cache" / "papers").glob("*.jsonl"))
    lines = packs[0].read_bytes().split(b"\n")
    lines[0] = lines[0][:80]  # one entry torn: its paper is redone, the other reused
    packs[0].write_bytes(b"\n".join(lines))
    _, report = build([FIXTURES / "blocks_zh_hans.md"], out, update=True)
    assert report.redone["papers"] == 1 and report.reused["papers"] == 1
    assert {n: b for n, b in snapshot(out).items() if n != MANIFEST} == \
           {n: b for n, b in before.items() if n != MANIFEST}
    # packs cut short (a build killed while writing them): what is lost is redone
    for pack in (out / ".cache" / "papers").glob("*.jsonl"):
        pack.write_bytes(pack.read_bytes()[:20])
    _, report = build([FIXTURES / "blocks_zh_hans.md"], out, update=True)
    assert report.redone["papers"] == 2 and report.reused["papers"] == 0
    assert {n: b for n, b in snapshot(out).items() if n != MANIFEST} == \
           {n: b for n, b in before.items() if n != MANIFEST}


def test_cache_entries_are_data_not_code(tmp_path):
    """A build folder from someone else must not run their code: the cache is JSON."""
    out = tmp_path / "out"
    build([FIXTURES / "blocks_zh_hans.md"], out)
    for entry in (out / ".cache").rglob("*.json"):
        json.loads(entry.read_bytes())
    lines = [ln for pack in (out / ".cache" / "papers").glob("*.jsonl") for ln in pack.read_text().splitlines()]
    assert len(lines) == 2
    for line in lines:
        key, entry = line.split("\t")
        assert len(key) == 64 and isinstance(json.loads(entry), dict)


def test_file_entries_are_the_plain_json_of_the_records_they_give_back(tmp_path):
    # written by orjson from the dataclasses: byte for byte what to_jsonable + json.dumps write
    from papergraph.cache import FileEntry, from_jsonable, to_jsonable

    out = tmp_path / "out"
    build([FIXTURES / "table_zh_hant.md", FIXTURES / "arxiv_metadata.jsonl"], out)
    entries = sorted((out / ".cache" / "files").rglob("*.json"))
    assert len(entries) == 2
    for path in entries:
        raw = path.read_bytes()
        entry = from_jsonable(FileEntry, json.loads(raw))
        assert entry.papers and all(p.title for p in entry.papers)
        assert raw == json.dumps(to_jsonable(entry), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_the_cache_key_follows_the_ontology(tmp_path):
    from papergraph.knowledge import ontology_dir

    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    a = fingerprint(str(copy))
    with open(copy / "vocab" / "models.tsv", "a", encoding="utf-8") as fh:
        fh.write("\n# a new line changes what extraction may find\n")
    fingerprint.cache_clear()
    assert fingerprint(str(copy)) != a


def test_an_out_folder_in_a_read_only_parent_is_still_written(tmp_path):
    """No staging folder can go beside out/: it goes inside, files are replaced one by one."""
    parent = tmp_path / "ro"
    (parent / "out").mkdir(parents=True)
    build([FIXTURES / "blocks_zh_hans.md"], parent / "out")
    drop = "-dac_override,-dac_read_search"
    command = [sys.executable, "-m", "papergraph", "build", str(FIXTURES / "table_zh_hant.md"), "--out",
               str(parent / "out"), "-q"]
    if os.geteuid() == 0:  # root writes anywhere: build without the capability that allows it
        command = [need_tool("setpriv", "util-linux"), "--bounding-set", drop, "--inh-caps", drop, *command]
    parent.chmod(0o555)
    try:
        run = subprocess.run(command, capture_output=True, text=True)
    finally:
        parent.chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert_whole_and_valid(parent / "out")
    report = json.loads((parent / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["files"] == ["table_zh_hant.md"]
    assert [p.name for p in (parent / "out").iterdir() if STAGING_MARK in p.name] == []


def test_an_output_whose_writer_dies_fails_the_build_and_names_it(tmp_path, monkeypatch):
    """Outputs are written side by side in forked processes: one killed half-way
    (out of memory, a crash) fails the build with its name; nothing is published."""
    from papergraph.build import OutputError
    from papergraph.export import RENDERERS, Renderer

    out = tmp_path / "out"
    build([FIXTURES / "blocks_zh_hans.md"], out)
    before = snapshot(out)

    def dies(graph, fh):
        fh.write(b"@prefix half: <written> .\n")
        fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setitem(RENDERERS, "turtle", Renderer("turtle", "graph.ttl", lambda g: b"", "dies", stream=dies))
    with pytest.raises(OutputError, match=r"graph\.ttl: could not be written \(the process writing it was killed "
                                          r"by signal 9"):
        build([FIXTURES / "table_zh_hant.md"], out, jobs=2)
    assert snapshot(out) == before and leftovers(out) == []


def test_outputs_written_side_by_side_are_the_outputs_written_one_by_one(tmp_path):
    inputs = [FIXTURES / "blocks_zh_hans.md", FIXTURES / "table_zh_hant.md"]
    for jobs in (1, 2, 3):
        _, report = build(inputs, tmp_path / f"j{jobs}", jobs=jobs)
        assert set(report.writing) == {"graph.json", "graph.ttl", "graph.html"}
        assert {f["in"] for f in report.writing.values()} == ({"build process"} if jobs == 1
                                                              else {"build process", "child"})
        assert_whole_and_valid(tmp_path / f"j{jobs}")
        for name in OUTPUTS:
            assert (tmp_path / f"j{jobs}" / name).read_bytes() == (tmp_path / "j1" / name).read_bytes(), name
