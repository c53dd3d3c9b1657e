"""Tenant isolation: row-level security and grants, as the application roles see them.

The expectations come from templates/grants.toml (does the role hold the privilege?) and the RLS
design (never another tenant's rows, except app_admin on `tenants`, DESIGN 4.9). One seeded database
per module: every statement runs in a savepoint that is rolled back, on a connection of its own.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

import psycopg
import pytest
from psycopg import errors, sql

from tests.schema.conftest import TENANT_A, TENANT_B
from tests.schema.support import (
    CROSS_TENANT_BY_DESIGN,
    Outcome,
    act_as,
    app_roles,
    fresh_database,
    grants_matrix,
    has_privilege,
    matrix_objects,
    seed_id,
    seed_two_tenants,
    visible_tenants,
    write_outcome,
)


@dataclass(frozen=True)
class Target:
    """A tenant-scoped table or read-path view, and how to write one row of it."""

    name: str
    tenant_column: str
    # INSERT of one row; parameters %(id)s, %(tenant)s, %(event)s (an event of that tenant).
    insert: LiteralString
    insert_columns: frozenset[str]
    # SET clause of an ordinary update, and the columns it writes.
    set_clause: LiteralString
    set_columns: frozenset[str]
    # Which seeded row an upsert collides with (None: the tenant row itself); None for views.
    seed_kind: str | None = None
    # The conflict target of an upsert: the primary key, tenant-scoped except on tenants itself.
    key: LiteralString = "tenant_id, id"

    @property
    def kind(self) -> str:
        kind: str = grants_matrix()["objects"][self.name]["kind"]
        return kind

    @property
    def identifier(self) -> sql.Identifier:
        return sql.Identifier(self.name)

    @property
    def column(self) -> sql.Identifier:
        return sql.Identifier(self.tenant_column)


TARGETS: tuple[Target, ...] = (
    Target(
        "tenants",
        "id",
        "INSERT INTO tenants (id, name) VALUES (%(id)s, 'Intruder')",
        frozenset({"id", "name"}),
        "name = 'Renamed'",
        frozenset({"name"}),
        key="id",
    ),
    Target(
        "attribution_events",
        "tenant_id",
        "INSERT INTO attribution_events (id, tenant_id, occurred_at, revenue_cents, raw_payload)"
        " VALUES (%(id)s, %(tenant)s, '2025-11-03 00:00+00', 0, '{}')",
        frozenset({"id", "tenant_id", "occurred_at", "revenue_cents", "raw_payload"}),
        """raw_payload = '{"tampered": true}'""",
        frozenset({"raw_payload"}),
        "event",
    ),
    Target(
        "dead_events",
        "tenant_id",
        "INSERT INTO dead_events (id, tenant_id, source, error_code, error_detail, raw_payload)"
        " VALUES (%(id)s, %(tenant)s, 'stripe', 'intruder', '{}', '{}')",
        frozenset({"id", "tenant_id", "source", "error_code", "error_detail", "raw_payload"}),
        "error_code = 'tampered'",
        frozenset({"error_code"}),
        "dead",
    ),
    Target(
        "attribution_allocations",
        "tenant_id",
        "INSERT INTO attribution_allocations"
        " (id, tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
        " VALUES (%(id)s, %(tenant)s, %(event)s, 'other', 0, 0, 'intruder')",
        frozenset(
            {"id", "tenant_id", "event_id", "channel", "allocated_revenue_cents", "allocation_ratio", "model_version"}
        ),
        """model_metadata = '{"tampered": true}'""",
        frozenset({"model_metadata"}),
        "alloc1",
    ),
    Target(
        "revenue_ledger",
        "tenant_id",
        "INSERT INTO revenue_ledger (id, tenant_id, revenue_cents) VALUES (%(id)s, %(tenant)s, 0)",
        frozenset({"id", "tenant_id", "revenue_cents"}),
        "is_verified = true, verified_at = now()",
        frozenset({"is_verified", "verified_at"}),
        "ledger",
    ),
    Target(
        "reconciliation_runs",
        "tenant_id",
        "INSERT INTO reconciliation_runs (id, tenant_id, last_run_at, state)"
        " VALUES (%(id)s, %(tenant)s, '2025-11-03 00:00+00', 'idle')",
        frozenset({"id", "tenant_id", "last_run_at", "state"}),
        "state = 'failed'",
        frozenset({"state"}),
        "run",
    ),
    Target(
        "posted_event_versions",
        "tenant_id",
        "INSERT INTO posted_event_versions (tenant_id, event_id, model_version)"
        " VALUES (%(tenant)s, %(event)s, 'intruder')",
        frozenset({"tenant_id", "event_id", "model_version"}),
        "model_version = 'tampered'",
        frozenset({"model_version"}),
        "event",
        key="tenant_id, event_id",
    ),
    Target(
        "v_realtime_revenue",
        "tenant_id",
        "INSERT INTO v_realtime_revenue (tenant_id) VALUES (%(tenant)s)",
        frozenset({"tenant_id"}),
        "total_revenue = 0",
        frozenset({"total_revenue"}),
    ),
    Target(
        "v_reconciliation_status",
        "tenant_id",
        "INSERT INTO v_reconciliation_status (tenant_id) VALUES (%(tenant)s)",
        frozenset({"tenant_id"}),
        "state = 'failed'",
        frozenset({"state"}),
    ),
)
TARGET_BY_NAME = {target.name: target for target in TARGETS}
# Tenant-scoped tables no application role may touch at all (written by definer-rights functions).
INTERNAL_TABLES = frozenset({"allocation_sum_guards"})
ROLES = app_roles()

# Values of app.current_tenant_id that must show nothing and accept nothing (None: never set).
BAD_CONTEXTS: dict[str, str | None] = {
    "unset": None,
    "empty": "",
    "blank": "   ",
    "not-a-uuid": "not-a-uuid",
    "sql-injection": "' OR 1=1 --",
    "braced-uuid": "{" + str(TENANT_A) + "}",
    "unhyphenated-uuid": TENANT_A.hex,
    "two-uuids": f"{TENANT_A},{TENANT_B}",
}


# ---------------------------------------------------------------------------------------------
# What each operation needs, and what it must end in
# ---------------------------------------------------------------------------------------------
OPERATIONS = ("select", "insert", "update", "move", "delete", "upsert")
WRITES = frozenset(OPERATIONS) - {"select"}


def required_privileges(target: Target, operation: str) -> list[tuple[str, frozenset[str]]]:
    tenant = frozenset({target.tenant_column})
    return {
        "select": [("SELECT", tenant)],
        "insert": [("INSERT", target.insert_columns)],
        "update": [("UPDATE", target.set_columns), ("SELECT", tenant)],
        "move": [("UPDATE", tenant), ("SELECT", tenant)],
        "delete": [("DELETE", frozenset()), ("SELECT", tenant)],
        "upsert": [("INSERT", target.insert_columns), ("UPDATE", target.set_columns), ("SELECT", tenant)],
    }[operation]


def expected_outcomes(role: str, target: Target, operation: str) -> frozenset[Outcome]:
    """What the grants matrix and the RLS design say must happen."""
    granted = all(has_privilege(role, target.name, name, cols) for name, cols in required_privileges(target, operation))
    is_view_write = target.kind == "view" and operation in WRITES
    if not granted:
        # Writes to the read-path views are refused by the rewriter before privileges are checked.
        return frozenset({Outcome.DENIED, Outcome.NOT_UPDATABLE}) if is_view_write else frozenset({Outcome.DENIED})
    if is_view_write:
        return frozenset({Outcome.NOT_UPDATABLE})
    if (role, target.name) in CROSS_TENANT_BY_DESIGN:
        return frozenset({Outcome.ALLOWED})
    if operation in ("select", "update", "delete"):
        return frozenset({Outcome.FILTERED})
    if operation == "upsert":
        # Keys are tenant-scoped: another tenant's id never collides, the own row is inserted.
        return frozenset({Outcome.FILTERED})
    return frozenset({Outcome.RLS_REJECTED})


def matrix_cases() -> list[Any]:
    return [
        pytest.param(role, target, operation, id=f"{role}-{target.name}-{operation}")
        for role in ROLES
        for target in TARGETS
        for operation in OPERATIONS
        if not (operation == "upsert" and target.kind == "view")
    ]


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeded_url(server_url: str, schema_template: str) -> Iterator[str]:
    """The schema with a full set of rows for TENANT_A and TENANT_B and a refreshed read path.

    Tests never commit to it: every statement runs in a rolled-back savepoint.
    """
    with fresh_database(server_url, schema_template) as url:
        seed_two_tenants(url)
        yield url


@pytest.fixture
def superuser(seeded_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A superuser session in a transaction that is rolled back at the end."""
    with psycopg.connect(seeded_url) as conn:
        try:
            yield conn
        finally:
            conn.rollback()


# ---------------------------------------------------------------------------------------------
# The matrix: tenant A's context against tenant B's rows
# ---------------------------------------------------------------------------------------------
def test_targets_cover_every_tenant_scoped_object(superuser: psycopg.Connection[Any]) -> None:
    """The matrix below runs over every RLS table of the database and every table and view of grants.toml."""
    rls_tables = {
        row[0]
        for row in superuser.execute(
            "SELECT c.relname FROM pg_class AS c WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity"
        ).fetchall()
    }
    assert set(TARGET_BY_NAME) | INTERNAL_TABLES == rls_tables | set(matrix_objects("view"))
    assert rls_tables | set(matrix_objects("view")) == set(matrix_objects("table", "view"))
    forced = superuser.execute(
        "SELECT c.relname FROM pg_class AS c"
        " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND NOT c.relforcerowsecurity"
    ).fetchall()
    assert forced == [], "every table of public must have FORCE ROW LEVEL SECURITY"


def _run(
    conn: psycopg.Connection[Any], target: Target, operation: str, own: uuid.UUID, other: uuid.UUID
) -> Outcome | set[uuid.UUID]:
    """Run `operation` of tenant `own` against tenant `other`'s rows."""
    table, column = target.identifier, target.column
    match operation:
        case "select":
            return visible_tenants(conn, sql.SQL("SELECT {} FROM {}").format(column, table), {})
        case "insert":
            params = {"id": uuid.uuid4(), "tenant": other, "event": seed_id(other, "event")}
            return write_outcome(conn, sql.SQL(target.insert), params)
        case "update":
            query = sql.SQL("UPDATE {} SET {} WHERE {} = %(other)s").format(table, sql.SQL(target.set_clause), column)
            return write_outcome(conn, query, {"other": other})
        case "move":
            query = sql.SQL("UPDATE {} SET {} = %(other)s WHERE {} = %(own)s").format(table, column, column)
            return write_outcome(conn, query, {"other": other, "own": own})
        case "delete":
            query = sql.SQL("DELETE FROM {} WHERE {} = %(other)s").format(table, column)
            return write_outcome(conn, query, {"other": other})
        case "upsert":
            # A row of the own tenant whose id collides with the other tenant's row.
            colliding = other if target.seed_kind is None else seed_id(other, target.seed_kind)
            query = sql.SQL("{} ON CONFLICT ({}) DO UPDATE SET {} RETURNING {}").format(
                sql.SQL(target.insert), sql.SQL(target.key), sql.SQL(target.set_clause), column
            )
            return visible_tenants(conn, query, {"id": colliding, "tenant": own, "event": seed_id(own, "event")})
    raise AssertionError(operation)


@pytest.mark.parametrize(("role", "target", "operation"), matrix_cases())
def test_tenant_a_against_tenant_b(
    superuser: psycopg.Connection[Any], role: str, target: Target, operation: str
) -> None:
    """Never another tenant's data: denied by grant, filtered or rejected by RLS (app_admin on tenants aside)."""
    own, other = TENANT_A, TENANT_B
    if target.name == "tenants" and operation == "move":
        # A tenant with rows cannot change its id (the foreign keys are ON UPDATE NO ACTION), which
        # would hide what RLS does; move a tenant that has none, in the rolled-back transaction.
        own = uuid.uuid4()
        superuser.execute("INSERT INTO tenants (id, name) VALUES (%s, 'Childless')", (own,))
        other = uuid.uuid4()
    act_as(superuser, role, str(own))

    result = _run(superuser, target, operation, own, other)

    expected = expected_outcomes(role, target, operation)
    if isinstance(result, set):
        # A SELECT ran: the own tenant's rows are visible (so the check means something); the other's only by design.
        if operation == "select":
            assert own in result, f"{role} does not see its own rows of {target.name}"
        observed = Outcome.ALLOWED if other in result else Outcome.FILTERED
        assert result <= {own, other}
    else:
        observed = result
    assert observed in expected, f"{role} {operation} on {target.name}: {observed}, expected {set(expected)}"


# ---------------------------------------------------------------------------------------------
# Unset, empty or malformed context: nothing visible, nothing writable
# ---------------------------------------------------------------------------------------------
def _expected_without_context(role: str, target: Target) -> dict[str, frozenset[Outcome]]:
    return {op: expected_outcomes(role, target, op) for op in ("select", "insert", "update", "delete")}


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("context", list(BAD_CONTEXTS), ids=list(BAD_CONTEXTS))
def test_no_valid_context_sees_nothing_and_writes_nothing(
    superuser: psycopg.Connection[Any], context: str, role: str, target: Target
) -> None:
    act_as(superuser, role, BAD_CONTEXTS[context])
    assert superuser.execute("SELECT app_current_tenant_id()").fetchone() == (None,)
    table, column = target.identifier, target.column
    cross_tenant = (role, target.name) in CROSS_TENANT_BY_DESIGN

    seen = visible_tenants(superuser, sql.SQL("SELECT {} FROM {}").format(column, table), {})
    if isinstance(seen, set):
        # Nothing at all, not even "some" tenant; app_admin on tenants sees every tenant by design.
        assert seen == ({TENANT_A, TENANT_B} if cross_tenant else set())
        select = Outcome.ALLOWED if seen else Outcome.FILTERED
    else:
        select = seen
    observed = {
        "select": select,
        "insert": write_outcome(
            superuser,
            sql.SQL(target.insert),
            {"id": uuid.uuid4(), "tenant": TENANT_A, "event": seed_id(TENANT_A, "event")},
        ),
        "update": write_outcome(superuser, sql.SQL("UPDATE {} SET {}").format(table, sql.SQL(target.set_clause)), {}),
        "delete": write_outcome(superuser, sql.SQL("DELETE FROM {}").format(table), {}),
    }

    expected = _expected_without_context(role, target)
    mismatches = {op: (observed[op], set(expected[op])) for op in observed if observed[op] not in expected[op]}
    assert mismatches == {}


def test_reset_context_sees_nothing(superuser: psycopg.Connection[Any]) -> None:
    """A context that was set and then RESET (what a pooled connection goes back to) is no tenant."""
    act_as(superuser, "app_rw", str(TENANT_A))
    assert superuser.execute("SELECT count(*) FROM attribution_events").fetchone() == (1,)
    superuser.execute("RESET app.current_tenant_id")
    assert superuser.execute("SELECT count(*) FROM attribution_events").fetchone() == (0,)
    assert superuser.execute("SELECT count(*) FROM v_realtime_revenue").fetchone() == (0,)


# ---------------------------------------------------------------------------------------------
# The read path: materialized views hold every tenant, so no app role reads them
# ---------------------------------------------------------------------------------------------
MATERIALIZED_VIEWS = matrix_objects("materialized view")
READ_VIEWS = {"v_realtime_revenue": "mv_realtime_revenue", "v_reconciliation_status": "mv_reconciliation_status"}


def test_materialized_views_are_all_in_the_matrix(superuser: psycopg.Connection[Any]) -> None:
    rows = superuser.execute("SELECT matviewname FROM pg_matviews WHERE schemaname = 'public'").fetchall()
    assert {row[0] for row in rows} == set(MATERIALIZED_VIEWS)
    assert set(READ_VIEWS) == set(matrix_objects("view"))


@pytest.mark.parametrize("view", MATERIALIZED_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_materialized_views_are_not_readable(superuser: psycopg.Connection[Any], role: str, view: str) -> None:
    query = sql.SQL("SELECT tenant_id FROM {}").format(sql.Identifier(view))
    # The MV does hold both tenants (so a grant would leak B's data to A)...
    assert visible_tenants(superuser, query, {}) == {TENANT_A, TENANT_B}
    # ...and no application role can read it, whatever its tenant context.
    act_as(superuser, role, str(TENANT_A))
    assert visible_tenants(superuser, query, {}) == Outcome.DENIED
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for materialized view"):
        superuser.execute(query)


@pytest.mark.parametrize("view", list(READ_VIEWS))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tenant", [TENANT_A, TENANT_B], ids=["A", "B"])
def test_read_views_show_only_the_current_tenant(
    superuser: psycopg.Connection[Any], role: str, view: str, tenant: uuid.UUID
) -> None:
    materialized = sql.Identifier(READ_VIEWS[view])
    columns = [
        row[0]
        for row in superuser.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
            " AND attname IN (SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass) ORDER BY attnum",
            (view, READ_VIEWS[view]),
        ).fetchall()
    ]
    shared = sql.SQL(", ").join(sql.Identifier(column) for column in columns)
    stored = superuser.execute(sql.SQL("SELECT {} FROM {} ORDER BY tenant_id").format(shared, materialized)).fetchall()
    assert [row[columns.index("tenant_id")] for row in stored] == [TENANT_A, TENANT_B]

    act_as(superuser, role, str(tenant))
    shown = superuser.execute(sql.SQL("SELECT {} FROM {}").format(shared, sql.Identifier(view))).fetchall()
    assert shown == [row for row in stored if row[columns.index("tenant_id")] == tenant]


# ---------------------------------------------------------------------------------------------
# The policy keeps the tenant indexes usable and reads the context once per query
# ---------------------------------------------------------------------------------------------
def _plan_nodes(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


EXPLAINED_QUERIES: dict[str, LiteralString] = {
    "explicit-tenant": "SELECT id, occurred_at FROM attribution_events WHERE tenant_id = %(tenant)s"
    " ORDER BY occurred_at DESC LIMIT 10",
    "policy-only": "SELECT id, occurred_at FROM attribution_events ORDER BY occurred_at DESC LIMIT 10",
}


@pytest.mark.parametrize("query_name", list(EXPLAINED_QUERIES))
def test_policy_uses_tenant_index_and_an_initplan(superuser: psycopg.Connection[Any], query_name: str) -> None:
    act_as(superuser, "app_rw", str(TENANT_A))
    superuser.execute("SET LOCAL enable_seqscan = off")
    explain = sql.SQL("EXPLAIN (FORMAT JSON, VERBOSE) ") + sql.SQL(EXPLAINED_QUERIES[query_name])
    row = superuser.execute(explain, {"tenant": TENANT_A}).fetchone()
    assert row is not None
    nodes = list(_plan_nodes(row[0][0]["Plan"]))

    index_scans = [
        node
        for node in nodes
        if node["Node Type"] in ("Index Scan", "Index Only Scan", "Bitmap Index Scan")
        # The (tenant_id, ...) indexes, the primary key (tenant_id, id) among them.
        and node.get("Index Name", "").startswith(("idx_attribution_events_tenant", "pk_attribution_events"))
    ]
    assert index_scans, [(node["Node Type"], node.get("Index Name")) for node in nodes]

    # The policy's (SELECT app_current_tenant_id()) is an InitPlan: evaluated once per query.
    initplans = [
        node
        for node in nodes
        if node.get("Parent Relationship") == "InitPlan"
        and any("app_current_tenant_id" in output for output in node.get("Output", []))
    ]
    assert len(initplans) == 1, nodes
    if query_name == "policy-only":
        # With no predicate of its own, the index is searched with the InitPlan's value.
        # PostgreSQL 18 names it "InitPlan 1" in the condition; up to 17, "InitPlan 1 (returns $0)" is "$0".
        name = initplans[0]["Subplan Name"]
        returns = re.search(r"\(returns (\$\d+)\)", name)
        reference = returns.group(1) if returns else name
        assert any(reference in node.get("Index Cond", "") for node in index_scans), index_scans
    # Nothing evaluates the tenant expression per row.
    per_row = [node for node in nodes if node.get("Parent Relationship") == "SubPlan"]
    assert per_row == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM allocation_sum_guards",
        "INSERT INTO allocation_sum_guards (tenant_id, event_id, model_version) VALUES (%(tenant)s, %(event)s, 'x')",
        "UPDATE allocation_sum_guards SET checked_at = now()",
        "DELETE FROM allocation_sum_guards",
    ],
)
def test_internal_tables_are_closed_to_every_app_role(
    superuser: psycopg.Connection[Any], role: str, statement: LiteralString
) -> None:
    assert superuser.execute("SELECT count(*) FROM allocation_sum_guards").fetchone() == (2,)
    act_as(superuser, role, str(TENANT_A))
    with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table allocation_sum_guards"):
        superuser.execute(statement, {"tenant": TENANT_A, "event": seed_id(TENANT_A, "event")})
