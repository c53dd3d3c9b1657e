from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile


class RlsNotEnabled(Rule):
    """What it does
    Flags a tenant-scoped table (one with the tenant column, or the tenants table itself) that never
    gets `ALTER TABLE ... ENABLE ROW LEVEL SECURITY` by the end of the migrations.

    Why is this bad?
    Without row-level security every application query sees every tenant's rows; isolation then
    depends on every query remembering its `WHERE tenant_id = ...`.

    Example
    ```sql
    CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id)
    );
    ```

    Fix
    Stamp the table with the tenancy macro, which enables and forces RLS and creates the policy:
    ```sql
    {{ tenant_table('invoices') }}
    ```
    A table that is deliberately shared by all tenants carries the marker `-- schemactl: global`.
    """

    code = "SC302"
    name = "rls-not-enabled"
    severity = Severity.ERROR

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        for table in model.tables.values():
            if table.is_tenant_scoped(settings.tenant_column, settings.tenants_table) and not table.rls_enabled:
                file = files.get(table.file)
                if file is not None:
                    yield self.at(
                        file, table.statement_offset, f"tenant table {table.name} never enables row level security"
                    )
