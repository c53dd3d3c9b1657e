"""Which files are applied, pending or changed in a database."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing

from schemactl import ledger
from schemactl.database import DatabaseTarget, connect
from schemactl.migrations import MigrationState, PreparedMigration, StatusRow, check_runnable, status_rows


def read_status(target: DatabaseTarget, migrations: Sequence[PreparedMigration]) -> list[StatusRow]:
    """The rows of `status`; a pending file that apply would refuse is refused here too."""
    with closing(connect(target)) as conn:
        rows = status_rows(migrations, ledger.read_applied(conn))
    pending = {r.version for r in rows if r.state is MigrationState.PENDING}
    check_runnable([m for m in migrations if m.version in pending])
    return rows
