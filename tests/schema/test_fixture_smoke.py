from __future__ import annotations

import psycopg

from tests.schema.conftest import TENANT_A


def test_app_rw_sees_only_its_tenant(two_tenants: str) -> None:
    with psycopg.connect(two_tenants) as conn:
        conn.execute("SET ROLE app_rw")
        conn.execute("SELECT set_config('app.current_tenant_id', %s, false)", (str(TENANT_A),))
        rows = conn.execute("SELECT id FROM tenants").fetchall()
    assert rows == [(TENANT_A,)]
