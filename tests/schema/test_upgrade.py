"""sql/0004-0007 applied to a database that already holds rows of 0001-0003, as `schemactl apply` does.

The tenant-scoped keys are built concurrently and swapped in, the foreign keys re-pointed NOT VALID and
validated as migration_owner (forced RLS applies to it), and the ledger's existing postings claim their
event's model version.
"""

from __future__ import annotations

import psycopg

from schemactl.config import load_settings
from schemactl.database import DatabaseTarget, TargetSource
from schemactl.project import load_migrations
from schemactl.runner import apply
from tests.schema.conftest import PROJECT_ROOT, TENANT_A, TENANT_B
from tests.schema.support import fresh_database, seed_id, seed_tenant_rows

FIRST_RELEASE = 3  # sql/0001-0003


def test_the_hardening_applies_over_existing_rows(server_url: str) -> None:
    migrations = load_migrations(load_settings(PROJECT_ROOT))
    with fresh_database(server_url) as url:
        target = DatabaseTarget(url, TargetSource.FLAG)
        apply(target, migrations, to=FIRST_RELEASE, lock_wait_seconds=30)
        with psycopg.connect(url) as conn, conn.transaction():
            seed_tenant_rows(conn, TENANT_A, "Tenant A")
            seed_tenant_rows(conn, TENANT_B, "Tenant B")

        apply(target, migrations, lock_wait_seconds=30)

        with psycopg.connect(url) as conn:
            keys = conn.execute(
                "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE contype = 'p' AND connamespace = 'public'::regnamespace AND conrelid <> 'tenants'::regclass"
                " ORDER BY 1"
            ).fetchall()
            invalid = conn.execute(
                "SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND NOT convalidated"
            ).fetchall()
            claimed = conn.execute(
                "SELECT tenant_id, event_id, model_version FROM posted_event_versions ORDER BY tenant_id"
            ).fetchall()
            versions = conn.execute("SELECT max(version) FROM schemactl.schema_migrations").fetchone()
    assert {definition for _, definition in keys} <= {
        "PRIMARY KEY (tenant_id, id)",
        "PRIMARY KEY (tenant_id, event_id, model_version)",
        "PRIMARY KEY (tenant_id, event_id)",
    }
    assert ("attribution_events", "PRIMARY KEY (tenant_id, id)") in keys
    assert invalid == []
    assert claimed == [
        (TENANT_A, seed_id(TENANT_A, "event"), "v1"),
        (TENANT_B, seed_id(TENANT_B, "event"), "v1"),
    ]
    assert versions == (len(migrations),)
