"""Build the schema of sql/ in a throwaway database and snapshot it; the database is always dropped.

Throwaway databases are named `schemactl_tmp_<unix seconds>_<random>`. One left behind by a killed
run is dropped by the next one: when its name says it is older than the current run (by a minute)
and no session is connected to it. A live build always keeps a session open on its database, from CREATE to DROP,
so it is never taken for a leftover; and the drop is a plain DROP DATABASE, never WITH (FORCE),
which fails (and is skipped) if anyone connects in the meantime.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

from schemactl.config import Settings
from schemactl.database import DatabaseTarget, connect, with_database
from schemactl.errors import ConnectionFailedError, ExitCode, SchemactlError
from schemactl.project import load_migrations
from schemactl.runner import apply
from schemactl.snapshot.inspect import introspect
from schemactl.snapshot.model import Snapshot

if TYPE_CHECKING:
    import psycopg

THROWAWAY_PREFIX = "schemactl_tmp_"
_THROWAWAY_NAME = re.compile(re.escape(THROWAWAY_PREFIX) + r"(\d+)_[0-9a-f]+")
# A leftover must be older than the current run by this much: a concurrent run opens its session
# within milliseconds of creating its database, so a younger one may still be on its way in.
STALE_AFTER_SECONDS = 60


class BuildFailedError(SchemactlError):
    """sql/ could not be built in a throwaway database: an error of the input, not drift."""

    exit_code = ExitCode.USAGE


@contextmanager
def throwaway_database(server: DatabaseTarget) -> Iterator[DatabaseTarget]:
    """A new empty database on the server of `server`, dropped on exit even after a failure.

    Leftovers of killed runs are dropped first. A failure of the body that is a failed check
    (a migration error: exit 1) is re-raised as BuildFailedError (exit 2): the build failed, so
    nothing was compared.
    """
    started = int(time.time())
    name = f"{THROWAWAY_PREFIX}{started}_{uuid.uuid4().hex[:8]}"
    with closing(connect(server)) as admin:
        drop_stale_throwaways(admin, started)
        _execute_ddl(admin, server, f'CREATE DATABASE "{name}"')
    target = DatabaseTarget(with_database(server.conninfo, name), server.source)
    try:
        with closing(connect(target)):  # the session that marks this database as in use
            try:
                yield target
            except SchemactlError as exc:
                if exc.exit_code is not ExitCode.FAILED:
                    raise
                raise BuildFailedError(
                    f"sql/ does not build: {exc.message}",
                    file=exc.file,
                    line=exc.line,
                    sqlstate=exc.sqlstate,
                    detail=exc.detail,
                    hint=exc.hint,
                    statement=exc.statement,
                ) from exc
    finally:
        with closing(connect(server)) as admin:
            # Its own database: FORCE ends only this run's sessions (none are left by now).
            _execute_ddl(admin, server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_stale_throwaways(admin: psycopg.Connection[tuple[object, ...]], started: int) -> list[str]:
    """Drop the throwaway databases of earlier runs that nobody is connected to; the names dropped.

    A database some session connects to between the check and the DROP makes the DROP fail: it is
    left alone, as is one the current user may not drop.
    """
    import psycopg

    rows = admin.execute(
        "SELECT d.datname FROM pg_catalog.pg_database AS d"
        " WHERE starts_with(d.datname, %s)"
        " AND NOT EXISTS (SELECT FROM pg_catalog.pg_stat_activity AS a WHERE a.datid = d.oid)"
        " ORDER BY 1",
        (THROWAWAY_PREFIX,),
    ).fetchall()
    dropped = []
    for (datname,) in rows:
        match = _THROWAWAY_NAME.fullmatch(str(datname))
        if match is None or int(match[1]) > started - STALE_AFTER_SECONDS:
            continue
        try:
            admin.execute(f'DROP DATABASE "{datname}"'.encode())
        except psycopg.Error:
            continue
        dropped.append(str(datname))
    return dropped


def _execute_ddl(admin: psycopg.Connection[tuple[object, ...]], server: DatabaseTarget, statement: str) -> None:
    import psycopg

    try:
        admin.execute(statement.encode())
    except psycopg.Error as exc:
        raise ConnectionFailedError(
            f"cannot create or drop a throwaway database on {server.display}: {exc.diag.message_primary or exc}",
            hint="the --from-sql build needs a user that may CREATE DATABASE",
        ) from exc


def snapshot_from_sql(settings: Settings, server: DatabaseTarget, schemas: Sequence[str] = ()) -> Snapshot:
    """Apply every file of sql/ to a throwaway database on `server` and snapshot the result."""
    migrations = load_migrations(settings)
    with throwaway_database(server) as target:
        apply(target, migrations, lock_wait_seconds=settings.lock_wait_seconds)
        with closing(connect(target)) as conn:
            return introspect(conn, schemas)
