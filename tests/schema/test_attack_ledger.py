"""Attack class 4: the ledger made to lie, by an app_rw login of the tenant itself.

Seeded (tests.schema.support): per tenant one event of 10,000 cents, allocations alloc1 (google_ads,
6,000) and alloc2 (email, 4,000) under model v1, a completed run, and a ledger entry posting alloc1,
unverified.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import psycopg
import pytest

from tests.schema.conftest import TENANT_A
from tests.schema.hostile import Conn, HostileLogins
from tests.schema.integrity_support import run_together
from tests.schema.support import seed_id

EVENT = seed_id(TENANT_A, "event")
ALLOC1 = seed_id(TENANT_A, "alloc1")
ALLOC2 = seed_id(TENANT_A, "alloc2")
RUN = seed_id(TENANT_A, "run")
LEDGER = seed_id(TENANT_A, "ledger")


@pytest.fixture
def writer(hostile: HostileLogins) -> Conn:
    return hostile.session("app_rw", TENANT_A)


def post(conn: Conn, allocation: uuid.UUID, cents: int) -> uuid.UUID:
    row = conn.execute(
        "INSERT INTO revenue_ledger (tenant_id, revenue_cents, allocation_id) VALUES (%s, %s, %s) RETURNING id",
        (TENANT_A, cents, allocation),
    ).fetchone()
    assert row is not None
    ledger_id: uuid.UUID = row[0]
    return ledger_id


def new_run(conn: Conn, state: str) -> uuid.UUID:
    row = conn.execute(
        "INSERT INTO reconciliation_runs (tenant_id, last_run_at, state) VALUES (%s, now(), 'running') RETURNING id",
        (TENANT_A,),
    ).fetchone()
    assert row is not None
    if state != "running":
        conn.execute(
            "UPDATE reconciliation_runs SET state = %s WHERE tenant_id = %s AND id = %s", (state, TENANT_A, row[0])
        )
    run_id: uuid.UUID = row[0]
    return run_id


def ledger_row(url: str, ledger_id: uuid.UUID) -> tuple[Any, ...] | None:
    with psycopg.connect(url) as superuser:
        return superuser.execute(
            "SELECT revenue_cents, is_verified, verified_at, reconciliation_run_id FROM revenue_ledger WHERE id = %s",
            (ledger_id,),
        ).fetchone()


def test_a_posting_must_carry_its_allocations_amount(writer: Conn) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        post(writer, ALLOC2, 999_999)
    with pytest.raises(psycopg.errors.CheckViolation):
        post(writer, ALLOC2, 0)
    ledger_id = post(writer, ALLOC2, 4000)  # control: the allocation's amount
    assert writer.execute("SELECT revenue_cents FROM revenue_ledger WHERE id = %s", (ledger_id,)).fetchone() == (4000,)


@pytest.mark.parametrize(
    "change",
    [
        "allocated_revenue_cents = allocated_revenue_cents + 1000",
        "channel = 'direct'",
        "allocation_ratio = 0.1",
    ],
)
def test_a_posted_allocation_is_frozen(writer: Conn, seeded: str, change: str) -> None:
    """alloc1 is posted (6,000): neither its amount nor its channel may change, even balanced by alloc2."""

    def tamper() -> None:
        with writer.transaction():
            writer.execute(f"UPDATE attribution_allocations SET {change} WHERE id = %s", (ALLOC1,))
            writer.execute(
                "UPDATE attribution_allocations SET allocated_revenue_cents = allocated_revenue_cents - 1000"
                " WHERE id = %s",
                (ALLOC2,),
            )

    with pytest.raises(psycopg.errors.RestrictViolation):
        tamper()
    with psycopg.connect(seeded) as superuser:
        assert superuser.execute(
            "SELECT allocated_revenue_cents, channel FROM attribution_allocations WHERE id = %s", (ALLOC1,)
        ).fetchone() == (6000, "google_ads")
    # Control: an unposted allocation's metadata and a posted one's correlation id may still change.
    writer.execute("UPDATE attribution_allocations SET correlation_id = gen_random_uuid() WHERE id = %s", (ALLOC1,))


@pytest.mark.parametrize(
    ("columns", "values"),
    [
        ("is_verified, verified_at, reconciliation_run_id", "true, now(), %(run)s"),
        ("reconciliation_run_id", "%(run)s"),
    ],
)
def test_entries_are_inserted_unverified(writer: Conn, columns: str, values: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        writer.execute(
            f"INSERT INTO revenue_ledger (tenant_id, revenue_cents, {columns}) VALUES (%(t)s, 100, {values})",
            {"t": TENANT_A, "run": RUN},
        )


@pytest.mark.parametrize("state", ["running", "failed"])
def test_verification_needs_a_completed_run(writer: Conn, seeded: str, state: str) -> None:
    run = new_run(writer, state)
    with pytest.raises(psycopg.errors.CheckViolation):
        writer.execute(
            "UPDATE revenue_ledger SET is_verified = true, verified_at = now(), reconciliation_run_id = %s"
            " WHERE id = %s",
            (run, LEDGER),
        )
    assert ledger_row(seeded, LEDGER) == (6000, False, None, None)


@pytest.mark.parametrize(
    "verified_at", ["'infinity'", "'-infinity'", "now() + interval '1 day'", "'1999-12-31 23:59:59+00'"]
)
def test_verified_at_is_finite_and_not_in_the_future(writer: Conn, seeded: str, verified_at: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        writer.execute(
            f"UPDATE revenue_ledger SET is_verified = true, verified_at = {verified_at}, reconciliation_run_id = %s"
            " WHERE id = %s",
            (RUN, LEDGER),
        )
    assert ledger_row(seeded, LEDGER) == (6000, False, None, None)
    # Control: now(), against the completed run of the tenant.
    writer.execute(
        "UPDATE revenue_ledger SET is_verified = true, verified_at = now(), reconciliation_run_id = %s WHERE id = %s",
        (RUN, LEDGER),
    )
    row = ledger_row(seeded, LEDGER)
    assert row is not None
    assert row[1] is True


@pytest.mark.parametrize(
    ("start", "moves"),
    [
        ("completed", []),
        ("failed", []),
        ("idle", ["completed"]),
        ("idle", ["failed"]),
        ("running", ["idle"]),
        ("running", ["completed", "running"]),
        ("running", ["failed", "completed"]),
        ("running", ["completed", "completed"]),
    ],
)
def test_runs_move_idle_running_then_completed_or_failed(writer: Conn, start: str, moves: list[str]) -> None:
    """The last step of each path is refused (a run cannot be made completed out of order, nor reopened)."""
    steps = [start, *moves]

    def walk() -> None:
        with writer.transaction():
            row = writer.execute(
                "INSERT INTO reconciliation_runs (tenant_id, last_run_at, state) VALUES (%s, now(), %s) RETURNING id",
                (TENANT_A, steps[0]),
            ).fetchone()
            assert row is not None
            for state in steps[1:]:
                writer.execute("UPDATE reconciliation_runs SET state = %s WHERE id = %s", (state, row[0]))

    with pytest.raises((psycopg.errors.CheckViolation, psycopg.errors.RestrictViolation)):
        walk()
    # Control: the allowed path.
    run = new_run(writer, "completed")
    assert writer.execute("SELECT state FROM reconciliation_runs WHERE id = %s", (run,)).fetchone() == ("completed",)


def test_a_completed_run_is_frozen(writer: Conn) -> None:
    with pytest.raises(psycopg.errors.RestrictViolation):
        writer.execute("UPDATE reconciliation_runs SET last_run_at = now() - interval '1 day' WHERE id = %s", (RUN,))


def _allocations_v2(conn: Conn) -> tuple[uuid.UUID, uuid.UUID]:
    with conn.transaction():
        rows = conn.execute(
            "INSERT INTO attribution_allocations"
            " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
            " VALUES (%(t)s, %(e)s, 'direct', 7000, 0.7, 'v2'), (%(t)s, %(e)s, 'sms', 3000, 0.3, 'v2')"
            " RETURNING id",
            {"t": TENANT_A, "e": EVENT},
        ).fetchall()
    return rows[0][0], rows[1][0]


def test_an_event_is_posted_under_one_model_version(writer: Conn) -> None:
    """The event is posted under v1 (alloc1): a v2 allocation of it cannot be posted too."""
    direct, _ = _allocations_v2(writer)
    with pytest.raises(psycopg.errors.UniqueViolation):
        post(writer, direct, 7000)
    post(writer, ALLOC2, 4000)  # control: the rest of v1 posts


def test_two_versions_posted_at_once_only_one_lands(hostile: HostileLogins, seeded: str) -> None:
    """A fresh event, v1 and v2 allocations, each posted by its own session at the same moment."""
    setup = hostile.session("app_rw", TENANT_A)
    event = setup.execute(
        "INSERT INTO attribution_events (tenant_id, occurred_at, revenue_cents, raw_payload)"
        " VALUES (%s, now(), 500, '{}') RETURNING id",
        (TENANT_A,),
    ).fetchone()
    assert event is not None
    allocations = {}
    for version in ("v1", "v2"):
        with setup.transaction():
            row = setup.execute(
                "INSERT INTO attribution_allocations"
                " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
                " VALUES (%s, %s, 'email', 500, 1, %s) RETURNING id",
                (TENANT_A, event[0], version),
            ).fetchone()
            assert row is not None
            allocations[version] = row[0]
    login = hostile.login("app_rw")
    sessions = {version: hostile.connect(login, TENANT_A, autocommit=False) for version in allocations}
    for conn in sessions.values():
        conn.execute("SET lock_timeout = '30s'")
        conn.commit()

    def poster(version: str) -> Any:
        def task(barrier: threading.Barrier) -> Any:
            conn = sessions[version]
            barrier.wait()
            post(conn, allocations[version], 500)
            conn.commit()
            return version

        return task

    outcomes = run_together([poster("v1"), poster("v2")])
    landed = [o for o in outcomes if isinstance(o, str)]
    assert len(landed) == 1, outcomes
    with psycopg.connect(seeded) as superuser:
        versions = superuser.execute(
            "SELECT DISTINCT a.model_version FROM revenue_ledger AS l"
            " JOIN attribution_allocations AS a ON a.tenant_id = l.tenant_id AND a.id = l.allocation_id"
            " WHERE a.event_id = %s",
            (event[0],),
        ).fetchall()
    assert versions == [(landed[0],)]
