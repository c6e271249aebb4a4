# kwaliteit: every target sets up its own virtual environment first.
#   make start   run a conversation in this terminal (Ctrl-C pauses; make resume goes on)
#   make resume BESTAND=gesprek.toml   go on with a paused conversation
#   make test    lint, type-check and run the whole test suite
#   make bench   the benchmark against the bare libraries (BENCH_ARGS=--quick for a smoke run)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CODE   := kwaliteit_cli tests examples $(wildcard bench)

.PHONY: start resume test lint typecheck pytest golden examples bench faults clean wheel browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Ctrl-C pauses a conversation (exit code 130): that is no error of make's. The program is told
# it runs under make, so that its hint says 'make resume BESTAND=...' (kwaliteit is not on PATH).
start: $(STAMP)
	@KWALITEIT_VIA_MAKE=1 $(BIN)/kwaliteit start; status=$$?; \
	if [ $$status -eq 130 ]; then exit 0; else exit $$status; fi

resume: $(STAMP)
	@if [ -z "$(BESTAND)" ]; then \
	  echo "Zeg welk gesprek: make resume BESTAND=kwaliteitsgesprek-JJJJ-MM-DD.toml" >&2; \
	  ls -t kwaliteitsgesprek-*.toml 2>/dev/null | head -5 | sed 's/^/  /' >&2; exit 2; fi
	@KWALITEIT_VIA_MAKE=1 $(BIN)/kwaliteit resume "$(BESTAND)"; status=$$?; \
	if [ $$status -eq 130 ]; then exit 0; else exit $$status; fi

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
