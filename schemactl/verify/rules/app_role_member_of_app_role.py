from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext


class AppRoleMemberOfAppRole(LiveRule):
    """What it does
    Flags an application role that can use (inherit from, or `SET ROLE` to) another application role.

    Why is this bad?
    The grants matrix gives each application role its own privileges: `app_ro` reads, `app_rw`
    writes, `app_admin` administers tenants. A membership between them silently merges two columns
    of the matrix (the read-only service can write, the writer can administer tenants), and the
    generated `ROLES_AND_GRANTS.md` no longer says what a role can do.

    Example
    ```sql
    GRANT app_admin TO app_rw;
    ```

    Fix
    ```sql
    REVOKE app_admin FROM app_rw;
    ```
    Give a login the roles it needs directly, one membership per role.
    """

    code = "SC904"
    name = "app-role-member-of-app-role"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        app_roles = context.settings.app_roles
        for app in app_roles:
            for use in context.state.used_by(app):
                if use.role in app_roles:
                    yield LiveFinding(
                        f"application role {app} can use application role {use.role} ({use.how}): "
                        f"REVOKE {use.role} FROM {app}",
                        ObjectRef(ObjectKind.ROLE, app),
                        (ObjectRef(ObjectKind.ROLE, use.role),),
                    )
