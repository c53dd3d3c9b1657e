from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import index_on_existing_table
from schemactl.lint.rule import Rule, StatementContext


class DropIndexWithoutConcurrently(Rule):
    """What it does
    Flags `DROP INDEX` without `CONCURRENTLY` of an index whose table an earlier migration created,
    and of an index these migrations never created (it may sit on a large, busy table, so it counts
    as existing). Dropping an index of a table created in the same file is fine.

    Why is this bad?
    A plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table: every query on the
    table, reads included, waits until the drop (and the rest of the transaction) is done, and
    while it waits for running queries, every new one queues behind it.

    Example
    ```sql
    DROP INDEX idx_orders_placed_at;
    ```

    Fix
    Drop it concurrently, in a file of its own marked `-- schemactl: no-transaction`:
    ```sql
    -- schemactl: no-transaction
    DROP INDEX CONCURRENTLY IF EXISTS idx_orders_placed_at;
    ```
    """

    code = "SC702"
    name = "drop-index-without-concurrently"
    severity = Severity.ERROR
    node_types = ("DropStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.DropStmt) or node.removeType != enums.ObjectType.OBJECT_INDEX or node.concurrent:
            return
        for items in node.objects or ():
            if not isinstance(items, tuple) or not items:
                continue
            name = str(items[-1].sval).lower()
            locked = index_on_existing_table(context, name)
            if locked:
                yield self.report(
                    context,
                    node,
                    f"DROP INDEX {name} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on {locked}, blocking "
                    "its reads and writes: use DROP INDEX CONCURRENTLY in a `-- schemactl: no-transaction` file",
                )
