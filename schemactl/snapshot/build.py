"""Build the schema of sql/ in a throwaway database and snapshot it; the database is always dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

from schemactl.config import Settings
from schemactl.database import DatabaseTarget, connect, with_database
from schemactl.errors import ConnectionFailedError
from schemactl.project import load_migrations
from schemactl.runner import apply
from schemactl.snapshot.inspect import introspect
from schemactl.snapshot.model import Snapshot

if TYPE_CHECKING:
    import psycopg

THROWAWAY_PREFIX = "schemactl_tmp_"


@contextmanager
def throwaway_database(server: DatabaseTarget) -> Iterator[DatabaseTarget]:
    """A new empty database on the server of `server`, dropped on exit even after a failure."""
    name = THROWAWAY_PREFIX + uuid.uuid4().hex[:12]
    with closing(connect(server)) as admin:
        _execute_ddl(admin, server, f'CREATE DATABASE "{name}"')
    try:
        yield DatabaseTarget(with_database(server.conninfo, name), server.source)
    finally:
        with closing(connect(server)) as admin:
            _execute_ddl(admin, server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
