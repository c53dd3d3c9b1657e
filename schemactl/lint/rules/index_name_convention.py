from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.identifier_not_snake_case import CreatedName, locate


def suggested_index_name(table: str, node: Any) -> str:
    """idx_<table>_<columns> from the index's plain columns (or <what> for an expression index)."""
    columns = [str(element.name) for element in node.indexParams or () if getattr(element, "name", None)]
    return f"idx_{table}_{'_'.join(columns) if columns else '<what>'}"


class IndexNameConvention(Rule):
    """What it does
    Flags a `CREATE INDEX` whose name is not `idx_<table>_<something>` (`<table>` is the unqualified
    name of the indexed table or materialized view, `<something>` usually its columns), and a
    `CREATE INDEX` without a name.

    Why is this bad?
    Without a name the server invents one (`orders_placed_at_idx`, then `orders_placed_at_idx1`):
    the name differs between databases that ran different histories, so a later `DROP INDEX` or
    `REINDEX` cannot name it reliably, and `CREATE INDEX IF NOT EXISTS` cannot work at all. A
    predictable name tells which table an index belongs to in an `EXPLAIN` plan or a lock report.

    Example
    ```sql
    CREATE INDEX orders_placed_at ON orders (placed_at);
    CREATE INDEX ON orders (customer_id);
    ```

    Fix
    ```sql
    CREATE INDEX idx_orders_placed_at ON orders (placed_at);
    CREATE INDEX idx_orders_customer_id ON orders (customer_id);
    ```
    """

    code = "SC103"
    name = "index-name-convention"
    severity = Severity.WARNING
    node_types = ("IndexStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        node = context.node
        if not isinstance(node, ast.IndexStmt) or node.relation is None:
            return
        table = str(node.relation.relname)
        suggestion = suggested_index_name(table, node)
        if not node.idxname:
            yield self.at(
                context.file,
                context.statement.start,
                f"index on {table} has no name (the server invents one): name it {suggestion}",
            )
            return
        name = str(node.idxname)
        prefix = f"idx_{table}_"
        if not (name.startswith(prefix) and len(name) > len(prefix)):
            offset, _spelling = locate(context.statement, CreatedName("index", name, None, table))
            yield self.at(
                context.file,
                offset,
                f"index {name} on {table} does not follow idx_{table}_<columns>: name it {suggestion}",
            )
