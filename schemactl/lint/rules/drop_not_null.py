from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import identifier, locate
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import alter_commands


class DropNotNull(Rule):
    """What it does
    Flags `ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL` on a table this file did not create.

    Why is this bad?
    The application release that is running while the migration applies (and any other reader of the
    table) was written for a column that is never NULL: as soon as the new code writes a NULL, the old
    code meets it, and a `NOT NULL` cannot be put back without a scan of the whole table.

    Example
    ```sql
    ALTER TABLE orders ALTER COLUMN placed_at DROP NOT NULL;
    ```

    Fix
    Deploy readers that handle NULL first, then drop the constraint in a later migration, and say so:
    ```sql
    -- schemactl: allow SC713 because every reader handles a NULL placed_at since release 42
    ALTER TABLE orders ALTER COLUMN placed_at DROP NOT NULL;
    ```
    """

    code = "SC713"
    name = "drop-not-null"
    severity = Severity.WARNING
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import enums

        for table, command in alter_commands(context.node, enums.AlterTableType.AT_DropNotNull):
            if context.existing_table(table) is None or not command.name:
                continue
            name = str(command.name)
            yield self.at(
                context.file,
                locate(context, rf"\bALTER\s+(?:COLUMN\s+)?{identifier(name)}\s+DROP\s+NOT\s+NULL", context.node),
                f"DROP NOT NULL on {table}.{name}: code already running assumes it is never NULL; "
                "deploy readers that handle NULL first",
            )
