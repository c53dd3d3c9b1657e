from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.migration_safety import SERIAL_TYPES, VOLATILE_FUNCTIONS
from schemactl.lint.model import type_name_of
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import alter_commands


class VolatileDefaultOnExistingTable(Rule):
    """What it does
    Flags `ALTER TABLE ... ADD COLUMN` on a table that an earlier migration created when the new
    column's DEFAULT calls a volatile function (`random()`, `clock_timestamp()`,
    `gen_random_uuid()`, `uuid_generate_v4()`, `timeofday()`, `nextval(...)`, ...), and when the
    column is an identity or `serial` column (a `nextval` default) or a stored generated column
    (`GENERATED ALWAYS AS (...) STORED`: computed for every row). Stable defaults such as `now()`
    and `current_timestamp` are fine: they are evaluated once. Functions of the project itself are
    not judged (their volatility is not known to the linter).

    Why is this bad?
    A volatile default must be evaluated for every existing row, so PostgreSQL rewrites the whole
    table under an ACCESS EXCLUSIVE lock: no reads or writes until every row is copied and every
    index rebuilt.

    Example
    ```sql
    ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
    ```

    Fix
    Add the column without the default (or with a constant one), set the default for new rows,
    then backfill existing rows in batches:
    ```sql
    ALTER TABLE orders ADD COLUMN public_id uuid;
    ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
    -- backfill in batches: UPDATE orders SET public_id = gen_random_uuid() WHERE id IN (...);
    ```
    """

    code = "SC705"
    name = "volatile-default-on-existing-table"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        for table, command in alter_commands(context.node, enums.AlterTableType.AT_AddColumn):
            column = command.def_
            if not isinstance(column, ast.ColumnDef) or context.existing_table(table) is None:
                continue
            where = f"column {table}.{column.colname}"
            rewrite = f"rewrites all of {table} under an ACCESS EXCLUSIVE lock"
            if type_name_of(column.typeName) in SERIAL_TYPES:
                yield self.report(
                    context,
                    column.typeName,
                    f"{where} is {type_name_of(column.typeName)}: numbering existing rows {rewrite}; add a "
                    "plain column, backfill it in batches, then attach the sequence",
                )
                continue
            for constraint in column.constraints or ():
                if constraint.contype == enums.ConstrType.CONSTR_IDENTITY:
                    yield self.report(
                        context,
                        constraint,
                        f"{where} is an identity column: numbering existing rows {rewrite}; add a plain column, "
                        "backfill it in batches, then make it an identity",
                    )
                elif (
                    constraint.contype == enums.ConstrType.CONSTR_GENERATED
                    and getattr(constraint, "generated_kind", "s") != "v"
                ):
                    yield self.report(
                        context,
                        constraint,
                        f"{where} is a stored generated column: computing it for every row {rewrite}; add a plain "
                        "column, fill it by a trigger for new rows and a batched backfill, or compute it in a view",
                    )
                elif constraint.contype == enums.ConstrType.CONSTR_DEFAULT:
                    call = _volatile_call(constraint.raw_expr)
                    if call is not None:
                        function = str(call.funcname[-1].sval).lower()
                        yield self.report(
                            context,
                            call,
                            f"{where} defaults to volatile {function}(): evaluating it for every row {rewrite}; "
                            "add the column without it, SET DEFAULT for new rows, backfill in batches",
                        )


def _stored(constraint: Any) -> bool:
    """A stored generated column (PostgreSQL 18's virtual ones are computed when read: no rewrite)."""
    return getattr(constraint, "generated_kind", "s") != "v"


def _volatile_call(expression: Any) -> Any:
    """The first call of a known volatile function in `expression`, or None."""
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    if expression is None:
        return None
    for node in breadth_first(expression):
        if isinstance(node, ast.FuncCall):
            names = node.funcname or ()
            if names and str(names[-1].sval).lower() in VOLATILE_FUNCTIONS:
                return node
    return None
