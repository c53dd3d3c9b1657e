from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.source import LintStatement


class UnbalancedTransactionBlock(Rule):
    """What it does
    In a `-- schemactl: no-transaction` file, flags a `BEGIN` (or `START TRANSACTION`) that is never
    committed or rolled back, a `BEGIN` inside a block that is still open, and a `COMMIT` or
    `ROLLBACK` with no block open. (Transaction control in a transactional file is refused by apply;
    that is rule SC023's finding.)

    Why is this bad?
    A block left open runs the rest of the file, and the ledger row, in a transaction that the end of
    the session rolls back: the file looks applied and is not. A nested `BEGIN` is ignored by
    PostgreSQL with a warning, so the `COMMIT` meant for the inner block ends the outer one early.

    Example
    ```sql
    -- schemactl: no-transaction
    BEGIN;
    ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
    ```

    Fix
    Close every block the file opens:
    ```sql
    -- schemactl: no-transaction
    BEGIN;
    ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
    COMMIT;
    ```
    """

    code = "SC720"
    name = "unbalanced-transaction-block"
    severity = Severity.ERROR
    node_types = ("TransactionStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.TransactionStmt):
            return
        kinds = enums.TransactionStmtKind
        word = _words.get(getattr(node.kind, "name", ""), "transaction control")
        if context.file.transactional:
            return  # apply refuses it: SC023
        statements = context.file.statements
        index = context.file.index_of(context.statement)
        before = _open_after(context, statements[index - 1]) if index else False
        if node.kind in (kinds.TRANS_STMT_BEGIN, kinds.TRANS_STMT_START):
            if before:
                yield self.report(context, node, f"{word} inside a transaction block that is still open")
            elif not context.file.transaction_closed(context.transaction or 0):
                yield self.report(context, node, f"{word} is never committed: the end of the file rolls it back")
        elif node.kind in (kinds.TRANS_STMT_COMMIT, kinds.TRANS_STMT_ROLLBACK) and not before:
            yield self.report(context, node, f"{word} with no transaction block open")


def _open_after(context: StatementContext, statement: LintStatement) -> bool:
    """Whether a transaction block is open after `statement` (of a no-transaction file)."""
    from pglast import ast

    node = statement.node
    if isinstance(node, ast.TransactionStmt) and getattr(node.kind, "name", "") in _CLOSING:
        return bool(getattr(node, "chain", False))
    return context.file.transaction_of(statement) is not None


_CLOSING = frozenset({"TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"})
_words = {
    "TRANS_STMT_BEGIN": "BEGIN",
    "TRANS_STMT_START": "START TRANSACTION",
    "TRANS_STMT_COMMIT": "COMMIT",
    "TRANS_STMT_ROLLBACK": "ROLLBACK",
    "TRANS_STMT_SAVEPOINT": "SAVEPOINT",
    "TRANS_STMT_RELEASE": "RELEASE SAVEPOINT",
    "TRANS_STMT_ROLLBACK_TO": "ROLLBACK TO SAVEPOINT",
    "TRANS_STMT_PREPARE": "PREPARE TRANSACTION",
    "TRANS_STMT_COMMIT_PREPARED": "COMMIT PREPARED",
    "TRANS_STMT_ROLLBACK_PREPARED": "ROLLBACK PREPARED",
}
