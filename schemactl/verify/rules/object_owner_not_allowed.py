from __future__ import annotations

from collections.abc import Iterator

from schemactl.lint.findings import Severity
from schemactl.snapshot import model as snapshot
from schemactl.verify.rule import LiveFinding, LiveRule, ObjectKind, ObjectRef, VerifyContext

OWNED_KINDS = (  # the kinds that live in a schema (and the schemas), in the snapshot's order
    snapshot.ObjectKind.SCHEMA,
    snapshot.ObjectKind.COLLATION,
    snapshot.ObjectKind.TYPE,
    snapshot.ObjectKind.SEQUENCE,
    snapshot.ObjectKind.TABLE,
    snapshot.ObjectKind.STATISTICS,
    snapshot.ObjectKind.VIEW,
    snapshot.ObjectKind.FUNCTION,
    snapshot.ObjectKind.AGGREGATE,
    snapshot.ObjectKind.OPERATOR,
    snapshot.ObjectKind.OPERATOR_FAMILY,
    snapshot.ObjectKind.OPERATOR_CLASS,
    snapshot.ObjectKind.CONVERSION,
    snapshot.ObjectKind.TEXT_SEARCH_DICTIONARY,
    snapshot.ObjectKind.TEXT_SEARCH_CONFIGURATION,
)


def object_ref(kind: snapshot.ObjectKind, identity: str, attributes: snapshot.Attributes) -> ObjectRef:
    """A snapshot object as a verify object (a view of kind 'materialized view' is one)."""
    if kind is snapshot.ObjectKind.VIEW and attributes.get("kind") == "materialized view":
        return ObjectRef(ObjectKind.MATERIALIZED_VIEW, identity)
    return ObjectRef(ObjectKind(kind.value.replace("_", " ")), identity)


class ObjectOwnerNotAllowed(LiveRule):
    """What it does
    Flags a schema, or an object in one (table, view, materialized view, sequence, function, aggregate,
    type, collation, statistics, operator and its classes and families, conversion, text search
    dictionary or configuration), in the verified schemas owned by a role other than the owner roles
    (`[tool.schemactl.verify] owner_roles`, default `migration_owner` and `rls_definer`). Schema
    `public` itself (owned by `pg_database_owner`), the ledger schema and the objects of extensions
    are not judged.

    Why is this bad?
    The owner of an object holds every privilege on it, can grant them, and is the one role that
    row-level security skips unless the table forces it. An object made by hand by a person's login
    or by an application role belongs to that login: it survives the person leaving, an application
    role can change or drop it, and the migrations (run as the owner role) can no longer alter it.

    Example
    ```sql
    -- run as a person's login on production
    CREATE TABLE public.tmp_fix (id uuid);
    ```

    Fix
    ```sql
    ALTER TABLE public.tmp_fix OWNER TO migration_owner;  -- or drop it, and make the change a migration
    ```
    """

    code = "SC908"
    name = "object-owner-not-allowed"
    severity = Severity.ERROR

    def verify(self, context: VerifyContext) -> Iterator[LiveFinding]:
        owners = context.settings.owner_roles
        live = context.state.snapshot
        for kind in OWNED_KINDS:
            for identity, attributes in sorted(live.objects.get(kind, {}).items()):
                owner = attributes.get("owner")
                if kind is snapshot.ObjectKind.SCHEMA and identity == "public":
                    continue
                if isinstance(owner, str) and owner not in owners:
                    ref = object_ref(kind, identity, attributes)
                    yield LiveFinding(
                        f"{ref} is owned by {owner}, not by an owner role ({', '.join(owners)}): "
                        f"ALTER {ref.kind.value.upper()} {identity} OWNER TO {owners[0] if owners else '...'}",
                        ref,
                    )
