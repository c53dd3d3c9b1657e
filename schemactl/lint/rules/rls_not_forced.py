from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile


class RlsNotForced(Rule):
    """What it does
    Flags a tenant-scoped table (one with the tenant column, or the tenants table itself) that enables
    row-level security but is never `ALTER TABLE ... FORCE ROW LEVEL SECURITY` by the end of the
    migrations.

    Why is this bad?
    Row-level security does not apply to the table's owner unless it is forced. The owner is the role
    migrations run as, and whatever runs as it (a backfill, a maintenance job, a definer-rights
    function it owns) reads and writes every tenant's rows without any policy noticing.

    Example
    ```sql
    ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
    ```

    Fix
    Stamp the table with the tenancy macro, which enables and forces RLS and creates the policy:
    ```sql
    {{ tenant_table('invoices') }}
    ```
    or force it by hand: `ALTER TABLE invoices FORCE ROW LEVEL SECURITY;`.
    """

    code = "SC303"
    name = "rls-not-forced"
    severity = Severity.ERROR

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        for table in model.tables.values():
            if (
                table.is_tenant_scoped(settings.tenant_column, settings.tenants_table)
                and table.rls_enabled
                and not table.rls_forced
            ):
                file = files.get(table.file)
                if file is not None:
                    yield self.at(
                        file,
                        table.statement_offset,
                        f"tenant table {table.name} enables row level security but never forces it: its owner "
                        f"bypasses the policies; add ALTER TABLE {table.name} FORCE ROW LEVEL SECURITY",
                    )
