from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import Place, PolicyInfo, SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule


class TenantPolicyIncomplete(StateRule):
    """What it does
    Flags a tenant-scoped table with row-level security enabled that, by the end of the migrations,
    has no policy whose `USING` and `WITH CHECK` both mention the tenant column (for the tenants
    table itself: its `id`). When a `FOR ALL` or `FOR UPDATE` policy restricts one of the two clauses
    by tenant and not the other, the finding is at that policy. A `DROP POLICY` (on any table not known
    to be shared by all tenants) that leaves no such policy is flagged at the drop: re-create the
    tenant policy in the same file. Otherwise the finding is at the `CREATE TABLE`. A state rule: a
    later migration that adds the policy satisfies it.

    Why is this bad?
    `USING` filters the rows a query sees; `WITH CHECK` filters the rows it may write. A policy
    without a tenant `WITH CHECK` lets a session insert or move rows into another tenant. PostgreSQL
    does reuse `USING` for writes when a `FOR ALL`/`FOR UPDATE` policy has no `WITH CHECK`, but
    silently: a later `ALTER POLICY ... USING (...)` that widens reads would widen writes too, and
    a reviewer cannot tell intent from omission. Write both. With RLS enabled and no such policy at
    all, the table is either closed to every application role or open by a policy that ignores tenants.

    Example
    ```sql
    CREATE POLICY tenant_isolation_policy ON invoices
        USING (tenant_id = (SELECT public.app_current_tenant_id()));
    ```

    Fix
    Stamp the table with the tenancy macro, which creates the complete policy:
    ```sql
    {{ tenant_table('invoices') }}
    ```
    or write both clauses:
    ```sql
    CREATE POLICY tenant_isolation_policy ON invoices
        USING (tenant_id = (SELECT public.app_current_tenant_id()))
        WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));
    ```
    """

    code = "SC304"
    name = "tenant-policy-incomplete"
    severity = Severity.ERROR

    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        for table in model.tables.values():
            if table.global_table or any(_complete(policy) for policy in table.policies):
                continue
            scoped = table.is_tenant_scoped(settings.tenant_column, settings.tenants_table)
            column = "id" if table.name == settings.tenants_table.lower() else settings.tenant_column
            if table.policy_dropped is not None and (scoped or not table.known):
                yield StateFinding(
                    "table",
                    table.name,
                    f"DROP POLICY leaves table {table.name} without a policy whose USING and WITH CHECK both "
                    f"restrict {column}: re-create the tenant policy in the same file",
                    table.policy_dropped,
                )
                continue
            if not scoped or not table.rls_enabled:
                continue
            half = next((p for p in table.policies if _half_done(p) and p.place is not None), None)
            if half is not None:
                missing = "WITH CHECK" if half.using_mentions_tenant_column else "USING"
                present = "USING" if missing == "WITH CHECK" else "WITH CHECK"
                yield StateFinding(
                    "policy",
                    f"{table.name}.{half.name}",
                    f"policy {half.name} on tenant table {table.name} restricts {column} in {present} but not in "
                    f"{missing}: write a {missing} clause restricting {column} too",
                    half.place,
                )
                continue
            changed = [p for p in table.policies if p.place is not None and p.place.file != table.file]
            place = (
                changed[-1].place if changed else (Place(table.file, table.statement_offset) if table.file else None)
            )
            yield StateFinding(
                "table",
                table.name,
                f"tenant table {table.name} has row level security but no policy whose USING and WITH CHECK "
                f"both restrict {column}: add one (the tenant_table() macro does)",
                place,
            )


def _complete(policy: PolicyInfo) -> bool:
    return policy.using_mentions_tenant_column and policy.with_check_mentions_tenant_column


def _half_done(policy: PolicyInfo) -> bool:
    """A FOR ALL / FOR UPDATE policy (the only kinds with both clauses) restricting just one of them."""
    return policy.command in ("all", "update") and (
        policy.using_mentions_tenant_column != policy.with_check_mentions_tenant_column
    )
