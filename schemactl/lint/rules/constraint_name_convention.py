from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.rules.identifier_not_snake_case import CreatedName, locate

# Constraint kind -> (name prefix, what the message calls it).
KINDS = {
    "CONSTR_PRIMARY": ("pk", "primary key"),
    "CONSTR_FOREIGN": ("fk", "foreign key"),
    "CONSTR_UNIQUE": ("uq", "unique constraint"),
    "CONSTR_CHECK": ("ck", "check constraint"),
    "CONSTR_EXCLUSION": ("ex", "exclusion constraint"),
}


CONSTRAINT_STATEMENTS = ("CreateStmt", "AlterTableStmt")  # what table_constraints() reads


def table_constraints(node: Any) -> Iterator[tuple[str, Any, str | None]]:
    """(table, Constraint, column or None) of the named-constraint kinds (primary key, foreign key,
    unique, check, exclusion) declared by CREATE TABLE, ALTER TABLE ... ADD COLUMN and ADD CONSTRAINT."""
    from pglast import ast, enums

    def of_kind(constraint: Any) -> bool:
        return isinstance(constraint, ast.Constraint) and getattr(constraint.contype, "name", None) in KINDS

    if isinstance(node, ast.CreateStmt) and node.relation is not None:
        table = str(node.relation.relname)
        for element in node.tableElts or ():
            if isinstance(element, ast.ColumnDef):
                for constraint in element.constraints or ():
                    if of_kind(constraint):
                        yield table, constraint, str(element.colname)
            elif of_kind(element):
                yield table, element, None
    elif (
        isinstance(node, ast.AlterTableStmt)
        and node.relation is not None
        and node.objtype == enums.ObjectType.OBJECT_TABLE
    ):
        table = str(node.relation.relname)
        for command in node.cmds or ():
            if not isinstance(command, ast.AlterTableCmd):
                continue
            if command.subtype == enums.AlterTableType.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
                for constraint in command.def_.constraints or ():
                    if of_kind(constraint):
                        yield table, constraint, str(command.def_.colname)
            elif command.subtype == enums.AlterTableType.AT_AddConstraint and of_kind(command.def_):
                yield table, command.def_, None


def suggested_constraint_name(table: str, constraint: Any, column: str | None) -> str:
    """pk_<table>, or <prefix>_<table>_<columns> from the constraint's columns (<what> without any)."""
    prefix, _label = KINDS[constraint.contype.name]
    if prefix == "pk":
        return f"pk_{table}"
    columns = [column] if column else _columns(constraint)
    return f"{prefix}_{table}_{'_'.join(columns) if columns else '<what>'}"


def follows_convention(name: str, table: str, prefix: str) -> bool:
    if prefix == "pk":
        return name == f"pk_{table}"
    start = f"{prefix}_{table}_"
    return name.startswith(start) and len(name) > len(start)


def _columns(constraint: Any) -> list[str]:
    from pglast import ast

    from schemactl.lint.walk import breadth_first

    prefix, _label = KINDS[constraint.contype.name]
    if prefix == "fk":
        return [str(c.sval) for c in constraint.fk_attrs or ()]
    if prefix == "ex":
        return [str(e[0].name) for e in constraint.exclusions or () if getattr(e[0], "name", None)]
    if prefix == "ck":
        found: list[str] = []
        for node in breadth_first(constraint.raw_expr) if constraint.raw_expr is not None else ():
            if isinstance(node, ast.ColumnRef):
                fields = node.fields or ()
                name = getattr(fields[-1], "sval", None) if fields else None
                if name and name not in found:
                    found.append(str(name))
        return found
    return [str(c.sval) for c in constraint.keys or ()]


class ConstraintNameConvention(Rule):
    """What it does
    Flags a named constraint whose name does not follow its kind's pattern: `pk_<table>` for the
    primary key, `fk_<table>_<what>` for a foreign key, `uq_<table>_<what>` for a unique constraint,
    `ck_<table>_<what>` for a check constraint and `ex_<table>_<what>` for an exclusion constraint
    (`<table>` unqualified, `<what>` usually the columns). It checks column and table constraints of
    `CREATE TABLE`, `ALTER TABLE ... ADD [COLUMN]`, and the new name of `RENAME CONSTRAINT` (which
    must follow one of the patterns).

    Why is this bad?
    Constraint names appear in error messages (`violates foreign key constraint ...`) and in the
    application's error mapping; a predictable name tells the table and the kind at a glance, and
    lets a later migration drop or validate the constraint by a name it can work out.

    Example
    ```sql
    CREATE TABLE orders (
        id uuid DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL,
        CONSTRAINT orders_pkey PRIMARY KEY (id),
        CONSTRAINT customer_ref FOREIGN KEY (customer_id) REFERENCES customers (id)
    );
    ```

    Fix
    ```sql
    CREATE TABLE orders (
        id uuid DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL,
        CONSTRAINT pk_orders PRIMARY KEY (id),
        CONSTRAINT fk_orders_customer_id FOREIGN KEY (customer_id) REFERENCES customers (id)
    );
    ```
    """

    code = "SC104"
    name = "constraint-name-convention"
    severity = Severity.WARNING
    node_types = (*CONSTRAINT_STATEMENTS, "RenameStmt")

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        for table, constraint, column in table_constraints(node):
            if not constraint.conname:
                continue
            name = str(constraint.conname)
            prefix, label = KINDS[constraint.contype.name]
            if not follows_convention(name, table, prefix):
                offset, _spelling = locate(
                    context.statement, CreatedName("constraint", name, _offset(constraint), table)
                )
                suggestion = suggested_constraint_name(table, constraint, column)
                yield self.at(
                    context.file,
                    offset,
                    f"{label} {name} on {table} does not follow the convention: name it {suggestion}",
                )
        if (
            isinstance(node, ast.RenameStmt)
            and node.renameType == enums.ObjectType.OBJECT_TABCONSTRAINT
            and node.newname
            and node.relation is not None
        ):
            table = str(node.relation.relname)
            name = str(node.newname)
            if not any(follows_convention(name, table, prefix) for prefix, _label in KINDS.values()):
                offset, _spelling = locate(
                    context.statement, CreatedName("constraint", name, None, table, renamed=True)
                )
                yield self.at(
                    context.file,
                    offset,
                    f"constraint {name} on {table} does not follow the convention: name it pk_{table}, or "
                    f"fk_/uq_/ck_/ex_{table}_<what> by its kind",
                )


def _offset(node: Any) -> int | None:
    offset = getattr(node, "location", None)
    return offset if isinstance(offset, int) and offset >= 0 else None
