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


@pytest.fixture(scope="session")
def extractor():
    """One extraction pipeline for the run (loading the vocabulary and cues takes a second);
    extraction keeps no state between papers that changes what it finds."""
    from papergraph.extract import Extractor

    return Extractor()


CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never `playwright install`), one for the whole run."""
    chromium = need_tool("chromium", "the real browser the pages are tested in")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "playwright is not installed; `make test` installs the test extras"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
    yield b
    b.close()
    pw.stop()
