from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import alter_commands


class DetachPartitionWithoutConcurrently(Rule):
    """What it does
    Flags `ALTER TABLE ... DETACH PARTITION` without `CONCURRENTLY` on a partitioned table this file did
    not create.

    Why is this bad?
    A plain DETACH takes an ACCESS EXCLUSIVE lock on the partitioned table: every query on any
    partition waits. `DETACH PARTITION ... CONCURRENTLY` (PostgreSQL 14+) takes SHARE UPDATE
    EXCLUSIVE only.

    Example
    ```sql
    ALTER TABLE events DETACH PARTITION events_2024;
    ```

    Fix
    Detach concurrently, in a file marked `-- schemactl: no-transaction` (it cannot run in a
    transaction block):
    ```sql
    -- schemactl: no-transaction
    ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;
    ```
    """

    code = "SC714"
    name = "detach-partition-without-concurrently"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import enums

        for table, command in alter_commands(context.node, enums.AlterTableType.AT_DetachPartition):
            partition = command.def_
            if getattr(partition, "concurrent", False) or context.existing_table(table) is None:
                continue
            name = relation_name(getattr(partition, "name", None)) or "?"
            yield self.report(
                context,
                getattr(partition, "name", None),
                f"DETACH PARTITION {name} locks all of {table} (ACCESS EXCLUSIVE): DETACH PARTITION ... "
                "CONCURRENTLY in a no-transaction file",
            )
