"""Benchmark: `schemactl apply` against `psql`, on three workloads, on one or more servers.

What it measures: the wall-clock time of whole processes, spawn to exit, that take an empty database
to a schema. That is what a person or a CI job waits for: interpreter start-up, imports, rendering,
connecting, the ledger and the migration lock count, not only the server's work on the DDL.

The workloads, each against its yardstick, measured in turns (ABBA) in the same run:
1. `project`: this project's own sql/ (rendered through templates/) against one
   `psql -X -q -v ON_ERROR_STOP=1` session running each rendered file in a transaction (a
   `no-transaction` file statement by statement, as apply does), and against the **import floor**:
   `python -c 'import <every module apply imports>'` (found with `-X importtime` from one run of
   apply). Goal: schemactl <= floor + 50 ms.
2. `one_file`: a realistic 1,000-table schema (each table with RLS, a policy, grants, comments and
   indexes; bench/realistic.py; about 41,000 lines and 19,000 statements) as ONE migration file,
   against `psql -1 -f` of the same file. Goal: ratio <= 1.2.
3. `files_1001`: the same schema as 1,001 migration files (the tenants table, then one file per
   table), against one psql session that runs each file in its own transaction with one ledger
   INSERT per file (`BEGIN; \\i file; INSERT INTO ...; COMMIT;` for each, after creating the ledger
   table). Goal: ratio <= 1.2.

Each sample gets a fresh database (CREATE DATABASE before, DROP DATABASE ... WITH (FORCE) after,
both outside the timed region); the 1,000-table workloads grant to two NOLOGIN roles created for the
run and dropped at the end. One untimed warm-up of each command fills the OS file cache first.

Servers: `--server embedded` is a throwaway embedded PostgreSQL in a temporary directory, stopped
and deleted at the end; `--server URL` is the maintenance URL of another server (a superuser: the
workloads create databases and roles). Repeat `--server` to measure several servers in one run.
Without it: SCHEMACTL_BENCH_DATABASE_URL if set, else the embedded server.

Usage: .venv/bin/python bench/apply.py [--server embedded|URL ...] [--runs N] [--big-runs N]
       [--tables N] [--output PATH]                                     (or: make bench-apply)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import realistic
from common import (
    PROJECT_ROOT,
    RESULTS_DIR,
    bench_server,
    compile_schemactl,
    medians,
    schemactl_base,
    temporary_database,
    timed,
    write_json,
)

from schemactl import embedded
from schemactl.config import load_settings
from schemactl.database import redact
from schemactl.migrations import PreparedMigration
from schemactl.project import load_migrations
from schemactl.sqltext import split_statements

DEFAULT_OUTPUT = RESULTS_DIR / "apply.json"
GOAL_RATIO = 1.2
GOAL_FLOOR_MARGIN_S = 0.050
LEDGER_COUNT = "SELECT count(*) FROM schemactl.schema_migrations"
LEDGER_DDL = """
CREATE SCHEMA schemactl;
CREATE TABLE schemactl.schema_migrations (
    version bigint PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    source_checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL,
    applied_by text NOT NULL DEFAULT session_user,
    transactional boolean NOT NULL
);
"""


@dataclass(frozen=True)
class Tool:
    """One command of a workload: how to run it, and a check of the database it left (schemactl)."""

    command: Callable[[str], list[str]]
    check: Callable[[str], None] | None = None
    database: bool = True


@dataclass(frozen=True)
class Workload:
    name: str
    description: str
    tools: dict[str, Tool]


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
def sample(server_url: str, tool: Tool) -> float:
    """Seconds of one run of `tool` against a fresh database (or none, for the import floor)."""
    if not tool.database:
        return timed(tool.command(""))[0]
    with temporary_database(server_url, "bench_" + uuid.uuid4().hex[:12]) as url:
        elapsed = timed(tool.command(url))[0]
        if tool.check:
            tool.check(url)
    return elapsed


def measure(server_url: str, workload: Workload, runs: int) -> dict[str, list[float]]:
    """One untimed warm-up of each tool, then `runs` samples of each, the order reversed every other run."""
    names = list(workload.tools)
    for name in names:
        sample(server_url, workload.tools[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            samples[name].append(sample(server_url, workload.tools[name]))
    return samples


def ledger_check(expected: int) -> Callable[[str], None]:
    def check(url: str) -> None:
        with psycopg.connect(url) as conn:
            row = conn.execute(LEDGER_COUNT).fetchone()
        if row is None or row[0] != expected:
            sys.exit(f"schemactl apply exited 0 but the ledger holds {row and row[0]} rows, expected {expected}")

    return check


def schemactl_apply(project: Path) -> Callable[[str], list[str]]:
    return lambda url: [*schemactl_base(), "-C", str(project), "apply", "--database-url", url]


def psql_file(psql: Path, sql_file: Path, *, single_transaction: bool) -> Callable[[str], list[str]]:
    one = ["-1"] if single_transaction else []
    return lambda url: [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", *one, "-f", str(sql_file), "-d", url]


# ---------------------------------------------------------------------------------------------
# The import floor
# ---------------------------------------------------------------------------------------------
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| (?P<name>\S.*)$")


def top_level_imports(command: Sequence[str]) -> list[str]:
    """Modules a process imports at the top level (not from within another import), from -X importtime."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    result = subprocess.run(list(command), capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        sys.exit(f"importtime run failed: {result.stderr[-2000:]}")
    names = []
    for line in result.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and not match["name"].startswith(" "):
            names.append(match["name"])
    return names


def apply_imports(url: str) -> list[str]:
    """What `schemactl apply` imports beyond what the interpreter imports for `python -c pass`."""
    baseline = set(top_level_imports([sys.executable, "-c", "pass"]))
    command = [*schemactl_base(), "-C", str(PROJECT_ROOT), "apply", "--database-url", url]
    return [name for name in top_level_imports(command) if name not in baseline]


# ---------------------------------------------------------------------------------------------
# Workloads
# ---------------------------------------------------------------------------------------------
def project_workload(server_url: str, psql: Path, workdir: Path) -> tuple[Workload, dict[str, object]]:
    migrations = load_migrations(load_settings(PROJECT_ROOT))
    statements = sum(len(split_statements(m.rendered.text)) for m in migrations)
    driver = workdir / "project_psql.sql"
    driver.write_text(project_session_script(migrations, workdir), encoding="utf-8")
    with temporary_database(server_url, "bench_" + uuid.uuid4().hex[:12]) as url:
        modules = apply_imports(url)
    floor = [sys.executable, "-c", "import " + ", ".join(modules)]
    tools = {
        "schemactl": Tool(schemactl_apply(PROJECT_ROOT), ledger_check(len(migrations))),
        "psql": Tool(psql_file(psql, driver, single_transaction=False)),
        "import_floor": Tool(lambda _url: floor, database=False),
    }
    description = (
        "this project's sql/: schemactl apply vs one psql session running each rendered file (in a "
        "transaction unless it is a no-transaction file), and the import floor"
    )
    info: dict[str, object] = {"files": len(migrations), "statements": statements, "floor_imports": modules}
    return Workload("project", description, tools), info


def one_file_workload(
    psql: Path, workdir: Path, tables: int, roles: realistic.Roles
) -> tuple[Workload, dict[str, object]]:
    text = realistic.one_file_text(tables, roles)
    project = realistic.write_project(workdir / "one_file", [text], ["0001_schema.sql"])
    sql_file = project / "sql" / "0001_schema.sql"
    tools = {
        "schemactl": Tool(schemactl_apply(project), ledger_check(1)),
        "psql": Tool(psql_file(psql, sql_file, single_transaction=True)),
    }
    description = f"{tables:,}-table schema as one file: schemactl apply vs psql -1 -f"
    info: dict[str, object] = {"files": 1, "lines": text.count("\n"), "statements": len(split_statements(text))}
    return Workload("one_file", description, tools), info


def many_files_workload(
    psql: Path, workdir: Path, tables: int, roles: realistic.Roles
) -> tuple[Workload, dict[str, object]]:
    texts = realistic.file_texts(tables, roles)
    names = realistic.file_names(tables)
    project = realistic.write_project(workdir / "many_files", texts, names)
    driver = workdir / "many_files_psql.sql"
    driver.write_text(psql_session_script(project / "sql", names, texts), encoding="utf-8")
    tools = {
        "schemactl": Tool(schemactl_apply(project), ledger_check(len(names))),
        "psql": Tool(psql_file(psql, driver, single_transaction=False)),
    }
    description = (
        f"the same schema as {len(names):,} files: schemactl apply vs one psql session running each file "
        "in its own transaction with one ledger INSERT per file"
    )
    info: dict[str, object] = {
        "files": len(names),
        "lines": sum(t.count("\n") for t in texts),
        "statements": sum(len(split_statements(t)) for t in texts),
    }
    return Workload(f"files_{len(names)}", description, tools), info


def project_session_script(migrations: Sequence[PreparedMigration], workdir: Path) -> str:
    """The psql yardstick of the project workload: each rendered file, as apply runs it: in a transaction
    (BEGIN ... COMMIT), or statement by statement for a `no-transaction` file (CREATE INDEX CONCURRENTLY)."""
    lines = []
    for migration in migrations:
        rendered = workdir / f"project_{migration.version:04d}.sql"
        rendered.write_text(migration.rendered.text, encoding="utf-8")
        if migration.directives.transactional:
            lines += ["BEGIN;", f"\\i {rendered}", "COMMIT;"]
        else:
            lines.append(f"\\i {rendered}")
    return "\n".join(lines) + "\n"


def psql_session_script(sql_dir: Path, names: Sequence[str], texts: Sequence[str]) -> str:
    """The psql yardstick of the many-files workload: the ledger, then BEGIN, the file, its row, COMMIT."""
    lines = [LEDGER_DDL.strip()]
    for version, (name, text) in enumerate(zip(names, texts, strict=True), start=1):
        checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
        stem = name.removesuffix(".sql").split("_", 1)[1]
        lines += [
            "BEGIN;",
            f"\\i {sql_dir / name}",
            "INSERT INTO schemactl.schema_migrations "
            "(version, name, checksum, source_checksum, duration_ms, transactional) "
            f"VALUES ({version}, '{stem}', '{checksum}', '{checksum}', 0, true);",
            "COMMIT;",
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------------
@contextmanager
def server(spec: str) -> Iterator[str]:
    """A maintenance URL for `embedded` (a throwaway server) or for a given URL."""
    if spec == "embedded":
        previous = os.environ.pop("SCHEMACTL_BENCH_DATABASE_URL", None)
        try:
            with bench_server() as url:
                yield url
        finally:
            if previous is not None:
                os.environ["SCHEMACTL_BENCH_DATABASE_URL"] = previous
        return
    yield spec


def server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.info.parameter_status("server_version") or "unknown"


def summarise(workload: Workload, samples: dict[str, list[float]], info: dict[str, object]) -> dict[str, object]:
    median_s = medians(samples)
    entry: dict[str, object] = {
        "description": workload.description,
        **info,
        "samples_s": samples,
        "median_s": median_s,
        "ratio": median_s["schemactl"] / median_s["psql"],
        "overhead_s": median_s["schemactl"] - median_s["psql"],
    }
    if "import_floor" in median_s:
        over_floor = median_s["schemactl"] - median_s["import_floor"]
        entry["over_floor_s"] = over_floor
        entry["goal"] = f"schemactl <= import floor + {GOAL_FLOOR_MARGIN_S * 1000:.0f} ms"
        entry["goal_met"] = over_floor <= GOAL_FLOOR_MARGIN_S
    else:
        entry["goal"] = f"ratio <= {GOAL_RATIO}"
        entry["goal_met"] = median_s["schemactl"] / median_s["psql"] <= GOAL_RATIO
    return entry


def print_entry(name: str, entry: dict[str, object]) -> None:
    median_s = entry["median_s"]
    assert isinstance(median_s, dict)
    parts = "  ".join(f"{tool} {1000 * value:8.1f} ms" for tool, value in median_s.items())
    verdict = "met" if entry["goal_met"] else "NOT met"
    extra = f"; schemactl - floor {1000 * float(str(entry['over_floor_s'])):.0f} ms" if "over_floor_s" in entry else ""
    print(f"  {name:<11} {parts}  ratio {float(str(entry['ratio'])):.2f}x{extra}  ({entry['goal']}: {verdict})")


def run_server(spec: str, args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    with ExitStack() as stack:
        url = stack.enter_context(server(spec))
        version = server_version(url)
        label = "embedded" if spec == "embedded" else redact(spec)
        print(f"server {label}: PostgreSQL {version}")
        psql = embedded.bin_dir() / "psql"
        roles = stack.enter_context(realistic.bench_roles(url, "bench_apply"))
        results: dict[str, object] = {}
        builders: list[Callable[[], tuple[Workload, dict[str, object]]]] = [
            lambda: project_workload(url, psql, workdir),
            lambda: one_file_workload(psql, workdir, args.tables, roles),
            lambda: many_files_workload(psql, workdir, args.tables, roles),
        ]
        for build in builders:
            workload, info = build()
            runs = args.runs if workload.name == "project" else args.big_runs
            entry = summarise(workload, measure(url, workload, runs), info)
            entry["runs"] = runs
            results[workload.name] = entry
            print_entry(workload.name, entry)
        return {"server": label, "postgres_version": version, "psql": str(psql), "workloads": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--server", action="append", help="'embedded' or a maintenance URL (repeatable)")
    parser.add_argument("--runs", type=int, default=7, help="timed samples per command, project workload")
    parser.add_argument("--big-runs", type=int, default=3, help="timed samples per command, 1,000-table workloads")
    parser.add_argument("--tables", type=int, default=1000, help="tables of the realistic schema (default 1000)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result")
    args = parser.parse_args()
    if args.runs < 1 or args.big_runs < 1 or args.tables < 1:
        parser.error("--runs, --big-runs and --tables must be at least 1")
    output: Path = args.output
    servers: list[str] = args.server or [os.environ.get("SCHEMACTL_BENCH_DATABASE_URL") or "embedded"]

    compile_schemactl()
    results = []
    with tempfile.TemporaryDirectory(prefix="schemactl-bench-apply-") as tmp:
        for spec in servers:
            results.append(run_server(spec, args, Path(tmp)))
    document = {
        "benchmark": "schemactl apply vs psql on this project's sql/ and a 1,000-table schema; whole processes",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": args.tables,
        "warmup_runs": 1,
        "goal_ratio": GOAL_RATIO,
        "goal_floor_margin_s": GOAL_FLOOR_MARGIN_S,
        "servers": results,
        "load_average_1_5_15_min": list(os.getloadavg()),
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
    }
    write_json(output, document)
    print(f"written to {output}")


if __name__ == "__main__":
    main()
