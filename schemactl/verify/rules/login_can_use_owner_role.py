from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext


class LoginCanUseOwnerRole(LiveRule):
    """What it does
    Flags a login role, other than a configured deployer (`[tool.schemactl.verify] deployer_roles`)
    and other than a superuser, that can use an owner role (`owner_roles`, default `migration_owner`
    and `rls_definer`): it inherits the owner's privileges or may `SET ROLE` to it, directly or
    through other roles. A membership with only the ADMIN option (what PostgreSQL 16+ gives a
    `CREATEROLE` user over the roles it creates) is not use and is not flagged. An owner role that
    can log in itself is flagged too.

    Why is this bad?
    The owner of a table can disable or drop its policies, and row-level security is forced on the
    owner only while the table says so; `rls_definer` has `BYPASSRLS`. A login that can become an
    owner, an application login or a person's, holds every tenant's data and the schema itself.
    Only the login that deploys migrations should.

    Example
    ```sql
    GRANT migration_owner TO reporting_service;
    ```

    Fix
    ```sql
    REVOKE migration_owner FROM reporting_service;
    ```
    or, for the login that deploys, list it in `[tool.schemactl.verify] deployer_roles`.
    """

    code = "SC903"
    name = "login-can-use-owner-role"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        state, settings = context.state, context.settings
        for owner in settings.owner_roles:
            role = state.roles.get(owner)
            if role is not None and role.login and not role.superuser and owner not in settings.deployer_roles:
                yield LiveFinding(
                    f"owner role {owner} can log in: ALTER ROLE {owner} NOLOGIN, and deploy as a login that is "
                    "a member of it (listed in [tool.schemactl.verify] deployer_roles)",
                    ObjectRef(ObjectKind.ROLE, owner),
                    aspects=("alter",),
                )
            for use in state.uses_of(owner):
                member = state.roles.get(use.member)
                if member is None or not member.login or use.member in settings.deployer_roles:
                    continue
                yield LiveFinding(
                    f"login role {use.member} can use owner role {owner} ({use.how}): REVOKE {owner} FROM "
                    f"{use.member}, or list it in [tool.schemactl.verify] deployer_roles if it deploys migrations",
                    ObjectRef(ObjectKind.ROLE, use.member),
                    (ObjectRef(ObjectKind.ROLE, owner),),
                )
