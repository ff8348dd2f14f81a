# Quick start: `make read` opens the bundled sample, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
SAMPLE := reader/samples/welcome.md

.PHONY: read test lint bench quality fuzz clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "reader needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	# pip 23.2 cannot resolve lxml's extras for trafilatura + readability-lxml: upgrade first.
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

read: $(STAMP)
	$(BIN)/reader $(SAMPLE)

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check reader tests
	$(BIN)/ruff format --check reader tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Hypothesis over hostile HTML, Markdown, posts and bytes for ten minutes (make test runs a
# short profile of the same properties); prints what it tried.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --seconds 600

quality: $(STAMP)
	for w in 40 80 120; do \
		$(BIN)/python ../shared/tools/quality.py --reader $(BIN)/reader --corpus ../shared/corpus --width $$w; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
