"""Attack class 2: temporary objects poison pooled connections.

With TEMPORARY, a session creates `pg_temp.attribution_events` or a temp view `v_realtime_revenue`; on
a pooled connection the next tenant's unqualified statements read or write the attacker's objects.
No application role (nor PUBLIC) may create temporary objects.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.schema.conftest import APP_ROLES, TENANT_A
from tests.schema.hostile import HostileLogins

TEMP_OBJECTS = {
    "table": "CREATE TEMP TABLE attribution_events (tenant_id uuid, revenue_cents integer)",
    "view": "CREATE TEMP VIEW v_realtime_revenue AS SELECT 1 AS total_revenue",
    "table in pg_temp": "CREATE TABLE pg_temp.revenue_ledger (revenue_cents integer)",
    "type": "CREATE TYPE pg_temp.uuid AS (v text)",
    "domain": "CREATE DOMAIN pg_temp.text AS varchar",
    "function": "CREATE FUNCTION pg_temp.app_current_tenant_id() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "sequence": "CREATE TEMP SEQUENCE tenants",
}


@pytest.mark.parametrize("kind", list(TEMP_OBJECTS))
@pytest.mark.parametrize("member_of", APP_ROLES)
def test_application_logins_cannot_create_temporary_objects(hostile: HostileLogins, member_of: str, kind: str) -> None:
    conn = hostile.session(member_of, TENANT_A)
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as raised:
        conn.execute(TEMP_OBJECTS[kind])
    assert "permission denied to create temporary tables" in str(raised.value)


def test_the_next_tenant_on_a_pooled_connection_reads_the_real_table(hostile: HostileLogins) -> None:
    """What the attack is for: the same connection, handed to tenant B, must read public's rows."""
    conn = hostile.session("app_rw", TENANT_A)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("CREATE TEMP TABLE reconciliation_runs AS SELECT * FROM public.reconciliation_runs")
    conn.execute("SELECT set_config('app.current_tenant_id', %s, false)", ("bbbbbbbb-0000-4000-8000-000000000002",))
    rows = conn.execute("SELECT tenant_id::text, state FROM reconciliation_runs").fetchall()
    assert rows == [("bbbbbbbb-0000-4000-8000-000000000002", "completed")]


def test_no_application_role_nor_public_holds_temporary(seeded: str) -> None:
    with psycopg.connect(seeded) as conn:
        holders = conn.execute(
            "SELECT r.rolname FROM pg_roles AS r"
            " WHERE r.rolname IN ('app_rw', 'app_ro', 'app_admin')"
            "   AND has_database_privilege(r.oid, current_database(), 'TEMPORARY')"
        ).fetchall()
        public = conn.execute(
            "SELECT count(*) FROM pg_database AS d, aclexplode(d.datacl) AS a"
            " WHERE d.datname = current_database() AND a.grantee = 0 AND a.privilege_type = 'TEMPORARY'"
        ).fetchone()
    assert holders == []
    assert public == (0,)
