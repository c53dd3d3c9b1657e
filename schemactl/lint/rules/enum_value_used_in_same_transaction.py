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

    def __init__(self) -> None:
        self._file = ""
        self._added: dict[int, dict[str, str]] = {}  # by transaction: new value -> its enum type
        self._created: dict[int, set[str]] = {}  # by transaction: enum types created in it

    def check(self, context: StatementContext) -> Iterator[Finding]:
        """Statements arrive in file order: the values added so far are remembered, per transaction."""
        from pglast import ast

        if context.file.display != self._file:
            self._file, self._added, self._created = context.file.display, {}, {}
        node = context.node
        if not isinstance(node, ast.CreateEnumStmt | ast.AlterEnumStmt) and not any(self._added.values()):
            return  # nothing added in this file yet: no statement of another kind can use a new value
        transaction = context.transaction
        if transaction is None:
            return
        added = self._added.setdefault(transaction, {})
        if isinstance(node, ast.CreateEnumStmt) and node.typeName:
            self._created.setdefault(transaction, set()).add(str(node.typeName[-1].sval).lower())
        elif isinstance(node, ast.AlterEnumStmt):
            if node.newVal and not node.oldVal:
                type_name = ".".join(str(p.sval) for p in node.typeName or ())
                if type_name.split(".")[-1].lower() not in self._created.get(transaction, set()):
                    added[str(node.newVal)] = type_name
        elif added:
            literal = _first_literal(node, set(added))
            if literal is not None:
                value = str(literal.val.sval)
                yield self.report(
                    context,
                    literal,
                    f"'{value}' was added to enum {added[value]} in this transaction: PostgreSQL refuses to use "
                    "it before that commits (unsafe use of new value); use it in a later migration",
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
