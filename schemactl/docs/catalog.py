"""Read what the data dictionary needs from PostgreSQL: sql/ built in a throwaway database, or a live one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from schemactl.docs.dictionary import render_data_dictionary
from schemactl.snapshot.model import Snapshot

if TYPE_CHECKING:
    import psycopg

    from schemactl.config import Settings
    from schemactl.database import DatabaseTarget


@dataclass(frozen=True)
class DictionarySource:
    """A catalog snapshot, its columns' positions, and the migrations that built it."""

    snapshot: Snapshot
    column_positions: Mapping[str, int]
    migrations: tuple[str, ...]


def data_dictionary(settings: Settings, target: DatabaseTarget, *, live: bool) -> str:
    """The data dictionary of sql/ built on `target`'s server, or (live) of the database `target` itself."""
    source = read_live(target) if live else read_from_sql(settings, target)
    return render_data_dictionary(
        source.snapshot, migrations=source.migrations, column_positions=source.column_positions
    )


def read_from_sql(settings: Settings, server: DatabaseTarget) -> DictionarySource:
    """Apply every file of sql/ to a throwaway database on `server` (dropped afterwards) and read it.

    The same build as `schemactl snapshot --from-sql`; the positions are read before the drop.
    """
    from schemactl.database import connect
    from schemactl.project import load_migrations
    from schemactl.runner import apply
    from schemactl.snapshot.build import throwaway_database

    migrations = load_migrations(settings)
    with throwaway_database(server) as target:
        apply(target, migrations, lock_wait_seconds=settings.lock_wait_seconds)
        with closing(connect(target)) as conn:
            snapshot, positions = _read(conn)
    return DictionarySource(snapshot, positions, tuple(m.file.label for m in migrations))


def read_live(target: DatabaseTarget) -> DictionarySource:
    """Read the database itself; its migrations are the ones its ledger records."""
    from schemactl import ledger
    from schemactl.database import connect

    with closing(connect(target)) as conn:
        snapshot, positions = _read(conn)
        applied = ledger.read_applied(conn)
    return DictionarySource(snapshot, positions, tuple(f"{row.version:04d}_{row.name}.sql" for row in applied))


def _read(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[Snapshot, dict[str, int]]:
    from schemactl.snapshot.inspect import introspect

    snapshot = introspect(conn)
    return snapshot, column_positions(conn, snapshot.schemas)


def column_positions(conn: psycopg.Connection[tuple[object, ...]], schemas: Sequence[str]) -> dict[str, int]:
    """Column identity (`schema.relation.column`) -> pg_attribute.attnum."""
    rows = conn.execute(_positions_query().encode("utf-8"), {"schemas": list(schemas)}).fetchall()
    return {str(identity): int(str(position)) for identity, position in rows}


@cache
def _positions_query() -> str:
    return files("schemactl.docs").joinpath("queries", "column_positions.sql").read_text(encoding="utf-8")
