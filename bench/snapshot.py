"""Benchmark: `schemactl snapshot` of a many-table schema against `pg_dump --schema-only` of the same database.

What it measures: the wall-clock time of whole processes, from spawn to exit, that read the catalog
of a database of N tenant-scoped tables (default N = 1000, and N = 100 and N = 0 in the same run to
show how the time grows):
1. `schemactl -C <tmp project> snapshot --database-url URL --snapshot <file>`: write the snapshot;
2. `pg_dump --schema-only -d URL -f <file>` (the wheel's pg_dump, of the server's version);
3. `schemactl -C <tmp project> snapshot --diff --database-url URL --snapshot <file of 1>`: the drift
   check against an unchanged database, which must exit 0 (no drift).

Why pg_dump is the yardstick: it is the standard tool that reads the same catalog and writes the
whole schema to a file, a C program with almost no start-up cost. The goal is
`median(snapshot) / median(pg_dump) <= 1.0` at the largest size.

Each table has 8 columns (uuid id primary key with gen_random_uuid(), tenant_id uuid NOT NULL
referencing tenants, text/integer/jsonb/timestamptz columns with defaults), 2 indexes, a check
constraint, a comment on the table and on each column, RLS enabled and forced with a tenant policy
(USING and WITH CHECK), REVOKE ALL FROM PUBLIC and grants to two NOLOGIN bench roles. The DDL is
generated here and applied with one `psql -1 -f` per size (not timed). The roles are cluster-wide:
they get unique names and are dropped at the end (after DROP OWNED BY in each bench database).

The three commands take turns in ABBA order (1 2 3, 3 2 1, ...) after one untimed warm-up of each,
so that drift on the machine falls on all alike. Every snapshot written in a timed run must be
byte-identical to the warm-up's (determinism); the result says whether it was.

A cheap profile of the snapshot at the largest size is always recorded: Python start-up and the
imports of the command (as processes), connecting, introspect() (which shares the catalog queries
between two sessions, each sending its queries in one pipeline), each catalog query alone
(in-process, one after the other), serialising and writing the JSON, and EXPLAIN ANALYZE of the
slowest catalog query.

The server is a throwaway embedded PostgreSQL in a temporary directory, stopped and deleted at the
end, unless SCHEMACTL_BENCH_DATABASE_URL names a maintenance URL of another server (a superuser: the
benchmark creates databases and two roles, and drops them at the end).

Usage: .venv/bin/python bench/snapshot.py [--runs N] [--sizes 0,100,1000] [--output PATH]
       (or: make bench-snapshot)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from common import (
    RESULTS_DIR,
    bench_server,
    compile_schemactl,
    medians,
    run_checked,
    schemactl_base,
    server_kind,
    temporary_database,
    timed,
    write_json,
)
from psycopg import sql

from schemactl import embedded
from schemactl.snapshot import inspect as inspect_module
from schemactl.snapshot.model import ObjectKind, Snapshot
from schemactl.snapshot.serialize import to_json

DEFAULT_OUTPUT = RESULTS_DIR / "snapshot.json"
DEFAULT_SIZES = (0, 100, 1000)
DEFAULT_RUNS = 5
GOAL_RATIO = 1.0
COMMANDS = ("snapshot", "pg_dump", "diff")
# Everything `schemactl snapshot` imports, including what cli/snapshot.py imports inside the command
# and typer._adapters (pydantic), which typer imports to convert the values of non-flag options:
# timed in a process that does nothing else, to separate start-up and imports from the work.
SNAPSHOT_IMPORTS = (
    "schemactl.cli.app, schemactl.report, schemactl.database, schemactl.snapshot.inspect, "
    "schemactl.snapshot.serialize, schemactl.snapshot.diff, psycopg, orjson, typer._adapters"
)


# ---------------------------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BenchRoles:
    """Two NOLOGIN roles with names unique to this run: a reader and a writer."""

    reader: str
    writer: str

    @property
    def names(self) -> tuple[str, str]:
        return (self.reader, self.writer)


TENANT_CONTEXT = "current_setting('app.current_tenant_id', true)::uuid"
TABLE_COLUMNS = (
    ("id", "uuid PRIMARY KEY DEFAULT gen_random_uuid()", "Primary key"),
    ("tenant_id", "uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE", "Owning tenant"),
    ("name", "text NOT NULL DEFAULT ''", "Display name"),
    ("status", "text NOT NULL DEFAULT 'active'", "Lifecycle status"),
    ("quantity", "integer NOT NULL DEFAULT 0", "Quantity on hand"),
    ("attributes", "jsonb NOT NULL DEFAULT '{}'::jsonb", "Free-form attributes"),
    ("created_at", "timestamptz NOT NULL DEFAULT now()", "Creation time"),
    ("updated_at", "timestamptz NOT NULL DEFAULT now()", "Last update time"),
)


def tenants_ddl(roles: BenchRoles) -> list[str]:
    return [
        "CREATE TABLE tenants (\n"
        "    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
        "    name text NOT NULL,\n"
        "    created_at timestamptz NOT NULL DEFAULT now()\n"
        ");",
        "COMMENT ON TABLE tenants IS 'Tenants of the benchmark schema';",
        "REVOKE ALL ON tenants FROM PUBLIC;",
        f"GRANT SELECT ON tenants TO {roles.reader}, {roles.writer};",
    ]


def tenant_table_ddl(number: int, roles: BenchRoles) -> list[str]:
    """One tenant-scoped table with its indexes, check, comments, RLS policy and grants."""
    table = f"tenant_table_{number:04d}"
    columns = ",\n".join(f"    {name} {definition}" for name, definition, _ in TABLE_COLUMNS)
    check = f"    CONSTRAINT {table}_quantity_check CHECK (quantity >= 0 AND status IN ('active', 'archived'))"
    statements = [
        f"CREATE TABLE {table} (\n{columns},\n{check}\n);",
        f"CREATE INDEX {table}_tenant_created_idx ON {table} (tenant_id, created_at DESC);",
        f"CREATE INDEX {table}_tenant_name_idx ON {table} (tenant_id, name) WHERE status = 'active';",
        f"COMMENT ON TABLE {table} IS 'Tenant-scoped table number {number}';",
    ]
    statements += [f"COMMENT ON COLUMN {table}.{name} IS '{text}';" for name, _, text in TABLE_COLUMNS]
    statements += [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;",
        f"CREATE POLICY tenant_isolation ON {table} TO {roles.reader}, {roles.writer}\n"
        f"    USING (tenant_id = {TENANT_CONTEXT})\n"
        f"    WITH CHECK (tenant_id = {TENANT_CONTEXT});",
        f"REVOKE ALL ON {table} FROM PUBLIC;",
        f"GRANT SELECT ON {table} TO {roles.reader};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {roles.writer};",
    ]
    return statements


def schema_ddl(tables: int, roles: BenchRoles) -> list[str]:
    statements = tenants_ddl(roles)
    for number in range(1, tables + 1):
        statements += tenant_table_ddl(number, roles)
    return statements


# ---------------------------------------------------------------------------------------------
# Roles, databases
# ---------------------------------------------------------------------------------------------
@contextmanager
def bench_roles(server_url: str) -> Iterator[BenchRoles]:
    """Two NOLOGIN roles, dropped at the end whatever happens (after their databases are gone)."""
    suffix = uuid.uuid4().hex[:8]
    roles = BenchRoles(f"bench_snapshot_ro_{suffix}", f"bench_snapshot_rw_{suffix}")
    try:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for name in roles.names:
                admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        yield roles
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for name in roles.names:
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@contextmanager
def bench_database(server_url: str, tables: int, roles: BenchRoles) -> Iterator[str]:
    """A new database for one size; DROP OWNED BY the bench roles, then the database is dropped."""
    name = f"bench_snapshot_{tables}_{uuid.uuid4().hex[:8]}"
    with temporary_database(server_url, name) as url:
        try:
            yield url
        finally:
            with psycopg.connect(url, autocommit=True) as conn:  # grants are per database: revoke them here
                owned = sql.SQL(", ").join(map(sql.Identifier, roles.names))
                conn.execute(sql.SQL("DROP OWNED BY {}").format(owned))


def apply_ddl(url: str, statements: Sequence[str], workdir: Path) -> float:
    """Apply the generated DDL with one `psql -1 -f` (one transaction); seconds taken, for the record."""
    ddl_file = workdir / "schema.sql"
    ddl_file.write_text("\n".join(statements) + "\n", encoding="utf-8")
    psql = embedded.bin_dir() / "psql"
    started = time.perf_counter()
    run_checked([str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", str(ddl_file), "-d", url])
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Commands:
    """The three timed commands for one database, and where their output goes."""

    url: str
    project_dir: Path
    workdir: Path

    @property
    def reference(self) -> Path:
        """The snapshot of the warm-up run: what every later snapshot must equal, and what --diff reads."""
        return self.workdir / "reference.json"

    def command(self, tool: str, sample: int) -> list[str]:
        schemactl = [*schemactl_base(), "-C", str(self.project_dir), "snapshot"]
        if tool == "snapshot":
            target = self.reference if sample < 0 else self.workdir / f"snapshot-{sample}.json"
            return [*schemactl, "--force", "--database-url", self.url, "--snapshot", str(target)]
        if tool == "pg_dump":
            dump = self.workdir / "schema-only.sql"
            return [str(embedded.bin_dir() / "pg_dump"), "--schema-only", "-d", self.url, "-f", str(dump)]
        return [*schemactl, "--diff", "--database-url", self.url, "--snapshot", str(self.reference)]


def run_one(commands: Commands, tool: str, sample: int) -> float:
    elapsed, result = timed(commands.command(tool, sample))
    if tool == "diff" and "no differences" not in result.stdout:  # exit 0 was checked already
        sys.exit(f"snapshot --diff exited 0 but did not report 'no differences':\n{result.stdout}")
    return elapsed


def measure(commands: Commands, runs: int) -> dict[str, list[float]]:
    """One untimed warm-up of each command (the snapshot one writes the reference), then ABBA turns."""
    for tool in COMMANDS:
        run_one(commands, tool, -1)
    samples: dict[str, list[float]] = {tool: [] for tool in COMMANDS}
    for i in range(runs):
        for tool in COMMANDS if i % 2 == 0 else tuple(reversed(COMMANDS)):
            samples[tool].append(run_one(commands, tool, i))
    return samples


def determinism(commands: Commands, runs: int) -> dict[str, object]:
    """Whether every timed snapshot is byte-identical to the warm-up's."""
    digests = {hashlib.sha256(commands.reference.read_bytes()).hexdigest()}
    for i in range(runs):
        digests.add(hashlib.sha256((commands.workdir / f"snapshot-{i}.json").read_bytes()).hexdigest())
    return {"identical": len(digests) == 1, "distinct_outputs": len(digests), "compared_files": runs + 1}


def object_counts(snapshot_file: Path) -> dict[str, int]:
    document = json.loads(snapshot_file.read_text(encoding="utf-8"))
    counts = {kind: len(objects) for kind, objects in document["objects"].items()}
    return {"total": sum(counts.values()), **counts}


# ---------------------------------------------------------------------------------------------
# Profile (in-process, plus start-up as processes)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """Where one snapshot's time goes at the largest size (medians, seconds)."""

    python_startup_s: float  # `python -c pass`
    imports_s: float  # `python -c "import <SNAPSHOT_IMPORTS>"` minus the start-up
    in_process_s: dict[str, float]  # connect, introspect, each query_<kind>, to_json, write_file
    explain_slowest_query: list[str]

    @property
    def queries_s(self) -> dict[str, float]:
        return {k.removeprefix("query_"): v for k, v in self.in_process_s.items() if k.startswith("query_")}

    @property
    def slowest_query(self) -> str:
        queries = self.queries_s
        return max(queries, key=lambda kind: queries[kind])

    def accounted_s(self) -> float:
        """Start-up, imports, connect, introspect, to_json and write: what the process is made of."""
        parts = ("connect", "introspect", "to_json", "write_file")
        return self.python_startup_s + self.imports_s + sum(self.in_process_s[part] for part in parts)

    def as_json(self, process_median_s: float) -> dict[str, object]:
        return {
            "python_startup_s": self.python_startup_s,
            "imports_s": self.imports_s,
            "imports": SNAPSHOT_IMPORTS,
            "in_process_median_s": self.in_process_s,
            "queries_total_s": sum(self.queries_s.values()),
            "accounted_s": self.accounted_s(),
            "snapshot_process_median_s": process_median_s,
            "unaccounted_s": process_median_s - self.accounted_s(),
            "slowest_query": self.slowest_query,
            "explain_slowest_query": self.explain_slowest_query,
        }


def median_process(command: list[str], runs: int) -> float:
    run_checked(command)  # warm-up
    return statistics.median(timed(command)[0] for _ in range(runs))


def profile_snapshot(url: str, runs: int, workdir: Path) -> Profile:
    """Start-up and imports as processes; connect, introspect(), each query alone, to_json and write in-process."""
    python_s = median_process([sys.executable, "-c", "pass"], runs)
    imports_s = median_process([sys.executable, "-c", f"import {SNAPSHOT_IMPORTS}"], runs) - python_s

    def once() -> tuple[dict[str, float], Snapshot]:
        started = time.perf_counter()

        def connect() -> psycopg.Connection[tuple[object, ...]]:
            return psycopg.connect(url, autocommit=True, application_name="schemactl")

        with closing(connect()) as conn:
            connected = time.perf_counter()
            taken = inspect_module.introspect(conn, connect_again=connect)  # two sessions, as the command
            timings = {"introspect": time.perf_counter() - connected}
        timings["connect"] = connected - started
        mark = time.perf_counter()
        text = to_json(taken)
        timings["to_json"] = time.perf_counter() - mark
        mark = time.perf_counter()
        (workdir / "profile.json").write_text(text, encoding="utf-8")
        timings["write_file"] = time.perf_counter() - mark
        timings.update(timed_queries(url, taken.schemas, sorted(taken.objects[ObjectKind.ROLE])))
        return timings, taken

    once()  # warm-up; every sample gets a new connection (a new backend, cold caches), like the command
    samples = [once() for _ in range(runs)]
    medians = {key: statistics.median(timings[key] for timings, _ in samples) for key in samples[0][0]}
    queries = {key.removeprefix("query_"): v for key, v in medians.items() if key.startswith("query_")}
    slowest = max(queries, key=lambda kind: queries[kind])
    explain = explain_query(url, ObjectKind(slowest), samples[0][1].schemas)
    return Profile(python_s, imports_s, medians, explain)


def timed_queries(url: str, schemas: Sequence[str], roles: Sequence[str]) -> dict[str, float]:
    """Each catalog query alone, one after the other, on a new connection with the pinned settings:
    server time plus decoding the rows. introspect() shares them between two sessions, each sending
    its share in one pipeline, so that the server never waits for a round trip; this is where the
    time goes, query by query."""
    timings: dict[str, float] = {}
    with closing(psycopg.connect(url, autocommit=True)) as conn, conn.transaction():
        for name, value in inspect_module.PINNED_SETTINGS.items():
            conn.execute("SELECT pg_catalog.set_config(%s, %s, true)", (name, value))
        params = {"schemas": list(schemas), "whole": True, "roles": list(roles)}
        for kind in ObjectKind:
            started = time.perf_counter()
            inspect_module._run(conn, kind, params)
            timings[f"query_{kind.value}"] = time.perf_counter() - started
    return timings


def explain_query(url: str, kind: ObjectKind, schemas: Sequence[str]) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of one catalog query on a new connection, with the settings introspect() pins."""
    with closing(psycopg.connect(url, autocommit=True)) as conn, conn.transaction():
        for name, value in inspect_module.PINNED_SETTINGS.items():
            conn.execute("SELECT pg_catalog.set_config(%s, %s, true)", (name, value))
        query = "EXPLAIN (ANALYZE, BUFFERS) " + inspect_module.catalog_query(kind)
        rows = conn.execute(query.encode("utf-8"), {"schemas": list(schemas)}).fetchall()
    return [str(row[0]) for row in rows]


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SizeResult:
    """Everything measured on the database of one size."""

    tables: int
    ddl_statements: int
    ddl_apply_s: float
    snapshot_objects: dict[str, int]
    snapshot_bytes: int
    pg_dump_bytes: int
    samples_s: dict[str, list[float]]
    determinism: dict[str, object]
    profile: Profile | None

    @property
    def median_s(self) -> dict[str, float]:
        return medians(self.samples_s)

    @property
    def ratio(self) -> float:
        return self.median_s["snapshot"] / self.median_s["pg_dump"]

    @property
    def identical(self) -> bool:
        return self.determinism["identical"] is True

    def as_json(self) -> dict[str, object]:
        medians = self.median_s
        return {
            "tables": self.tables,
            "ddl_statements": self.ddl_statements,
            "ddl_apply_s": self.ddl_apply_s,
            "snapshot_objects": self.snapshot_objects,
            "snapshot_bytes": self.snapshot_bytes,
            "pg_dump_bytes": self.pg_dump_bytes,
            "samples_s": self.samples_s,
            "median_s": medians,
            "ratio_snapshot_pg_dump": self.ratio,
            "ratio_diff_pg_dump": medians["diff"] / medians["pg_dump"],
            "goal_met": self.ratio <= GOAL_RATIO,
            "determinism": self.determinism,
            "diff_exit_code": 0,  # every run of the diff exited 0 and printed "no differences", or the script stopped
        }


def growth(results: dict[int, SizeResult]) -> dict[str, object]:
    """How each command's median grows with the number of tables.

    Two sizes alone cannot show whether the growth is linear: a line passes through any two points.
    And t(1000) / t(100) says little, because a large fixed cost (Python start-up and imports,
    connecting) pulls it far below 10 even for a linear cost. So the benchmark also measures
    N = 0 (the tenants table only) as the fixed cost t0, and reports:
    - `per_table_ms`: the slope between the two largest sizes, (t_big - t_small) / (big - small),
      the marginal cost of one more table, comparable between the commands;
    - `scaling`: (t_big - t0) / (t_small - t0), the growth of the variable part alone: big / small
      (10) for a linear cost, more for a superlinear one. It is noisy when t_small - t0 is only a
      few tens of milliseconds: read it together with the spread of the samples;
    - `ratio_big_small`: the plain t_big / t_small, for reference.
    """
    sizes = sorted(size for size in results if size > 0)
    if len(sizes) < 2:
        return {}
    small, big = sizes[-2], sizes[-1]
    fixed = results.get(0)
    out: dict[str, object] = {"small": small, "big": big, "ideal_scaling": big / small}
    for tool in COMMANDS:
        t_small, t_big = results[small].median_s[tool], results[big].median_s[tool]
        t0 = fixed.median_s[tool] if fixed is not None else None
        out[tool] = {
            "per_table_ms": 1000 * (t_big - t_small) / (big - small),
            "fixed_s": t0,
            "scaling": (t_big - t0) / (t_small - t0) if t0 is not None and t_small > t0 else None,
            "ratio_big_small": t_big / t_small,
        }
    return out


def measure_size(server_url: str, tables: int, roles: BenchRoles, runs: int, *, profile: bool) -> SizeResult:
    statements = schema_ddl(tables, roles)
    with (
        tempfile.TemporaryDirectory(prefix="schemactl-bench-snapshot-") as tmp,
        bench_database(server_url, tables, roles) as url,
    ):
        workdir = Path(tmp)
        project_dir = (
            workdir / "project"
        )  # a bare project (an empty sql/): nothing of the repository is read or written
        (project_dir / "sql").mkdir(parents=True)
        apply_s = apply_ddl(url, statements, workdir)
        commands = Commands(url, project_dir, workdir)
        samples = measure(commands, runs)
        result = SizeResult(
            tables=tables,
            ddl_statements=len(statements),
            ddl_apply_s=apply_s,
            snapshot_objects=object_counts(commands.reference),
            snapshot_bytes=commands.reference.stat().st_size,
            pg_dump_bytes=(workdir / "schema-only.sql").stat().st_size,
            samples_s=samples,
            determinism=determinism(commands, runs),
            profile=profile_snapshot(url, runs, workdir) if profile else None,
        )
    print_size(result)
    return result


def print_size(result: SizeResult) -> None:
    print(
        f"  {result.tables} tables: {result.snapshot_objects['total']} objects in the snapshot, "
        f"DDL of {result.ddl_statements} statements applied in {result.ddl_apply_s:.1f} s (not timed)"
    )
    medians = result.median_s
    for tool in COMMANDS:
        values = result.samples_s[tool]
        median, low, high = (1000 * v for v in (medians[tool], min(values), max(values)))
        print(f"    {tool:<9} median {median:7.1f} ms  (min {low:.1f}, max {high:.1f})")
    verdict = "met" if result.ratio <= GOAL_RATIO else "NOT met"
    print(
        f"    ratio     {result.ratio:.2f}x snapshot / pg_dump (goal <= {GOAL_RATIO}: {verdict}); "
        f"diff / pg_dump {medians['diff'] / medians['pg_dump']:.2f}x; snapshots identical: {result.identical}",
        flush=True,
    )


def print_summary(results: dict[int, SizeResult], grown: dict[str, object], output: Path) -> None:
    if grown:
        print(
            f"  growth {grown['small']} -> {grown['big']} tables "
            f"(scaling of a linear cost: {grown['ideal_scaling']:g}):"
        )
        for tool in COMMANDS:
            entry = grown[tool]
            assert isinstance(entry, dict)
            fixed = "n/a" if entry["fixed_s"] is None else f"{1000 * entry['fixed_s']:.1f} ms"
            scaling = "n/a" if entry["scaling"] is None else f"{entry['scaling']:.1f}"
            print(
                f"    {tool:<9} {entry['per_table_ms']:.3f} ms/table; fixed (0 tables) {fixed}; "
                f"scaling {scaling}; t_big / t_small {entry['ratio_big_small']:.2f}"
            )
    largest = results[max(results)]
    profile = largest.profile
    if profile is not None:
        p = {key: 1000 * value for key, value in profile.in_process_s.items()}
        queries = profile.queries_s
        slowest = profile.slowest_query
        print(
            f"  profile of snapshot at {largest.tables} tables (ms): "
            f"python start-up {1000 * profile.python_startup_s:.0f}, "
            f"imports {1000 * profile.imports_s:.0f}, connect {p['connect']:.0f}, introspect {p['introspect']:.0f} "
            f"(queries {1000 * sum(queries.values()):.0f}; slowest {slowest} {1000 * queries[slowest]:.0f}), "
            f"to_json {p['to_json']:.0f}, write {p['write_file']:.0f}; "
            f"unaccounted {1000 * (largest.median_s['snapshot'] - profile.accounted_s()):.0f}"
        )
    verdict = "met" if largest.ratio <= GOAL_RATIO else "NOT met"
    deterministic = all(result.identical for result in results.values())
    print(
        f"  goal snapshot / pg_dump <= {GOAL_RATIO} at {largest.tables} tables: {verdict} ({largest.ratio:.2f}x); "
        f"snapshots deterministic: {deterministic}"
    )
    print(f"  written to {output}")


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not sizes or sizes[0] < 0 or sizes[-1] > 9999:
        raise argparse.ArgumentTypeError("sizes must be between 0 and 9999")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"timed samples of each command ({DEFAULT_RUNS})"
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=DEFAULT_SIZES,
        help="numbers of tenant tables, comma-separated (default 0,100,1000; 0 measures the fixed cost)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result")
    args = parser.parse_args()
    runs: int = args.runs
    sizes: tuple[int, ...] = args.sizes
    output: Path = args.output
    if runs < 1:
        parser.error("--runs must be at least 1")

    compile_schemactl()
    load_at_start = os.getloadavg()  # other work on the machine shows in every sample: recorded with the result
    with bench_server() as server_url:
        with psycopg.connect(server_url) as conn:
            server_version = conn.info.parameter_status("server_version") or "unknown"
        print(
            f"snapshot of {', '.join(map(str, sizes))} tenant tables vs pg_dump --schema-only, "
            f"PostgreSQL {server_version}, {os.cpu_count()} CPUs, {runs} runs, load average {load_at_start[0]:.2f}",
            flush=True,
        )
        with bench_roles(server_url) as roles:
            results = {size: measure_size(server_url, size, roles, runs, profile=size == sizes[-1]) for size in sizes}

    largest = results[sizes[-1]]
    grown = growth(results)
    result: dict[str, object] = {
        "benchmark": "schemactl snapshot (write, and --diff with no drift) vs pg_dump --schema-only; whole processes, "
        "a database of N tenant-scoped tables",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "warmup_runs": 1,
        "order": "ABBA: snapshot, pg_dump, diff, then diff, pg_dump, snapshot, and so on",
        "sizes": list(sizes),
        "per_table": {
            "columns": len(TABLE_COLUMNS),
            "indexes": "2 (one partial), plus the primary key's",
            "constraints": "primary key, foreign key to tenants, check",
            "comments": f"the table and its {len(TABLE_COLUMNS)} columns",
            "rls": "enabled and forced; one policy FOR ALL TO the two bench roles, USING and WITH CHECK",
            "grants": "REVOKE ALL FROM PUBLIC; SELECT to the reader, SELECT/INSERT/UPDATE/DELETE to the writer",
        },
        "results": {str(size): res.as_json() for size, res in results.items()},
        "largest_size": largest.tables,
        "ratio": largest.ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_met": largest.ratio <= GOAL_RATIO,
        "deterministic": all(res.identical for res in results.values()),
        "growth": grown,
        "profile": largest.profile.as_json(largest.median_s["snapshot"]) if largest.profile else None,
        "server": server_kind(),
        "postgres_version": server_version,
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "load_average_1m": {"start": load_at_start[0], "end": os.getloadavg()[0]},
        "platform": platform.platform(),
        "commands": {
            "snapshot": "schemactl -C <empty temp dir> snapshot --force --database-url <url> --snapshot <file>",
            "pg_dump": "pg_dump --schema-only -d <url> -f <file>",
            "diff": "schemactl -C <empty temp dir> snapshot --diff --database-url <url> --snapshot <first file>",
        },
    }
    write_json(output, result)
    print_summary(results, grown, output)


if __name__ == "__main__":
    main()
