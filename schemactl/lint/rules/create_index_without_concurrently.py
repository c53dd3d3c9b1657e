from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class CreateIndexWithoutConcurrently(Rule):
    """What it does
    Flags `CREATE INDEX` without `CONCURRENTLY` on a table that an earlier migration created.

    Why is this bad?
    A plain `CREATE INDEX` holds a SHARE lock on the table for the whole build: every INSERT, UPDATE
    and DELETE waits, for minutes on a large table. A table created in the same file is empty and
    unused, so there the plain form is right.

    Example
    ```sql
    CREATE INDEX idx_orders_placed_at ON orders (placed_at);
    ```

    Fix
    Build it concurrently, in a file of its own marked `-- schemactl: no-transaction`:
    ```sql
    -- schemactl: no-transaction drop-invalid-indexes
    CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_placed_at ON orders (placed_at);
    ```
    """

    code = "SC701"
    name = "create-index-without-concurrently"
    severity = Severity.ERROR
    node_types = ("IndexStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        node = context.node
        if isinstance(node, ast.IndexStmt) and not node.concurrent:
            table = relation_name(node.relation)
            if context.existing_table(table):
                yield self.report(
                    context,
                    node.relation,
                    f"CREATE INDEX on existing table {table} without CONCURRENTLY blocks writes for the whole build",
                )
