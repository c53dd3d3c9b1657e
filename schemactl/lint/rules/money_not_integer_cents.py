from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import type_name_of
from schemactl.lint.rule import Rule, StatementContext

# A column holds an amount of money when the last word of its name is one of these (or its plural).
MONEY_WORDS = frozenset({"amount", "balance", "cents", "cost", "fee", "price", "revenue", "subtotal", "total"})
FLOAT_TYPES = {"float4": "real", "float8": "double precision"}
# Non-integer types a money-named column must not have (domains and other types are not judged).
TEXT_TYPES = {"varchar": "varchar", "text": "text", "bpchar": "char", "char": "char", "citext": "citext"}


COLUMN_TYPE_STATEMENTS = ("CreateStmt", "AlterTableStmt")  # what declared_types() reads


def declared_types(node: Any) -> Iterator[tuple[str, str, Any]]:
    """(table, column, TypeName) of CREATE TABLE columns, ALTER TABLE ... ADD COLUMN and
    ALTER TABLE ... ALTER COLUMN ... TYPE."""
    from pglast import ast, enums

    if isinstance(node, ast.CreateStmt) and node.relation is not None:
        table = str(node.relation.relname)
        for element in node.tableElts or ():
            if isinstance(element, ast.ColumnDef) and element.typeName is not None:
                yield table, str(element.colname), element.typeName
    elif isinstance(node, ast.AlterTableStmt) and node.relation is not None:
        table = str(node.relation.relname)
        for command in node.cmds or ():
            if not isinstance(command, ast.AlterTableCmd) or not isinstance(command.def_, ast.ColumnDef):
                continue
            if command.def_.typeName is None:
                continue
            if command.subtype == enums.AlterTableType.AT_AddColumn:
                yield table, str(command.def_.colname), command.def_.typeName
            elif command.subtype == enums.AlterTableType.AT_AlterColumnType and command.name:
                yield table, str(command.name), command.def_.typeName


def _scale_zero(type_name: Any) -> bool:
    """numeric(p, 0): whole numbers only, as good as an integer type for cents."""
    from pglast import ast

    modifiers: tuple[Any, ...] = tuple(type_name.typmods or ())
    if len(modifiers) < 2:
        return False
    scale = modifiers[1]
    return isinstance(scale, ast.A_Const) and getattr(scale.val, "ival", None) == 0


def is_money_name(column: str) -> bool:
    """Whether the last word of a column name says it holds money (price, unit_price, revenue_cents, fees)."""
    last = column.lower().split("_")[-1]
    return last in MONEY_WORDS or (last.endswith("s") and last[:-1] in MONEY_WORDS)


class MoneyNotIntegerCents(Rule):
    """What it does
    Flags a column of type `money`, whatever its name, and a column whose name says it holds money
    declared `real`, `double precision` (`float`), `numeric`/`decimal` (unless its scale is 0) or
    a text type (`varchar`, `text`, `char`). A name
    says money when its last word is amount, balance, cents, cost, fee, price, revenue, subtotal or
    total (or their plural): `price`, `unit_price`, `revenue_cents`, `shipping_cost`, `fees`. It
    checks `CREATE TABLE`, `ADD COLUMN` and `ALTER COLUMN ... TYPE`. Integer types are fine, and so
    is `numeric(p, s)` in a column that is not named for money (a ratio such as
    `allocation_ratio numeric(6, 5)`).

    Why is this bad?
    Floating point cannot represent 0.10 exactly: sums drift by fractions of a cent and equality
    checks fail. `numeric` without a scale keeps whatever precision arrives (0.3333333...), so two
    services that round differently disagree. `money` formats and parses by the server's
    `lc_monetary` setting and has a fixed two-digit fraction. Integer cents are exact, fast and
    unambiguous.

    Example
    ```sql
    CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total double precision, fee money);
    ```

    Fix
    ```sql
    CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents bigint, fee_cents bigint);
    ```
    """

    code = "SC202"
    name = "money-not-integer-cents"
    severity = Severity.ERROR
    node_types = COLUMN_TYPE_STATEMENTS

    def check(self, context: StatementContext) -> Iterator[Finding]:
        for table, column, type_name in declared_types(context.node):
            kind = type_name_of(type_name)
            if kind == "money":
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} is of type money, which depends on lc_monetary: "
                    "store integer cents (bigint)",
                )
            elif not is_money_name(column):
                continue
            elif kind in FLOAT_TYPES:
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} holds money as {FLOAT_TYPES[kind]}, which rounds: "
                    "store integer cents (bigint)",
                )
            elif kind == "numeric" and not _scale_zero(type_name):
                scale = "without a scale" if len(type_name.typmods or ()) < 2 else "(a decimal amount)"
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} holds money as numeric {scale}: store integer cents (bigint)",
                )
            elif kind in TEXT_TYPES:
                yield self.report(
                    context,
                    type_name,
                    f"column {table}.{column} holds money as {TEXT_TYPES[kind]}: store integer cents (bigint)",
                )
