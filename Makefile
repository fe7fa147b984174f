# towntui: `make run` starts the app, `make test` runs the whole check (CI),
# `make test-fast` the tests not marked slow (the inner loop).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint typecheck pytest format bench snapshots screenshots clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/towntui $(ARGS)

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/ruff format --check src tests benchmarks docs

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks docs
	$(BIN)/ruff check --fix src tests benchmarks docs

snapshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/tui/test_snapshots_*.py --snapshot-update

screenshots: $(STAMP)
	$(BIN)/python docs/screenshots.py

# make bench BENCH_REF=REV: the search and load figures beside those of REV (default:
# the code before issue 17), each in a fresh process, in the same run.
BENCH_REF ?= aadae96

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --against $(BENCH_REF)
	$(BIN)/python benchmarks/first_paint.py --rounds 10
	$(BIN)/python benchmarks/app_bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
