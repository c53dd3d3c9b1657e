from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import alter_commands


class AddUniqueWithoutUsingIndex(Rule):
    """What it does
    Flags `ALTER TABLE ... ADD PRIMARY KEY` and `ADD UNIQUE` (and `ADD EXCLUDE`, and a new column
    declared `PRIMARY KEY` or `UNIQUE`) on a table that this file did not create, unless the
    constraint is attached to an existing index with `USING INDEX`. A table no earlier migration
    created counts as existing.

    Why is this bad?
    Without `USING INDEX`, PostgreSQL builds the constraint's index inside the ALTER TABLE, under an
    ACCESS EXCLUSIVE lock: no reads or writes for the whole build.

    Example
    ```sql
    ALTER TABLE orders ADD CONSTRAINT uq_orders_tenant_id_number UNIQUE (tenant_id, number);
    ```

    Fix
    Build the index concurrently in a `no-transaction` file, then attach it (a brief lock):
    ```sql
    -- schemactl: no-transaction drop-invalid-indexes
    CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_orders_tenant_id_number ON orders (tenant_id, number);
    ```
    and in the next file:
    ```sql
    ALTER TABLE orders ADD CONSTRAINT uq_orders_tenant_id_number UNIQUE USING INDEX uq_orders_tenant_id_number;
    ```
    """

    code = "SC712"
    name = "add-unique-without-using-index"
    severity = Severity.ERROR
    node_types = ("AlterTableStmt",)

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        kinds = enums.ConstrType
        names = {kinds.CONSTR_PRIMARY: "PRIMARY KEY", kinds.CONSTR_UNIQUE: "UNIQUE", kinds.CONSTR_EXCLUSION: "EXCLUDE"}
        commands = alter_commands(
            context.node, enums.AlterTableType.AT_AddConstraint, enums.AlterTableType.AT_AddColumn
        )
        for table, command in commands:
            if isinstance(command.def_, ast.ColumnDef):  # ADD COLUMN ... PRIMARY KEY / UNIQUE
                inline = [c for c in command.def_.constraints or () if c.contype in names]
                constraint = inline[0] if inline else None
            else:
                constraint = command.def_
            if not isinstance(constraint, ast.Constraint) or constraint.contype not in names:
                continue
            if constraint.indexname or context.existing_table(table) is None:
                continue
            kind = names[constraint.contype]
            yield self.report(
                context,
                constraint,
                f"ADD {kind} on existing table {table} builds its index under an ACCESS EXCLUSIVE lock: "
                f"CREATE UNIQUE INDEX CONCURRENTLY first, then ADD ... {kind} USING INDEX",
            )
