"""Attack class 6: global keys as a cross-tenant oracle.

With a global `PRIMARY KEY (id)`, tenant A inserting its own row with tenant B's id (or probing with
ON CONFLICT DO NOTHING) learns that the id exists elsewhere, waits while B's transaction holds it, and
can squat ids B will use. Keys are tenant-scoped now: no statement of A can tell B's ids from fresh ones.
Planner statistics on tenant_id would also let EXPLAIN tell which tenant ids exist: there are none.
"""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.schema.conftest import TENANT_A, TENANT_B
from tests.schema.hostile import Conn, HostileLogins
from tests.schema.support import seed_id

INSERTS = {
    "attribution_events": (
        "INSERT INTO attribution_events (id, tenant_id, occurred_at, revenue_cents, raw_payload)"
        " VALUES (%(id)s, %(tenant)s, now(), 0, '{}')",
        "event",
    ),
    "dead_events": (
        "INSERT INTO dead_events (id, tenant_id, source, error_code, error_detail, raw_payload)"
        " VALUES (%(id)s, %(tenant)s, 'stripe', 'probe', '{}', '{}')",
        "dead",
    ),
    "reconciliation_runs": (
        "INSERT INTO reconciliation_runs (id, tenant_id, last_run_at, state)"
        " VALUES (%(id)s, %(tenant)s, now(), 'idle')",
        "run",
    ),
    "revenue_ledger": (
        "INSERT INTO revenue_ledger (id, tenant_id, revenue_cents) VALUES (%(id)s, %(tenant)s, 0)",
        "ledger",
    ),
}


def outcome(conn: Conn, statement: str, params: dict[str, Any]) -> tuple[str, int]:
    """What a probe tells its author: the SQLSTATE (or 'ok') and how many rows it returned."""
    try:
        with conn.transaction(force_rollback=True):
            cursor = conn.execute(statement, params)
            return "ok", len(cursor.fetchall()) if cursor.description else cursor.rowcount
    except psycopg.Error as error:
        return error.sqlstate or "?", 0


@pytest.mark.parametrize("table", list(INSERTS))
def test_an_id_of_another_tenant_is_indistinguishable_from_a_fresh_one(hostile: HostileLogins, table: str) -> None:
    conn = hostile.session("app_rw", TENANT_A)
    statement, kind = INSERTS[table]
    for probe in (statement, statement + " ON CONFLICT DO NOTHING RETURNING id"):
        existing = outcome(conn, probe, {"id": seed_id(TENANT_B, kind), "tenant": TENANT_A})
        fresh = outcome(conn, probe, {"id": uuid.uuid4(), "tenant": TENANT_A})
        assert existing == fresh == ("ok", 1), probe


def test_a_posted_allocation_id_of_another_tenant_is_indistinguishable(hostile: HostileLogins) -> None:
    """Tenant B's alloc1 is posted: A pointing a ledger entry at it learns nothing a random id would not tell."""
    conn = hostile.session("app_rw", TENANT_A)
    statement = "INSERT INTO revenue_ledger (tenant_id, revenue_cents, allocation_id) VALUES (%(tenant)s, 6000, %(id)s)"
    existing = outcome(conn, statement, {"id": seed_id(TENANT_B, "alloc1"), "tenant": TENANT_A})
    fresh = outcome(conn, statement, {"id": uuid.uuid4(), "tenant": TENANT_A})
    assert existing == fresh == ("23503", 0)


def test_another_tenants_uncommitted_id_does_not_block(hostile: HostileLogins) -> None:
    shared_id = uuid.uuid4()
    other = hostile.session("app_rw", TENANT_B, autocommit=False)
    statement, _ = INSERTS["attribution_events"]
    other.execute(statement, {"id": shared_id, "tenant": TENANT_B})  # uncommitted: holds the id
    attacker = hostile.session("app_rw", TENANT_A)  # lock_timeout bounds the wait: a block is an error
    attacker.execute(statement, {"id": shared_id, "tenant": TENANT_A})
    other.commit()
    rows = attacker.execute("SELECT tenant_id FROM attribution_events WHERE id = %s", (shared_id,)).fetchall()
    assert rows == [(TENANT_A,)]


def test_one_tenant_cannot_squat_an_id_another_will_use(hostile: HostileLogins, seeded: str) -> None:
    squatted = uuid.uuid4()
    statement, _ = INSERTS["reconciliation_runs"]
    hostile.session("app_rw", TENANT_A).execute(statement, {"id": squatted, "tenant": TENANT_A})
    hostile.session("app_rw", TENANT_B).execute(statement, {"id": squatted, "tenant": TENANT_B})
    with psycopg.connect(seeded) as superuser:
        owners = superuser.execute(
            "SELECT tenant_id FROM reconciliation_runs WHERE id = %s ORDER BY tenant_id", (squatted,)
        ).fetchall()
    assert owners == [(TENANT_A,), (TENANT_B,)]


def _estimated_rows(conn: Conn, tenant: uuid.UUID) -> float:
    row = conn.execute(
        "EXPLAIN (FORMAT JSON) SELECT * FROM attribution_events WHERE tenant_id = %s", (tenant,)
    ).fetchone()
    assert row is not None
    return float(row[0][0]["Plan"]["Plan Rows"])


@pytest.mark.parametrize("context", ["unset", "own"])
def test_explain_estimates_do_not_tell_which_tenants_exist(hostile: HostileLogins, seeded: str, context: str) -> None:
    """B has 300 events, A 1: with statistics on tenant_id, B's estimate would stand out."""
    with psycopg.connect(seeded, autocommit=True) as superuser:
        superuser.execute(
            "INSERT INTO attribution_events (tenant_id, occurred_at, revenue_cents, raw_payload)"
            " SELECT %s, now(), 1, '{}' FROM generate_series(1, 300)",
            (TENANT_B,),
        )
        superuser.execute("ANALYZE attribution_events")
        stats = superuser.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'attribution_events' AND attname = 'tenant_id'"
        ).fetchone()
    assert stats == (0,)
    conn = hostile.session("app_ro", TENANT_A if context == "own" else None)
    estimates = {_estimated_rows(conn, tenant) for tenant in (TENANT_B, uuid.uuid4(), uuid.uuid4())}
    assert len(estimates) == 1, estimates
