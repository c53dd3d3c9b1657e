"""Helpers shared by the integration tests: run apply, read the ledger and the catalog, run the CLI."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from schemactl import runner
from schemactl.config import load_settings
from schemactl.database import DatabaseTarget, TargetSource, with_database
from schemactl.migrations import Plan, PreparedMigration
from schemactl.project import load_migrations
from tests.conftest import TEST_DATABASE_PREFIX, Project

CatalogRow = tuple[str, ...]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def target(url: str) -> DatabaseTarget:
    return DatabaseTarget(url, TargetSource.FLAG)


def migrations_of(project: Project) -> list[PreparedMigration]:
    """sql/ rendered with the project's settings, exactly as `schemactl apply` loads it."""
    return load_migrations(load_settings(project.root))


def apply(project: Project, url: str, *, to: int | None = None, lock_wait: float = 5.0) -> runner.ApplyResult:
    return runner.apply(target(url), migrations_of(project), to=to, lock_wait_seconds=lock_wait)


def applied_versions(result: runner.ApplyResult) -> list[int]:
    return [step.version for step in result.applied]


def preview(project: Project, url: str, *, to: int | None = None) -> Plan:
    return runner.preview(target(url), migrations_of(project), to=to)


@dataclass(frozen=True)
class LedgerRow:
    """Every column of schemactl.schema_migrations."""

    version: int
    name: str
    checksum: str
    source_checksum: str
    applied_at: datetime
    duration_ms: int
    applied_by: str
    transactional: bool


def ledger(url: str) -> list[LedgerRow]:
    """The ledger rows in version order; [] when the ledger table does not exist."""
    with psycopg.connect(url, autocommit=True) as conn:
        if not scalar_on(conn, "SELECT to_regclass('schemactl.schema_migrations') IS NOT NULL"):
            return []
        with conn.cursor(row_factory=class_row(LedgerRow)) as cursor:
            return cursor.execute(
                "SELECT version, name, checksum, source_checksum, applied_at, duration_ms, applied_by, transactional"
                " FROM schemactl.schema_migrations ORDER BY version"
            ).fetchall()


def ledger_versions(url: str) -> list[int]:
    return [row.version for row in ledger(url)]


def rows(url: str, sql: str, params: tuple[object, ...] | None = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql.encode(), params).fetchall()


def scalar(url: str, sql: str, params: tuple[object, ...] | None = None) -> Any:
    with psycopg.connect(url, autocommit=True) as conn:
        return scalar_on(conn, sql, params)


def scalar_on(conn: psycopg.Connection[tuple[Any, ...]], sql: str, params: tuple[object, ...] | None = None) -> Any:
    row = conn.execute(sql.encode(), params).fetchone()
    assert row is not None, sql
    return row[0]


def execute(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.encode())


def relation_exists(url: str, name: str) -> bool:
    return bool(scalar(url, "SELECT to_regclass(%s) IS NOT NULL", (name,)))


def schema_exists(url: str, name: str) -> bool:
    return bool(scalar(url, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = %s)", (name,)))


def user_relations(url: str) -> list[str]:
    """Every table, index, sequence and view outside the system schemas."""
    found = rows(
        url,
        """
        SELECT format('%I.%I', n.nspname, c.relname)
        FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1
        """,
    )
    return [str(row[0]) for row in found]


def catalog(url: str) -> list[CatalogRow]:
    """Columns and indexes of every user schema, comparable across databases."""
    columns = rows(
        url,
        """
        SELECT 'column', table_schema, table_name, column_name, data_type, is_nullable, coalesce(column_default, '')
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY table_schema, table_name, ordinal_position
        """,
    )
    indexes = rows(
        url,
        """
        SELECT 'index', schemaname, tablename, indexname, indexdef
        FROM pg_indexes
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
        ORDER BY schemaname, tablename, indexname
        """,
    )
    return [tuple(str(value) for value in row) for row in [*columns, *indexes]]


def index_state(url: str, qualified_name: str) -> tuple[int, bool] | None:
    """(oid, indisvalid) of an index, or None when it does not exist."""
    found = rows(
        url,
        "SELECT indexrelid::oid::bigint, indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
        (qualified_name,),
    )
    return (int(found[0][0]), bool(found[0][1])) if found else None


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A second fresh database on the test server, dropped afterwards (like the `database_url` fixture)."""
    name = TEST_DATABASE_PREFIX + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def cli_command(project: Project, url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "schemactl", "-C", str(project.root), "apply", "--database-url", url, *args]


def run_cli(project: Project, url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`schemactl apply` in a child process, as a user runs it."""
    return subprocess.run(cli_command(project, url, *args), capture_output=True, text=True, timeout=timeout)


def start_cli(project: Project, url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(cli_command(project, url, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until(condition: Callable[[], bool], what: str, *, timeout: float = 30.0) -> None:
    """Poll `condition` until it holds; fail the test naming `what` if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def schemactl_sessions(url: str, *, running: str | None = None) -> list[int]:
    """Backend pids of schemactl connections to the database of `url`, optionally only those running `running`."""
    found = rows(
        url,
        """
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'schemactl' AND pid <> pg_backend_pid()
          AND (%s::text IS NULL OR (state = 'active' AND strpos(query, %s::text) > 0))
        ORDER BY pid
        """,
        (running, running),
    )
    return [int(row[0]) for row in found]
