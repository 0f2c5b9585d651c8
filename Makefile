# papergraph: two commands do all the set-up on a fresh Debian machine.
#   make demo   build the graph of the bundled digests into out/
#   make test   install what the tests need (Python extras, system tools) and run them

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
OUT    ?= out

.PHONY: demo test clean help
.DEFAULT_GOAL := help

help:
	@echo "make demo   - create $(VENV), install papergraph, build seeds/ into $(OUT)/"
	@echo "make test   - install test extras and system tools, run the test suite"
	@echo "make bench  - speed benchmarks (benchmarks/), not part of the tests"

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Debian: apt-get install python3 python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	@touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/papergraph build seeds --out $(OUT)

test: $(VENV)/.installed-test
	./scripts/install-test-tools
	$(PY) -m pytest

.PHONY: bench bench-html
bench: bench-html

# graph.html in headless Chromium: first draw, interactive, answer, at 1k/5k/10k nodes and 5,000 papers
bench-html: $(VENV)/.installed-test
	./scripts/install-test-tools
	$(PY) benchmarks/bench_html.py

clean:
	rm -rf $(OUT) .pytest_cache
