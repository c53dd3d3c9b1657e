from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.source import LintStatement


class TransactionControl(Rule):
    """What it does
    Flags transaction control judged with the file's mode: `BEGIN`, `START TRANSACTION`, `COMMIT`,
    `END`, `ABORT`, `ROLLBACK` (not `ROLLBACK TO SAVEPOINT`), `PREPARE TRANSACTION`, `COMMIT PREPARED`
    or `ROLLBACK PREPARED` in a transactional file (apply refuses the file; savepoints are fine), and
    in a `-- schemactl: no-transaction` file a `BEGIN` never committed, a `BEGIN` inside an open block,
    and a `COMMIT` or `ROLLBACK` with no block open.

    Why is this bad?
    A transactional file runs in one transaction that schemactl opens and commits together with the
    file's ledger row: a COMMIT in the file would record half a migration, so apply refuses it. In a
    no-transaction file, a block left open runs the rest of the file, and the ledger row, in a
    transaction that the end of the session rolls back.

    Example
    ```sql
    BEGIN;
    ALTER TABLE orders ADD COLUMN note text;
    COMMIT;
    ```

    Fix
    Drop the statements: the file already runs in one transaction. A file that needs several
    transactions is marked `-- schemactl: no-transaction` and closes every block it opens.
    """

    code = "SC720"
    name = "transaction-control"
    severity = Severity.ERROR

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.TransactionStmt):
            return
        kinds = enums.TransactionStmtKind
        word = _words.get(getattr(node.kind, "name", ""), "transaction control")
        if context.file.transactional:
            if getattr(node.kind, "name", "") not in _ENDS_TRANSACTION:
                return  # SAVEPOINT, RELEASE, ROLLBACK TO work inside the file's transaction
            yield self.report(
                context,
                node,
                f"{word} in a transactional file: apply refuses it (the file already runs in one transaction); "
                "remove it, or mark the file '-- schemactl: no-transaction'",
            )
            return
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


_ENDS_TRANSACTION = frozenset(
    {
        "TRANS_STMT_BEGIN",
        "TRANS_STMT_START",
        "TRANS_STMT_COMMIT",
        "TRANS_STMT_ROLLBACK",
        "TRANS_STMT_PREPARE",
        "TRANS_STMT_COMMIT_PREPARED",
        "TRANS_STMT_ROLLBACK_PREPARED",
    }
)
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
