from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext

APP_ROLE_FORBIDDEN = ("CREATE", "TEMPORARY")


class DatabasePrivilegeTooBroad(LiveRule):
    """What it does
    Flags privileges on the database itself held by `PUBLIC` (any of `CONNECT`, `TEMPORARY`,
    `CREATE`) or by an application role (`TEMPORARY`, `CREATE`). A database whose ACL was never set
    has the default one, `CONNECT` and `TEMPORARY` for `PUBLIC`: that is what a database created from
    a template, or restored without its ACL, gets.

    Why is this bad?
    `TEMPORARY` lets a session create temporary tables, views and types that shadow the real ones
    (PostgreSQL searches `pg_temp` first for relations and types unless `search_path` lists it): on a
    pooled connection the next tenant's unqualified statements read or write the attacker's objects.
    `CREATE` lets a role create schemas. `CONNECT` for `PUBLIC` lets every login of the cluster in.

    Example
    ```sql
    GRANT TEMPORARY ON DATABASE app TO PUBLIC;
    ```

    Fix
    ```sql
    REVOKE ALL ON DATABASE app FROM PUBLIC;
    REVOKE TEMPORARY, CREATE ON DATABASE app FROM app_rw, app_ro, app_admin;
    GRANT CONNECT ON DATABASE app TO app_rw, app_ro, app_admin;
    ```
    """

    code = "SC905"
    name = "database-privilege-too-broad"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        state = context.state
        held: dict[str, list[str]] = {}
        for grantee, privilege in state.database_privileges:
            if grantee == "PUBLIC" or (grantee in context.settings.app_roles and privilege in APP_ROLE_FORBIDDEN):
                held.setdefault(grantee, []).append(privilege)
        database = ObjectRef(ObjectKind.DATABASE, state.database)
        for grantee, privileges in sorted(held.items()):
            listed = ", ".join(sorted(privileges))
            yield LiveFinding(
                f"{grantee} holds {listed} on database {state.database}: "
                f"REVOKE {listed} ON DATABASE {state.database} FROM {grantee}",
                database,
                aspects=("grant",),
            )
