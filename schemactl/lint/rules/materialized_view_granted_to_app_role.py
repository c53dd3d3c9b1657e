from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.lint.model import Place, SchemaModel
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateFinding, StateRule


class MaterializedViewGrantedToAppRole(StateRule):
    """What it does
    Flags a privilege on a materialized view held by an application role (setting `app_roles`) or
    PUBLIC, granted by name or through `ON ALL TABLES IN SCHEMA` (which covers materialized views), and
    a privilege on a view that reads a materialized view (directly or through other views) without
    filtering on the tenant predicate on the way. Views and materialized views of earlier files count
    (the model knows them); a relation these migrations never created counts as a materialized view
    when its name starts with `mv_` (the project's convention). A state rule: a later `REVOKE`
    satisfies it.

    Why is this bad?
    Row-level security does not apply to materialized views: the view holds the rows its owner saw
    at refresh time, every tenant's, and anyone who may select from it reads them all.

    Example
    ```sql
    GRANT SELECT ON mv_revenue_by_tenant TO app_ro;
    CREATE VIEW v_revenue AS SELECT * FROM mv_revenue_by_tenant;
    GRANT SELECT ON v_revenue TO app_ro;
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

    judges = Judges.BOTH

    def check_state(self, model: SchemaModel, settings: LintSettings) -> Iterator[StateFinding]:
        roles = {role.lower() for role in settings.app_roles} | {"public"}
        found: dict[tuple[Place | None, str], list[str]] = {}
        exposures: dict[str, str | None] = {}
        for grant in model.grants.values():
            if grant.object_kind != "table" or grant.grantee not in roles:
                continue
            if grant.object not in exposures:
                exposures[grant.object] = exposed_materialized_view(model, grant.object)
            exposed = exposures[grant.object]
            if exposed is None:
                continue
            for place in grant.places or (None,):
                grantees = found.setdefault((place, grant.object), [exposed])
                if grant.grantee not in grantees:
                    grantees.append(grant.grantee)
        for (place, name), (exposed, *grantees) in found.items():
            if exposed == name:
                message = (
                    f"materialized view {name} granted to {', '.join(grantees)}: it ignores row level security "
                    "and holds every tenant's rows; grant a tenant-filtering view instead"
                )
            else:
                message = (
                    f"view {name}, granted to {', '.join(grantees)}, reads materialized view {exposed} without "
                    "filtering on the session's tenant: every tenant's rows; add WHERE <tenant column> = "
                    "<the session's tenant>"
                )
            yield StateFinding("view", name, message, place)


MV_PREFIX = "mv_"


def exposed_materialized_view(model: SchemaModel, name: str) -> str | None:
    """The materialized view that `name` shows unfiltered (itself, or one its views read), if any."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        view = model.views.get(current)
        if view is None:
            if current not in model.tables and current.split(".")[-1].startswith(MV_PREFIX):
                return current  # not created by these migrations: known by the naming convention
            continue
        if view.materialized:
            return current
        if not view.tenant_filtered:
            pending.extend(view.reads)
    return None
