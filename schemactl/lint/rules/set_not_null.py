from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import identifier, locate
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class SetNotNull(Rule):
    """What it does
    Flags `ALTER TABLE ... ALTER COLUMN ... SET NOT NULL` on a table that an earlier migration
    created, unless a validated `CHECK (column IS NOT NULL)` constraint added by an earlier
    migration (or by this file when it runs without a transaction) proves the column has no NULLs,
    or the column is NOT NULL already.

    Why is this bad?
    PostgreSQL scans the whole table to check for NULLs while holding an ACCESS EXCLUSIVE lock:
    no reads or writes for the length of a full scan.

    Example
    ```sql
    ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;
    ```

    Fix
    Prove it with a constraint first. Adding a CHECK takes a brief ACCESS EXCLUSIVE lock that a
    transaction keeps until it commits, so add it NOT VALID in an earlier migration (or in a
    `-- schemactl: no-transaction` file); VALIDATE CONSTRAINT then scans under a lock that lets
    reads and writes go on, and SET NOT NULL uses the constraint instead of a scan (PostgreSQL 12
    and later):
    ```sql
    -- an earlier migration:
    ALTER TABLE orders ADD CONSTRAINT orders_currency_not_null CHECK (currency IS NOT NULL) NOT VALID;
    -- this one:
    ALTER TABLE orders VALIDATE CONSTRAINT orders_currency_not_null;
    ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;
    ALTER TABLE orders DROP CONSTRAINT orders_currency_not_null;
    ```
    """

    code = "SC707"
    name = "set-not-null"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.AlterTableStmt):
            return
        table_name = relation_name(node.relation) or ""
        table = context.existing_table(table_name)
        if table is None:
            return
        for command in node.cmds or ():
            if (
                not isinstance(command, ast.AlterTableCmd)
                or command.subtype != enums.AlterTableType.AT_SetNotNull
                or not command.name
            ):
                continue
            name = str(command.name).lower()
            column = table.columns.get(name)
            if column is not None and column.not_null:
                continue
            checks = [c for c in table.not_null_checks.values() if c.column == name and c.validated]
            transaction = context.transaction
            if any(
                not (
                    transaction is not None
                    and c.file == context.file.display
                    and context.file.transaction_at(c.offset) == transaction
                )
                for c in checks
            ):
                continue
            if checks:
                message = (
                    f"SET NOT NULL on {table_name}.{name} relies on a CHECK ({name} IS NOT NULL) added in this same "
                    f"transaction, so its validation scans {table_name} under that ADD's ACCESS EXCLUSIVE lock: add "
                    "the constraint NOT VALID in an earlier migration, then VALIDATE it and SET NOT NULL"
                )
            else:
                message = (
                    f"SET NOT NULL on {table_name}.{name} scans all of {table_name} under an ACCESS EXCLUSIVE lock: "
                    f"first ADD CONSTRAINT ... CHECK ({name} IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT it"
                )
            yield self.at(
                context.file,
                locate(context, rf"\bALTER\s+(?:COLUMN\s+)?{identifier(name)}\s+SET\s+NOT\s+NULL", node.relation),
                message,
            )
