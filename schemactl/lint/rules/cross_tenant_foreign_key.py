from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext


class CrossTenantForeignKey(Rule):
    """What it does
    Flags a foreign key from a tenant-scoped table to a tenant-scoped table (neither being the tenants
    table; a self-reference counts) whose columns do not include the tenant column, or that pair the
    tenant column with a different column of the referenced table. Inline `REFERENCES` and
    `FOREIGN KEY` constraints are checked, in `CREATE TABLE` and in `ALTER TABLE`. A table is
    tenant-scoped when it has the tenant column and is not marked `-- schemactl: global`.

    Why is this bad?
    Row-level security filters the rows a query reads, not the rows a foreign key checks: the key
    is verified with no policy applied. A row of tenant A can therefore point at a row of tenant B,
    and every join along that key then mixes tenants. Including the tenant column makes the
    database refuse it.

    Example
    ```sql
    CREATE TABLE allocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        event_id uuid NOT NULL REFERENCES events (id)
    );
    ```

    Fix
    Give the referenced table a unique key on `(tenant_id, id)` and reference it with the tenant column:
    ```sql
    CREATE TABLE allocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        event_id uuid NOT NULL,
        CONSTRAINT fk_allocations_tenant_event FOREIGN KEY (tenant_id, event_id)
            REFERENCES events (tenant_id, id)
    );
    ```
    """

    code = "SC305"
    name = "cross-tenant-foreign-key"
    severity = Severity.ERROR
    node_types = (
        "CreateStmt",
        "AlterTableStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        settings = context.settings
        tenant_column = settings.tenant_column.lower()
        if isinstance(node, ast.CreateStmt):
            table = relation_name(node.relation)
            if table is None or settings.global_marker in context.statement.markers:
                return
            columns = {str(e.colname).lower() for e in node.tableElts or () if isinstance(e, ast.ColumnDef)}
            constraints = _foreign_keys(node.tableElts or ())
        elif isinstance(node, ast.AlterTableStmt):
            table = relation_name(node.relation)
            existing = context.model.table(table)
            if table is None or existing is None or existing.global_table:
                return
            columns = set(existing.columns)
            elements: list[Any] = []
            for command in node.cmds or ():
                if not isinstance(command, ast.AlterTableCmd):
                    continue
                if command.subtype == enums.AlterTableType.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
                    columns.add(str(command.def_.colname).lower())
                    elements.append(command.def_)
                elif command.subtype == enums.AlterTableType.AT_AddConstraint and isinstance(
                    command.def_, ast.Constraint
                ):
                    elements.append(command.def_)
            constraints = _foreign_keys(elements)
        else:
            return
        if tenant_column not in columns or table == settings.tenants_table.lower():
            return
        for fk_columns, constraint in constraints:
            target = relation_name(constraint.pktable)
            if target is None or target == settings.tenants_table.lower():
                continue
            if target != table:
                referenced = context.model.table(target)
                if referenced is None or not referenced.is_tenant_scoped(tenant_column, settings.tenants_table):
                    continue
            label = f"foreign key {constraint.conname} on" if constraint.conname else "foreign key"
            shown = f"{table} ({', '.join(fk_columns)}) -> {target}"
            pk_columns = [str(c.sval).lower() for c in constraint.pk_attrs or ()]
            if tenant_column not in fk_columns:
                referencing = ", ".join((tenant_column, *fk_columns))
                target_key = f"{target} ({', '.join((tenant_column, *(pk_columns or ['id'])))})"
                yield self.report(
                    context,
                    constraint,
                    f"{label} {shown} does not include {tenant_column}, so a row can reference another tenant's "
                    f"row: reference ({referencing}) -> {target_key}, with a unique key on {target_key}",
                )
                continue
            if len(pk_columns) == len(fk_columns):
                paired = pk_columns[fk_columns.index(tenant_column)]
                if paired != tenant_column:
                    yield self.report(
                        context,
                        constraint,
                        f"{label} {shown} pairs {tenant_column} with {target}.{paired}: "
                        f"reference {target}.{tenant_column} in the same position",
                    )


def _foreign_keys(elements: Any) -> list[tuple[tuple[str, ...], Any]]:
    """(columns, Constraint) of the FOREIGN KEY constraints among table elements (inline ones too)."""
    from pglast import ast, enums

    found: list[tuple[tuple[str, ...], Any]] = []
    for element in elements:
        if isinstance(element, ast.ColumnDef):
            for constraint in element.constraints or ():
                if constraint.contype == enums.ConstrType.CONSTR_FOREIGN:
                    found.append(((str(element.colname).lower(),), constraint))
        elif isinstance(element, ast.Constraint) and element.contype == enums.ConstrType.CONSTR_FOREIGN:
            found.append((tuple(str(c.sval).lower() for c in element.fk_attrs or ()), element))
    return found
