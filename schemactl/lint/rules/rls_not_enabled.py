from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import Place, SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule


class RlsNotEnabled(StateRule):
    """What it does
    Flags a tenant-scoped table (one with the tenant column, or the tenants table itself) that never
    gets `ALTER TABLE ... ENABLE ROW LEVEL SECURITY` by the end of the migrations, and an
    `ALTER TABLE ... DISABLE ROW LEVEL SECURITY` on any table that is not known to be shared by all
    tenants (a table the migrations did not create counts as tenant-scoped) that no later statement
    undoes. A state rule: a later migration that enables it again satisfies it.

    Why is this bad?
    Without row-level security every application query sees every tenant's rows; isolation then
    depends on every query remembering its `WHERE tenant_id = ...`.

    Example
    ```sql
    CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id)
    );
    ALTER TABLE orders DISABLE ROW LEVEL SECURITY;
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

    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        for table in model.tables.values():
            if table.global_table:
                continue
            scoped = table.is_tenant_scoped(settings.tenant_column, settings.tenants_table)
            if table.rls_disabled and (scoped or not table.known):
                yield StateFinding(
                    "table",
                    table.name,
                    f"ALTER TABLE {table.name} DISABLE ROW LEVEL SECURITY: every application query then sees "
                    "every tenant's rows; keep it enabled (mark a table shared by all tenants -- schemactl: global)",
                    table.rls_place,
                )
            elif scoped and table.known and not table.rls_enabled:
                yield StateFinding(
                    "table",
                    table.name,
                    f"tenant table {table.name} never enables row level security",
                    Place(table.file, table.statement_offset) if table.file else None,
                )
