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
import os
import platform
import sys
import tempfile
import uuid
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from common import (
    PROJECT_ROOT,
    RESULTS_DIR,
    bench_server,
    medians,
    run_checked,
    schemactl_base,
    server_kind,
    temporary_database,
    timed,
    write_json,
)

from schemactl import embedded
from schemactl.config import load_settings
from schemactl.project import load_migrations
from schemactl.sqltext import split_statements

DEFAULT_OUTPUT = RESULTS_DIR / "apply.json"
GOAL_RATIO = 1.5
LEDGER_COUNT = "SELECT count(*) FROM schemactl.schema_migrations"


def fresh_database(server_url: str) -> AbstractContextManager[str]:
    """An empty database for one sample, dropped afterwards."""
    return temporary_database(server_url, "bench_" + uuid.uuid4().hex[:12])


def sample_schemactl(server_url: str, files: int) -> float:
    with fresh_database(server_url) as url:
        elapsed, _ = timed([*schemactl_base(), "-C", str(PROJECT_ROOT), "apply", "--database-url", url])
        with psycopg.connect(url) as conn:
            row = conn.execute(LEDGER_COUNT).fetchone()
        if row is None or row[0] != files:
            sys.exit(f"schemactl apply exited 0 but the ledger holds {row and row[0]} rows, expected {files}")
    return elapsed


def sample_psql(server_url: str, psql: Path, sql_file: Path) -> float:
    with fresh_database(server_url) as url:
        return timed([str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(sql_file), "-d", url])[0]


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
    median_s = medians(samples)
    for tool, values in samples.items():
        median, low, high = (1000 * v for v in (median_s[tool], min(values), max(values)))
        print(f"  {tool:<9} median {median:7.1f} ms  (min {low:.1f}, max {high:.1f})")
    ratio = median_s["schemactl"] / median_s["psql"]
    overhead_ms = 1000 * (median_s["schemactl"] - median_s["psql"])
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

    median_s = medians(samples)
    ratio = median_s["schemactl"] / median_s["psql"]
    result = {
        "benchmark": "schemactl apply vs psql -f of the same rendered SQL; whole processes, empty database",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "warmup_runs": 1,
        "samples_s": samples,
        "median_s": median_s,
        "overhead_s": median_s["schemactl"] - median_s["psql"],
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_met": ratio <= GOAL_RATIO,
        "migration_files": len(migrations),
        "statements": statements,
        "server": server_kind(),
        "postgres_version": server_version,
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "commands": {
            "schemactl": "schemactl -C <project> apply --database-url <url>",
            "psql": "psql -X -q -v ON_ERROR_STOP=1 -1 -f <rendered.sql> -d <url>",
        },
    }
    write_json(output, result)
    print_summary(samples, output)


if __name__ == "__main__":
    main()
