from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext
from schemactl.verify.state import RoleInfo


def privileged_attributes(role: RoleInfo) -> list[str]:
    attributes = (("SUPERUSER", role.superuser), ("BYPASSRLS", role.bypassrls), ("CREATEROLE", role.createrole))
    return [name for name, held in attributes if held]


class AppRolePrivileged(LiveRule):
    """What it does
    Flags an application role (setting `app_roles`) that has `SUPERUSER`, `BYPASSRLS` or
    `CREATEROLE`, or that can use (inherit from, or `SET ROLE` to) a role that has one of them.

    Why is this bad?
    Row-level security is the tenant isolation of the application roles. A superuser or a
    `BYPASSRLS` role ignores every policy; a `CREATEROLE` role can create a role and grant itself
    memberships. One bug or one injected query in the application then reads and writes every
    tenant's rows. Lint catches this in migrations; a hand fix on production does not go through them.

    Example
    ```sql
    ALTER ROLE app_rw BYPASSRLS;
    ```

    Fix
    ```sql
    ALTER ROLE app_rw NOBYPASSRLS NOSUPERUSER NOCREATEROLE;
    REVOKE rls_definer FROM app_rw;
    ```
    """

    code = "SC901"
    name = "app-role-privileged"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        state = context.state
        for app in context.settings.app_roles:
            role = state.roles.get(app)
            if role is None:
                continue
            subject = ObjectRef(ObjectKind.ROLE, app)
            held = privileged_attributes(role)
            if held:
                yield LiveFinding(
                    f"application role {app} has {', '.join(held)}: it escapes row level security; "
                    f"ALTER ROLE {app} {' '.join('NO' + a for a in held)}",
                    subject,
                )
            for use in state.used_by(app):
                target = state.roles.get(use.role)
                target_held = privileged_attributes(target) if target is not None else []
                if target_held:
                    yield LiveFinding(
                        f"application role {app} can use {use.role} ({use.how}), which has "
                        f"{', '.join(target_held)}: REVOKE {use.role} FROM {app}",
                        subject,
                        (ObjectRef(ObjectKind.ROLE, use.role),),
                    )
