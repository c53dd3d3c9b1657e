"""Read a LiveState: the snapshot's introspection for the schemas, verify's own queries (files in
queries/) for what lives outside them, and the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from schemactl.verify.state import LedgerState, LiveState, RoleInfo, RoleUse

if TYPE_CHECKING:
    import psycopg

SET_OPTION_VERSION = 160000  # PostgreSQL 16 split membership into INHERIT, SET and ADMIN options


@cache
def query(name: str) -> str:
    return files("schemactl.verify").joinpath("queries", name).read_text(encoding="utf-8")


def read_state(
    conn: psycopg.Connection[tuple[object, ...]], schemas: Sequence[str], watched_roles: Sequence[str]
) -> LiveState:
    """Everything verify judges, read in one transaction (then the ledger, which may be unreadable)."""
    from schemactl.snapshot.inspect import introspect

    with conn.transaction():
        database, version, current_user = _one(conn, "server.sql")
        snapshot = introspect(conn, schemas)
        roles = {
            str(name): RoleInfo(str(name), bool(login), bool(superuser), bool(bypassrls), bool(createrole))
            for name, login, superuser, bypassrls, createrole in conn.execute(query("roles.sql")).fetchall()
        }
        uses_query = "role_uses.sql" if int(str(version)) >= SET_OPTION_VERSION else "role_uses_pg15.sql"
        uses = tuple(
            RoleUse(str(member), str(role), bool(inherits), bool(can_set), bool(direct))
            for member, role, inherits, can_set, direct in conn.execute(
                query(uses_query).encode(), {"roles": sorted(set(watched_roles))}
            ).fetchall()
        )
        privileges = tuple(
            (str(grantee), str(privilege))
            for grantee, privilege in conn.execute(query("database_privileges.sql")).fetchall()
        )
        settings: dict[str, dict[str, str]] = {}
        for scope, setting in conn.execute(query("role_settings.sql")).fetchall():
            name, _, value = str(setting).partition("=")
            settings.setdefault(str(scope), {})[name] = value
        extensions = {str(name): str(schema) for name, schema in conn.execute(query("extensions.sql")).fetchall()}
    return LiveState(
        database=str(database),
        server_version=int(str(version)),
        current_user=str(current_user),
        snapshot=snapshot,
        roles=roles,
        uses=uses,
        database_privileges=privileges,
        role_settings=settings,
        extensions=extensions,
        ledger=read_ledger(conn),
    )


def read_ledger(conn: psycopg.Connection[tuple[object, ...]]) -> LedgerState:
    """The ledger's rows; a missing ledger or one this login may not read is a state, not an error."""
    import psycopg

    from schemactl import ledger
    from schemactl.errors import LedgerError

    try:
        with conn.transaction():
            if not ledger.ledger_exists(conn):
                return LedgerState(exists=False)
            return LedgerState(tuple(ledger.read_applied(conn)))
    except psycopg.errors.InsufficientPrivilege as exc:
        return LedgerState(error=exc.diag.message_primary or str(exc))
    except LedgerError as exc:  # read_applied wraps the server's refusal
        if exc.sqlstate != "42501":
            raise
        return LedgerState(error=exc.message.partition(": ")[2] or exc.message)


def _one(conn: psycopg.Connection[tuple[object, ...]], name: str) -> tuple[object, ...]:
    row = conn.execute(query(name)).fetchone()
    assert row is not None
    return row
