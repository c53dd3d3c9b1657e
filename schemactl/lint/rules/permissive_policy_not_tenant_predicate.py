from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule
from schemactl.lint.tenancy import Verdict, functions_called, judge


class PermissivePolicyNotTenantPredicate(StateRule):
    """What it does
    Flags a PERMISSIVE policy on a tenant table (any table with policies, unless it is known to be shared
    by all tenants or has no tenant column) whose `USING` or `WITH CHECK` is not the tenant predicate
    `<tenant column> = <the session's tenant>`: `USING (true)`, a predicate without the tenant column,
    one that OR-s anything with it, one that compares the tenant column cast (`tenant_id::text = ...`),
    or one that reads another setting than `tenant_setting` (default `app.current_tenant_id`), directly
    or through a function of these migrations (then the function's redefinition is flagged too). A policy
    scoped `TO` roles that are all in `admin_roles` (default `app_admin`) is exempt; RESTRICTIVE
    policies only narrow and are not judged. A state rule over each policy's final definition, so
    `ALTER POLICY` is judged by what it leaves behind.

    Why is this bad?
    PostgreSQL OR-s the permissive policies of a table: one extra permissive policy that is not the
    tenant predicate opens every tenant's rows to every role it applies to, however strict the
    isolation policy next to it. A cast of the tenant column compares text (and defeats the index);
    another setting is one more value the client controls and the isolation does not check.

    Example
    ```sql
    CREATE POLICY orders_public_read ON orders FOR SELECT USING (true);
    ALTER POLICY tenant_isolation_policy ON orders
        USING (tenant_id::text = current_setting('app.current_tenant_id'));
    ```

    Fix
    Keep one permissive policy with the tenant predicate, scope administrative policies to an admin
    role, and express further conditions as RESTRICTIVE policies:
    ```sql
    CREATE POLICY orders_admin ON orders TO app_admin USING (true) WITH CHECK (true);
    CREATE POLICY orders_visible ON orders AS RESTRICTIVE FOR SELECT USING (NOT hidden);
    ```
    """

    code = "SC306"
    name = "permissive-policy-not-tenant-predicate"
    severity = Severity.ERROR
    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        admins = {role.lower() for role in settings.admin_roles}
        blamed: set[str] = set()
        verdicts: dict[tuple[int, str], Verdict] = {}  # by expression object: the model keeps them alive
        for finding in _tenant_functions_reading_other_settings(model, settings):
            blamed.add(finding.object_name)
            yield finding
        for table in model.tables.values():
            if table.global_table or not table.policies:
                continue
            if table.known and not table.is_tenant_scoped(settings.tenant_column, settings.tenants_table):
                continue
            column = "id" if table.name == settings.tenants_table.lower() else settings.tenant_column
            for policy in table.policies:
                if not policy.permissive or (policy.roles and set(policy.roles) <= admins):
                    continue
                for clause, text in policy.expressions():
                    key = (id(text), column)  # equal expressions often share one node (see PolicyInfo)
                    verdict = verdicts.get(key)
                    if verdict is None:
                        verdict = verdicts[key] = judge(text, column, settings, model)
                    if not verdict.ok:
                        for finding in _changed_functions(model, settings, text, f"{table.name}.{policy.name}"):
                            if finding.object_name not in blamed:
                                blamed.add(finding.object_name)
                                yield finding
                        yield StateFinding(
                            "policy",
                            f"{table.name}.{policy.name}",
                            f"permissive policy {policy.name} on {table.name}: {clause} is not the tenant predicate "
                            f"({verdict.problem}); permissive policies are OR-ed, so it opens other tenants' rows: "
                            f"scope it TO an admin role or make it RESTRICTIVE",
                            policy.place,
                        )
                        break


def _changed_functions(model: SchemaModel, settings: LintSettings, text: Any, policy: str) -> Iterator[StateFinding]:
    """A function a policy calls that no longer reads only the tenant setting: the statement to blame."""
    tenant = frozenset({settings.tenant_setting.lower()})
    for name in functions_called(text):
        for info in model.functions_named(name):
            if info.settings_read != tenant and info.created is not None:
                read = ", ".join(sorted(info.settings_read)) or "no setting"
                yield StateFinding(
                    "function",
                    info.key,
                    f"function {info.key}, which policy {policy} uses as the session's tenant, reads {read} "
                    f"instead of {settings.tenant_setting}: the policy no longer isolates tenants",
                    info.created,
                )


def _tenant_functions_reading_other_settings(model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
    """A tenant function (setting `tenant_functions`, or named *current_tenant*) that reads another setting."""
    tenant = settings.tenant_setting.lower()
    named = {name.lower() for name in settings.tenant_functions}
    for info in model.functions.values():
        if info.created is None or not info.settings_read or info.settings_read == {tenant}:
            continue
        if info.name in named or "current_tenant" in info.name.split(".")[-1]:
            read = ", ".join(sorted(info.settings_read - {tenant}))
            yield StateFinding(
                "function",
                info.key,
                f"tenant function {info.key} reads {read}, not only {settings.tenant_setting}: "
                "a policy calling it trusts another client-set value",
                info.created,
            )
