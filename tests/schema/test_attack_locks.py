"""Attack class 3: one tenant locks every tenant out.

`LOCK TABLE ... IN ACCESS EXCLUSIVE MODE` needs only table-level UPDATE, DELETE or TRUNCATE (MAINTAIN
and pg_maintain from PostgreSQL 17, and pg_write_all_data gives UPDATE and DELETE). Held in an open
transaction, it blocks every tenant's reads and ingest and the refreshes. No application role may take
a lock stronger than ROW EXCLUSIVE on any relation of the schema (materialized views cannot be
locked with LOCK TABLE at all).
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from tests.schema.conftest import APP_ROLES, TENANT_A, TENANT_B, apply_project_schema
from tests.schema.hostile import HostileLogins
from tests.schema.support import fresh_database

BLOCKING_MODES = ("SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE")
RELATIONS = (
    "tenants",
    "attribution_events",
    "dead_events",
    "attribution_allocations",
    "reconciliation_runs",
    "revenue_ledger",
    "allocation_sum_guards",
    "posted_event_versions",
    "v_realtime_revenue",
    "v_reconciliation_status",
)


@pytest.mark.parametrize("member_of", APP_ROLES)
def test_no_application_login_can_lock_a_shared_relation_in_a_blocking_mode(
    hostile: HostileLogins, member_of: str
) -> None:
    conn = hostile.session(member_of, TENANT_A, autocommit=False)
    taken = []
    for relation in RELATIONS:
        for mode in BLOCKING_MODES:
            statement = sql.SQL("LOCK TABLE {} IN {} MODE NOWAIT").format(sql.Identifier(relation), sql.SQL(mode))
            try:
                conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                pass
            else:
                taken.append(f"{relation} {mode}")
            conn.rollback()
    assert taken == []


def test_a_lock_attempt_does_not_hold_up_another_tenant(hostile: HostileLogins) -> None:
    """Tenant A tries the strongest lock on allocations in an open transaction; tenant B's write goes on."""
    attacker = hostile.session("app_rw", TENANT_A, autocommit=False)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        attacker.execute("LOCK TABLE attribution_allocations IN ACCESS EXCLUSIVE MODE")
    attacker.rollback()
    attacker.execute("SELECT 1 FROM attribution_allocations FOR UPDATE")  # the most it can take: its own rows
    victim = hostile.session("app_rw", TENANT_B)  # lock_timeout bounds the wait: a block is an error
    victim.execute(
        "UPDATE attribution_allocations SET model_metadata = '{\"note\": 1}' WHERE tenant_id = %s", (TENANT_B,)
    )
    rows = victim.execute("SELECT count(*) FROM dead_events").fetchone()
    assert rows == (1,)
    attacker.rollback()


def test_no_application_login_can_row_lock_the_tenant_rows_every_insert_needs(hostile: HostileLogins) -> None:
    """FOR UPDATE (or FOR NO KEY UPDATE, FOR SHARE) of tenant rows would block every foreign-key check on them."""
    locked = []
    for member_of in APP_ROLES:
        conn = hostile.session(member_of, TENANT_A, autocommit=False)
        for strength in ("UPDATE", "NO KEY UPDATE", "SHARE", "KEY SHARE"):
            try:
                conn.execute(sql.SQL("SELECT id FROM tenants FOR {}").format(sql.SQL(strength)))
            except psycopg.errors.InsufficientPrivilege:
                pass
            else:
                locked.append(f"{member_of} FOR {strength}")
            conn.rollback()
    assert locked == []


def test_no_application_role_holds_a_table_privilege_that_permits_blocking_locks(seeded: str) -> None:
    with psycopg.connect(seeded) as conn:
        held = conn.execute(
            "SELECT r.rolname, c.relname, p.privilege"
            " FROM pg_class AS c"
            " CROSS JOIN pg_roles AS r"
            " CROSS JOIN unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS p (privilege)"
            " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'm', 'v')"
            "   AND r.rolname IN ('app_rw', 'app_ro', 'app_admin')"
            "   AND has_table_privilege(r.oid, c.oid, p.privilege)"
            " ORDER BY 1, 2, 3"
        ).fetchall()
        members = conn.execute(
            "SELECT g.rolname, m.rolname FROM pg_auth_members AS a"
            " JOIN pg_roles AS g ON g.oid = a.roleid JOIN pg_roles AS m ON m.oid = a.member"
            " WHERE m.rolname IN ('app_rw', 'app_ro', 'app_admin') AND g.rolname LIKE 'pg\\_%'"
        ).fetchall()
    assert held == []
    assert members == []


def test_apply_removes_memberships_of_app_roles_in_predefined_roles(server_url: str) -> None:
    """pg_write_all_data (UPDATE and DELETE everywhere) granted by hand is taken away by the apply."""
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute("GRANT pg_write_all_data TO app_admin")
    try:
        with fresh_database(server_url) as url:
            apply_project_schema(url)
            with psycopg.connect(url) as conn:
                member = conn.execute("SELECT pg_has_role('app_admin', 'pg_write_all_data', 'MEMBER')").fetchone()
        assert member == (False,)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            if admin.execute("SELECT pg_has_role('app_admin', 'pg_write_all_data', 'MEMBER')").fetchone() == (True,):
                admin.execute("REVOKE pg_write_all_data FROM app_admin")


def test_deletes_go_through_definer_functions_within_the_tenant(hostile: HostileLogins) -> None:
    """What the design needs of deletes still works, for the session's tenant only."""
    admin_a = hostile.session("app_admin", TENANT_A)
    assert admin_a.execute("SELECT purge_dead_events(now() + interval '1 hour')").fetchone() == (1,)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        admin_a.execute("SELECT delete_tenant(%s)", (TENANT_B,))
    writer_a = hostile.session("app_rw", TENANT_A)
    event = writer_a.execute(
        "INSERT INTO attribution_events (tenant_id, occurred_at, revenue_cents, raw_payload)"
        " VALUES (%s, now(), 100, '{}') RETURNING id",
        (TENANT_A,),
    ).fetchone()
    assert event is not None
    with writer_a.transaction():
        writer_a.execute(
            "INSERT INTO attribution_allocations"
            " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
            " VALUES (%s, %s, 'email', 100, 1, 'v2')",
            (TENANT_A, event[0]),
        )
    assert writer_a.execute("SELECT delete_allocations(%s, 'v2')", (event[0],)).fetchone() == (1,)
    assert writer_a.execute("SELECT delete_allocations(%s, 'v2')", (uuid.uuid4(),)).fetchone() == (0,)
    with psycopg.connect(hostile.url) as superuser:
        counts = superuser.execute(
            "SELECT (SELECT count(*) FROM dead_events), (SELECT count(*) FROM tenants)"
        ).fetchone()
    assert counts == (1, 2)  # tenant B's dead event and both tenants remain
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        admin_a.execute("SELECT rename_tenant(%s, 'Taken over')", (TENANT_B,))
    assert admin_a.execute("SELECT rename_tenant(%s, 'Tenant A, renamed')", (TENANT_A,)).fetchone() == (True,)
    assert admin_a.execute("SELECT delete_tenant(%s)", (TENANT_A,)).fetchone() == (True,)
