from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import relation_name
from schemactl.lint.rule import Rule, StatementContext
from schemactl.lint.walk import table_grant_to_app_roles


class MaterializedViewGrantedToAppRole(Rule):
    """What it does
    Flags a `GRANT` of any privilege on a materialized view to an application role (setting
    `app_roles`), by name or through `ON ALL TABLES IN SCHEMA` (which covers materialized views).

    Why is this bad?
    Row-level security does not apply to materialized views: the view holds the rows its owner saw
    at refresh time, every tenant's, and anyone who may select from it reads them all.

    Example
    ```sql
    GRANT SELECT ON mv_revenue_by_tenant TO app_ro;
    ```

    Fix
    Keep the materialized view ungranted and give the application a view that filters it on the
    session's tenant:
    ```sql
    CREATE VIEW v_revenue WITH (security_barrier = true) AS
    SELECT m.* FROM mv_revenue_by_tenant AS m WHERE m.tenant_id = {{ current_tenant() }};
    {{ grant_privileges('v_revenue') }}
    ```
    """

    code = "SC403"
    name = "materialized-view-granted-to-app-role"
    severity = Severity.ERROR

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import enums

        node = context.node
        roles = table_grant_to_app_roles(node, context.settings.app_roles)
        if not roles:
            return
        views = context.model.views
        if node.targtype == enums.GrantTargetType.ACL_TARGET_ALL_IN_SCHEMA:
            covered = sorted(name for name, kind in views.items() if kind == "materialized view")
            if covered:
                yield self.report(
                    context,
                    node,
                    f"GRANT on all tables in schema to {', '.join(roles)} covers materialized view(s) "
                    f"{', '.join(covered)}, which ignore row level security: grant the tables by name",
                )
            return
        for target in node.objects or ():
            name = relation_name(target)
            if name is not None and views.get(name) == "materialized view":
                yield self.report(
                    context,
                    target,
                    f"materialized view {name} granted to {', '.join(roles)}: it ignores row level security "
                    "and holds every tenant's rows; grant a tenant-filtering view instead",
                )
