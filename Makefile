# papergraph: two commands do all the set-up on a fresh Debian machine.
#   make demo   build the graph of the bundled digests into out/
#   make test   install what the tests need (Python extras, system tools) and run them

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
OUT    ?= out

.PHONY: demo test bench clean help
.DEFAULT_GOAL := help

help:
	@echo "make demo   - create $(VENV), install papergraph, build seeds/ into $(OUT)/"
	@echo "make test   - install test extras and system tools, run the test suite"
	@echo "make bench  - speed and memory benchmarks (benchmarks/; BENCH_SIZES, default 1000 10000), not part of make test"

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

# Benchmarks (not part of `make test`): synthetic corpora built end to end at BENCH_SIZES
# (`make bench BENCH_SIZES="1000 10000 100000"` for the full run), then every
# benchmarks/bench_*.py; each prints a table and saves JSON under benchmarks/results/.
BENCH_SIZES ?= 1000 10000

$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml
	$(PIP) install --quiet -e '.[test,bench]'
	@touch $@

bench: $(VENV)/.installed-bench
	./scripts/install-test-tools
	$(PY) benchmarks/run.py --sizes $(BENCH_SIZES)
	@set -e; for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f; done

clean:
	rm -rf $(OUT) .pytest_cache
