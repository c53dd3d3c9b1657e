"""Attack class 7: values that no real event has.

Timestamps are finite and within [2000-01-01, now() + 1 day]; created_at (and dead_events.ingested_at)
is the server's time whatever the client sends; model_version and the idempotency keys
(external_event_id) reject empty, whitespace-only, padded and control-character values.
"""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg
import pytest

from tests.schema.conftest import TENANT_A
from tests.schema.hostile import Conn, HostileLogins
from tests.schema.support import seed_id

OUT_OF_RANGE = [
    "'infinity'",
    "'-infinity'",
    "'1999-12-31 23:59:59+00'",
    "now() + interval '25 hours'",
    "'294276-01-01'",
]
DIRTY_TEXT = ["", " ", "   ", "\t", "\n", "v1\n", "v\x01", " v1", "v1 ", "\u00a0", "\u200b", "v1\u200b", "\x7f"]
GOOD_TEXT = ["v7", "2025.11-beta+7", "order #1042", "ünïcødé"]


@pytest.fixture
def writer(hostile: HostileLogins) -> Conn:
    return hostile.session("app_rw", TENANT_A)


def _event(conn: Conn, occurred_at: str = "now()", external: str | None = None) -> None:
    conn.execute(
        "INSERT INTO attribution_events (tenant_id, occurred_at, revenue_cents, raw_payload, external_event_id)"
        f" VALUES (%s, {occurred_at}, 0, '{{}}', %s)",
        (TENANT_A, external),
    )


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_occurred_at_is_finite_and_in_range(writer: Conn, value: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        _event(writer, value)
    _event(writer, "now() + interval '23 hours'")  # control: a clock a little ahead
    _event(writer, "'2000-01-01 00:00:00+00'")


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_last_run_at_is_finite_and_in_range(writer: Conn, value: str) -> None:
    row = writer.execute(
        "INSERT INTO reconciliation_runs (tenant_id, last_run_at, state) VALUES (%s, now(), 'idle') RETURNING id",
        (TENANT_A,),
    ).fetchone()
    assert row is not None
    with pytest.raises(psycopg.errors.CheckViolation):
        writer.execute(
            f"INSERT INTO reconciliation_runs (tenant_id, last_run_at, state) VALUES (%s, {value}, 'idle')",
            (TENANT_A,),
        )
    with pytest.raises(psycopg.errors.CheckViolation):
        writer.execute(f"UPDATE reconciliation_runs SET last_run_at = {value} WHERE id = %s", (row[0],))


def test_created_at_is_set_by_the_server(hostile: HostileLogins, seeded: str) -> None:
    forged = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
    writer = hostile.session("app_rw", TENANT_A)
    admin = hostile.session("app_admin", TENANT_A)
    new_tenant = uuid.uuid4()
    admin.execute(
        "INSERT INTO tenants (id, name, created_at, updated_at) VALUES (%s, 'T', %s, %s)", (new_tenant, forged, forged)
    )
    event = uuid.uuid4()
    writer.execute(
        "INSERT INTO attribution_events"
        " (id, tenant_id, occurred_at, revenue_cents, raw_payload, created_at, updated_at)"
        " VALUES (%s, %s, now(), 100, '{}', %s, %s)",
        (event, TENANT_A, forged, forged),
    )
    with writer.transaction():
        writer.execute(
            "INSERT INTO attribution_allocations"
            " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version, created_at)"
            " VALUES (%s, %s, 'email', 100, 1, 'v1', %s)",
            (TENANT_A, event, forged),
        )
    writer.execute(
        "INSERT INTO reconciliation_runs (tenant_id, last_run_at, state, created_at) VALUES (%s, now(), 'idle', %s)",
        (TENANT_A, forged),
    )
    writer.execute(
        "INSERT INTO revenue_ledger (tenant_id, revenue_cents, created_at) VALUES (%s, 5, %s)", (TENANT_A, forged)
    )
    writer.execute(
        "INSERT INTO dead_events (tenant_id, source, error_code, error_detail, raw_payload, ingested_at)"
        " VALUES (%s, 'stripe', 'x', '{}', '{}', %s)",
        (TENANT_A, forged),
    )
    with psycopg.connect(seeded) as superuser:
        oldest = superuser.execute(
            "SELECT min(t) FROM (SELECT created_at FROM tenants WHERE id = %(n)s"
            " UNION ALL SELECT updated_at FROM tenants WHERE id = %(n)s"
            " UNION ALL SELECT created_at FROM attribution_events WHERE id = %(e)s"
            " UNION ALL SELECT updated_at FROM attribution_events WHERE id = %(e)s"
            " UNION ALL SELECT created_at FROM attribution_allocations WHERE event_id = %(e)s"
            " UNION ALL SELECT created_at FROM reconciliation_runs WHERE tenant_id = %(a)s"
            " UNION ALL SELECT created_at FROM revenue_ledger WHERE tenant_id = %(a)s"
            " UNION ALL SELECT ingested_at FROM dead_events WHERE tenant_id = %(a)s AND error_code = 'x') AS s (t)",
            {"n": new_tenant, "e": event, "a": TENANT_A},
        ).fetchone()
    assert oldest is not None
    assert oldest[0] > forged + dt.timedelta(days=3650)


def test_created_at_never_changes(seeded: str) -> None:
    with psycopg.connect(seeded) as superuser:  # even the owner's update keeps it
        before = superuser.execute("SELECT created_at FROM tenants WHERE id = %s", (TENANT_A,)).fetchone()
        superuser.execute("UPDATE tenants SET created_at = '2001-01-01', name = 'A2' WHERE id = %s", (TENANT_A,))
        after = superuser.execute("SELECT created_at FROM tenants WHERE id = %s", (TENANT_A,)).fetchone()
    assert before == after


# '', ' ' and '   ' were refused before (ck_attribution_allocations_model_version_not_empty).
DIRTY_VERSIONS = [value for value in DIRTY_TEXT if value.strip(" ")]


@pytest.mark.parametrize("value", DIRTY_VERSIONS, ids=[repr(v) for v in DIRTY_VERSIONS])
def test_model_version_rejects_empty_whitespace_and_control_characters(writer: Conn, value: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation), writer.transaction():
        writer.execute(
            "INSERT INTO attribution_allocations"
            " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
            " VALUES (%s, %s, 'sms', 10000, 1, %s)",
            (TENANT_A, seed_id(TENANT_A, "event"), value),
        )


@pytest.mark.parametrize("value", DIRTY_TEXT, ids=[repr(v) for v in DIRTY_TEXT])
def test_idempotency_keys_reject_empty_whitespace_and_control_characters(writer: Conn, value: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        _event(writer, external=value)
    with pytest.raises(psycopg.errors.CheckViolation):
        writer.execute(
            "INSERT INTO dead_events (tenant_id, source, error_code, error_detail, raw_payload, external_event_id)"
            " VALUES (%s, 'stripe', 'x', '{}', '{}', %s)",
            (TENANT_A, value),
        )
    for good in GOOD_TEXT:  # control: ordinary keys and versions are accepted
        _event(writer, external=good)
        with writer.transaction():
            writer.execute(
                "INSERT INTO attribution_allocations"
                " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
                " VALUES (%s, %s, 'sms', 10000, 1, %s)",
                (TENANT_A, seed_id(TENANT_A, "event"), good),
            )
