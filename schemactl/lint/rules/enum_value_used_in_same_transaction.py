from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext


class EnumValueUsedInSameTransaction(Rule):
    """What it does
    Flags a statement that uses, as a string literal, an enum value that `ALTER TYPE ... ADD VALUE`
    added earlier in the same transaction (a transactional file, or one `BEGIN ... COMMIT` block of a
    `no-transaction` file), unless the enum type itself was created in that transaction.

    Why is this bad?
    PostgreSQL refuses it: "unsafe use of new value" until the transaction that added the value
    commits. The migration fails when it is applied.

    Example
    ```sql
    ALTER TYPE order_status ADD VALUE 'refunded';
    UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;
    ```

    Fix
    Add the value in one migration and use it in the next one.
    """

    code = "SC718"
    name = "enum-value-used-in-same-transaction"
    severity = Severity.ERROR

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast

        transaction = context.transaction
        if transaction is None or isinstance(context.node, ast.AlterEnumStmt):
            return
        added: dict[str, str] = {}
        created: set[str] = set()  # enum types created in this transaction: their new values are safe
        for statement in context.file.statements:
            if statement is context.statement:
                break
            node = statement.node
            if context.file.transaction_of(statement) != transaction:
                continue
            if isinstance(node, ast.CreateEnumStmt):
                created.add(str(node.typeName[-1].sval).lower() if node.typeName else "")
            elif isinstance(node, ast.AlterEnumStmt) and node.newVal and not node.oldVal:
                type_name = ".".join(str(p.sval) for p in node.typeName or ())
                if type_name.split(".")[-1].lower() not in created:
                    added[str(node.newVal)] = type_name
        if not added:
            return
        literal = _first_literal(context.node, set(added))
        if literal is not None:
            value = str(literal.val.sval)
            yield self.report(
                context,
                literal,
                f"'{value}' was added to enum {added[value]} in this transaction: PostgreSQL refuses to use it "
                "before that commits (unsafe use of new value); use it in a later migration",
            )


def _first_literal(node: Any, values: set[str]) -> Any:
    from pglast import ast
    from pglast.visitors import Visitor

    found: list[Any] = []

    class _Walk(Visitor):
        def visit_A_Const(self, _ancestors: object, constant: ast.A_Const) -> None:  # noqa: N802
            if isinstance(constant.val, ast.String) and str(constant.val.sval) in values and not found:
                found.append(constant)

    _Walk()(node)
    return found[0] if found else None
