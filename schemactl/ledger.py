"""The version table `schemactl.schema_migrations`: create, read, record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemactl.errors import LedgerError
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


# Whether the session user can create (when absent) or read and write (when present) the ledger. By oid:
# a name lookup in a schema without USAGE is itself a permission error.
_ACCESS = """
WITH ledger AS (
    SELECT c.oid FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE n.nspname = %(schema)s AND c.relname = %(table)s
), ledger_schema AS (
    SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = %(schema)s
)
SELECT
    CASE
        WHEN EXISTS (SELECT FROM ledger) THEN
            (SELECT has_schema_privilege(oid, 'USAGE') FROM ledger_schema)
            AND (SELECT has_table_privilege(oid, 'SELECT') AND has_table_privilege(oid, 'INSERT') FROM ledger)
        WHEN EXISTS (SELECT FROM ledger_schema) THEN (SELECT has_schema_privilege(oid, 'CREATE') FROM ledger_schema)
        ELSE has_database_privilege(current_database(), 'CREATE')
    END,
    EXISTS (SELECT FROM ledger), EXISTS (SELECT FROM ledger_schema), current_user, current_database()
"""
_ACCESS_HINT = "connect as a role that has these privileges (the ledger schema's owner), or grant them"


def ensure_ledger(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Create the ledger if missing. Call while holding the migration lock."""
    import psycopg

    if not ledger_exists(conn):
        try:
            with conn.transaction():
                conn.execute(_CREATE)
        except psycopg.Error as exc:
            raise LedgerError(
                f"cannot create the ledger {LEDGER_SCHEMA}.{LEDGER_TABLE}: {exc.diag.message_primary or exc}",
                sqlstate=exc.diag.sqlstate,
                hint=_ACCESS_HINT,
            ) from exc


def check_access(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Refuse before anything runs when this login could not record what it applies."""
    name = f"{LEDGER_SCHEMA}.{LEDGER_TABLE}"
    row = conn.execute(_ACCESS, {"table": LEDGER_TABLE, "schema": LEDGER_SCHEMA}).fetchone()
    if row is None or row[0]:
        return
    _, table_exists, schema_exists, user, database = row
    if table_exists:
        needed, verb = f"USAGE on schema {LEDGER_SCHEMA}, SELECT and INSERT on {name}", "write"
    else:
        needed, verb = f"CREATE on {f'schema {LEDGER_SCHEMA}' if schema_exists else f'database {database}'}", "create"
    raise LedgerError(f"user {user} cannot {verb} the ledger {name}: it needs {needed}", hint=_ACCESS_HINT)


def ledger_exists(conn: psycopg.Connection[tuple[object, ...]]) -> bool:
    row = conn.execute(
        "SELECT EXISTS (SELECT FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n "
        "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s)",
        (LEDGER_SCHEMA, LEDGER_TABLE),
    ).fetchone()
    return bool(row and row[0])


def read_applied(conn: psycopg.Connection[tuple[object, ...]]) -> list[AppliedMigration]:
    """Every recorded migration; an absent ledger means none."""
    if not ledger_exists(conn):
        return []
    import psycopg
    from psycopg.rows import class_row

    try:
        with conn.cursor(row_factory=class_row(AppliedMigration)) as cursor:
            return cursor.execute(_SELECT).fetchall()
    except psycopg.Error as exc:
        raise LedgerError(
            f"cannot read the ledger {LEDGER_SCHEMA}.{LEDGER_TABLE}: {exc.diag.message_primary or exc}",
            sqlstate=exc.diag.sqlstate,
            hint=_ACCESS_HINT if isinstance(exc, psycopg.errors.InsufficientPrivilege) else None,
        ) from exc


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
