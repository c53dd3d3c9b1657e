from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext


class ColumnAssignedTwice(Rule):
    """What it does
    Flags a column assigned twice in one statement: `UPDATE t SET a = 1, a = 2`, a column listed twice
    in `INSERT INTO t (a, a)`, or twice in `ON CONFLICT ... DO UPDATE SET`. Assignments to different
    elements or fields of one column (`SET a[1] = 1, a[2] = 2`) are fine.

    Why is this bad?
    PostgreSQL refuses the statement ("multiple assignments to same column"): the migration fails
    when it is applied, and the intent (which value wins) is unclear to a reader.

    Example
    ```sql
    UPDATE orders SET status = 'paid', status = 'shipped' WHERE id = '...';
    ```

    Fix
    Assign each column once:
    ```sql
    UPDATE orders SET status = 'shipped' WHERE id = '...';
    ```
    """

    code = "SC719"
    name = "column-assigned-twice"
    severity = Severity.ERROR
    node_types = (
        "InsertStmt",
        "UpdateStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        node = context.node
        lists: list[Any] = []
        if isinstance(node, ast.UpdateStmt):
            lists.append(node.targetList)
        elif isinstance(node, ast.InsertStmt):
            lists.append(node.cols)
            clause = node.onConflictClause
            if clause is not None:
                lists.append(clause.targetList)
        for targets in lists:
            seen: set[str] = set()
            for target in targets or ():
                if not isinstance(target, ast.ResTarget) or not target.name or target.indirection:
                    continue
                name = str(target.name).lower()
                if name in seen:
                    yield self.report(
                        context,
                        target,
                        f"column {name} is assigned twice in one statement: PostgreSQL refuses it "
                        "(multiple assignments to same column)",
                    )
                    break
                seen.add(name)
