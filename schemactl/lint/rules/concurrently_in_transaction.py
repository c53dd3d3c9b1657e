from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import locate
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class ConcurrentlyInTransaction(Rule):
    """What it does
    Flags `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY` and `REINDEX ... CONCURRENTLY` in a
    file that runs in a transaction (one without the `-- schemactl: no-transaction` header).
    `REFRESH MATERIALIZED VIEW CONCURRENTLY` is not flagged: it runs inside a transaction.

    Why is this bad?
    PostgreSQL refuses these statements inside a transaction block ("cannot run inside a
    transaction block"): the migration fails when it is applied, after everything before it in the
    file has been rolled back.

    Example
    ```sql
    CREATE INDEX CONCURRENTLY idx_orders_placed_at ON orders (placed_at);
    ```

    Fix
    Move the concurrent statements to a file of their own with the no-transaction header; schemactl
    then runs it statement by statement in autocommit:
    ```sql
    -- schemactl: no-transaction drop-invalid-indexes
    CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_placed_at ON orders (placed_at);
    ```
    """

    code = "SC703"
    name = "concurrently-in-transaction"
    severity = Severity.ERROR
    node_types = (
        "IndexStmt",
        "DropStmt",
        "ReindexStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        if context.transaction is None:
            return
        node = context.node
        what: str | None = None
        if isinstance(node, ast.IndexStmt) and node.concurrent:
            index = f"{node.idxname} " if node.idxname else ""
            what = f"CREATE INDEX CONCURRENTLY {index}on {relation_name(node.relation)}"
        elif isinstance(node, ast.DropStmt) and node.concurrent and node.removeType == enums.ObjectType.OBJECT_INDEX:
            names = ", ".join(str(items[-1].sval) for items in node.objects or () if isinstance(items, tuple) and items)
            what = f"DROP INDEX CONCURRENTLY {names}"
        elif isinstance(node, ast.ReindexStmt) and _concurrently(node.params):
            target = relation_name(node.relation) or str(node.name or "")
            what = f"REINDEX CONCURRENTLY {target}".rstrip()
        if what:
            yield self.at(
                context.file,
                locate(context, r"\bCONCURRENTLY\b"),
                f"{what} cannot run inside a transaction block: move it to a file with the "
                "`-- schemactl: no-transaction` header"
                + ("" if context.file.transactional else ", outside any BEGIN ... COMMIT"),
            )


def _concurrently(params: Any) -> bool:
    from pglast import ast

    for param in params or ():
        if isinstance(param, ast.DefElem) and param.defname == "concurrently":
            value = param.arg
            if value is None:
                return True
            if isinstance(value, ast.Boolean):
                return bool(value.boolval)
            if isinstance(value, ast.Integer):
                return bool(value.ival)
            return str(getattr(value, "sval", "true")).lower() in ("true", "on", "yes", "1")
    return False
