from __future__ import annotations

from collections.abc import Iterator, Mapping

from schemactl.lint.findings import Severity
from schemactl.snapshot import model as snapshot
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext
from schemactl.verify.rules.object_owner_not_allowed import object_ref

JUDGED = (
    snapshot.ObjectKind.SCHEMA,
    snapshot.ObjectKind.SEQUENCE,
    snapshot.ObjectKind.TABLE,
    snapshot.ObjectKind.VIEW,
    snapshot.ObjectKind.COLUMN,
    snapshot.ObjectKind.FUNCTION,
)
_KEYWORD = {
    ObjectKind.SCHEMA: "SCHEMA",
    ObjectKind.SEQUENCE: "SEQUENCE",
    ObjectKind.FUNCTION: "FUNCTION",
}


class PublicHoldsPrivilege(LiveRule):
    """What it does
    Flags any privilege `PUBLIC` holds in the verified schemas: on a schema (`public` included), table,
    view, materialized view, sequence, column or function (SECURITY DEFINER functions are SC406's),
    and in default privileges: an `ALTER DEFAULT PRIVILEGES` entry that grants `PUBLIC` something, or
    an owner role (`[tool.schemactl.verify] owner_roles`) whose new functions PUBLIC may execute
    because `EXECUTE ON FUNCTIONS` was never revoked from it by default. (The database itself is
    SC905's.)

    Why is this bad?
    `PUBLIC` is every role of the cluster, present and future: other applications' logins, a
    monitoring user, a login made for a contractor. A privilege granted to it bypasses the grants
    matrix. PostgreSQL grants `EXECUTE` on every new function to `PUBLIC` by default, so a function
    created by hand, or by a migration that forgot its `REVOKE`, is callable by all of them.

    Example
    ```sql
    GRANT SELECT ON public.tenants TO PUBLIC;
    ```

    Fix
    ```sql
    REVOKE ALL ON public.tenants FROM PUBLIC;
    ALTER DEFAULT PRIVILEGES FOR ROLE migration_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
    ```
    """

    code = "SC911"
    name = "public-holds-privilege"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        live = context.state.snapshot
        for kind in JUDGED:
            for identity, attributes in sorted(live.objects.get(kind, {}).items()):
                if kind is snapshot.ObjectKind.FUNCTION and attributes.get("security_definer") is True:
                    continue
                held = _public(attributes.get("privileges"))
                if not held:
                    continue
                if kind is snapshot.ObjectKind.COLUMN:
                    relation, column = identity.rsplit(".", 1)
                    ref = ObjectRef(ObjectKind.TABLE, relation)
                    what, target = f"column {identity}", f"({column}) ON {relation}"
                else:
                    ref = object_ref(kind, identity, attributes)
                    what, target = str(ref), f"{_KEYWORD.get(ref.kind, 'TABLE')} {identity}"
                yield LiveFinding(
                    f"PUBLIC holds {', '.join(held)} on {what}: REVOKE {', '.join(held)} ON {target} FROM PUBLIC",
                    ref,
                    aspects=("grant",),
                )
        yield from self._default_privileges(context)

    def _default_privileges(self, context: VerifyContext) -> Iterator[LiveFinding]:
        defaults = context.state.snapshot.objects.get(snapshot.ObjectKind.DEFAULT_PRIVILEGE, {})
        for identity, attributes in sorted(defaults.items()):
            held = _public(attributes.get("privileges"))
            role, schema, kind = identity.rsplit(".", 2)
            if held:
                where = "" if schema == "*" else f" IN SCHEMA {schema}"
                yield LiveFinding(
                    f"default privileges of {role}{where} give PUBLIC {', '.join(held)} on new {kind}: "
                    f"ALTER DEFAULT PRIVILEGES FOR ROLE {role}{where} REVOKE {', '.join(held)} ON {kind.upper()} "
                    "FROM PUBLIC",
                    ObjectRef(ObjectKind.DEFAULT_PRIVILEGE, role),
                    (ObjectRef(ObjectKind.ROLE, role),),
                )
        for role in context.settings.owner_roles:
            if role in context.state.roles and f"{role}.*.functions" not in defaults:
                yield LiveFinding(
                    f"functions that {role} creates are executable by PUBLIC (the built-in default): "
                    f"ALTER DEFAULT PRIVILEGES FOR ROLE {role} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
                    ObjectRef(ObjectKind.DEFAULT_PRIVILEGE, role),
                    (ObjectRef(ObjectKind.ROLE, role),),
                )


def _public(privileges: object) -> list[str]:
    held = privileges.get("PUBLIC") if isinstance(privileges, Mapping) else None
    return sorted(str(p).rstrip("*") for p in held) if isinstance(held, list) else []
