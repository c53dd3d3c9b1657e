"""A snapshot file is written only from a database that holds exactly what sql/ builds."""

from __future__ import annotations

from contextlib import closing

from schemactl import ledger
from schemactl.config import Settings
from schemactl.database import DatabaseTarget, connect
from schemactl.errors import ConfigError
from schemactl.migrations import MigrationState, status_rows
from schemactl.project import load_migrations

_FORCE_HINT = "refresh it with `schemactl snapshot --from-sql`, apply first, or pass --force to write it anyway"


def check_up_to_date(settings: Settings, target: DatabaseTarget) -> None:
    """Refuse (exit 2) a database without a ledger, or whose ledger does not match sql/ exactly:
    pending files, changed files, or versions sql/ does not have."""
    with closing(connect(target)) as conn:
        if not ledger.ledger_exists(conn):
            raise ConfigError(
                f"{target.display} has no migration ledger ({ledger.LEDGER_SCHEMA}.{ledger.LEDGER_TABLE}): "
                "its schema was not built by sql/, so its snapshot would not be the snapshot of sql/",
                hint=_FORCE_HINT,
            )
        applied = ledger.read_applied(conn)
    rows = status_rows(load_migrations(settings), applied)
    off = [row for row in rows if row.state is not MigrationState.APPLIED]
    if off:
        listed = ", ".join(f"{row.version:04d}_{row.name} ({row.state.value})" for row in off)
        raise ConfigError(f"{target.display} is not at the head of sql/: {listed}", hint=_FORCE_HINT)
