"""Sum-equality of allocations (DESIGN 4.7) and the read path's aggregates (DESIGN 4.3, 4.4).

Allocations of one (event_id, model_version) sum to the event's revenue_cents within 1 cent
whenever any exist. trg_check_allocation_sum is a deferred constraint trigger: a statement may
leave the set unbalanced, the COMMIT may not; and writers of one event are serialised, so two
transactions that each balance alone cannot both commit.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import LiteralString

import psycopg
import pytest

from tests.schema.conftest import TENANT_A, TENANT_B
from tests.schema.integrity_support import (
    BARRIER_TIMEOUT_SECONDS,
    Conn,
    insert_allocation,
    insert_allocations,
    insert_event,
    insert_ledger,
    insert_run,
    refresh_read_path,
    run_together,
    scalar,
    session,
    sqlstate,
)

CHECK_VIOLATION = "23514"
EVENT_REVENUE = 1000


def _event(url: str, tenant: uuid.UUID = TENANT_A, revenue_cents: int = EVENT_REVENUE) -> uuid.UUID:
    with psycopg.connect(url, autocommit=True) as admin:
        return insert_event(admin, tenant, revenue_cents)


def _allocations(url: str) -> list[tuple[uuid.UUID, str, str, int]]:
    """Every allocation, as the superuser sees it: (event_id, model_version, channel, cents)."""
    with psycopg.connect(url, autocommit=True) as admin:
        return admin.execute(
            "SELECT event_id, model_version, channel, allocated_revenue_cents FROM attribution_allocations"
            " ORDER BY event_id, model_version, channel"
        ).fetchall()


# ---------------------------------------------------------------------------------------------
# The invariant, one transaction at a time
# ---------------------------------------------------------------------------------------------


def test_balanced_set_commits(two_tenants: str) -> None:
    event_id = _event(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        insert_allocations(conn, TENANT_A, event_id, {"google_search": 600, "email": 400})
        conn.commit()
    assert _allocations(two_tenants) == [(event_id, "v1", "email", 400), (event_id, "v1", "google_search", 600)]


@pytest.mark.parametrize("drift", [2, -2, 1000])
def test_unbalanced_set_fails_at_commit_not_at_insert(two_tenants: str, drift: int) -> None:
    event_id = _event(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        inserted = insert_allocations(conn, TENANT_A, event_id, {"google_search": 600, "email": 400 + drift})
        assert len(inserted) == 2  # both INSERTs succeeded: the check is deferred
        with pytest.raises(psycopg.errors.CheckViolation) as raised:
            conn.commit()
    assert raised.value.sqlstate == CHECK_VIOLATION
    assert f"sum to {EVENT_REVENUE + drift} cents" in str(raised.value)
    assert _allocations(two_tenants) == []


@pytest.mark.parametrize("drift", [1, -1])
def test_set_within_one_cent_commits(two_tenants: str, drift: int) -> None:
    event_id = _event(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        insert_allocations(conn, TENANT_A, event_id, {"direct": 333, "email": 333, "referral": 334 + drift})
        conn.commit()
    assert sum(row[3] for row in _allocations(two_tenants)) == EVENT_REVENUE + drift


def test_a_set_may_be_unbalanced_between_statements(two_tenants: str) -> None:
    """The check runs at COMMIT: an intermediate state (one of two allocations) is fine."""
    event_id = _event(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        insert_allocation(conn, TENANT_A, event_id, "email", 400)
        assert scalar(conn, "SELECT count(*) FROM attribution_allocations") == 1
        insert_allocation(conn, TENANT_A, event_id, "direct", 600)
        conn.commit()
    assert len(_allocations(two_tenants)) == 2


def _balanced_event(url: str) -> tuple[uuid.UUID, dict[str, uuid.UUID]]:
    event_id = _event(url)
    with session(url, "app_rw", TENANT_A) as conn:
        ids = insert_allocations(conn, TENANT_A, event_id, {"google_search": 600, "email": 400})
        conn.commit()
    return event_id, ids


def test_deleting_all_allocations_of_an_event_is_allowed(two_tenants: str) -> None:
    event_id, _ = _balanced_event(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:  # app_rw deletes through delete_allocations()
        assert conn.execute("SELECT delete_allocations(%s, 'v1')", (event_id,)).fetchone() == (2,)
        conn.commit()
    assert _allocations(two_tenants) == []


def test_deleting_part_of_a_set_fails_at_commit(two_tenants: str) -> None:
    _, ids = _balanced_event(two_tenants)
    # The owner's (superuser's) delete: app_rw deletes only whole sets, through delete_allocations().
    with session(two_tenants, None, TENANT_A) as conn:
        assert conn.execute("DELETE FROM attribution_allocations WHERE id = %s", (ids["email"],)).rowcount == 1
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.commit()
    assert len(_allocations(two_tenants)) == 2


def test_updating_an_allocation_out_of_balance_fails_at_commit(two_tenants: str) -> None:
    event_id, ids = _balanced_event(two_tenants)
    before = _allocations(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        updated = conn.execute(
            "UPDATE attribution_allocations SET allocated_revenue_cents = allocated_revenue_cents + 2 WHERE id = %s",
            (ids["email"],),
        ).rowcount
        assert updated == 1
        with pytest.raises(psycopg.errors.CheckViolation) as raised:
            conn.commit()
        assert raised.value.sqlstate == CHECK_VIOLATION

        # Moving 100 cents from one channel to the other keeps the set balanced: commits.
        conn.execute(
            "UPDATE attribution_allocations SET allocated_revenue_cents = allocated_revenue_cents - 100 WHERE id = %s",
            (ids["google_search"],),
        )
        conn.execute(
            "UPDATE attribution_allocations SET allocated_revenue_cents = allocated_revenue_cents + 100 WHERE id = %s",
            (ids["email"],),
        )
        conn.commit()
    assert before == [(event_id, "v1", "email", 400), (event_id, "v1", "google_search", 600)]
    assert _allocations(two_tenants) == [(event_id, "v1", "email", 500), (event_id, "v1", "google_search", 500)]


def test_moving_an_allocation_to_another_event_rechecks_the_event_it_left(two_tenants: str) -> None:
    """The trigger checks the OLD key of an UPDATE too: here the NEW key balances, the OLD does not."""
    event_id, ids = _balanced_event(two_tenants)  # google_search 600 + email 400
    other_event = _event(two_tenants, revenue_cents=400)
    # The owner's (superuser's) update: app_rw holds no UPDATE on event_id.
    with session(two_tenants, None, TENANT_A) as conn:
        conn.execute("UPDATE attribution_allocations SET event_id = %s WHERE id = %s", (other_event, ids["email"]))
        with pytest.raises(psycopg.errors.CheckViolation) as raised:
            conn.commit()
    assert str(event_id) in str(raised.value)
    assert len(_allocations(two_tenants)) == 2


def test_model_versions_are_checked_separately(two_tenants: str) -> None:
    event_id = _event(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        # Two full sets: together they are twice the revenue, each alone balances.
        insert_allocations(conn, TENANT_A, event_id, {"google_search": 600, "email": 400}, model_version="v1")
        insert_allocations(conn, TENANT_A, event_id, {"google_search": 100, "email": 900}, model_version="v2")
        conn.commit()

        # A third version off by 2 fails, although v1 and v2 stay balanced.
        insert_allocations(conn, TENANT_A, event_id, {"direct": 1002}, model_version="v3")
        with pytest.raises(psycopg.errors.CheckViolation) as raised:
            conn.commit()
    assert "for model v3" in str(raised.value)
    assert {row[1] for row in _allocations(two_tenants)} == {"v1", "v2"}


# ---------------------------------------------------------------------------------------------
# The invariant under concurrency
# ---------------------------------------------------------------------------------------------

CONCURRENT_SETS = ({"google_search": 600, "email": 400}, {"facebook_ads": 500, "direct": 500})


def test_two_concurrent_balanced_sets_cannot_both_commit(two_tenants: str) -> None:
    """Each transaction balances alone; together they would be twice the revenue.

    Different channels, so neither INSERT waits on the other's uncommitted row
    (idx_attribution_allocations_tenant_event_model_channel); both inserts are done before either
    COMMIT starts, then both COMMITs are sent at once. Repeated on a few events.
    """
    for _ in range(3):
        event_id = _event(two_tenants)
        with session(two_tenants, "app_rw", TENANT_A) as t1, session(two_tenants, "app_rw", TENANT_A) as t2:
            for conn, parts in zip((t1, t2), CONCURRENT_SETS, strict=True):
                insert_allocations(conn, TENANT_A, event_id, parts)

            def commit(conn: Conn) -> Callable[[threading.Barrier], None]:
                def task(barrier: threading.Barrier) -> None:
                    barrier.wait()
                    conn.commit()

                return task

            outcomes = run_together([commit(t1), commit(t2)])

        assert sorted(map(sqlstate, outcomes), key=str) == [CHECK_VIOLATION, None], outcomes
        committed = CONCURRENT_SETS[outcomes.index(None)]
        rows = [row for row in _allocations(two_tenants) if row[0] == event_id]
        assert {row[2]: row[3] for row in rows} == committed
        assert sum(row[3] for row in rows) == EVENT_REVENUE


@pytest.mark.parametrize(
    ("isolation", "expected"),
    [
        # READ COMMITTED: T2's check waits, then sums with a snapshot that includes T1's rows.
        (psycopg.IsolationLevel.READ_COMMITTED, CHECK_VIOLATION),
        # Higher levels keep T2's older snapshot: the guard row T1 updated makes T2 fail to serialise.
        (psycopg.IsolationLevel.REPEATABLE_READ, "40001"),
        (psycopg.IsolationLevel.SERIALIZABLE, "40001"),
    ],
    ids=["read-committed", "repeatable-read", "serializable"],
)
def test_a_checked_writer_holds_off_the_next_writer_of_the_same_event(
    two_tenants: str, isolation: psycopg.IsolationLevel, expected: str
) -> None:
    """Deterministic form of the race: T1 runs the check early (SET CONSTRAINTS ... IMMEDIATE) and
    stays open; T2's check must wait for T1 to finish, then see T1's rows and fail. Without the
    serialisation T2's check would pass at once (it cannot see T1's uncommitted rows)."""
    event_id = _event(two_tenants)
    with (
        session(two_tenants, "app_rw", TENANT_A) as t1,
        session(two_tenants, "app_rw", TENANT_A) as t2,
        psycopg.connect(two_tenants, autocommit=True) as monitor,
    ):
        t1.isolation_level = t2.isolation_level = isolation
        insert_allocations(t1, TENANT_A, event_id, CONCURRENT_SETS[0])
        t1.execute("SET CONSTRAINTS trg_check_allocation_sum IMMEDIATE")  # passes: T1's set balances
        insert_allocations(t2, TENANT_A, event_id, CONCURRENT_SETS[1])  # different channels: no wait

        outcome: list[BaseException | None] = []

        def check_t2() -> None:
            try:
                t2.execute("SET CONSTRAINTS trg_check_allocation_sum IMMEDIATE")
                outcome.append(None)
            except psycopg.Error as error:
                outcome.append(error)

        checker = threading.Thread(target=check_t2)
        checker.start()
        blockers: list[int] = []
        deadline = time.monotonic() + BARRIER_TIMEOUT_SECONDS
        while checker.is_alive() and not blockers and time.monotonic() < deadline:
            blockers = scalar(monitor, "SELECT pg_blocking_pids(%s)", (t2.info.backend_pid,))
            time.sleep(0.01)
        assert blockers == [t1.info.backend_pid], f"T2's check did not wait for T1: {outcome}"

        t1.commit()
        checker.join(BARRIER_TIMEOUT_SECONDS)
        assert not checker.is_alive()
        assert len(outcome) == 1
        assert sqlstate(outcome[0]) == expected, outcome
        t2.rollback()

    rows = _allocations(two_tenants)
    assert {row[2]: row[3] for row in rows} == CONCURRENT_SETS[0]


# ---------------------------------------------------------------------------------------------
# mv_allocation_summary
# ---------------------------------------------------------------------------------------------


def test_allocation_summary_shows_balance_per_event_and_model_version(two_tenants: str) -> None:
    balanced = _event(two_tenants)
    legacy = _event(two_tenants, revenue_cents=500)
    other_tenant = _event(two_tenants, TENANT_B, revenue_cents=700)
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        with admin.transaction():
            insert_allocations(admin, TENANT_A, balanced, {"google_search": 600, "email": 400}, model_version="v1")
            insert_allocations(admin, TENANT_A, balanced, {"direct": 1001}, model_version="v2")
            insert_allocations(admin, TENANT_B, other_tenant, {"sms": 700}, model_version="v1")
        # Rows that predate the trigger (or bypassed it): only the report can show them.
        admin.execute("SET session_replication_role = replica")
        insert_allocations(admin, TENANT_A, legacy, {"display": 300}, model_version="v1")
        admin.execute("RESET session_replication_role")

    refresh_read_path(two_tenants)

    with psycopg.connect(two_tenants, autocommit=True) as admin:  # no application role may read the MV
        rows = admin.execute(
            "SELECT tenant_id, event_id, model_version, allocation_count, allocated_revenue_cents,"
            " event_revenue_cents, drift_cents, is_balanced FROM mv_allocation_summary"
        ).fetchall()
    assert sorted(rows) == sorted(
        [
            (TENANT_A, balanced, "v1", 2, 1000, 1000, 0, True),
            (TENANT_A, balanced, "v2", 1, 1001, 1000, 1, True),
            (TENANT_A, legacy, "v1", 1, 300, 500, -200, False),
            (TENANT_B, other_tenant, "v1", 1, 700, 700, 0, True),
        ]
    )


# ---------------------------------------------------------------------------------------------
# Read path: v_realtime_revenue and v_reconciliation_status over their materialized views
# ---------------------------------------------------------------------------------------------


def _read(url: str, tenant: uuid.UUID, query: LiteralString) -> list[tuple[object, ...]]:
    """Rows of a read-path view as app_ro for `tenant`, in a transaction of their own."""
    with session(url, "app_ro", tenant, autocommit=True) as conn:
        return conn.execute(query).fetchall()


def test_data_freshness_grows_without_a_refresh(two_tenants: str) -> None:
    refresh_read_path(two_tenants)
    with session(two_tenants, "app_ro", TENANT_A, autocommit=True) as conn:
        query = "SELECT data_freshness_seconds FROM v_realtime_revenue"
        first: int = scalar(conn, query)
        time.sleep(1.2)
        second: int = scalar(conn, query)  # autocommit: a new transaction, so a new now()
    assert first >= 0
    assert second >= first + 1


def test_realtime_revenue_sums_the_ledger_in_dollars(two_tenants: str) -> None:
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        run_a = insert_run(admin, TENANT_A)
        # Tenant B: more than a 32-bit integer of cents in total.
        for cents in (2_000_000_000, 2_000_000_000, 5_000):
            insert_ledger(admin, TENANT_B, cents)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        for cents in (12_345, 1, 99):
            insert_ledger(conn, TENANT_A, cents)
        conn.commit()

    refresh_read_path(two_tenants)
    query = "SELECT tenant_id, total_revenue, verified FROM v_realtime_revenue"
    assert _read(two_tenants, TENANT_A, query) == [(TENANT_A, Decimal("124.45"), False)]
    assert _read(two_tenants, TENANT_B, query) == [(TENANT_B, Decimal("40000050.00"), False)]

    # Verified only when every entry of the tenant is.
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        verify = (
            "UPDATE revenue_ledger SET is_verified = true, verified_at = now(), reconciliation_run_id = %s"
            " WHERE NOT is_verified AND revenue_cents <> %s"
        )
        assert conn.execute(verify, (run_a, 99)).rowcount == 2
        conn.commit()
        refresh_read_path(two_tenants)
        assert _read(two_tenants, TENANT_A, query) == [(TENANT_A, Decimal("124.45"), False)]

        assert conn.execute(verify, (run_a, -1)).rowcount == 1
        conn.commit()
    refresh_read_path(two_tenants)
    assert _read(two_tenants, TENANT_A, query) == [(TENANT_A, Decimal("124.45"), True)]
    assert _read(two_tenants, TENANT_B, query) == [(TENANT_B, Decimal("40000050.00"), False)]


def test_realtime_revenue_of_a_tenant_without_entries(two_tenants: str) -> None:
    refresh_read_path(two_tenants)
    rows = _read(two_tenants, TENANT_A, "SELECT tenant_id, total_revenue, verified FROM v_realtime_revenue")
    assert rows == [(TENANT_A, Decimal("0.00"), False)]


def test_reconciliation_status_shows_the_latest_run(two_tenants: str) -> None:
    day = dt.timedelta(days=1)
    start = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        insert_run(admin, TENANT_A, state="completed", last_run_at=start)
        latest_a = insert_run(admin, TENANT_A, state="failed", last_run_at=start + 2 * day)
        insert_run(admin, TENANT_A, state="running", last_run_at=start + day)  # inserted last, not latest
        latest_b = insert_run(admin, TENANT_B, state="idle", last_run_at=start + 5 * day)

    refresh_read_path(two_tenants)
    query = "SELECT tenant_id, state, last_run_at, reconciliation_run_id FROM v_reconciliation_status"
    assert _read(two_tenants, TENANT_A, query) == [(TENANT_A, "failed", start + 2 * day, latest_a)]
    assert _read(two_tenants, TENANT_B, query) == [(TENANT_B, "idle", start + 5 * day, latest_b)]

    # A newer run shows after the next refresh.
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        newest_a = insert_run(conn, TENANT_A, state="completed", last_run_at=start + 3 * day)
        conn.commit()
    refresh_read_path(two_tenants)
    assert _read(two_tenants, TENANT_A, query) == [(TENANT_A, "completed", start + 3 * day, newest_a)]
