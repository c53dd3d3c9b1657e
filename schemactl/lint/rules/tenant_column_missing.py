from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel, TableInfo
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile


class TenantColumnMissing(Rule):
    """What it does
    Flags a table that is neither the tenants table nor marked `-- schemactl: global` and that, by the
    end of the migrations, lacks the tenant column as `tenant_id uuid NOT NULL` referencing the
    tenants table. The reference may be inline (`REFERENCES tenants`) or a table-level or later
    `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` whose columns include the tenant column
    (a composite key counts). The column name and the tenants table come from the settings
    `tenant_column` and `tenants_table`.

    Why is this bad?
    Row-level security can only isolate tenants by a column every row has: without it (or with a
    nullable one) rows belong to no tenant and every policy either hides them or leaks them. Without
    the foreign key a row can name a tenant that does not exist or outlive its tenant's deletion.

    Example
    ```sql
    CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid
    );
    ```

    Fix
    ```sql
    CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        CONSTRAINT fk_invoices_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
    );
    ```
    A table deliberately shared by all tenants (a currency list) carries `-- schemactl: global`
    in front of its `CREATE TABLE`.
    """

    code = "SC301"
    name = "tenant-column-missing"
    severity = Severity.ERROR
    finish_reads = ()

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        for table in model.tables.values():
            if table.global_table or table.name == settings.tenants_table.lower():
                continue
            file = files.get(table.file)
            problem = self._problem(table, settings)
            if file is not None and problem:
                yield self.at(file, table.statement_offset, problem)

    @staticmethod
    def _problem(table: TableInfo, settings: LintSettings) -> str | None:
        column_name = settings.tenant_column.lower()
        tenants = settings.tenants_table.lower()
        wanted = f"{column_name} uuid NOT NULL REFERENCES {tenants}"
        marker = f"or mark a table shared by all tenants `-- schemactl: {settings.global_marker}`"
        column = table.columns.get(column_name)
        if column is None:
            return f"table {table.name} has no tenant column {column_name}: add {wanted} ({marker})"
        missing = []
        if column.type_name != "uuid":
            missing.append(f"is {column.type_name}, not uuid")
        if not column.not_null:
            missing.append("is nullable")
        if not any(column_name in columns and target == tenants for columns, target in table.foreign_keys):
            missing.append(f"has no foreign key to {tenants}")
        if not missing:
            return None
        return f"tenant column {table.name}.{column_name} {', '.join(missing)}: declare it {wanted}"
