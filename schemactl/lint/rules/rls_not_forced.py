from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import Place, SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule


class RlsNotForced(StateRule):
    """What it does
    Flags a tenant-scoped table (one with the tenant column, or the tenants table itself) that enables
    row-level security but is never `ALTER TABLE ... FORCE ROW LEVEL SECURITY` by the end of the
    migrations, and an `ALTER TABLE ... NO FORCE ROW LEVEL SECURITY` on any table not known to be
    shared by all tenants that no later statement undoes (a state rule: a later FORCE satisfies it).

    Why is this bad?
    Row-level security does not apply to the table's owner unless it is forced. The owner is the role
    migrations run as, and whatever runs as it (a backfill, a maintenance job, a definer-rights
    function it owns) reads and writes every tenant's rows without any policy noticing.

    Example
    ```sql
    ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
    ALTER TABLE orders NO FORCE ROW LEVEL SECURITY;
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

    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        for table in model.tables.values():
            if table.global_table:
                continue
            scoped = table.is_tenant_scoped(settings.tenant_column, settings.tenants_table)
            if table.force_removed and (scoped or not table.known):
                yield StateFinding(
                    "table",
                    table.name,
                    f"ALTER TABLE {table.name} NO FORCE ROW LEVEL SECURITY: the table's owner (the role migrations "
                    "and definer functions run as) then reads and writes every tenant's rows",
                    table.force_place,
                )
            elif scoped and table.known and table.rls_enabled and not table.rls_forced:
                yield StateFinding(
                    "table",
                    table.name,
                    f"tenant table {table.name} enables row level security but never forces it: its owner "
                    f"bypasses the policies; add ALTER TABLE {table.name} FORCE ROW LEVEL SECURITY",
                    Place(table.file, table.statement_offset) if table.file else None,
                )
