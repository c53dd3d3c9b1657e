from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import TableInfo, type_name_of
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import alter_commands

_TEXT_TYPES = frozenset({"varchar", "text"})


class AlterColumnType(Rule):
    """What it does
    Flags `ALTER TABLE ... ALTER COLUMN ... TYPE` on a table that an earlier migration created. The
    one change known to need no rewrite is not flagged: a `varchar` or `text` column becoming `text`
    or unbounded `varchar`, without `USING`.

    Why is this bad?
    Most type changes rewrite the whole table and rebuild its indexes under an ACCESS EXCLUSIVE
    lock: nothing can read or write the table meanwhile. Even a change that needs no rewrite
    breaks application code that still expects the old type while the deploy rolls out.

    Example
    ```sql
    ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
    ```

    Fix
    Expand and contract: add a column of the new type, write both columns from the application,
    backfill in batches, switch readers, then drop the old column:
    ```sql
    ALTER TABLE orders ADD COLUMN quantity_big bigint;
    -- backfill in batches, switch the application, then in a later migration:
    -- ALTER TABLE orders DROP COLUMN quantity;  (see SC709)
    ```
    A change known to be safe (raising a `varchar(n)` limit, for instance) takes a suppression
    with its reason: `-- schemactl: allow SC706 because ...`.
    """

    code = "SC706"
    name = "alter-column-type"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        for table_name, command in alter_commands(context.node, enums.AlterTableType.AT_AlterColumnType):
            table = context.existing_table(table_name)
            column = command.def_
            if table is None or not isinstance(column, ast.ColumnDef):
                continue
            if _no_rewrite(table, str(command.name or "").lower(), column):
                continue
            new_type = _shown(column.typeName)
            yield self.report(
                context,
                column.typeName,
                f"changing column {table_name}.{command.name} to type {new_type} rewrites {table_name} under an "
                "ACCESS EXCLUSIVE lock: add a new column, backfill it, switch readers, then drop the old one",
            )


def _shown(type_name: Any) -> str:
    from pglast.stream import RawStream

    try:
        return str(RawStream()(type_name))
    except Exception:  # a type the printer does not know: its last name will do
        return type_name_of(type_name)


def _no_rewrite(table: TableInfo, column_name: str, column: Any) -> bool:
    """varchar/text to text or unbounded varchar, without USING or COLLATE: binary-coercible, no rewrite."""
    existing = table.columns.get(column_name)
    if existing is None or existing.type_name not in _TEXT_TYPES:
        return False
    if column.raw_default is not None or column.collClause is not None:
        return False
    new_type = type_name_of(column.typeName)
    return not column.typeName.arrayBounds and (
        new_type == "text" or (new_type == "varchar" and not column.typeName.typmods)
    )
