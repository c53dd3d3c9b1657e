from __future__ import annotations

from collections.abc import Iterator

from schemactl.ledger import LEDGER_SCHEMA, LEDGER_TABLE
from schemactl.lint.findings import Severity
from schemactl.migrations import MigrationState, status_rows
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext

LEDGER = f"{LEDGER_SCHEMA}.{LEDGER_TABLE}"


class MigrationLedgerMismatch(LiveRule):
    """What it does
    Compares the migration ledger (`schemactl.schema_migrations`) with `sql/`: flags each file not
    applied (pending), each applied file whose rendered SQL has changed since, each version the
    ledger has and `sql/` lacks (missing), a database with no ledger, and a ledger this login cannot
    read (it needs `USAGE` on schema `schemactl` and `SELECT` on the table).

    Why is this bad?
    Every other verdict of `schemactl verify` assumes the database is `sql/` applied. A pending file
    means production lacks a fix the repository has (a revoke, a policy); a changed file means the
    database was built from SQL nobody reviewed in its current form; a missing version means someone
    applied a migration from another branch.

    Example
    ```sql
    -- sql/ has 0004_revoke_temporary.sql; production's ledger ends at version 3
    SELECT max(version) FROM schemactl.schema_migrations;  -- 3
    ```

    Fix
    Run `schemactl apply` (pending); for a changed or missing version, find out what ran and restore
    the file, never edit the ledger.
    """

    code = "SC910"
    name = "migration-ledger-mismatch"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        ledger = context.state.ledger
        subject = ObjectRef(ObjectKind.TABLE, LEDGER)
        if ledger.error is not None:
            yield LiveFinding(
                f"cannot read the migration ledger {LEDGER} as {context.state.current_user}: {ledger.error}; "
                f"GRANT USAGE ON SCHEMA {LEDGER_SCHEMA} TO {context.state.current_user}; "
                f"GRANT SELECT ON {LEDGER} TO {context.state.current_user}",
                subject,
            )
            return
        if not ledger.exists:
            yield LiveFinding(
                f"database {context.state.database} has no migration ledger {LEDGER}: "
                "it was not built by schemactl apply",
                subject,
            )
            return
        messages = {
            MigrationState.PENDING: "is in sql/ but not applied: run schemactl apply",
            MigrationState.CHANGED: "was applied but its rendered SQL has changed since: restore the file; "
            "put changes in a new migration",
            MigrationState.MISSING: "is in the ledger but not in sql/: find out what ran, restore the file",
        }
        for row in status_rows(context.migrations, ledger.applied):
            if row.state in messages:
                yield LiveFinding(
                    f"migration {row.version} ({row.name}) {messages[row.state]}",
                    ObjectRef(ObjectKind.MIGRATION, str(row.version)),
                )
