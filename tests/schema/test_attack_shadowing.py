"""Attack class 1: object shadowing reaches the tenant function.

PostgreSQL searches pg_temp first for relations and types unless pg_temp is listed in search_path. A
session that may create temporary objects can create a type named `uuid` with casts over it, and a
function that resolves `::uuid` through the caller's search_path then returns what the attacker's cast
says: the policy of every table compares tenant_id with another tenant's id while the session's own
setting is correct. Here the hostile login is granted TEMPORARY by hand (the schema grants it to no
application role, see test_attack_temp_objects), so what is tested is the functions themselves.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest

from tests.schema.conftest import TENANT_A, TENANT_B
from tests.schema.hostile import Conn, HostileLogins, grant_temporary

TENANT_TABLES = (
    "attribution_events",
    "dead_events",
    "attribution_allocations",
    "reconciliation_runs",
    "revenue_ledger",
)


def shadow_uuid_type(conn: Conn, target: uuid.UUID) -> None:
    """pg_temp.uuid with a cast from text into it, and an implicit cast out of it that yields `target`."""
    conn.execute("CREATE TYPE pg_temp.uuid AS (v text)")
    conn.execute(
        "CREATE FUNCTION pg_temp.into_fake(text) RETURNS pg_temp.uuid LANGUAGE sql"
        " AS $$ SELECT ROW($1)::pg_temp.uuid $$"
    )
    conn.execute("CREATE CAST (text AS pg_temp.uuid) WITH FUNCTION pg_temp.into_fake(text)")
    conn.execute(
        "CREATE FUNCTION pg_temp.out_of_fake(pg_temp.uuid) RETURNS pg_catalog.uuid LANGUAGE sql"
        f" AS $$ SELECT '{target}'::pg_catalog.uuid $$"
    )
    conn.execute(
        "CREATE CAST (pg_temp.uuid AS pg_catalog.uuid) WITH FUNCTION pg_temp.out_of_fake(pg_temp.uuid) AS IMPLICIT"
    )


@pytest.mark.parametrize("member_of", ["app_rw", "app_ro"])
def test_a_temp_uuid_type_does_not_redirect_the_policy(hostile: HostileLogins, member_of: str) -> None:
    login = hostile.login(member_of)
    grant_temporary(hostile.url, login)
    conn = hostile.connect(login, TENANT_A)
    shadow_uuid_type(conn, TENANT_B)

    row = conn.execute("SELECT app_current_tenant_id()").fetchone()
    assert row == (TENANT_A,)
    for table in TENANT_TABLES:
        seen = {r[0] for r in conn.execute(f"SELECT tenant_id FROM {table}").fetchall()}
        assert seen == {TENANT_A}, f"{table} shows {seen} to tenant A's session"


def test_a_temp_uuid_type_does_not_let_a_write_land_in_another_tenant(hostile: HostileLogins) -> None:
    login = hostile.login("app_rw")
    grant_temporary(hostile.url, login)
    conn = hostile.connect(login, TENANT_A)
    shadow_uuid_type(conn, TENANT_B)

    with pytest.raises(
        psycopg.errors.InsufficientPrivilege
    ) as raised:  # the policy's WITH CHECK compares with tenant A
        conn.execute(
            "INSERT INTO dead_events (tenant_id, source, error_code, error_detail, raw_payload)"
            " VALUES (%s, 'stripe', 'forged', '{}', '{}')",
            (TENANT_B,),
        )
    assert "row-level security" in str(raised.value)
    conn.execute("RESET app.current_tenant_id")
    conn.execute("SELECT set_config('app.current_tenant_id', %s, false)", (str(TENANT_A),))
    # A temp relation shadowing a table the sum check reads: the check still reads public's.
    conn.execute("CREATE TEMP TABLE attribution_allocations (tenant_id uuid, event_id uuid, model_version text)")
    conn.execute("BEGIN")
    event = conn.execute(
        "INSERT INTO public.attribution_events (tenant_id, occurred_at, revenue_cents, raw_payload)"
        " VALUES (%s, now(), 1000, '{}') RETURNING id",
        (TENANT_A,),
    ).fetchone()
    assert event is not None
    conn.execute(
        "INSERT INTO public.attribution_allocations"
        " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
        " VALUES (%s, %s, 'email', 1, 1, 'v9')",
        (TENANT_A, event[0]),
    )
    with pytest.raises(psycopg.errors.CheckViolation) as unbalanced:  # 1 cent of 1000 allocated: refused at commit
        conn.execute("COMMIT")
    assert "sum to 1 cents" in str(unbalanced.value)


def test_every_function_pins_search_path_with_pg_temp_last(seeded: str) -> None:
    import psycopg

    with psycopg.connect(seeded) as conn:
        rows = conn.execute(
            "SELECT p.oid::regprocedure::text, p.proconfig FROM pg_proc AS p"
            " WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1"
        ).fetchall()
    assert rows, "no function in schema public"
    allowed = ({"search_path=pg_catalog, pg_temp"}, {"search_path=pg_catalog, public, pg_temp"})
    unpinned = [name for name, config in rows if not any(set(config or []) & a for a in allowed)]
    assert unpinned == []
