from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import identifier, locate
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class ConstraintWithoutNotValid(Rule):
    """What it does
    Flags a FOREIGN KEY or CHECK constraint added to a table that an earlier migration created
    without `NOT VALID`: `ALTER TABLE ... ADD FOREIGN KEY`, `ADD CHECK`, `ADD CONSTRAINT ...
    FOREIGN KEY / CHECK`, and a `REFERENCES` or `CHECK` written inline in `ADD COLUMN`. Also flags
    `VALIDATE CONSTRAINT` in the same transaction that added the constraint `NOT VALID`, which
    undoes the point of NOT VALID.

    Why is this bad?
    PostgreSQL checks every existing row before the statement returns. A CHECK holds an ACCESS
    EXCLUSIVE lock for the whole scan (no reads or writes); a FOREIGN KEY holds SHARE ROW EXCLUSIVE
    locks on both tables (no writes to either). The locks of a transaction last until it commits,
    so validating in the transaction that added the constraint scans under the same locks.

    Example
    ```sql
    ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id);
    ```

    Fix
    Add it NOT VALID (new rows are checked at once, no scan), then validate it in a later
    migration: VALIDATE CONSTRAINT scans under a lock that lets reads and writes go on.
    ```sql
    ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
        NOT VALID;
    -- a later migration:
    ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer;
    ```
    """

    code = "SC708"
    name = "constraint-without-not-valid"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if not isinstance(node, ast.AlterTableStmt):
            return
        table = relation_name(node.relation)
        if context.existing_table(table) is None:
            return
        kinds = enums.AlterTableType
        for command in node.cmds or ():
            if not isinstance(command, ast.AlterTableCmd):
                continue
            if command.subtype == kinds.AT_AddConstraint and isinstance(command.def_, ast.Constraint):
                constraint = command.def_
                kind = _kind(constraint)
                if kind and not constraint.skip_validation:
                    name = f" {constraint.conname}" if constraint.conname else ""
                    yield self.report(
                        context,
                        constraint,
                        f"{kind}{name} is added to existing table {table} without NOT VALID, so every row is checked "
                        f"{_under(kind)}: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration",
                    )
            elif command.subtype == kinds.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
                for constraint in command.def_.constraints or ():
                    kind = _kind(constraint)
                    if kind:
                        yield self.report(
                            context,
                            constraint,
                            f"inline {kind} on new column {table}.{command.def_.colname} checks every row of existing "
                            f"table {table} {_under(kind)}: add the column, then ADD CONSTRAINT ... NOT VALID and "
                            "VALIDATE CONSTRAINT in a later migration",
                        )
            elif command.subtype == kinds.AT_ValidateConstraint and command.name and context.transaction is not None:
                name = str(command.name).lower()
                if _added_not_valid_here(context, table or "", name):
                    yield self.at(
                        context.file,
                        locate(context, rf"\bVALIDATE\s+CONSTRAINT\s+{identifier(name)}", node.relation),
                        f"constraint {name} is validated in the transaction that added it NOT VALID, so the scan of "
                        f"{table} runs under the ADD's lock: VALIDATE CONSTRAINT in a later migration",
                    )


def _kind(constraint: Any) -> str | None:
    from pglast import enums

    if constraint.contype == enums.ConstrType.CONSTR_FOREIGN:
        return "FOREIGN KEY"
    if constraint.contype == enums.ConstrType.CONSTR_CHECK:
        return "CHECK"
    return None


def _under(kind: str) -> str:
    if kind == "CHECK":
        return "under an ACCESS EXCLUSIVE lock"
    return "while writes to both tables are blocked"


def _added_not_valid_here(context: StatementContext, table: str, name: str) -> bool:
    """Whether this file (up to and including this statement) adds constraint `name` NOT VALID to `table`."""
    from pglast import ast, enums

    transaction = context.transaction
    for statement in context.file.statements:
        node = statement.node
        same = context.file.transaction_of(statement) == transaction
        if same and isinstance(node, ast.AlterTableStmt) and relation_name(node.relation) == table:
            for command in node.cmds or ():
                if (
                    isinstance(command, ast.AlterTableCmd)
                    and command.subtype == enums.AlterTableType.AT_AddConstraint
                    and isinstance(command.def_, ast.Constraint)
                    and command.def_.skip_validation
                    and _constraint_name(table, command.def_) == name
                ):
                    return True
        if statement is context.statement:
            break
    return False


def _constraint_name(table: str, constraint: Any) -> str:
    """The constraint's name, or the one PostgreSQL gives an unnamed single-column one."""
    from pglast import ast, enums

    if constraint.conname:
        return str(constraint.conname).lower()
    if constraint.contype == enums.ConstrType.CONSTR_FOREIGN:
        columns = "_".join(str(c.sval).lower() for c in constraint.fk_attrs or ())
        return f"{table}_{columns}_fkey"
    expression = constraint.raw_expr
    if isinstance(expression, ast.NullTest) and isinstance(expression.arg, ast.ColumnRef) and expression.arg.fields:
        return f"{table}_{str(getattr(expression.arg.fields[-1], 'sval', '')).lower()}_check"
    return ""
