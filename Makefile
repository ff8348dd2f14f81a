# Quick start: `make read` opens the bundled sample, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
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

# The bytecode is compiled first, once: with PYTHONDONTWRITEBYTECODE set (as on our machines)
# Python never keeps it, and each of the suite's interpreters (the workers, each `reader` a test
# runs, each conversion fork server) would compile the modules it imports again (0.15 s of CPU).
# `-n auto` is one worker more than the cores (tests/conftest.py): the tests wait a quarter of
# the time, and the extra worker fills the waits; worksteal keeps the workers ending together.
test: $(STAMP)
	$(BIN)/python -m compileall -q -j 0 reader tests benchmarks
	$(BIN)/python -m pytest -q -n auto --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check reader tests
	$(BIN)/ruff format --check reader tests
	$(BIN)/mypy
	$(BIN)/lint-imports

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# Whole processes of the real command (a quarter of an hour on 2 busy cores); one part with
# `make bench ONLY="dump app"`, fewer runs with `python -m benchmarks.app --runs 1`.
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks $(ONLY)

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
