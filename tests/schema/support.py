"""Shared helpers of the isolation and privilege tests.

- The grants matrix (templates/grants.toml), parsed once: the single source the expectations come from.
- Seeds: one event, a balanced set of allocations, a reconciliation run, a ledger entry and a dead event
  for each of TENANT_A and TENANT_B, inserted by the superuser (who bypasses RLS).
- Statement outcomes: "denied by grant", "rejected by RLS", "filtered by RLS", "allowed".
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import psycopg
from psycopg import errors, sql

from schemactl.database import with_database
from tests.schema.conftest import PROJECT_ROOT, TENANT_A, TENANT_B

# The matrix in force (0005 replaces the privileges of templates/grants.toml with it).
GRANTS_PATH = PROJECT_ROOT / "templates" / "grants_v2.toml"

# (role, object) pairs that see and change every tenant's rows by design: tenants_admin_policy
# (DESIGN 4.9: "app_admin administers all tenants"). Everything else: never another tenant's data.
CROSS_TENANT_BY_DESIGN = frozenset({("app_admin", "tenants")})

Query = sql.SQL | sql.Composed

_PRIVILEGE = re.compile(r"^\s*(?P<name>[A-Z]+)\s*(?:\((?P<columns>[^)]*)\))?\s*$")


# ---------------------------------------------------------------------------------------------
# The grants matrix
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Privilege:
    """One privilege of the matrix; `columns` is None for the whole object."""

    name: str
    columns: frozenset[str] | None

    def covers(self, name: str, columns: frozenset[str]) -> bool:
        if self.name != name:
            return False
        return self.columns is None or columns <= self.columns


def parse_privilege(text: str) -> Privilege:
    """'SELECT' -> (SELECT, None); 'UPDATE (a, b)' -> (UPDATE, {a, b})."""
    match = _PRIVILEGE.match(text)
    if match is None:
        raise ValueError(f"not a privilege: {text!r}")
    columns = match.group("columns")
    if columns is None:
        return Privilege(match.group("name"), None)
    return Privilege(match.group("name"), frozenset(c.strip() for c in columns.split(",") if c.strip()))


@cache
def grants_matrix() -> Mapping[str, Any]:
    with GRANTS_PATH.open("rb") as handle:
        return tomllib.load(handle)


def app_roles() -> tuple[str, ...]:
    return tuple(grants_matrix()["app_roles"])


def matrix_privileges(role: str, obj: str) -> tuple[Privilege, ...]:
    entry: Mapping[str, Any] = grants_matrix()["objects"][obj]
    return tuple(parse_privilege(text) for text in entry.get(role, []))


def has_privilege(role: str, obj: str, name: str, columns: frozenset[str] = frozenset()) -> bool:
    """Whether the matrix grants `name` on `obj` (on every one of `columns`, if given) to `role`."""
    return any(privilege.covers(name, columns) for privilege in matrix_privileges(role, obj))


def matrix_grant_set() -> set[tuple[str, str, str, str | None]]:
    """(role, object, privilege, column or None) for every app-role privilege of the matrix."""
    result: set[tuple[str, str, str, str | None]] = set()
    for obj in grants_matrix()["objects"]:
        for role in app_roles():
            for privilege in matrix_privileges(role, obj):
                if privilege.columns is None:
                    result.add((role, obj, privilege.name, None))
                else:
                    result.update((role, obj, privilege.name, column) for column in privilege.columns)
    return result


def matrix_objects(*kinds: str) -> tuple[str, ...]:
    return tuple(name for name, entry in grants_matrix()["objects"].items() if entry["kind"] in kinds)


# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------
_SEED_NAMESPACE = uuid.UUID("5eed0000-0000-4000-8000-000000000000")


def seed_id(tenant: uuid.UUID, kind: str) -> uuid.UUID:
    """Deterministic id of a seeded row of `tenant`."""
    return uuid.uuid5(_SEED_NAMESPACE, f"{tenant}:{kind}")


EVENT_REVENUE_CENTS = 10_000


def seed_tenant_rows(conn: psycopg.Connection[Any], tenant: uuid.UUID, name: str) -> None:
    """One row of every tenant-scoped table for `tenant`, with valid same-tenant references."""
    ids = {kind: seed_id(tenant, kind) for kind in ("event", "alloc1", "alloc2", "run", "ledger", "dead")}
    conn.execute("INSERT INTO tenants (id, name) VALUES (%s, %s)", (tenant, name))
    conn.execute(
        "INSERT INTO attribution_events (id, tenant_id, occurred_at, revenue_cents, raw_payload, external_event_id)"
        " VALUES (%s, %s, '2025-11-01 12:00+00', %s, '{}', %s)",
        (ids["event"], tenant, EVENT_REVENUE_CENTS, f"order-{name}"),
    )
    # Balanced: 6000 + 4000 = the event revenue (checked at COMMIT by trg_check_allocation_sum).
    conn.execute(
        "INSERT INTO attribution_allocations"
        " (id, tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
        " VALUES (%s, %s, %s, 'google_ads', 6000, 0.6, 'v1'), (%s, %s, %s, 'email', 4000, 0.4, 'v1')",
        (ids["alloc1"], tenant, ids["event"], ids["alloc2"], tenant, ids["event"]),
    )
    # Runs start as running and move to completed (the state machine of reconciliation_runs).
    conn.execute(
        "INSERT INTO reconciliation_runs (id, tenant_id, last_run_at, state)"
        " VALUES (%s, %s, '2025-11-02 00:00+00', 'running')",
        (ids["run"], tenant),
    )
    conn.execute(
        "UPDATE reconciliation_runs SET state = 'completed' WHERE tenant_id = %s AND id = %s", (tenant, ids["run"])
    )
    conn.execute(
        "INSERT INTO revenue_ledger (id, tenant_id, revenue_cents, allocation_id) VALUES (%s, %s, 6000, %s)",
        (ids["ledger"], tenant, ids["alloc1"]),
    )
    conn.execute(
        "INSERT INTO dead_events (id, tenant_id, source, error_code, error_detail, raw_payload)"
        " VALUES (%s, %s, 'shopify', 'invalid_signature', '{}', '{}')",
        (ids["dead"], tenant),
    )


def seed_two_tenants(url: str) -> None:
    """Rows of TENANT_A and TENANT_B in every table, committed, then the read path refreshed."""
    with psycopg.connect(url) as conn:
        with conn.transaction():
            seed_tenant_rows(conn, TENANT_A, "Tenant A")
            seed_tenant_rows(conn, TENANT_B, "Tenant B")
        conn.execute("SELECT refresh_read_path(), refresh_allocation_summary()")
        conn.commit()


@contextmanager
def fresh_database(server_url: str, template: str | None = None) -> Iterator[str]:
    """A new database (a copy of `template`, if given), dropped on exit; yields its URL."""
    name = "schemactl_test_" + uuid.uuid4().hex[:12]
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        create = sql.SQL("{} TEMPLATE {}").format(create, sql.Identifier(template))
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(create)
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def act_as(conn: psycopg.Connection[Any], role: str, tenant_context: str | None) -> None:
    """SET ROLE `role`; set app.current_tenant_id unless `tenant_context` is None (left unset)."""
    conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
    if tenant_context is not None:
        conn.execute("SELECT set_config('app.current_tenant_id', %s, false)", (tenant_context,))


# ---------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------
class Outcome(StrEnum):
    DENIED = "denied by grant"  # 42501 permission denied for ...
    NOT_UPDATABLE = "view not updatable"  # 55000: writes to the read-path views
    RLS_REJECTED = "rejected by RLS"  # 42501 new row violates row-level security policy
    FILTERED = "filtered by RLS"  # ran; saw or touched none of the target rows
    ALLOWED = "allowed"  # ran; saw or touched target rows


def classify_error(error: psycopg.Error) -> Outcome:
    """DENIED, RLS_REJECTED or NOT_UPDATABLE for the errors the protections raise; re-raise others."""
    message = error.diag.message_primary or ""
    if isinstance(error, errors.InsufficientPrivilege):
        if "violates row-level security policy" in message:
            return Outcome.RLS_REJECTED
        if message.startswith("permission denied for"):
            return Outcome.DENIED
    if isinstance(error, errors.ObjectNotInPrerequisiteState) and re.match(r"cannot \w+ (into |from )?view ", message):
        return Outcome.NOT_UPDATABLE
    raise error


def write_outcome(conn: psycopg.Connection[Any], query: Query, params: Mapping[str, Any]) -> Outcome:
    """Run a write in a savepoint that is always rolled back: ALLOWED if it touched rows."""
    try:
        with conn.transaction(force_rollback=True):
            rowcount = conn.execute(query, params).rowcount
    except psycopg.Error as error:
        return classify_error(error)
    return Outcome.ALLOWED if rowcount > 0 else Outcome.FILTERED


def visible_tenants(conn: psycopg.Connection[Any], query: Query, params: Mapping[str, Any]) -> set[uuid.UUID] | Outcome:
    """The tenant ids a SELECT returns (in a rolled-back savepoint), or the refusal."""
    try:
        with conn.transaction(force_rollback=True):
            rows = conn.execute(query, params).fetchall()
    except psycopg.Error as error:
        return classify_error(error)
    return {row[0] for row in rows}
