# The Makefile is the contract: CI calls only these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-pg15 test-unit check bench-apply bench-startup bench-schema bench-snapshot bench-lint db-stop clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock --config-settings editable_mode=compat -e '.[dev]'
	$(BIN)/python -m compileall -q schemactl
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install schemactl with its pinned dependencies

run: install  ## Start the embedded server, apply sql/, print the status table
	$(BIN)/schemactl db start
	$(BIN)/schemactl apply
	$(BIN)/schemactl status

test: install  ## The whole test suite against real PostgreSQL (embedded unless SCHEMACTL_TEST_DATABASE_URL)
	$(BIN)/pytest

test-pg15: install  ## The whole test suite against a throwaway PostgreSQL 15 from /usr/lib/postgresql/15/bin
	scripts/system-pg-test.sh /usr/lib/postgresql/15/bin

test-unit: install  ## Tests that need no database server
	$(BIN)/pytest tests/unit

check: install  ## ruff (lint + format) and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy schemactl tests bench

bench-apply: install  ## schemactl apply vs psql: sql/, a 1,000-table schema as 1 and as 1,001 files; writes bench/results/apply.json
	$(BIN)/python bench/apply.py $(BENCH_APPLY_ARGS)

bench-startup: install  ## --help, --version, rules, render, lint of one file vs python -c 'import typer'; writes bench/results/startup.json
	$(BIN)/python bench/startup.py

bench-schema: install  ## Seeded schema: read latency, RLS ingest, sum trigger, MV refresh; writes bench/results/schema.json
	$(BIN)/python bench/schema.py

bench-snapshot: install  ## schemactl snapshot (and --diff) vs pg_dump --schema-only at 0/100/1000 tables; writes bench/results/snapshot.json
	$(BIN)/python bench/snapshot.py

bench-lint: install  ## schemactl lint vs squawk and sqlfluff on 1,000 generated files (installs both, pinned); writes bench/results/lint.json
	$(BIN)/python bench/lint.py

db-stop: install  ## Stop the embedded server
	$(BIN)/schemactl db stop

clean:
	-test -x $(BIN)/schemactl && $(BIN)/schemactl db stop
	rm -rf $(VENV) .schemactl .pytest_cache .mypy_cache .ruff_cache
