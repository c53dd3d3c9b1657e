from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import index_on_existing_table, option_on
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class ReindexWithoutConcurrently(Rule):
    """What it does
    Flags `REINDEX` without `CONCURRENTLY` (or with `CONCURRENTLY false`) of an index, table, schema or
    database, unless it is an index or table this file created.

    Why is this bad?
    A plain REINDEX locks out writes to the table (and, for the index rebuilt, reads that would use
    it) for the whole rebuild.

    Example
    ```sql
    REINDEX INDEX idx_orders_placed_at;
    REINDEX (CONCURRENTLY false) TABLE orders;
    ```

    Fix
    Rebuild concurrently, in a file marked `-- schemactl: no-transaction`:
    ```sql
    -- schemactl: no-transaction
    REINDEX INDEX CONCURRENTLY idx_orders_placed_at;
    ```
    """

    code = "SC715"
    name = "reindex-without-concurrently"
    severity = Severity.ERROR
    node_types = ("ReindexStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.ReindexStmt) or option_on(node.params, "concurrently"):
            return
        kinds = enums.ReindexObjectType
        name = relation_name(node.relation) or str(node.name or "").lower()
        if node.kind == kinds.REINDEX_OBJECT_INDEX:
            locked = index_on_existing_table(context, name)
            if locked is None:
                return
            what = f"REINDEX INDEX {name} blocks writes to {locked}"
        elif node.kind == kinds.REINDEX_OBJECT_TABLE:
            if context.existing_table(name) is None:
                return
            what = f"REINDEX TABLE {name} blocks writes to {name}"
        else:
            what = f"REINDEX {str(getattr(node.kind, 'name', '')).removeprefix('REINDEX_OBJECT_')} {name}".rstrip() + (
                " blocks writes to every table it covers"
            )
        yield self.report(context, node.relation or node, f"{what} for the whole rebuild: REINDEX ... CONCURRENTLY")
