from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext


class NotIdempotentInNoTransactionFile(Rule):
    """What it does
    Flags, in a `-- schemactl: no-transaction` file, statements that fail when run a second time:
    `CREATE TABLE / INDEX / SCHEMA / SEQUENCE / EXTENSION / MATERIALIZED VIEW / TABLE AS` without
    `IF NOT EXISTS`, `CREATE VIEW / FUNCTION / PROCEDURE / TRIGGER` without `OR REPLACE`, `DROP ...`
    without `IF EXISTS`, and `ALTER TABLE ... ADD COLUMN` / `DROP COLUMN` / `DROP CONSTRAINT` without
    `IF [NOT] EXISTS`.

    Why is this bad?
    A no-transaction file is not rolled back when one of its statements fails: what ran before stays.
    It is fixed and applied again from the top, so every statement must succeed on a database where
    it already ran.

    Example
    ```sql
    -- schemactl: no-transaction
    CREATE INDEX CONCURRENTLY idx_orders_placed_at ON orders (placed_at);
    ```

    Fix
    ```sql
    -- schemactl: no-transaction drop-invalid-indexes
    CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_placed_at ON orders (placed_at);
    ```
    """

    code = "SC721"
    name = "not-idempotent-in-no-transaction-file"
    severity = Severity.ERROR
    node_types = (
        "CreateStmt",
        "CreateSeqStmt",
        "IndexStmt",
        "CreateSchemaStmt",
        "CreateExtensionStmt",
        "CreateTableAsStmt",
        "ViewStmt",
        "CreateFunctionStmt",
        "CreateTrigStmt",
        "DropStmt",
        "AlterTableStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        if context.file.transactional:
            return
        problem = _problem(context.node)
        if problem:
            yield self.report(
                context,
                context.node,
                f"{problem} in a no-transaction file fails when the file is applied again after a partial failure",
            )


def _problem(node: Any) -> str | None:
    from pglast import ast, enums

    kinds = enums.ObjectType
    if isinstance(node, ast.CreateStmt | ast.CreateSeqStmt) and not node.if_not_exists:
        what = "CREATE SEQUENCE" if isinstance(node, ast.CreateSeqStmt) else "CREATE TABLE"
        return f"{what} without IF NOT EXISTS"
    if isinstance(node, ast.IndexStmt) and not node.if_not_exists:
        return "CREATE INDEX without IF NOT EXISTS"
    if isinstance(node, ast.CreateSchemaStmt) and not node.if_not_exists:
        return "CREATE SCHEMA without IF NOT EXISTS"
    if isinstance(node, ast.CreateExtensionStmt) and not node.if_not_exists:
        return "CREATE EXTENSION without IF NOT EXISTS"
    if isinstance(node, ast.CreateTableAsStmt) and not node.if_not_exists:
        return (
            "CREATE MATERIALIZED VIEW without IF NOT EXISTS"
            if node.objtype == kinds.OBJECT_MATVIEW
            else ("CREATE TABLE AS without IF NOT EXISTS")
        )
    if isinstance(node, ast.ViewStmt) and not node.replace:
        return "CREATE VIEW without OR REPLACE"
    if isinstance(node, ast.CreateFunctionStmt) and not node.replace:
        return "CREATE FUNCTION without OR REPLACE"
    if isinstance(node, ast.CreateTrigStmt) and not node.replace:
        return "CREATE TRIGGER without OR REPLACE"
    if isinstance(node, ast.DropStmt) and not node.missing_ok:
        kind = str(getattr(node.removeType, "name", "OBJECT")).removeprefix("OBJECT_").replace("_", " ")
        return f"DROP {kind} without IF EXISTS"
    if isinstance(node, ast.AlterTableStmt):
        subtypes = enums.AlterTableType
        for command in node.cmds or ():
            if not isinstance(command, ast.AlterTableCmd) or command.missing_ok:
                continue
            if command.subtype == subtypes.AT_AddColumn:
                return "ADD COLUMN without IF NOT EXISTS"
            if command.subtype == subtypes.AT_DropColumn:
                return "DROP COLUMN without IF EXISTS"
            if command.subtype == subtypes.AT_DropConstraint:
                return "DROP CONSTRAINT without IF EXISTS"
    return None
