# kwaliteit: every target sets up its own virtual environment first.
#   make start   run a conversation in this terminal
#   make test    lint, type-check and run the whole test suite
#   make bench   the benchmark against the bare libraries (BENCH_ARGS=--quick for a smoke run)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   := kwaliteit_cli tests examples $(wildcard bench)

.PHONY: start test lint typecheck pytest golden examples bench faults clean wheel browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

start: $(STAMP)
	$(BIN)/kwaliteit start

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: $(STAMP)
	$(BIN)/mypy

# Browser checks (print, room view, phones) need Chromium and pdftotext from Debian.
browser:
	sh scripts/install-chromium.sh

pytest: $(STAMP) browser
	$(BIN)/pytest -q

# Rebuild the example sessions from their answers files, then their reports (golden files).
examples: $(STAMP)
	$(BIN)/python examples/make_examples.py

golden: $(STAMP)
	$(BIN)/python examples/make_examples.py --reports-only

# Robustness, the long runs: 2,000 SIGKILLs of running sessions, then the loaders fuzzed with
# about 500,000 fresh inputs (CI runs smaller versions of both in tests/).
faults: $(STAMP)
	$(BIN)/python bench/kill_run.py --kills 2000
	$(BIN)/python bench/fuzz_loaders.py

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

wheel: $(STAMP)
	$(BIN)/python -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
