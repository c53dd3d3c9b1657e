from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemactl.lint.findings import Finding, Severity
from schemactl.lint.rule import Rule, StatementContext


class GrantToPublic(Rule):
    """What it does
    Flags `GRANT ... TO PUBLIC` on anything: tables, columns, views, sequences, functions, schemas,
    databases, types, languages, `ALL ... IN SCHEMA`, default privileges
    (`ALTER DEFAULT PRIVILEGES ... GRANT ... TO PUBLIC`) and role memberships (`GRANT role TO PUBLIC`).

    Why is this bad?
    PUBLIC is every role of the cluster, present and future, including roles of other databases and
    roles nobody reviewed. Privileges come from the grants matrix (templates/grants.toml), role by
    role; a grant to PUBLIC bypasses it and cannot be revoked from one role alone.

    Example
    ```sql
    GRANT SELECT ON invoices TO PUBLIC;
    ```

    Fix
    Grant to the application roles that need it, through the matrix:
    ```sql
    {{ grant_privileges('invoices') }}
    ```
    which expands to `REVOKE ALL ON TABLE invoices FROM PUBLIC;` and one `GRANT` per role.
    """

    code = "SC401"
    name = "grant-to-public"
    severity = Severity.ERROR
    node_types = (
        "GrantStmt",
        "AlterDefaultPrivilegesStmt",
        "GrantRoleStmt",
    )

    def check(self, context: StatementContext) -> Iterator[Finding]:
        from pglast import ast, enums

        node = context.node
        if isinstance(node, ast.AlterDefaultPrivilegesStmt) and isinstance(node.action, ast.GrantStmt):
            grant = node.action
            if grant.is_grant:
                what = f"default privileges on {_kind(grant.objtype)}s"
                for grantee in _public(grant.grantees):
                    yield self.report(context, grantee, f"{what} granted to PUBLIC: grant them to named roles")
        elif isinstance(node, ast.GrantStmt) and node.is_grant:
            if node.targtype == enums.GrantTargetType.ACL_TARGET_ALL_IN_SCHEMA:
                schemas = ", ".join(_object_name(o) for o in node.objects or ())
                what = f"all {_kind(node.objtype)}s in schema {schemas}"
            else:
                names = ", ".join(_object_name(o) for o in node.objects or ())
                what = f"{_kind(node.objtype)} {names}"
            privileges = _privileges(node.privileges)
            for grantee in _public(node.grantees):
                yield self.report(
                    context,
                    grantee,
                    f"{privileges} on {what} granted to PUBLIC (every role of the cluster): "
                    "grant to the roles that need it (templates/grants.toml)",
                )
        elif isinstance(node, ast.GrantRoleStmt) and node.is_grant:
            roles = ", ".join(str(r.priv_name) for r in node.granted_roles or ())
            for grantee in _public(node.grantee_roles):
                yield self.report(
                    context, grantee, f"membership in role {roles} granted to PUBLIC: grant it to named roles"
                )


def _public(grantees: Any) -> list[Any]:
    from pglast import enums

    return [g for g in grantees or () if g.roletype == enums.RoleSpecType.ROLESPEC_PUBLIC]


def _kind(objtype: Any) -> str:
    """OBJECT_FOREIGN_TABLE -> 'foreign table'."""
    name = getattr(objtype, "name", str(objtype))
    return name.removeprefix("OBJECT_").replace("_", " ").lower()


def _privileges(privileges: Any) -> str:
    if not privileges:
        return "ALL"
    shown = []
    for privilege in privileges:
        text = str(privilege.priv_name).upper()
        if privilege.cols:
            text += f" ({', '.join(str(c.sval) for c in privilege.cols)})"
        shown.append(text)
    return ", ".join(shown)


def _object_name(item: Any) -> str:
    from pglast import ast

    if isinstance(item, ast.RangeVar):
        return ".".join(str(p) for p in (item.schemaname, item.relname) if p)
    if isinstance(item, ast.ObjectWithArgs):
        return ".".join(str(p.sval) for p in item.objname or ())
    if isinstance(item, ast.String):
        return str(item.sval)
    if isinstance(item, tuple):
        return ".".join(str(getattr(p, "sval", p)) for p in item)
    return "?"
