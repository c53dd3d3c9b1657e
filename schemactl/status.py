"""Which files are applied, pending or changed in a database."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing

from schemactl import ledger
from schemactl.database import DatabaseTarget, connect
from schemactl.migrations import PreparedMigration, StatusRow, status_rows


def read_status(target: DatabaseTarget, migrations: Sequence[PreparedMigration]) -> list[StatusRow]:
    with closing(connect(target)) as conn:
        return status_rows(migrations, ledger.read_applied(conn))
