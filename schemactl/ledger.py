"""The version table `schemactl.schema_migrations`: create, read, record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemactl.migrations import AppliedMigration, PreparedMigration

if TYPE_CHECKING:
    import psycopg

LEDGER_SCHEMA = "schemactl"
LEDGER_TABLE = "schema_migrations"

_CREATE = f"""
CREATE SCHEMA IF NOT EXISTS {LEDGER_SCHEMA};
CREATE TABLE IF NOT EXISTS {LEDGER_SCHEMA}.{LEDGER_TABLE} (
    version bigint PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    source_checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL,
    applied_by text NOT NULL DEFAULT session_user,
    transactional boolean NOT NULL
);
COMMENT ON TABLE {LEDGER_SCHEMA}.{LEDGER_TABLE} IS
    'Migrations applied by schemactl: checksum is the sha256 of the rendered SQL, source_checksum of the file.';
"""

_SELECT = f"""
SELECT version, name, checksum, source_checksum, applied_at, duration_ms, applied_by
FROM {LEDGER_SCHEMA}.{LEDGER_TABLE}
ORDER BY version
"""

_INSERT = f"""
INSERT INTO {LEDGER_SCHEMA}.{LEDGER_TABLE}
    (version, name, checksum, source_checksum, duration_ms, transactional)
VALUES (%s, %s, %s, %s, %s, %s)
"""


def ensure_ledger(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Create the ledger if missing. Call while holding the migration lock."""
    if not ledger_exists(conn):
        with conn.transaction():
            conn.execute(_CREATE)


def ledger_exists(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{LEDGER_SCHEMA}.{LEDGER_TABLE}",)).fetchone()
    return bool(row and row[0])


def read_applied(conn: psycopg.Connection[tuple[object, ...]]) -> list[AppliedMigration]:
    """Every recorded migration; an absent ledger means none."""
    if not ledger_exists(conn):
        return []
    from psycopg.rows import class_row

    with conn.cursor(row_factory=class_row(AppliedMigration)) as cursor:
        return cursor.execute(_SELECT).fetchall()


def record(conn: psycopg.Connection[tuple[object, ...]], migration: PreparedMigration, duration_ms: int) -> None:
    conn.execute(
        _INSERT,
        (
            migration.version,
            migration.file.name,
            migration.checksum,
            migration.source_sha256,
            duration_ms,
            migration.directives.transactional,
        ),
    )
