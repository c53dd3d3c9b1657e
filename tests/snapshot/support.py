"""Helpers for the snapshot tests: throwaway databases and roles, snapshots of a URL, diffs as sets."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass

import psycopg

from schemactl.database import with_database
from schemactl.snapshot.build import THROWAWAY_PREFIX
from schemactl.snapshot.diff import ChangeType, SnapshotDiff
from schemactl.snapshot.inspect import introspect
from schemactl.snapshot.model import ObjectKind, Snapshot

SCRATCH_DATABASE_PREFIX = "schemactl_test_"
THROWAWAY_PATTERN = THROWAWAY_PREFIX.replace("_", "\\_") + "%"  # LIKE pattern: "_" is a wildcard


@dataclass(frozen=True)
class Reported:
    """One object of a diff, reduced to what the tests compare: kind, identity, change, paths."""

    kind: ObjectKind
    identity: str
    change: ChangeType
    paths: frozenset[str]


def reported(diff: SnapshotDiff) -> list[Reported]:
    return [Reported(c.kind, c.identity, c.change, frozenset(a.path for a in c.attributes)) for c in diff.changes]


def execute(url: str, sql: str) -> None:
    """Run a script (several statements, no parameters) in autocommit mode."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.encode())


def snapshot_of(url: str, options: str | None = None) -> Snapshot:
    """A snapshot taken by a new session; `options` are its libpq options (e.g. "-c TimeZone=UTC")."""
    with closing(psycopg.connect(url, autocommit=True, options=options)) as conn:
        return introspect(conn)


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new empty database on the test server, dropped on exit; yields its URL."""
    name = SCRATCH_DATABASE_PREFIX + uuid.uuid4().hex[:12]
    execute(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_roles(server_url: str, *purposes: str) -> Iterator[Mapping[str, str]]:
    """Roles named uniquely for one test module (roles are cluster-wide), by purpose.

    Drop every database that uses them before leaving this block: a role that still owns
    objects or holds privileges cannot be dropped.
    """
    prefix = "snap_" + uuid.uuid4().hex[:8]
    roles = {purpose: f"{prefix}_{purpose}" for purpose in purposes}
    execute(server_url, "".join(f"CREATE ROLE {name};\n" for name in roles.values()))
    try:
        yield roles
    finally:
        execute(server_url, "".join(f"DROP ROLE IF EXISTS {name};\n" for name in roles.values()))


def throwaway_databases(server_url: str) -> list[str]:
    """Names of the databases `snapshot --from-sql` creates (and must drop), on the test server."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE %s ORDER BY 1", (THROWAWAY_PATTERN,)
        ).fetchall()
    return [str(row[0]) for row in rows]
