import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_tool(name: str, why: str) -> str:
    """The path of a system tool; missing, it fails under CI and skips (loudly) elsewhere."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed ({why}); `make test` installs it"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """One build of the bundled seeds, shared by the tests that only read it."""
    from papergraph.build import build

    out = tmp_path_factory.mktemp("seeds-out")
    graph, report = build([SEEDS], out)
    return graph, report, out
