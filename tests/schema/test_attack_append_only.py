"""Attack class 5: the append-only exemption keyed on trigger depth.

Deletes of events and ledger entries used to be let through when `pg_trigger_depth() > 1`, meant for the
cascade from `tenants`: any trigger satisfies that, including one on a temporary table of the session.
No application role holds DELETE on these tables, so the session here is a login of migration_owner,
the owner (a deploy job gone wrong, a compromised operator): "even an owner's mistake is caught".
The exemption now holds only when the row's tenant no longer exists.
"""

from __future__ import annotations

import psycopg
import pytest

from tests.schema.conftest import TENANT_A, TENANT_B
from tests.schema.hostile import HostileLogins
from tests.schema.support import seed_id

GUARDED = {
    "attribution_events": ("attribution_events", "event"),
    "revenue_ledger": ("revenue_ledger", "ledger"),
    "attribution_allocations (posted)": ("attribution_allocations", "alloc1"),
}


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as superuser:
        return {
            table: superuser.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table, _ in GUARDED.values()
        }


@pytest.mark.parametrize("guarded", list(GUARDED))
def test_a_trigger_on_a_temp_table_does_not_fake_the_tenant_cascade(
    hostile: HostileLogins, seeded: str, guarded: str
) -> None:
    table, kind = GUARDED[guarded]
    before = counts(seeded)
    conn = hostile.session("migration_owner", TENANT_B)
    conn.execute("CREATE TEMP TABLE detonator (x int)")
    conn.execute(
        "CREATE FUNCTION pg_temp.wipe() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN DELETE FROM public.{table} WHERE tenant_id = '{TENANT_B}' AND id = '{seed_id(TENANT_B, kind)}';"
        " RETURN NEW; END $$"
    )
    conn.execute(
        "CREATE TRIGGER detonate AFTER INSERT ON pg_temp.detonator FOR EACH ROW EXECUTE FUNCTION pg_temp.wipe()"
    )
    with pytest.raises(psycopg.errors.RestrictViolation):
        conn.execute("INSERT INTO pg_temp.detonator VALUES (1)")
    assert counts(seeded) == before
    with pytest.raises(psycopg.errors.RestrictViolation):  # and directly, without the trigger
        conn.execute(f"DELETE FROM {table} WHERE id = %s", (seed_id(TENANT_B, kind),))
    assert counts(seeded) == before


def test_deleting_the_tenant_still_cascades(hostile: HostileLogins, seeded: str) -> None:
    admin = hostile.session("app_admin", TENANT_A)
    assert admin.execute("SELECT delete_tenant(%s)", (TENANT_A,)).fetchone() == (True,)
    with psycopg.connect(seeded) as superuser:
        left = superuser.execute(
            "SELECT (SELECT count(*) FROM attribution_events WHERE tenant_id = %(a)s),"
            " (SELECT count(*) FROM revenue_ledger WHERE tenant_id = %(a)s),"
            " (SELECT count(*) FROM attribution_events WHERE tenant_id = %(b)s),"
            " (SELECT count(*) FROM revenue_ledger WHERE tenant_id = %(b)s)",
            {"a": TENANT_A, "b": TENANT_B},
        ).fetchone()
    assert left == (0, 0, 1, 1)
