from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import option_on
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class TableRewriteMaintenance(Rule):
    """What it does
    Flags `CLUSTER` and `VACUUM FULL` (`VACUUM (FULL)`, not `VACUUM (FULL false)`) in a migration,
    except on a table this file created.

    Why is this bad?
    Both rewrite the whole table under an ACCESS EXCLUSIVE lock: no reads or writes until every row
    is copied and every index rebuilt. Without a table they do it to every table of the database.

    Example
    ```sql
    VACUUM FULL orders;
    CLUSTER orders USING idx_orders_placed_at;
    ```

    Fix
    Run plain `VACUUM` (it does not block), or reorganise online with a tool such as pg_repack,
    outside the migrations.
    """

    code = "SC716"
    name = "table-rewrite-maintenance"
    severity = Severity.ERROR
    node_types = (
        "ClusterStmt",
        "VacuumStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        node = context.node
        if isinstance(node, ast.ClusterStmt):
            name = relation_name(node.relation)
            if name is None or context.existing_table(name) is not None:
                target = name or "every clustered table of the database"
                yield self.report(
                    context, node.relation or node, f"CLUSTER rewrites {target} under an ACCESS EXCLUSIVE lock"
                )
        elif isinstance(node, ast.VacuumStmt) and node.is_vacuumcmd and option_on(node.options, "full"):
            names = [relation_name(r.relation) for r in node.rels or () if isinstance(r, ast.VacuumRelation)]
            existing = [n for n in names if n and context.existing_table(n) is not None]
            if names and not existing:
                return
            target = ", ".join(existing) if names else "every table of the database"
            yield self.report(
                context, node, f"VACUUM FULL rewrites {target} under an ACCESS EXCLUSIVE lock: use plain VACUUM"
            )
