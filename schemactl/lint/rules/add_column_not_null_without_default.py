from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import alter_commands


class AddColumnNotNullWithoutDefault(Rule):
    """What it does
    Flags `ALTER TABLE ... ADD COLUMN ... NOT NULL` (or `PRIMARY KEY`) without a `DEFAULT` on a table
    that an earlier migration created. `DEFAULT NULL` counts as no default; an identity or generated
    column fills itself and is not flagged.

    Why is this bad?
    Every existing row gets NULL in the new column, which violates NOT NULL: the migration fails
    on any table that has rows (it passes on an empty development database, then fails in
    production).

    Example
    ```sql
    ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL;
    ```

    Fix
    Give the column a constant default (a cheap metadata change since PostgreSQL 11), or add it
    nullable, backfill it, and set NOT NULL afterwards (see SC707):
    ```sql
    ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
    ```
    """

    code = "SC704"
    name = "add-column-not-null-without-default"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        for table, command in alter_commands(context.node, enums.AlterTableType.AT_AddColumn):
            column = command.def_
            if not isinstance(column, ast.ColumnDef) or context.existing_table(table) is None:
                continue
            not_null = _not_null_constraint(column)
            if not_null is not None and not _fills_itself(column):
                yield self.report(
                    context,
                    not_null,
                    f"column {table}.{column.colname} is added NOT NULL without a DEFAULT: it fails on every "
                    f"non-empty {table}; give it a DEFAULT, or add it nullable, backfill, then SET NOT NULL",
                )


def _not_null_constraint(column: Any) -> Any:
    from pglast import enums

    for constraint in column.constraints or ():
        if constraint.contype in (enums.ConstrType.CONSTR_NOTNULL, enums.ConstrType.CONSTR_PRIMARY):
            return constraint
    return None


def _fills_itself(column: Any) -> bool:
    """A non-NULL DEFAULT, an identity, a serial or a generated column gives existing rows a value."""
    from pglast import ast, enums

    from schemactl.lint.migration_safety import SERIAL_TYPES
    from schemactl.lint.model import type_name_of

    if column.typeName is not None and type_name_of(column.typeName) in SERIAL_TYPES:
        return True
    for constraint in column.constraints or ():
        if constraint.contype in (enums.ConstrType.CONSTR_IDENTITY, enums.ConstrType.CONSTR_GENERATED):
            return True
        if constraint.contype == enums.ConstrType.CONSTR_DEFAULT:
            expression = constraint.raw_expr
            while isinstance(expression, ast.TypeCast):
                expression = expression.arg
            if not (isinstance(expression, ast.A_Const) and expression.isnull):
                return True
    return False
