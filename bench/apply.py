"""Benchmark: `schemactl apply` of the project's own sql/ against `psql -f` of the same SQL.

What it measures: the wall-clock time of a whole process, from spawn to exit, that takes an
empty database to the schema of sql/ (rendered through templates/). That is what a person or
a CI job waits for, so it includes interpreter start-up, imports, rendering, connecting, the
ledger and the migration lock, not only the time the server spends on the DDL.

Why `psql -X -q -1 -v ON_ERROR_STOP=1 -f` is the floor: it is the least a client can do to get
the same result. A small C program with no start-up cost sends the already-rendered SQL over one
connection in one transaction and stops at the first error. Whatever schemactl adds on top
(Python, Jinja, pglast, the ledger, one transaction per file) is its overhead, and the ratio
`median(schemactl) / median(psql)` shows it. The goal is a ratio of at most 1.5.

Each sample gets a fresh database (CREATE DATABASE before, DROP DATABASE ... WITH (FORCE) after,
both outside the timed region). The two commands take turns, in ABBA order, so that drift on the
machine falls on both alike. One untimed warm-up of each fills the OS file cache first.

The server is a throwaway embedded PostgreSQL in a temporary directory, stopped and deleted at
the end, unless SCHEMACTL_BENCH_DATABASE_URL names a maintenance URL of another server (its user
must be able to create databases).

Usage: .venv/bin/python bench/apply.py [--runs N] [--output PATH]    (or: make bench-apply)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from schemactl import embedded
from schemactl.config import load_settings
from schemactl.database import redact, with_database
from schemactl.project import load_migrations
from schemactl.sqltext import split_statements

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT_ROOT / "bench" / "results" / "apply.json"
GOAL_RATIO = 1.5
LEDGER_COUNT = "SELECT count(*) FROM schemactl.schema_migrations"


@contextmanager
def bench_server() -> Iterator[str]:
    """A maintenance URL: SCHEMACTL_BENCH_DATABASE_URL, or an embedded server that lives for the run."""
    external = os.environ.get("SCHEMACTL_BENCH_DATABASE_URL")
    if external:
        yield external
        return
    state_dir = Path(tempfile.mkdtemp(prefix="schemactl-bench-"))
    try:
        yield embedded.ensure_running(state_dir)
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """An empty database for one sample, dropped afterwards."""
    name = "bench_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


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


def timed(command: list[str]) -> float:
    """Seconds from spawn to exit of one process; it must exit 0."""
    started = time.perf_counter()
    run_checked(command)
    return time.perf_counter() - started


def sample_schemactl(server_url: str, files: int) -> float:
    with fresh_database(server_url) as url:
        elapsed = timed([*schemactl_base(), "-C", str(PROJECT_ROOT), "apply", "--database-url", url])
        with psycopg.connect(url) as conn:
            row = conn.execute(LEDGER_COUNT).fetchone()
        if row is None or row[0] != files:
            sys.exit(f"schemactl apply exited 0 but the ledger holds {row and row[0]} rows, expected {files}")
    return elapsed


def sample_psql(server_url: str, psql: Path, sql_file: Path) -> float:
    with fresh_database(server_url) as url:
        return timed([str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(sql_file), "-d", url])


def measure(runs: int, server_url: str, psql: Path, sql_file: Path, files: int) -> dict[str, list[float]]:
    """One untimed warm-up of each command, then `runs` samples of each in ABBA order."""

    def one(tool: str) -> float:
        if tool == "schemactl":
            return sample_schemactl(server_url, files)
        return sample_psql(server_url, psql, sql_file)

    one("schemactl")  # fills the OS file cache (Python, the wheels, __pycache__) before timing
    one("psql")
    samples: dict[str, list[float]] = {"schemactl": [], "psql": []}
    for i in range(runs):
        for tool in ("schemactl", "psql") if i % 2 == 0 else ("psql", "schemactl"):
            samples[tool].append(one(tool))
    return samples


def print_summary(samples: dict[str, list[float]], output: Path) -> None:
    medians = {tool: statistics.median(values) for tool, values in samples.items()}
    for tool, values in samples.items():
        median, low, high = (1000 * v for v in (medians[tool], min(values), max(values)))
        print(f"  {tool:<9} median {median:7.1f} ms  (min {low:.1f}, max {high:.1f})")
    ratio = medians["schemactl"] / medians["psql"]
    overhead_ms = 1000 * (medians["schemactl"] - medians["psql"])
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(
        f"  ratio     {ratio:.2f}x  (schemactl / psql; goal <= {GOAL_RATIO}: {verdict}); overhead {overhead_ms:.0f} ms"
    )
    print(f"  written to {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed samples of each command (default 7)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result")
    args = parser.parse_args()
    runs: int = args.runs
    output: Path = args.output
    if runs < 1:
        parser.error("--runs must be at least 1")

    migrations = load_migrations(load_settings(PROJECT_ROOT))
    statements = sum(len(split_statements(m.rendered.text)) for m in migrations)
    psql = embedded.bin_dir() / "psql"
    rendered = run_checked([*schemactl_base(), "-C", str(PROJECT_ROOT), "render"]).stdout

    with tempfile.TemporaryDirectory(prefix="schemactl-bench-sql-") as tmp, bench_server() as server_url:
        with psycopg.connect(server_url) as conn:
            server_version = conn.info.parameter_status("server_version") or "unknown"
        print(f"apply of {len(migrations)} files / {statements} statements, PostgreSQL {server_version}, {runs} runs")
        sql_file = Path(tmp) / "rendered.sql"
        sql_file.write_text(rendered, encoding="utf-8")
        samples = measure(runs, server_url, psql, sql_file, len(migrations))

    medians = {tool: statistics.median(values) for tool, values in samples.items()}
    ratio = medians["schemactl"] / medians["psql"]
    result = {
        "benchmark": "schemactl apply vs psql -f of the same rendered SQL; whole processes, empty database",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "warmup_runs": 1,
        "samples_s": samples,
        "median_s": medians,
        "overhead_s": medians["schemactl"] - medians["psql"],
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_met": ratio <= GOAL_RATIO,
        "migration_files": len(migrations),
        "statements": statements,
        "server": "external" if os.environ.get("SCHEMACTL_BENCH_DATABASE_URL") else "embedded",
        "postgres_version": server_version,
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "commands": {
            "schemactl": "schemactl -C <project> apply --database-url <url>",
            "psql": "psql -X -q -v ON_ERROR_STOP=1 -1 -f <rendered.sql> -d <url>",
        },
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".tmp")
    partial.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    partial.replace(output)
    print_summary(samples, output)


if __name__ == "__main__":
    main()
