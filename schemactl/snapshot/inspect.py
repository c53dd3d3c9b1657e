"""Read a snapshot from the catalog: one set-based query per object kind, kept as .sql files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, cast

from schemactl.errors import ConfigError
from schemactl.snapshot.model import Attributes, JsonValue, ObjectKind, Snapshot

if TYPE_CHECKING:
    import psycopg

LEDGER_SCHEMA = "schemactl"

_QUERY_FILE = {
    ObjectKind.SCHEMA: "schemas.sql",
    ObjectKind.EXTENSION: "extensions.sql",
    ObjectKind.TYPE: "types.sql",
    ObjectKind.SEQUENCE: "sequences.sql",
    ObjectKind.TABLE: "tables.sql",
    ObjectKind.COLUMN: "columns.sql",
    ObjectKind.CONSTRAINT: "constraints.sql",
    ObjectKind.INDEX: "indexes.sql",
    ObjectKind.POLICY: "policies.sql",
    ObjectKind.VIEW: "views.sql",
    ObjectKind.FUNCTION: "functions.sql",
    ObjectKind.TRIGGER: "triggers.sql",
    ObjectKind.ROLE: "roles.sql",
}

_DEFAULT_SCHEMAS = """
SELECT nspname FROM pg_catalog.pg_namespace
WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' AND nspname <> 'schemactl'
ORDER BY 1
"""


@cache
def catalog_query(kind: ObjectKind) -> str:
    """The text of the catalog query for one kind of object."""
    return files("schemactl.snapshot").joinpath("queries", _QUERY_FILE[kind]).read_text(encoding="utf-8")


def introspect(conn: psycopg.Connection[tuple[object, ...]], schemas: Sequence[str] = ()) -> Snapshot:
    """Snapshot the given schemas (default: every user schema except the ledger's)."""
    chosen = _choose_schemas(conn, schemas)
    objects: dict[ObjectKind, dict[str, Attributes]] = {}
    for kind in _QUERY_FILE:
        if kind is ObjectKind.ROLE:
            continue
        objects[kind] = _run(conn, kind, {"schemas": list(chosen)})
    roles = sorted(referenced_roles(objects))
    objects[ObjectKind.ROLE] = _run(conn, ObjectKind.ROLE, {"roles": roles})
    return Snapshot(schemas=tuple(chosen), objects={kind: objects[kind] for kind in ObjectKind})


def _choose_schemas(conn: psycopg.Connection[tuple[object, ...]], schemas: Sequence[str]) -> list[str]:
    if not schemas:
        return [str(row[0]) for row in conn.execute(_DEFAULT_SCHEMAS).fetchall()]
    if LEDGER_SCHEMA in schemas:
        raise ConfigError(f"the ledger schema {LEDGER_SCHEMA!r} is never part of a snapshot")
    known = {str(row[0]) for row in conn.execute("SELECT nspname FROM pg_catalog.pg_namespace").fetchall()}
    missing = sorted(set(schemas) - known)
    if missing:
        raise ConfigError(f"schema(s) not found in the database: {', '.join(missing)}")
    return sorted(set(schemas))


def _run(
    conn: psycopg.Connection[tuple[object, ...]], kind: ObjectKind, params: Mapping[str, object]
) -> dict[str, Attributes]:
    rows = conn.execute(catalog_query(kind).encode("utf-8"), params).fetchall()
    return {str(identity): cast(Attributes, attributes) for identity, attributes in rows}


def referenced_roles(objects: Mapping[ObjectKind, Mapping[str, Attributes]]) -> set[str]:
    """Owners, grantees and policy roles named anywhere in the objects; PUBLIC is not a role."""
    names: set[str] = set()
    for by_identity in objects.values():
        for attributes in by_identity.values():
            names.update(_role_names(attributes))
    names.discard("PUBLIC")
    return names


def _role_names(attributes: Attributes) -> Iterable[str]:
    owner = attributes.get("owner")
    if isinstance(owner, str):
        yield owner
    privileges = attributes.get("privileges")
    if isinstance(privileges, dict):
        yield from privileges.keys()
    roles: JsonValue = attributes.get("roles")
    if isinstance(roles, list):
        yield from (role for role in roles if isinstance(role, str))
