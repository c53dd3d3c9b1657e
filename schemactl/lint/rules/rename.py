from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import identifier, locate
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class Rename(Rule):
    """What it does
    Flags `ALTER TABLE ... RENAME TO` and `ALTER TABLE ... RENAME COLUMN` on a table that an earlier
    migration created. Renaming a table or column created in the same file is fine.

    Why is this bad?
    During a deploy the previous release of the application is still running, and it uses the
    old name: every one of its queries on the table or column fails from the moment the migration
    commits until the last old instance is gone. Rolling the application back fails the same way.

    Example
    ```sql
    ALTER TABLE orders RENAME COLUMN amount TO amount_cents;
    ```

    Fix
    Expand and contract: add the new column (or table), write both from the application,
    backfill, switch readers to the new name, release, then drop the old one in a later migration.
    For a table, a view with the old name can bridge the releases.
    ```sql
    ALTER TABLE orders ADD COLUMN amount_cents bigint;
    -- backfill, switch the application, then in a later migration drop amount
    ```
    """

    code = "SC710"
    name = "rename"
    severity = Severity.ERROR
    node_types = ("RenameStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.RenameStmt) or not node.newname:
            return
        table = relation_name(node.relation)
        if context.existing_table(table) is None:
            return
        kinds = enums.ObjectType
        if node.renameType == kinds.OBJECT_TABLE:
            yield self.report(
                context,
                node.relation,
                f"renaming existing table {table} to {node.newname} breaks application code still using {table}: "
                f"create the new table and migrate to it (expand/contract), or leave a view named {table}",
            )
        elif node.renameType == kinds.OBJECT_COLUMN and node.relationType == kinds.OBJECT_TABLE and node.subname:
            column = str(node.subname)
            yield self.at(
                context.file,
                locate(context, rf"\bRENAME\s+(?:COLUMN\s+)?{identifier(column)}\s+TO\b", node.relation),
                f"renaming column {table}.{column} to {node.newname} breaks application code still using {column}: "
                f"add {node.newname}, write both, backfill, switch readers, then drop {column} (expand/contract)",
            )
