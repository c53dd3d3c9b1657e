"""Benchmark: the B0.3 schema (sql/ rendered through templates/) under realistic data.

What it seeds, in bulk, as the superuser, with set-based INSERT ... SELECT over generate_series:
- `--tenants` tenants (default 1,000) and 5 reconciliation runs per tenant;
- `--events` attribution events (default 1,000,000), spread evenly over the tenants and 90 days;
- 3 allocations per event (one attribution model version, shares 50/30/20 of the event revenue, so
  every (event_id, model_version) sums to the event's revenue_cents exactly);
- one revenue_ledger row per allocation (allocation-based posting: allocation_id is set, 90 % of
  the entries verified by one of the tenant's reconciliation runs);
- one dead event per 100 events.
Ids are deterministic (`md5('event:' || i)::uuid`, `md5('tenant:' || t)::uuid`, ...), so pgbench
scripts can name a seeded tenant or event from a random ordinal without a lookup table.
The big tables are loaded as pg_restore does it: their indexes, keys and foreign keys are dropped
first and rebuilt from the catalog's own definitions afterwards (one sort per index, one join per
foreign key), and the script stops unless the rebuilt definitions equal the schema's. The deferred
user triggers of the loaded tables (the deferred `trg_check_allocation_sum`, the ledger's posting and
immutability guards, the runs' state machine, the server-set created_at) are disabled during the load
only (ALTER TABLE ... DISABLE TRIGGER USER, enabled again right after): the seed writes finished runs
and verified ledger rows directly. It is balanced by construction and checked afterwards through
mv_allocation_summary (every row must be is_balanced). allocation_sum_guards and posted_event_versions
get the rows the triggers would have left (one per (tenant_id, event_id, model_version), one per event).

What it measures (pgbench of the server's own version, -M prepared, results/schema.json):
1. latency of `SELECT * FROM v_realtime_revenue` as app_ro for a random tenant, after
   `SELECT refresh_read_path()`; p50/p95/p99 from pgbench's per-transaction log. A transaction is
   two statements: set the tenant (set_config) and read the view. Goal: p95 < 5 ms.
2. rows/s of idempotent event ingest (`INSERT ... ON CONFLICT DO NOTHING`, random
   external_event_id) as app_rw with RLS, against the same statements with RLS disabled on the same
   table (same heap, indexes and foreign key: the policy is the only difference). Goal: RLS
   overhead <= 15 %.
3. rows/s of allocation inserts (3 balanced allocations per transaction for a seeded event, a new
   model_version each) as app_rw with the sum trigger, against the same with it disabled.
4. seconds of REFRESH MATERIALIZED VIEW CONCURRENTLY of each of the three materialized views (and
   of a plain REFRESH, for comparison).
The variants of 2 and 3 take turns (ABBA) after an untimed warm-up, so that drift on the machine
falls on both alike, and run with synchronous_commit=off: they compare what the statements cost,
which the disk's flush latency would drown. One extra run shows ingest with durable commits.

The server is a throwaway embedded PostgreSQL in a temporary directory, stopped and deleted at
the end, unless SCHEMACTL_BENCH_DATABASE_URL names a maintenance URL of another server (a superuser:
the benchmark creates a database and two login roles, and drops them at the end).

Usage: .venv/bin/python bench/schema.py [--tenants N] [--events N] [--quick] [--duration S]
       (or: make bench-schema)
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import psycopg
from common import PROJECT_ROOT, RESULTS_DIR, bench_server, server_kind, temporary_database, write_json
from psycopg import sql
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow

from schemactl import embedded
from schemactl.config import load_settings
from schemactl.database import DatabaseTarget, TargetSource
from schemactl.project import load_migrations
from schemactl.runner import apply

Connection = psycopg.Connection[TupleRow]
Statement = str | sql.SQL | sql.Composed
T = TypeVar("T")

DEFAULT_OUTPUT = RESULTS_DIR / "schema.json"
CHANNELS_FILE = PROJECT_ROOT / "templates" / "channels.toml"

ALLOCATIONS_PER_EVENT = 3  # the shares below are 50 / 30 / 20 % of the event revenue
RUNS_PER_TENANT = 5
EVENTS_PER_DEAD_EVENT = 100
VERIFIED_LEDGER_SHARE = "90 %"  # ledger rows of events whose ordinal is not a multiple of 10
SEED_CHUNK_EVENTS = 250_000
SEED_MODEL_VERSION = "seed-v1"
SHOWN_SETTINGS = ("shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size", "synchronous_commit", "fsync")
MATERIALIZED_VIEWS = ("mv_realtime_revenue", "mv_reconciliation_status", "mv_allocation_summary")

READ_P95_GOAL_MS = 5.0
READ_P95_SEED_TARGET_MS = 50.0
RLS_OVERHEAD_GOAL_PCT = 15.0
WALL_TIME_GOAL_S = 900.0
QUICK_TENANTS = 50
QUICK_EVENTS = 20_000

# Deterministic values shared by the seed (SQL over i, a bigint) and the pgbench scripts.
TENANT_OF_EVENT = "md5('tenant:' || (i % {tenants} + 1))::uuid"
REVENUE_OF_EVENT = "(100 + (i * 7919) % 99901)"  # 1 to 1000 dollars, in cents
OCCURRED_AT_OF_EVENT = "(now() - ((i * 104729) % 7776000) * interval '1 second')"  # the last 90 days
SHARE_OF_ALLOCATION = (
    "CASE k WHEN 0 THEN r.rev * 5 / 10 WHEN 1 THEN r.rev * 3 / 10 ELSE r.rev - r.rev * 5 / 10 - r.rev * 3 / 10 END"
)


# ---------------------------------------------------------------------------------------------
# Seed
# ---------------------------------------------------------------------------------------------
def seed_tenants_sql(tenants: int) -> str:
    return f"""
INSERT INTO tenants (id, name, created_at, updated_at)
SELECT md5('tenant:' || t)::uuid, 'Tenant ' || lpad(t::text, 7, '0'),
       now() - interval '400 days', now() - interval '400 days'
FROM generate_series(1, {tenants}) AS t
"""


def seed_runs_sql(tenants: int) -> str:
    return f"""
INSERT INTO reconciliation_runs (id, tenant_id, created_at, updated_at, last_run_at, state, error_message, run_metadata)
SELECT md5('run:' || t || ':' || r)::uuid, md5('tenant:' || t)::uuid, s.at, s.at, s.at,
       CASE WHEN r < {RUNS_PER_TENANT} THEN 'completed'
            ELSE (ARRAY['completed', 'idle', 'running', 'failed'])[t % 4 + 1] END,
       CASE WHEN r = {RUNS_PER_TENANT} AND t % 4 = 3 THEN 'upstream timeout' END,
       jsonb_build_object('source', 'bench', 'entries_checked', 1000 + r)
FROM generate_series(1, {tenants}) AS t
CROSS JOIN generate_series(1, {RUNS_PER_TENANT}) AS r
CROSS JOIN LATERAL (
    SELECT now() - ({RUNS_PER_TENANT} - r) * interval '1 day' - (t % 3600) * interval '1 second' AS at
) AS s
"""


def seed_events_sql(tenants: int, first: int, last: int) -> str:
    return f"""
INSERT INTO attribution_events (
    id, tenant_id, created_at, updated_at, occurred_at, external_event_id, correlation_id, session_id,
    revenue_cents, raw_payload)
SELECT md5('event:' || i)::uuid, {TENANT_OF_EVENT.format(tenants=tenants)},
       s.at + interval '2 seconds', s.at + interval '2 seconds', s.at,
       'seed-' || i, md5('correlation:' || i)::uuid, md5('session:' || i / 4)::uuid,
       {REVENUE_OF_EVENT},
       jsonb_build_object(
           'source', (ARRAY['shopify', 'stripe', 'paypal', 'woocommerce'])[(i % 4 + 1)::int],
           'order_id', 'order-' || i,
           'currency', 'USD',
           'total_price', round({REVENUE_OF_EVENT} / 100.0, 2),
           'line_items', i % 5 + 1,
           'customer_ref', md5('customer:' || i % 50000))
FROM generate_series({first}::bigint, {last}::bigint) AS i
CROSS JOIN LATERAL (SELECT {OCCURRED_AT_OF_EVENT} AS at) AS s
"""


def allocation_rows_sql(tenants: int, first: int, last: int) -> str:
    """FROM clause shared by the allocation and ledger seeds: one row per (event i, allocation k)."""
    return f"""
FROM generate_series({first}::bigint, {last}::bigint) AS i
CROSS JOIN LATERAL (
    SELECT {REVENUE_OF_EVENT} AS rev, {OCCURRED_AT_OF_EVENT} + interval '1 minute' AS at,
           {TENANT_OF_EVENT.format(tenants=tenants)} AS tenant_id
) AS r
CROSS JOIN generate_series(0, {ALLOCATIONS_PER_EVENT - 1}) AS k
CROSS JOIN LATERAL (SELECT {SHARE_OF_ALLOCATION} AS cents) AS a
"""


def seed_allocations_sql(tenants: int, first: int, last: int, channels: Sequence[str]) -> str:
    # Offsets of len/3 apart give every allocation of one event a different channel.
    step = max(1, len(channels) // ALLOCATIONS_PER_EVENT)
    channel_array = "ARRAY[" + ", ".join(f"'{code}'" for code in channels) + "]"
    return f"""
INSERT INTO attribution_allocations (
    id, tenant_id, event_id, created_at, updated_at, channel, allocated_revenue_cents, model_metadata,
    correlation_id, allocation_ratio, model_version)
SELECT md5('allocation:' || i || ':' || k)::uuid, r.tenant_id, md5('event:' || i)::uuid, r.at, r.at,
       ({channel_array})[((i + {step} * k) % {len(channels)} + 1)::int],
       a.cents,
       jsonb_build_object('model', 'position-based', 'rank', k + 1, 'effective_sample_size', 400 + i % 100),
       md5('correlation:' || i)::uuid,
       round(a.cents::numeric / r.rev, 5),
       '{SEED_MODEL_VERSION}'
{allocation_rows_sql(tenants, first, last)}
"""


def seed_ledger_sql(tenants: int, first: int, last: int) -> str:
    run = f"md5('run:' || (i % {tenants} + 1) || ':' || ((i / {tenants}) % {RUNS_PER_TENANT} + 1))::uuid"
    return f"""
INSERT INTO revenue_ledger (
    id, tenant_id, created_at, updated_at, revenue_cents, is_verified, verified_at, reconciliation_run_id,
    allocation_id)
SELECT md5('ledger:' || i || ':' || k)::uuid, r.tenant_id,
       r.at, CASE WHEN i % 10 <> 0 THEN r.at + interval '1 hour' ELSE r.at END,
       a.cents,
       i % 10 <> 0,
       CASE WHEN i % 10 <> 0 THEN r.at + interval '1 hour' END,
       CASE WHEN i % 10 <> 0 THEN {run} END,
       md5('allocation:' || i || ':' || k)::uuid
{allocation_rows_sql(tenants, first, last)}
"""


def seed_guards_sql(tenants: int, first: int, last: int) -> str:
    """The row check_allocation_sum() leaves per checked (tenant_id, event_id, model_version)."""
    return f"""
INSERT INTO allocation_sum_guards (tenant_id, event_id, model_version, checked_at)
SELECT {TENANT_OF_EVENT.format(tenants=tenants)}, md5('event:' || i)::uuid, '{SEED_MODEL_VERSION}',
       {OCCURRED_AT_OF_EVENT} + interval '1 minute'
FROM generate_series({first}::bigint, {last}::bigint) AS i
"""


def seed_posted_versions_sql(tenants: int, first: int, last: int) -> str:
    """The row the ledger's posting trigger claims per posted event (every seeded event is posted)."""
    return f"""
INSERT INTO posted_event_versions (tenant_id, event_id, model_version, posted_at)
SELECT {TENANT_OF_EVENT.format(tenants=tenants)}, md5('event:' || i)::uuid, '{SEED_MODEL_VERSION}',
       {OCCURRED_AT_OF_EVENT} + interval '1 minute'
FROM generate_series({first}::bigint, {last}::bigint) AS i
"""


def seed_dead_events_sql(tenants: int, count: int) -> str:
    return f"""
INSERT INTO dead_events (tenant_id, ingested_at, source, error_code, error_detail, raw_payload, external_event_id)
SELECT md5('tenant:' || (j % {tenants} + 1))::uuid,
       now() - ((j * 104729) % 7776000) * interval '1 second',
       (ARRAY['shopify', 'stripe', 'paypal', 'woocommerce'])[j % 4 + 1],
       (ARRAY['schema_invalid', 'signature_invalid', 'unparseable'])[j % 3 + 1],
       jsonb_build_object('message', 'payload rejected', 'attempt', j % 3 + 1),
       jsonb_build_object('order_id', 'dead-' || j),
       'dead-' || j
FROM generate_series(1, {count}) AS j
"""


def chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for first in range(1, total + 1, size):
        yield first, min(total, first + size - 1)


BULK_TABLES = ("attribution_events", "attribution_allocations", "revenue_ledger")
# Written by the sum trigger, which is off during the seed; seeded too when the schema has it.
GUARD_TABLE = "allocation_sum_guards"
# Written by the ledger's posting trigger (sql/0005), off during the seed; seeded when the schema has it.
POSTED_TABLE = "posted_event_versions"
# The user triggers of these tables are off while they are loaded: the seed writes what the triggers
# would refuse from a client (verified ledger rows, finished runs, its own created_at) and is checked
# afterwards instead (the sum-equality report, the rebuilt keys).
SEED_WITHOUT_TRIGGERS = ("reconciliation_runs", "attribution_events", "attribution_allocations", "revenue_ledger")

CONSTRAINTS_QUERY = """
SELECT c.relnamespace::regnamespace::text, c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
FROM pg_constraint AS con
JOIN pg_class AS c ON c.oid = con.conrelid
WHERE (con.contype = 'f' AND (con.conrelid = ANY(%(tables)s::text[]::regclass[])
                              OR con.confrelid = ANY(%(tables)s::text[]::regclass[])))
   OR (con.contype IN ('p', 'u') AND con.conrelid = ANY(%(tables)s::text[]::regclass[]))
ORDER BY con.contype = 'f' DESC, c.relname, con.conname
"""

INDEXES_QUERY = """
SELECT ic.relnamespace::regnamespace::text, ic.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY(%(tables)s::text[]::regclass[])
  AND NOT EXISTS (
      SELECT FROM pg_constraint AS con
      WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY ic.relname
"""


DEFINITIONS_QUERY = """
SELECT con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid)
FROM pg_constraint AS con
WHERE con.conrelid = ANY(%(tables)s::text[]::regclass[]) OR con.confrelid = ANY(%(tables)s::text[]::regclass[])
UNION ALL
SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index AS i
WHERE i.indrelid = ANY(%(tables)s::text[]::regclass[])
ORDER BY 1, 2, 3
"""


def definitions(conn: Connection, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """Every constraint and index on or referencing `tables`, as the catalog prints it."""
    return [(str(t), str(n), str(d)) for t, n, d in conn.execute(DEFINITIONS_QUERY, {"tables": list(tables)})]


@dataclass(frozen=True)
class BulkLoadDdl:
    """What to drop before a bulk load and how to put it back, as pg_restore does it.

    Loading into tables without indexes and foreign keys, then building each index with one sort
    and checking each foreign key with one join, is many times faster than maintaining ~15 indexes
    on random UUIDs row by row once they outgrow shared_buffers. The definitions come from the
    catalog (pg_get_indexdef, pg_get_constraintdef), so the schema afterwards is the same.
    """

    drop: list[Statement]
    indexes: list[Statement]
    foreign_keys: list[Statement]


def bulk_load_ddl(conn: Connection, tables: Sequence[str]) -> BulkLoadDdl:
    drop: list[Statement] = []
    indexes: list[Statement] = []
    foreign_keys: list[Statement] = []
    for schema, table, name, kind, definition in conn.execute(CONSTRAINTS_QUERY, {"tables": list(tables)}):
        qualified = sql.Identifier(schema, table)
        drop.append(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(qualified, sql.Identifier(name)))
        add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            qualified, sql.Identifier(name), sql.SQL(definition)
        )
        (foreign_keys if kind == "f" else indexes).append(add)
    for schema, name, definition in conn.execute(INDEXES_QUERY, {"tables": list(tables)}):
        drop.append(sql.SQL("DROP INDEX {}").format(sql.Identifier(schema, name)))
        indexes.append(sql.SQL(definition))
    return BulkLoadDdl(drop, indexes, foreign_keys)


def seed(conn: Connection, tenants: int, events: int, channels: Sequence[str]) -> dict[str, float]:
    """Bulk-load the data set; returns seconds per phase."""
    conn.execute("SET synchronous_commit = off")
    conn.execute("SET maintenance_work_mem = '512MB'")
    phases: dict[str, float] = {}

    def phase(name: str, statements: Iterable[Statement]) -> None:
        started = time.perf_counter()
        for statement in statements:
            conn.execute(statement)
        phases[name] = time.perf_counter() - started
        print(f"  seeded {name:<24} {phases[name]:7.1f} s", flush=True)

    def per_chunk(make: Callable[[int, int], str]) -> Iterator[str]:
        return (make(first, last) for first, last in chunks(events, SEED_CHUNK_EVENTS))

    for table in SEED_WITHOUT_TRIGGERS:
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(sql.Identifier(table)))
    try:
        phase("tenants", [seed_tenants_sql(tenants), seed_runs_sql(tenants)])
        guarded = has_table(conn, GUARD_TABLE)
        posted = has_table(conn, POSTED_TABLE)
        bulk_tables = (*BULK_TABLES, *((GUARD_TABLE,) if guarded else ()), *((POSTED_TABLE,) if posted else ()))
        before = definitions(conn, bulk_tables)
        ddl = bulk_load_ddl(conn, bulk_tables)
        phase("drop_indexes_and_keys", ddl.drop)
        phase("events", per_chunk(lambda a, b: seed_events_sql(tenants, a, b)))
        phase("allocations", per_chunk(lambda a, b: seed_allocations_sql(tenants, a, b, channels)))
        phase("revenue_ledger", per_chunk(lambda a, b: seed_ledger_sql(tenants, a, b)))
    finally:
        for table in SEED_WITHOUT_TRIGGERS:
            conn.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(sql.Identifier(table)))
    if guarded:
        phase(GUARD_TABLE, per_chunk(lambda a, b: seed_guards_sql(tenants, a, b)))
    if posted:
        phase(POSTED_TABLE, per_chunk(lambda a, b: seed_posted_versions_sql(tenants, a, b)))
    phase("build_indexes", ddl.indexes)
    phase("validate_foreign_keys", ddl.foreign_keys)
    if definitions(conn, bulk_tables) != before:
        sys.exit("the indexes and constraints rebuilt after the bulk load differ from the schema's")
    phase("dead_events", [seed_dead_events_sql(tenants, max(1, events // EVENTS_PER_DEAD_EVENT))])
    phase("vacuum_analyze", ["VACUUM (ANALYZE)"])
    return phases


def has_table(conn: Connection, name: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"public.{name}",)).fetchone()
    return bool(row and row[0])


def row_counts(conn: Connection) -> dict[str, int]:
    tables: tuple[str, ...] = (*BULK_TABLES, "tenants", "reconciliation_runs", "dead_events")
    tables += (GUARD_TABLE,) if has_table(conn, GUARD_TABLE) else ()
    counts: dict[str, int] = {}
    for table in tables:
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


# ---------------------------------------------------------------------------------------------
# Server, database, roles
# ---------------------------------------------------------------------------------------------
@contextmanager
def bench_database(server_url: str) -> Iterator[tuple[str, str]]:
    """(name, url) of a database with the project's schema applied, dropped afterwards."""
    name = "bench_schema_" + uuid.uuid4().hex[:10]
    with temporary_database(server_url, name) as url:
        apply(
            DatabaseTarget(url, TargetSource.FLAG), load_migrations(load_settings(PROJECT_ROOT)), lock_wait_seconds=30
        )
        yield name, url


@dataclass(frozen=True)
class LoginRole:
    """A throwaway login role that is a member of one application role and acts as it."""

    name: str
    password: str
    acts_as: str

    def conninfo(self, url: str) -> str:
        return make_conninfo(url, user=self.name)


@contextmanager
def login_roles(server_url: str, database: str, app_roles: Sequence[str]) -> Iterator[dict[str, LoginRole]]:
    """One login role per application role (roles are cluster-wide: dropped at the end, whatever happens).

    `ALTER ROLE ... IN DATABASE ... SET role` makes each session act as the application role from
    its first statement, so pgbench scripts need no SET ROLE.
    """
    suffix = uuid.uuid4().hex[:8]
    roles = {app: LoginRole(f"bench_{app}_{suffix}", secrets.token_hex(16), app) for app in app_roles}
    try:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for role in roles.values():
                admin.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        sql.Identifier(role.name), sql.Literal(role.password), sql.Identifier(role.acts_as)
                    )
                )
                admin.execute(
                    sql.SQL("ALTER ROLE {} IN DATABASE {} SET role = {}").format(
                        sql.Identifier(role.name), sql.Identifier(database), sql.Literal(role.acts_as)
                    )
                )
        yield roles
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for role in roles.values():  # DROP ROLE also removes the role's ALTER ROLE ... SET entries
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role.name)))


# ---------------------------------------------------------------------------------------------
# pgbench
# ---------------------------------------------------------------------------------------------
NO_COMMIT_WAIT = {"synchronous_commit": "off"}
SET_TENANT = "SELECT set_config('app.current_tenant_id', md5('tenant:' || :t::text)::uuid::text, {local});"

READ_SCRIPT = f"""\\set t random(1, :tenants)
{SET_TENANT.format(local="false")}
SELECT * FROM v_realtime_revenue;
"""

INGEST_EVENT = """INSERT INTO attribution_events
    (tenant_id, occurred_at, external_event_id, correlation_id, revenue_cents, raw_payload)
VALUES (md5('tenant:' || :t::text)::uuid, now(), 'bench-' || :x::text, gen_random_uuid(), :rev::integer,
        jsonb_build_object('source', 'shopify', 'order_id', 'bench-' || :x::text, 'currency', 'USD', 'line_items', 2))
ON CONFLICT DO NOTHING;
"""
INGEST_VARIABLES = """\\set t random(1, :tenants)
\\set x random(1, 4000000000000000)
\\set rev random(100, 100000)
"""
INGEST_SCRIPT = INGEST_VARIABLES + SET_TENANT.format(local="false") + "\n" + INGEST_EVENT
INGEST_BARE_SCRIPT = INGEST_VARIABLES + INGEST_EVENT


def allocation_script(channels: Sequence[str]) -> str:
    """Three balanced allocations of a seeded event under a new model version, in one transaction."""
    values = ",\n".join(
        f"(md5('tenant:' || :t::text)::uuid, md5('event:' || :i::text)::uuid, '{channel}', :a{n}::integer,"
        f" round(:a{n}::numeric / :rev, 5), 'bench-' || :m::text)"
        for n, channel in enumerate(channels[:ALLOCATIONS_PER_EVENT], start=1)
    )
    return f"""\\set i random(1, :events)
\\set t :i % :tenants + 1
\\set rev 100 + (:i * 7919) % 99901
\\set a1 :rev * 5 / 10
\\set a2 :rev * 3 / 10
\\set a3 :rev - :a1 - :a2
\\set m random(1, 4000000000000000)
BEGIN;
{SET_TENANT.format(local="true")}
INSERT INTO attribution_allocations
    (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)
VALUES {values};
COMMIT;
"""


@dataclass(frozen=True)
class PgbenchRun:
    """One pgbench run as its summary reports it."""

    variant: str
    duration_s: int
    transactions: int
    tps: float
    latency_avg_ms: float
    statement_avg_ms: dict[str, float]


@dataclass(frozen=True)
class Pgbench:
    """How to call pgbench against the bench database."""

    binary: Path
    url: str
    workdir: Path
    clients: int
    threads: int
    variables: dict[str, int]

    def run(
        self,
        variant: str,
        role: LoginRole,
        script: str,
        duration_s: int,
        *,
        log_prefix: Path | None = None,
        settings: dict[str, str] | None = None,
    ) -> PgbenchRun:
        script_file = self.workdir / f"{variant}.sql"
        script_file.write_text(script, encoding="utf-8")
        command = [str(self.binary), "-n", "-M", "prepared", "-r", "-T", str(duration_s)]
        command += ["-c", str(self.clients), "-j", str(self.threads), "-f", str(script_file)]
        for name, value in self.variables.items():
            command += ["-D", f"{name}={value}"]
        if log_prefix is not None:
            command += ["-l", f"--log-prefix={log_prefix}"]
        command.append(role.conninfo(self.url))
        env = {**os.environ, "PGPASSWORD": role.password}
        if settings:
            env["PGOPTIONS"] = " ".join(f"-c {name}={value}" for name, value in settings.items())
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=self.workdir)
        output = result.stdout + result.stderr
        failed = re.search(r"number of failed transactions: (\d+)", output)
        if result.returncode != 0 or (failed and int(failed.group(1)) > 0):
            sys.exit(f"pgbench ({variant}) failed with exit code {result.returncode}:\n{output}")
        return PgbenchRun(
            variant=variant,
            duration_s=duration_s,
            transactions=int(_match(r"number of transactions actually processed: (\d+)", output)),
            tps=float(_match(r"tps = ([0-9.]+)", output)),
            latency_avg_ms=float(_match(r"latency average = ([0-9.]+) ms", output)),
            statement_avg_ms=_statement_latencies(output),
        )


def _match(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        sys.exit(f"unexpected pgbench output (no match for {pattern!r}):\n{text}")
    return found.group(1)


def _statement_latencies(output: str) -> dict[str, float]:
    """Average ms per statement from `-r`: lines of 'latency failures statement' after the header."""
    latencies: dict[str, float] = {}
    _, _, tail = output.partition("statement latencies in milliseconds")
    for line in tail.splitlines()[1:]:
        found = re.match(r"\s+([0-9.]+)\s+\d+\s+(.*\S)", line)
        if found and not found.group(2).startswith("\\"):
            latencies[found.group(2)] = float(found.group(1))
    return latencies


def transaction_latencies_ms(log_prefix: Path) -> list[float]:
    """Per-transaction latencies from pgbench `-l` files (third field, in microseconds)."""
    latencies: list[float] = []
    for log_file in sorted(log_prefix.parent.glob(log_prefix.name + ".*")):
        for line in log_file.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[2].isdigit():
                latencies.append(int(fields[2]) / 1000)
    return latencies


def abba(variants: Sequence[str], run: Callable[[str, int], PgbenchRun], duration_s: int) -> list[PgbenchRun]:
    """Each variant for `duration_s` in total, in two halves: A B ... B A, after an untimed warm-up.

    The warm-up (the first variant for half the time) brings the index pages the inserts touch into
    shared_buffers, so that the variant that happens to go first does not pay for it alone.
    """
    half = max(1, duration_s // 2)
    run(variants[0], half)
    order = [*variants, *reversed(variants)]
    return [run(variant, half) for variant in order]


def rows_per_second(runs: Sequence[PgbenchRun], variant: str, rows_per_transaction: int) -> float:
    mine = [r for r in runs if r.variant == variant]
    transactions = sum(r.transactions for r in mine)
    seconds = sum(r.duration_s for r in mine)
    return rows_per_transaction * transactions / seconds


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------
def timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started


def percentile(values: Sequence[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def tenant_uuid(conn: Connection, ordinal: int) -> str:
    row = conn.execute("SELECT md5('tenant:' || %s::text)::uuid::text", (ordinal,)).fetchone()
    assert row is not None
    return str(row[0])


def check_read_path(conn: Connection, url: str, reader: LoginRole, tenants: int, events: int) -> None:
    """The seed is balanced and the login role sees exactly its tenant's row; stop otherwise."""
    row = conn.execute("SELECT count(*), count(*) FILTER (WHERE NOT is_balanced) FROM mv_allocation_summary").fetchone()
    if row is None or row[0] != events or row[1] != 0:
        sys.exit(
            f"mv_allocation_summary holds {row and row[0]} rows, {row and row[1]} unbalanced; expected {events}, 0"
        )
    with psycopg.connect(reader.conninfo(url), password=reader.password, autocommit=True) as ro:
        seen = ro.execute("SELECT count(*) FROM v_realtime_revenue").fetchone()
        if seen is None or seen[0] != 0:
            sys.exit("v_realtime_revenue shows rows without a tenant set")
        ro.execute("SELECT set_config('app.current_tenant_id', %s, false)", (tenant_uuid(conn, tenants),))
        seen = ro.execute("SELECT count(*), sum(total_revenue) FROM v_realtime_revenue").fetchone()
        if seen is None or seen[0] != 1 or not seen[1]:
            sys.exit(f"v_realtime_revenue shows {seen} for one tenant as {reader.acts_as}; expected one row")


def explain_view(conn: Connection, tenants: int) -> str:
    """EXPLAIN ANALYZE of the view query as app_ro for one tenant, warm (the first run in a session
    also pays for planning app_current_tenant_id() and compiling its regular expression)."""
    query = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM v_realtime_revenue"
    with conn.transaction():
        conn.execute("SET LOCAL ROLE app_ro")
        conn.execute("SELECT set_config('app.current_tenant_id', %s, true)", (tenant_uuid(conn, tenants // 2 + 1),))
        conn.execute(query)
        rows = conn.execute(query).fetchall()
    return "\n".join(str(r[0]) for r in rows)


def explain_materialized_view_query(conn: Connection, view: str) -> str:
    """EXPLAIN ANALYZE of the query a refresh of `view` runs (as the superuser, who sees every tenant
    as the BYPASSRLS owner does); the concurrent refresh then also diffs the result against the view."""
    row = conn.execute("SELECT pg_get_viewdef(%s::regclass)", (view,)).fetchone()
    assert row is not None
    definition = str(row[0]).strip().rstrip(";")
    rows = conn.execute(sql.SQL("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {}").format(sql.SQL(definition))).fetchall()
    return "\n".join(str(r[0]) for r in rows)


def refresh_as_admin(conn: Connection) -> None:
    with conn.transaction():
        conn.execute("SET LOCAL ROLE app_admin")
        conn.execute("SELECT refresh_read_path(), refresh_allocation_summary()")


def measure_read(bench: Pgbench, reader: LoginRole, duration_s: int) -> dict[str, object]:
    bench.run("read-warmup", reader, READ_SCRIPT, 2)
    log_prefix = bench.workdir / "read-log"
    run = bench.run("read", reader, READ_SCRIPT, duration_s, log_prefix=log_prefix)
    latencies = transaction_latencies_ms(log_prefix)
    p95 = percentile(latencies, 95)
    select_ms = next((ms for text, ms in run.statement_avg_ms.items() if "v_realtime_revenue" in text), None)
    return {
        "what": "pgbench transaction = set_config(tenant) + SELECT * FROM v_realtime_revenue, as app_ro",
        "p50_ms": percentile(latencies, 50),
        "p95_ms": p95,
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "mean_ms": statistics.fmean(latencies),
        "select_statement_avg_ms": select_ms,
        "transactions": len(latencies),
        "tps": run.tps,
        "goal": f"p95 < {READ_P95_GOAL_MS:g} ms",
        "goal_p95_ms": READ_P95_GOAL_MS,
        "seed_target_p95_ms": READ_P95_SEED_TARGET_MS,
        "goal_met": p95 < READ_P95_GOAL_MS,
    }


def measure_ingest(conn: Connection, bench: Pgbench, writer: LoginRole, duration_s: int) -> dict[str, object]:
    """RLS on and off on the same table, by turns, with commits that do not wait for the disk.

    `no_rls` runs the very same script (tenant context included), so the difference is the policy.
    `no_rls_no_context` also leaves out set_config: what an application without RLS would send.
    A last run with RLS and durable commits shows what ingest costs with the disk in the loop.
    """

    def run(variant: str, seconds: int) -> PgbenchRun:
        rls = variant == "ingest-rls"
        conn.execute(f"ALTER TABLE attribution_events {'ENABLE' if rls else 'DISABLE'} ROW LEVEL SECURITY")
        conn.execute(f"ALTER TABLE attribution_events {'' if rls else 'NO '}FORCE ROW LEVEL SECURITY")
        script = INGEST_BARE_SCRIPT if variant == "ingest-no_rls_no_context" else INGEST_SCRIPT
        return bench.run(variant, writer, script, seconds, settings=NO_COMMIT_WAIT)

    try:
        runs = abba(("ingest-rls", "ingest-no_rls", "ingest-no_rls_no_context"), run, duration_s)
    finally:
        conn.execute("ALTER TABLE attribution_events ENABLE ROW LEVEL SECURITY")
        conn.execute("ALTER TABLE attribution_events FORCE ROW LEVEL SECURITY")
    durable = bench.run("ingest-rls-durable", writer, INGEST_SCRIPT, max(2, duration_s // 2))
    with_rls = rows_per_second(runs, "ingest-rls", 1)
    without = rows_per_second(runs, "ingest-no_rls", 1)
    bare = rows_per_second(runs, "ingest-no_rls_no_context", 1)
    overhead = 100 * (without - with_rls) / without
    return {
        "what": "INSERT INTO attribution_events ... ON CONFLICT DO NOTHING, random external_event_id, as app_rw; "
        "one row per transaction, after set_config of a random tenant",
        "commits": "synchronous_commit=off for the compared runs (the CPU cost, not the disk's flush latency)",
        "rls_rows_per_s": with_rls,
        "no_rls_rows_per_s": without,
        "rls_overhead_pct": overhead,
        "no_rls_no_context_rows_per_s": bare,
        "rls_overhead_with_context_pct": 100 * (bare - with_rls) / bare,
        "rls_durable_rows_per_s": durable.transactions / durable.duration_s,
        "goal": f"RLS overhead <= {RLS_OVERHEAD_GOAL_PCT:g} %",
        "goal_overhead_pct": RLS_OVERHEAD_GOAL_PCT,
        "goal_met": overhead <= RLS_OVERHEAD_GOAL_PCT,
        "runs": [asdict(r) for r in [*runs, durable]],
    }


def measure_allocations(
    conn: Connection, bench: Pgbench, writer: LoginRole, duration_s: int, channels: Sequence[str]
) -> dict[str, object]:
    """The sum trigger enabled and disabled, by turns; RLS on in both."""
    script = allocation_script(channels)

    def run(variant: str, seconds: int) -> PgbenchRun:
        action = "ENABLE" if variant == "allocations-trigger" else "DISABLE"
        conn.execute(f"ALTER TABLE attribution_allocations {action} TRIGGER trg_check_allocation_sum")
        return bench.run(variant, writer, script, seconds, settings=NO_COMMIT_WAIT)

    try:
        runs = abba(("allocations-trigger", "allocations-no_trigger"), run, duration_s)
    finally:
        conn.execute("ALTER TABLE attribution_allocations ENABLE TRIGGER trg_check_allocation_sum")
    with_trigger = rows_per_second(runs, "allocations-trigger", ALLOCATIONS_PER_EVENT)
    without = rows_per_second(runs, "allocations-no_trigger", ALLOCATIONS_PER_EVENT)
    return {
        "what": f"{ALLOCATIONS_PER_EVENT} balanced allocations of a random seeded event under a new model_version, "
        "one transaction, as app_rw with RLS",
        "commits": "synchronous_commit=off (the CPU cost, not the disk's flush latency)",
        "trigger_rows_per_s": with_trigger,
        "no_trigger_rows_per_s": without,
        "ratio": with_trigger / without,
        "trigger_overhead_pct": 100 * (without - with_trigger) / without,
        "goal": None,
        "goal_met": None,
        "runs": [asdict(r) for r in runs],
    }


def measure_refresh(conn: Connection) -> dict[str, object]:
    """Each view concurrently (what refresh_read_path() does), then plain, to show the cost of the diff."""
    concurrently: dict[str, float] = {}
    plain: dict[str, float] = {}
    for view in MATERIALIZED_VIEWS:
        for how, seconds in (("CONCURRENTLY ", concurrently), ("", plain)):
            statement = sql.SQL("REFRESH MATERIALIZED VIEW {}{}").format(sql.SQL(how), sql.Identifier(view))
            started = time.perf_counter()
            conn.execute(statement)
            seconds[view] = time.perf_counter() - started
    return {
        "what": "REFRESH MATERIALIZED VIEW CONCURRENTLY of each view, after the ingest and allocation runs added rows",
        "seconds": concurrently,
        "plain_refresh_seconds": plain,
        "goal": None,
        "goal_met": None,
    }


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Options:
    tenants: int
    events: int
    duration_s: int
    clients: int
    output: Path


def parse_options() -> Options:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000, help="tenants to seed (default 1000)")
    parser.add_argument("--events", type=int, default=1_000_000, help="attribution events to seed (default 1000000)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a development run: --tenants {QUICK_TENANTS} --events {QUICK_EVENTS} (unless given) and short runs",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=None,
        help="seconds of pgbench per measured variant (default 10; 3 under 100000 events)",
    )
    parser.add_argument("--clients", type=int, default=2, help="pgbench clients (default 2)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result")
    args = parser.parse_args()
    argv = sys.argv[1:]
    tenants: int = QUICK_TENANTS if args.quick and "--tenants" not in argv else args.tenants
    events: int = QUICK_EVENTS if args.quick and "--events" not in argv else args.events
    duration: int = args.duration if args.duration is not None else (10 if events >= 100_000 else 3)
    if tenants < 1 or events < tenants:
        parser.error("need at least 1 tenant and at least as many events as tenants")
    if duration < 2 or args.clients < 1:
        parser.error("--duration must be at least 2 and --clients at least 1")
    return Options(tenants, events, duration, args.clients, args.output)


def load_channels() -> list[str]:
    codes = tomllib.loads(CHANNELS_FILE.read_text(encoding="utf-8"))["codes"]
    if not isinstance(codes, list) or len(codes) < ALLOCATIONS_PER_EVENT:
        sys.exit(f"{CHANNELS_FILE} must list at least {ALLOCATIONS_PER_EVENT} channel codes")
    return [str(code) for code in codes]


def run_benchmark(options: Options, server_url: str, workdir: Path) -> dict[str, object]:
    channels = load_channels()
    with bench_database(server_url) as (database, url), psycopg.connect(url, autocommit=True) as conn:
        server_version = conn.info.parameter_status("server_version") or "unknown"
        settings = {name: show(conn, name) for name in SHOWN_SETTINGS}
        print(
            f"schema benchmark: {options.tenants} tenants, {options.events} events, PostgreSQL {server_version}, "
            f"{os.cpu_count()} CPUs, pgbench {options.clients} clients x {options.duration_s} s",
            flush=True,
        )
        seed_s = seed(conn, options.tenants, options.events, channels)
        counts = row_counts(conn)
        database_bytes = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        _, first_refresh_s = timed(lambda: refresh_as_admin(conn))
        with login_roles(server_url, database, ("app_ro", "app_rw")) as roles:
            check_read_path(conn, url, roles["app_ro"], options.tenants, options.events)
            bench = Pgbench(
                binary=embedded.bin_dir() / "pgbench",
                url=url,
                workdir=workdir,
                clients=options.clients,
                threads=min(options.clients, os.cpu_count() or 1),
                variables={"tenants": options.tenants, "events": options.events},
            )
            print("  1. read latency ...", flush=True)
            read = measure_read(bench, roles["app_ro"], options.duration_s)
            explain = explain_view(conn, options.tenants)
            print("  2. ingest with and without RLS ...", flush=True)
            ingest = measure_ingest(conn, bench, roles["app_rw"], options.duration_s)
            print("  3. allocations with and without the sum trigger ...", flush=True)
            allocations = measure_allocations(conn, bench, roles["app_rw"], options.duration_s, channels)
        print("  4. refresh concurrently ...", flush=True)
        refresh = measure_refresh(conn)
        refresh["first_refresh_read_path_s"] = first_refresh_s
        explain_summary = explain_materialized_view_query(conn, "mv_allocation_summary")
    return {
        "postgres_version": server_version,
        "server_settings": settings,
        "row_counts": counts,
        "database_bytes_after_seed": int(database_bytes[0]) if database_bytes else None,
        "seed_s": seed_s,
        "metrics": {
            "read_latency": read,
            "ingest": ingest,
            "allocation_insert": allocations,
            "refresh_concurrently": refresh,
        },
        "explain_v_realtime_revenue": explain,
        "explain_mv_allocation_summary_query": explain_summary,
    }


def show(conn: Connection, name: str) -> str:
    row = conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(name))).fetchone()
    return str(row[0]) if row else "unknown"


def print_summary(result: dict[str, object], output: Path) -> None:
    metrics = result["metrics"]
    assert isinstance(metrics, dict)
    read, ingest, alloc, refresh, wall = (
        metrics[k] for k in ("read_latency", "ingest", "allocation_insert", "refresh_concurrently", "wall_time")
    )
    seed_s = result["seed_s"]
    assert isinstance(seed_s, dict)

    def verdict(met: object) -> str:
        return "met" if met else "NOT met"

    print(f"  seed      {sum(seed_s.values()):7.1f} s  (" + ", ".join(f"{k} {v:.1f}" for k, v in seed_s.items()) + ")")
    print(
        f"  1. read v_realtime_revenue   p50 {read['p50_ms']:.3f} ms  p95 {read['p95_ms']:.3f} ms  "
        f"p99 {read['p99_ms']:.3f} ms  ({read['tps']:.0f} tps; goal p95 < {READ_P95_GOAL_MS:g} ms: "
        f"{verdict(read['goal_met'])}; seeds' target {READ_P95_SEED_TARGET_MS:g} ms)"
    )
    print(
        f"  2. ingest events             RLS {ingest['rls_rows_per_s']:.0f} rows/s, no RLS "
        f"{ingest['no_rls_rows_per_s']:.0f} rows/s: overhead {ingest['rls_overhead_pct']:.1f} % "
        f"(goal <= {RLS_OVERHEAD_GOAL_PCT:g} %: {verdict(ingest['goal_met'])}); "
        f"no RLS and no tenant context {ingest['no_rls_no_context_rows_per_s']:.0f} rows/s "
        f"({ingest['rls_overhead_with_context_pct']:.1f} %); RLS with durable commits "
        f"{ingest['rls_durable_rows_per_s']:.0f} rows/s"
    )
    print(
        f"  3. insert allocations        trigger {alloc['trigger_rows_per_s']:.0f} rows/s, no trigger "
        f"{alloc['no_trigger_rows_per_s']:.0f} rows/s: ratio {alloc['ratio']:.2f} "
        f"(the trigger costs {alloc['trigger_overhead_pct']:.1f} %)"
    )
    seconds, plain = refresh["seconds"], refresh["plain_refresh_seconds"]
    print(
        "  4. refresh concurrently      "
        + ", ".join(f"{view} {s:.2f} s (plain {plain[view]:.2f})" for view, s in seconds.items())
        + f"  (refresh_read_path() after the seed: {refresh['first_refresh_read_path_s']:.2f} s)"
    )
    print(f"  wall time {wall['total_s']:7.1f} s  (goal <= {WALL_TIME_GOAL_S:g} s: {verdict(wall['goal_met'])})")
    print(f"  written to {output}")


def main() -> None:
    started = time.perf_counter()
    options = parse_options()
    with tempfile.TemporaryDirectory(prefix="schemactl-bench-pgbench-") as tmp, bench_server() as server_url:
        measured = run_benchmark(options, server_url, Path(tmp))
    total_s = time.perf_counter() - started
    metrics = measured["metrics"]
    assert isinstance(metrics, dict)
    metrics["wall_time"] = {
        "what": "the whole script: server start, apply, seed, every measurement, clean-up",
        "total_s": total_s,
        "goal": f"<= {WALL_TIME_GOAL_S:g} s",
        "goal_met": total_s <= WALL_TIME_GOAL_S,
    }
    result: dict[str, object] = {
        "benchmark": "B0.3 schema under seeded data: read-path latency, ingest with RLS, allocation sum trigger, "
        "materialized view refresh",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": {
            "tenants": options.tenants,
            "events": options.events,
            "allocations_per_event": ALLOCATIONS_PER_EVENT,
            "ledger_rows": "one per allocation (allocation_id set), " + VERIFIED_LEDGER_SHARE + " verified",
            "reconciliation_runs_per_tenant": RUNS_PER_TENANT,
            "dead_events": max(1, options.events // EVENTS_PER_DEAD_EVENT),
        },
        "pgbench": {
            "clients": options.clients,
            "threads": min(options.clients, os.cpu_count() or 1),
            "duration_s_per_variant": options.duration_s,
            "protocol": "prepared",
            "ab_order": "ABBA: each variant in two halves",
        },
        "server": server_kind(),
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        **measured,
    }
    write_json(options.output, result)
    print_summary(result, options.output)


if __name__ == "__main__":
    main()
