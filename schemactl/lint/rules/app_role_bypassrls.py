from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.model import SchemaModel
from schemactl.lint.rule import Rule
from schemactl.lint.settings import LintSettings
from schemactl.lint.source import LintFile

ATTRIBUTES = ("bypassrls", "superuser")


class AppRoleBypassrls(Rule):
    """What it does
    Flags `CREATE ROLE` / `CREATE USER` / `ALTER ROLE` giving `BYPASSRLS` or `SUPERUSER` to an
    application role (setting `app_roles`), and making an application role a member of a role that
    has one of them somewhere in the migrations (`GRANT role TO app_role`, `CREATE ROLE ... IN ROLE`,
    `... ROLE app_role`, `... ADMIN app_role`, `ALTER GROUP ... ADD USER`). A `GRANT ... WITH SET FALSE`
    membership is not flagged: role attributes are not inherited, they are obtained by `SET ROLE`,
    which that option forbids.

    Why is this bad?
    Row-level security is the tenant isolation of the application roles. A role with `BYPASSRLS`
    (or a superuser) ignores every policy, so one bug or one injected query reads and writes every
    tenant's rows. A member of such a role gets the same with `SET ROLE`.

    Example
    ```sql
    ALTER ROLE app_rw WITH NOLOGIN BYPASSRLS;
    GRANT rls_definer TO app_admin;
    ```

    Fix
    Application roles are `NOBYPASSRLS NOSUPERUSER` and members of no privileged role; work that must
    see every tenant goes into a `SECURITY DEFINER` function owned by the privileged role, with
    `EXECUTE` granted to the application role:
    ```sql
    ALTER ROLE app_rw WITH NOLOGIN NOBYPASSRLS NOSUPERUSER;
    ```
    """

    code = "SC405"
    name = "app-role-bypassrls"
    severity = Severity.ERROR
    finish_reads = ("CreateRoleStmt", "AlterRoleStmt", "GrantRoleStmt")

    def finish(self, model: SchemaModel, files: dict[str, LintFile], settings: LintSettings) -> Iterator[Finding]:
        from pglast import ast

        app_roles = {role.lower() for role in settings.app_roles}
        privileged = self._privileged_roles(files.values(), app_roles)
        for file in files.values():
            for statement in file.statements:
                node = statement.node
                if isinstance(node, ast.CreateRoleStmt | ast.AlterRoleStmt):
                    role = _role_name(node.role) if isinstance(node, ast.AlterRoleStmt) else str(node.role).lower()
                    if isinstance(node, ast.AlterRoleStmt) and node.action == -1:
                        continue  # ALTER GROUP ... DROP USER
                    for option in node.options or ():
                        yield from self._option(file, statement.start, role, option, app_roles, privileged)
                elif isinstance(node, ast.GrantRoleStmt) and node.is_grant:
                    if any(o.defname == "set" and not o.arg.boolval for o in node.opt or ()):
                        continue
                    for granted in node.granted_roles or ():
                        granted_name = str(granted.priv_name).lower()
                        if granted_name not in privileged:
                            continue
                        for grantee in node.grantee_roles or ():
                            if _role_name(grantee) in app_roles:
                                member = _role_name(grantee)
                                yield self._membership(file, grantee, member, granted_name, privileged, statement.start)

    @staticmethod
    def _privileged_roles(files: Any, app_roles: set[str]) -> dict[str, str]:
        """Roles given BYPASSRLS or SUPERUSER anywhere in the files -> the attribute (BYPASSRLS first)."""
        from pglast import ast

        found: dict[str, str] = {}
        for file in files:
            for statement in file.statements:
                node = statement.node
                if isinstance(node, ast.CreateRoleStmt | ast.AlterRoleStmt):
                    role = _role_name(node.role) if isinstance(node, ast.AlterRoleStmt) else str(node.role).lower()
                    for option in node.options or ():
                        if option.defname in ATTRIBUTES and getattr(option.arg, "boolval", False):
                            found.setdefault(role, option.defname.upper())
        return found

    def _option(
        self, file: LintFile, start: int, role: str, option: Any, app_roles: set[str], privileged: dict[str, str]
    ) -> Iterator[Finding]:
        if option.defname in ATTRIBUTES and getattr(option.arg, "boolval", False) and role in app_roles:
            yield self._at_node(
                file,
                option,
                start,
                f"application role {role} is given {option.defname.upper()}: it would ignore row level security; "
                f"make it NO{option.defname.upper()}",
            )
        elif option.defname == "addroleto" and role in app_roles:  # CREATE ROLE app_role IN ROLE privileged
            for group in option.arg or ():
                if _role_name(group) in privileged:
                    yield self._membership(file, group, role, _role_name(group), privileged, start)
        elif option.defname in ("rolemembers", "adminmembers") and role in privileged:  # ROLE / ADD USER app_role
            for member in option.arg or ():
                if _role_name(member) in app_roles:
                    yield self._membership(file, member, _role_name(member), role, privileged, start)

    def _membership(
        self, file: LintFile, node: Any, member: str, group: str, privileged: dict[str, str], start: int
    ) -> Finding:
        return self._at_node(
            file,
            node,
            start,
            f"application role {member} becomes a member of {group}, which has {privileged[group]}: "
            f"with SET ROLE {group} it ignores row level security; expose what it needs through a "
            f"SECURITY DEFINER function owned by {group} instead (or grant it WITH SET FALSE)",
        )

    def _at_node(self, file: LintFile, node: Any, start: int, message: str) -> Finding:
        offset = getattr(node, "location", None)
        return self.at(file, offset if isinstance(offset, int) and offset >= 0 else start, message)


def _role_name(spec: Any) -> str:
    return str(getattr(spec, "rolename", None) or "").lower()
