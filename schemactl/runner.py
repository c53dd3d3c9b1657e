"""Apply a plan: the migration lock, one transaction per file, no-transaction files."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from schemactl import ledger
from schemactl.database import DatabaseTarget, connect
from schemactl.errors import LockTimeoutError, MigrationFailedError
from schemactl.migrations import Plan, PreparedMigration, plan
from schemactl.sqltext import (
    SqlSyntaxError,
    Statement,
    created_index_names,
    is_transaction_control,
    line_of,
    split_statements,
)

if TYPE_CHECKING:
    import psycopg

    Connection = psycopg.Connection[tuple[object, ...]]

# Session-level advisory lock key ("schemactl" in spirit); below 2**32 so pg_locks shows it in objid.
MIGRATION_LOCK_KEY = 0x5C4E3A01
_BACKOFF_FIRST = 0.05
_BACKOFF_MAX = 1.0


class ApplyObserver(Protocol):
    """Progress callbacks; the CLI prints, the library does not."""

    def migration_started(self, migration: PreparedMigration) -> None: ...

    def migration_finished(self, migration: PreparedMigration, duration_ms: int) -> None: ...


@dataclass(frozen=True)
class AppliedStep:
    version: int
    name: str
    duration_ms: int
    transactional: bool


@dataclass(frozen=True)
class ApplyResult:
    applied: tuple[AppliedStep, ...]
    already_applied: int


def preview(target: DatabaseTarget, migrations: Sequence[PreparedMigration], *, to: int | None = None) -> Plan:
    """The plan `apply` would run, read without taking the lock or writing anything."""
    with closing(connect(target)) as conn:
        current = plan(migrations, ledger.read_applied(conn), target_version=to)
        if current.pending:
            ledger.check_access(conn)
    for migration in current.pending:
        preflight(migration)
    return current


def preflight(migration: PreparedMigration) -> list[Statement]:
    """The checks a file passes before anything of it runs (dry runs too); its statements.

    A transactional file must not end its own transaction; a no-transaction file must split into statements.
    """
    sql = migration.rendered.text
    if migration.directives.transactional:
        try:
            statements = split_statements(sql)
        except SqlSyntaxError:
            # pglast's grammar may be older than the server's: let the server judge the whole text.
            return [Statement(sql, 0, 1)]
        for statement in statements:
            if is_transaction_control(statement):
                raise _transaction_control(migration, statement)
        return statements
    try:
        return split_statements(sql)
    except SqlSyntaxError as exc:
        raise MigrationFailedError(
            f"syntax error: {exc.message}",
            file=migration.file.path,
            line=line_of(sql, exc.offset),
            sqlstate="42601",
            hint="a no-transaction file is split into statements before it runs, so it must parse",
        ) from exc


def apply(
    target: DatabaseTarget,
    migrations: Sequence[PreparedMigration],
    *,
    to: int | None = None,
    lock_wait_seconds: float,
    observer: ApplyObserver | None = None,
) -> ApplyResult:
    """Apply every pending migration (up to `to`) in version order while holding the migration lock."""
    with closing(connect(target)) as conn:
        _detect_dead_client(conn)
        _acquire_migration_lock(conn, target, lock_wait_seconds)
        try:
            current = plan(migrations, ledger.read_applied(conn), target_version=to)
            if current.pending:
                ledger.check_access(conn)
            for migration in current.pending:
                preflight(migration)  # a file refused later must not leave the earlier ones applied
            ledger.ensure_ledger(conn)
            steps = []
            for migration in current.pending:
                if observer:
                    observer.migration_started(migration)
                duration_ms = _apply_one(conn, migration)
                if observer:
                    observer.migration_finished(migration, duration_ms)
                steps.append(
                    AppliedStep(migration.version, migration.file.name, duration_ms, migration.directives.transactional)
                )
            return ApplyResult(tuple(steps), current.applied_count)
        finally:
            _release_migration_lock(conn)


def _detect_dead_client(conn: Connection) -> None:
    # A killed schemactl must not leave its backend holding locks for the length of a long statement.
    if conn.info.server_version >= 140000:
        conn.execute("SET client_connection_check_interval = '1s'")


def _acquire_migration_lock(conn: Connection, target: DatabaseTarget, wait_seconds: float) -> None:
    """pg_try_advisory_lock with backoff: a blocking wait could deadlock against CREATE INDEX CONCURRENTLY."""
    deadline = time.monotonic() + wait_seconds
    delay = _BACKOFF_FIRST
    while True:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (MIGRATION_LOCK_KEY,)).fetchone()
        if row and row[0]:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            holder = _lock_holder(conn)
            raise LockTimeoutError(
                f"another process holds the migration lock on {target.display}{holder}; "
                f"gave up after {wait_seconds:g}s",
                hint="wait for the other apply to finish, or raise --lock-wait",
            )
        time.sleep(min(delay * random.uniform(0.5, 1.5), remaining))
        delay = min(delay * 2, _BACKOFF_MAX)


def _lock_holder(conn: Connection) -> str:
    row = conn.execute(
        """
        SELECT a.pid, a.application_name, a.usename
        FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)
        WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = %s AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """,
        (MIGRATION_LOCK_KEY,),
    ).fetchone()
    return f" (pid {row[0]}, {row[1] or 'no application_name'}, user {row[2]})" if row else ""


def _release_migration_lock(conn: Connection) -> None:
    if conn.closed or conn.broken:
        return
    import psycopg

    # The session ends right after; closing it releases the lock anyway.
    with suppress(psycopg.Error):
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))


def _apply_one(conn: Connection, migration: PreparedMigration) -> int:
    if migration.directives.transactional:
        return _apply_in_transaction(conn, migration)
    return _apply_without_transaction(conn, migration)


def _apply_in_transaction(conn: Connection, migration: PreparedMigration) -> int:
    """The whole file and its ledger row commit together or not at all."""
    import psycopg

    statements = preflight(migration)
    started = time.monotonic()
    current = statements[0] if statements else Statement("", 0, 1)
    stage = _Stage.STATEMENTS
    try:
        with conn.transaction():
            conn.execute(
                "SELECT set_config('lock_timeout', %s, true), set_config('statement_timeout', %s, true)",
                (migration.directives.lock_timeout, migration.directives.statement_timeout),
            )
            for current in statements:
                conn.execute(current.text.encode("utf-8"))
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.INTRANS:
                    raise _transaction_ended(migration, current)
            duration_ms = _elapsed_ms(started)
            stage = _Stage.LEDGER
            # A file may SET LOCAL ROLE to its owner role; the ledger row is written as the session user.
            conn.execute("RESET ROLE")
            ledger.record(conn, migration, duration_ms)
            stage = _Stage.COMMIT
    except psycopg.Error as exc:
        raise _stage_error(stage, migration, current, exc) from exc
    return duration_ms


def _apply_without_transaction(conn: Connection, migration: PreparedMigration) -> int:
    """Statement by statement in autocommit; recorded only after the last one succeeds."""
    import psycopg

    sql = migration.rendered.text
    statements = preflight(migration)
    index_names = created_index_names(sql)
    started = time.monotonic()
    current = statements[0] if statements else Statement("", 0, 1)
    stage = _Stage.STATEMENTS
    try:
        conn.execute(
            "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
            (migration.directives.lock_timeout, migration.directives.statement_timeout),
        )
        if migration.directives.drop_invalid_indexes:
            _drop_invalid_indexes(conn, index_names)
        for current in statements:
            conn.execute(current.text.encode("utf-8"))
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            # The ledger row would go into the file's open transaction and vanish with it.
            conn.execute("ROLLBACK")
            raise _transaction_left_open(migration)
        still_invalid = _invalid_indexes(conn, index_names)
        if still_invalid:
            raise _invalid_after_success(migration, still_invalid)
        duration_ms = _elapsed_ms(started)
        stage = _Stage.LEDGER
        with conn.transaction():
            conn.execute("RESET ROLE")
            ledger.record(conn, migration, duration_ms)
    except psycopg.Error as exc:
        error = _stage_error(stage, migration, current, exc)
        invalid = [] if conn.broken else _invalid_indexes(conn, index_names)
        if invalid:
            left = f"left INVALID index(es) from a failed concurrent build: {', '.join(invalid)}"
            error.detail = f"{error.detail}\n{left}" if error.detail else left
            error.hint = (
                "add '-- schemactl: drop-invalid-indexes' to the header to drop them before the retry, "
                "or DROP INDEX CONCURRENTLY them by hand"
            )
        raise error from exc
    finally:
        if not conn.broken:
            conn.execute("RESET ROLE; RESET lock_timeout; RESET statement_timeout")
    return duration_ms


class _Stage(Enum):
    """Where in applying a file an error happened, so it is blamed on the right thing."""

    STATEMENTS = "statements"
    LEDGER = "ledger"
    COMMIT = "commit"


def _stage_error(
    stage: _Stage, migration: PreparedMigration, statement: Statement, exc: Exception
) -> MigrationFailedError:
    if stage is _Stage.STATEMENTS:
        return _migration_error(migration, statement, exc)
    error = _migration_error(migration, Statement("", 0, 0), exc)
    error.line = None
    error.statement = None
    if stage is _Stage.COMMIT:
        error.message = f"failed at COMMIT (a deferred constraint or trigger): {error.message}"
    else:
        error.message = (
            f"could not record the migration in {ledger.LEDGER_SCHEMA}.{ledger.LEDGER_TABLE}: {error.message}"
        )
    return error


def _transaction_control(migration: PreparedMigration, statement: Statement) -> MigrationFailedError:
    """Refused before anything runs: the file's own transaction is schemactl's to end."""
    return MigrationFailedError(
        "transaction control statement in a transactional file; nothing was applied",
        file=migration.file.path,
        line=statement.line,
        hint=(
            "remove it (each file already runs in one transaction with its ledger row), "
            "or mark the file '-- schemactl: no-transaction'"
        ),
        statement=statement.text.strip(),
    )


def _invalid_after_success(migration: PreparedMigration, invalid: Sequence[str]) -> MigrationFailedError:
    """Every statement succeeded, yet an index the file builds is INVALID: IF NOT EXISTS skipped a rebuild."""
    return MigrationFailedError(
        f"index(es) built by this file are INVALID after it ran: {', '.join(invalid)}; not recorded",
        file=migration.file.path,
        detail="a CREATE INDEX ... IF NOT EXISTS skips an index left INVALID by an earlier failed concurrent build",
        hint="add '-- schemactl: drop-invalid-indexes' to the header so the retry drops and rebuilds them",
    )


def _transaction_ended(migration: PreparedMigration, statement: Statement) -> MigrationFailedError:
    """A transactional file ran COMMIT, ROLLBACK or END: its ledger row can no longer commit with it."""
    return MigrationFailedError(
        "the file ended the transaction schemactl runs it in (COMMIT, ROLLBACK or END in a transactional file)",
        file=migration.file.path,
        line=statement.line,
        hint=(
            "remove it (each file already runs in one transaction), or mark the file "
            "'-- schemactl: no-transaction'; statements before it may have been committed"
        ),
        statement=statement.text.strip(),
    )


def _transaction_left_open(migration: PreparedMigration) -> MigrationFailedError:
    return MigrationFailedError(
        "the no-transaction file left a transaction open (BEGIN without COMMIT); it was rolled back",
        file=migration.file.path,
        hint="end the transaction the file begins with COMMIT",
    )


def _invalid_indexes(conn: Connection, names: Sequence[tuple[str | None, str]]) -> list[str]:
    """Which of the named indexes exist and are INVALID; unqualified names resolve through search_path."""
    if not names:
        return []
    rows = conn.execute(
        """
        SELECT format('%%I.%%I', n.nspname, c.relname)
        FROM unnest(%s::text[], %s::text[]) AS q (schema_name, index_name)
        JOIN pg_class AS c ON c.oid = to_regclass(
            CASE WHEN q.schema_name IS NULL THEN quote_ident(q.index_name)
                 ELSE quote_ident(q.schema_name) || '.' || quote_ident(q.index_name) END)
        JOIN pg_index AS i ON i.indexrelid = c.oid
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE NOT i.indisvalid
        ORDER BY 1
        """,
        ([schema for schema, _ in names], [name for _, name in names]),
    ).fetchall()
    return [str(row[0]) for row in rows]


def _drop_invalid_indexes(conn: Connection, names: Sequence[tuple[str | None, str]]) -> None:
    for qualified in _invalid_indexes(conn, names):
        conn.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {qualified}".encode())


def _migration_error(migration: PreparedMigration, statement: Statement, exc: Exception) -> MigrationFailedError:
    """Name the file, the rendered line (from the server's error position), SQLSTATE, detail and hint."""
    import psycopg

    sql = migration.rendered.text
    line = statement.line
    sqlstate = detail = hint = None
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.Error) and exc.diag.message_primary:
        diag = exc.diag
        message = diag.message_primary or message
        sqlstate = diag.sqlstate
        detail = diag.message_detail
        hint = diag.message_hint
        if diag.statement_position and diag.statement_position.isdigit():
            line = line_of(sql, statement.start + int(diag.statement_position) - 1)
    if sqlstate == "55P03" and hint is None:
        hint = f"lock_timeout ({migration.directives.lock_timeout}) expired: another session holds a conflicting lock"
    elif sqlstate == "57014" and hint is None:
        hint = f"statement_timeout is {migration.directives.statement_timeout}; raise it in the file header if needed"
    if migration.rendered.text != migration.file.path.read_text(encoding="utf-8"):
        note = f"line numbers refer to the rendered SQL: schemactl render {migration.file.path.name}"
        hint = f"{hint}\n{note}" if hint else note
    return MigrationFailedError(
        message,
        file=migration.file.path,
        line=line,
        sqlstate=sqlstate,
        detail=detail,
        hint=hint,
        statement=statement.text.strip(),
    )


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
