"""Helpers shared by the benchmark scripts in bench/ (apply.py, schema.py, snapshot.py, lint.py).

The scripts run as `.venv/bin/python bench/<name>.py`. Python puts the directory of the script
(bench/) first on sys.path, so `from common import ...` finds this module without any set-up,
and `mypy bench` resolves it the same way (bench/ has no __init__.py: its files are top-level
modules).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from schemactl import embedded
from schemactl.database import redact, with_database

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
SERVER_URL_VARIABLE = "SCHEMACTL_BENCH_DATABASE_URL"


def compile_schemactl() -> None:
    """Compile schemactl's modules to bytecode before timing anything.

    An installed schemactl imports from compiled bytecode; a module edited since `make install`
    would be compiled again by every timed process where PYTHONDONTWRITEBYTECODE is set.
    """
    import compileall

    import schemactl

    compileall.compile_dir(Path(schemactl.__file__).parent, quiet=1)


# ---------------------------------------------------------------------------------------------
# Server and databases
# ---------------------------------------------------------------------------------------------
@contextmanager
def bench_server() -> Iterator[str]:
    """A maintenance URL: SCHEMACTL_BENCH_DATABASE_URL, or an embedded server that lives for the run."""
    external = os.environ.get(SERVER_URL_VARIABLE)
    if external:
        yield external
        return
    state_dir = Path(tempfile.mkdtemp(prefix="schemactl-bench-"))
    try:
        yield embedded.ensure_running(state_dir)
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def server_kind() -> str:
    """What the result records as its server: "external" (SCHEMACTL_BENCH_DATABASE_URL) or "embedded"."""
    return "external" if os.environ.get(SERVER_URL_VARIABLE) else "embedded"


@contextmanager
def temporary_database(server_url: str, name: str) -> Iterator[str]:
    """The URL of a new, empty database `name`; DROP DATABASE ... WITH (FORCE) afterwards, whatever happens."""
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------
def schemactl_base() -> list[str]:
    """The installed console script next to this interpreter, else `python -m schemactl`."""
    script = Path(sys.executable).parent / "schemactl"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "schemactl"]


def run_checked(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run one process with its output captured; stop the benchmark unless it exits 0."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shown = " ".join(redact(part) for part in command)
        sys.exit(f"command failed with exit code {result.returncode}: {shown}\n{result.stdout}{result.stderr}")
    return result


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Seconds from spawn to exit of one process, and what it printed; it must exit 0."""
    started = time.perf_counter()
    result = run_checked(command)
    return time.perf_counter() - started, result


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
def medians(samples: Mapping[str, Sequence[float]]) -> dict[str, float]:
    """The median of each command's samples, in the same order."""
    return {tool: statistics.median(values) for tool, values in samples.items()}


def write_json(output: Path, result: Mapping[str, object]) -> None:
    """Write the result as indented JSON, atomically: to `<output>.tmp` first, then renamed over `output`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".tmp")
    partial.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    partial.replace(output)
