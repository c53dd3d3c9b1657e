"""Integrity rules of the B0.3 schema (DESIGN 4.2, 4.6 and the seeds' idempotency indexes).

- attribution_events is append-only: no UPDATE/DELETE privilege for any app role, and a trigger
  that refuses UPDATE, DELETE and TRUNCATE even for the owner, except deletes cascading from a tenant;
- revenue_ledger amounts are immutable (column privileges + trigger), the verification columns
  are set once from false to true, and an allocation posts at most once;
- no row of one tenant references a row of another (composite foreign keys), even for a superuser;
- ingestion is idempotent on (tenant_id, external_event_id), under concurrency too, with the
  correlation-id fallback for events without an external id.
"""

from __future__ import annotations

import threading
import uuid
from typing import LiteralString

import psycopg
import pytest

from tests.schema.conftest import APP_ROLES, TENANT_A, TENANT_B
from tests.schema.integrity_support import (
    OCCURRED_AT,
    insert_allocations,
    insert_event,
    insert_ledger,
    insert_run,
    run_together,
    scalar,
    session,
)

PERMISSION_DENIED = "42501"
RESTRICT_VIOLATION = "23001"
FOREIGN_KEY_VIOLATION = "23503"
UNIQUE_VIOLATION = "23505"
CHECK_VIOLATION = "23514"


def _event_of_tenant_a(url: str, revenue_cents: int = 1000) -> uuid.UUID:
    with psycopg.connect(url, autocommit=True) as admin:
        return insert_event(admin, TENANT_A, revenue_cents)


def _event_count(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as admin:
        count: int = scalar(admin, "SELECT count(*) FROM attribution_events")
    return count


# ---------------------------------------------------------------------------------------------
# 1. attribution_events is append-only
# ---------------------------------------------------------------------------------------------

APPEND_ONLY_WRITES: dict[str, LiteralString] = {
    "update": "UPDATE attribution_events SET revenue_cents = revenue_cents + 1",
    "delete": "DELETE FROM attribution_events",
}


@pytest.mark.parametrize("statement", sorted(APPEND_ONLY_WRITES))
@pytest.mark.parametrize("role", APP_ROLES)
def test_app_roles_cannot_update_or_delete_events(two_tenants: str, role: str, statement: str) -> None:
    _event_of_tenant_a(two_tenants)
    with (
        session(two_tenants, role, TENANT_A) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege) as raised,
    ):
        conn.execute(APPEND_ONLY_WRITES[statement])
    assert raised.value.sqlstate == PERMISSION_DENIED
    assert "attribution_events" in str(raised.value)
    assert _event_count(two_tenants) == 1


OWNER_WRITES: dict[str, LiteralString] = {
    **APPEND_ONLY_WRITES,
    # CASCADE: attribution_allocations references the table, and a plain TRUNCATE would be refused
    # for that reason before any trigger runs; with CASCADE only the trigger stands in the way.
    "truncate": "TRUNCATE attribution_events CASCADE",
}


@pytest.mark.parametrize("statement", sorted(OWNER_WRITES))
@pytest.mark.parametrize("role", ["migration_owner", None], ids=["owner", "superuser"])
def test_append_only_trigger_refuses_the_owner(two_tenants: str, role: str | None, statement: str) -> None:
    _event_of_tenant_a(two_tenants)
    with (
        session(two_tenants, role, TENANT_A) as conn,
        pytest.raises(psycopg.errors.RestrictViolation) as raised,
    ):
        conn.execute(OWNER_WRITES[statement])
    assert raised.value.sqlstate == RESTRICT_VIOLATION
    assert "append-only" in str(raised.value)
    assert _event_count(two_tenants) == 1


@pytest.mark.parametrize("role", ["app_admin", None], ids=["app_admin", "superuser"])
def test_deleting_a_tenant_cascades_through_its_events(two_tenants: str, role: str | None) -> None:
    # Tenant A with a full chain: event -> allocation -> ledger entry (posting it, verified by a run).
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        with admin.transaction():
            event_a = insert_event(admin, TENANT_A, 1000)
            allocation_a = insert_allocations(admin, TENANT_A, event_a, {"email": 1000})["email"]
            run_a = insert_run(admin, TENANT_A)
            insert_ledger(admin, TENANT_A, 1000, allocation_id=allocation_a, reconciliation_run_id=run_a)
            admin.execute(
                "INSERT INTO dead_events (tenant_id, source, error_code, error_detail, raw_payload)"
                " VALUES (%s, 'shopify', 'bad_json', '{}', '{}')",
                (TENANT_A,),
            )
        with admin.transaction():
            event_b = insert_event(admin, TENANT_B, 500)
            insert_allocations(admin, TENANT_B, event_b, {"direct": 500})

    if role is None:
        with session(two_tenants, role, None, autocommit=True) as conn:
            deleted = conn.execute("DELETE FROM tenants WHERE id = %s", (TENANT_A,)).rowcount
    else:
        # app_admin holds no DELETE (it would allow LOCK TABLE): delete_tenant(), in the tenant's context.
        with session(two_tenants, role, TENANT_A, autocommit=True) as conn:
            deleted = 1 if scalar(conn, "SELECT delete_tenant(%s)", (TENANT_A,)) else 0
    assert deleted == 1

    with psycopg.connect(two_tenants, autocommit=True) as admin:
        remaining = {
            table: admin.execute(
                psycopg.sql.SQL("SELECT tenant_id, count(*) FROM {} GROUP BY tenant_id").format(
                    psycopg.sql.Identifier(table)
                )
            ).fetchall()
            for table in (
                "attribution_events",
                "attribution_allocations",
                "revenue_ledger",
                "reconciliation_runs",
                "dead_events",
            )
        }
    assert remaining == {
        "attribution_events": [(TENANT_B, 1)],
        "attribution_allocations": [(TENANT_B, 1)],
        "revenue_ledger": [],
        "reconciliation_runs": [],
        "dead_events": [],
    }


# ---------------------------------------------------------------------------------------------
# 2. revenue_ledger: immutable amounts, verification set once, each allocation posted at most once
# ---------------------------------------------------------------------------------------------


def _ledger_entry(url: str, revenue_cents: int = 1000) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A ledger entry of tenant A (unverified) and two reconciliation runs of tenant A."""
    with psycopg.connect(url, autocommit=True) as admin:
        ledger_id = insert_ledger(admin, TENANT_A, revenue_cents)
        first_run = insert_run(admin, TENANT_A)
        second_run = insert_run(admin, TENANT_A)
    return ledger_id, first_run, second_run


def _ledger_row(url: str, ledger_id: uuid.UUID) -> tuple[object, ...]:
    with psycopg.connect(url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT revenue_cents, is_verified, verified_at, reconciliation_run_id FROM revenue_ledger WHERE id = %s",
            (ledger_id,),
        ).fetchone()
    assert row is not None
    return row


def test_app_rw_cannot_change_ledger_amounts(two_tenants: str) -> None:
    ledger_id, _, _ = _ledger_entry(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as raised:
            conn.execute("UPDATE revenue_ledger SET revenue_cents = 1 WHERE id = %s", (ledger_id,))
        assert raised.value.sqlstate == PERMISSION_DENIED
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM revenue_ledger WHERE id = %s", (ledger_id,))
    assert _ledger_row(two_tenants, ledger_id)[0] == 1000


@pytest.mark.parametrize(
    "assignment",
    ["revenue_cents = revenue_cents + 1", "allocation_id = gen_random_uuid()", "created_at = now()"],
    ids=["revenue_cents", "allocation_id", "created_at"],
)
def test_ledger_trigger_refuses_the_owner(two_tenants: str, assignment: LiteralString) -> None:
    ledger_id, _, _ = _ledger_entry(two_tenants)
    statement = psycopg.sql.SQL("UPDATE revenue_ledger SET {} WHERE id = %s").format(psycopg.sql.SQL(assignment))
    with (
        session(two_tenants, "migration_owner", TENANT_A) as conn,
        pytest.raises(psycopg.errors.RestrictViolation) as raised,
    ):
        conn.execute(statement, (ledger_id,))
    assert raised.value.sqlstate == RESTRICT_VIOLATION
    assert "immutable" in str(raised.value)
    assert _ledger_row(two_tenants, ledger_id)[0] == 1000


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM revenue_ledger", "TRUNCATE revenue_ledger"],
    ids=["delete", "truncate"],
)
def test_ledger_entries_cannot_be_removed_even_by_the_owner(two_tenants: str, statement: LiteralString) -> None:
    ledger_id, _, _ = _ledger_entry(two_tenants)
    with (
        session(two_tenants, "migration_owner", TENANT_A) as conn,
        pytest.raises(psycopg.errors.RestrictViolation, match="immutable"),
    ):
        conn.execute(statement)
    assert _ledger_row(two_tenants, ledger_id)[0] == 1000


def test_verification_is_set_once_from_false_to_true(two_tenants: str) -> None:
    ledger_id, first_run, second_run = _ledger_entry(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        verified = conn.execute(
            "UPDATE revenue_ledger SET is_verified = true, verified_at = now(), reconciliation_run_id = %s"
            " WHERE id = %s",
            (first_run, ledger_id),
        ).rowcount
        conn.commit()
        assert verified == 1
        after_first = _ledger_row(two_tenants, ledger_id)
        assert after_first[1] is True
        assert after_first[3] == first_run

        second_changes: dict[str, tuple[LiteralString, tuple[object, ...]]] = {
            "another run": (
                "UPDATE revenue_ledger SET reconciliation_run_id = %s WHERE id = %s",
                (second_run, ledger_id),
            ),
            "another time": (
                "UPDATE revenue_ledger SET verified_at = verified_at + interval '1 day' WHERE id = %s",
                (ledger_id,),
            ),
            "back to false": (
                "UPDATE revenue_ledger SET is_verified = false, verified_at = NULL, reconciliation_run_id = NULL"
                " WHERE id = %s",
                (ledger_id,),
            ),
        }
        for label, (statement, params) in second_changes.items():
            with pytest.raises(psycopg.errors.RestrictViolation) as raised:
                conn.execute(statement, params)
            conn.rollback()
            assert raised.value.sqlstate == RESTRICT_VIOLATION, label
            assert "set once" in str(raised.value), label
    assert _ledger_row(two_tenants, ledger_id) == after_first


def test_verification_columns_change_only_with_is_verified_becoming_true(two_tenants: str) -> None:
    """A run id (or a time) alone, is_verified staying false, is not 'false to true': refused."""
    ledger_id, first_run, _ = _ledger_entry(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn, pytest.raises(psycopg.errors.RestrictViolation):
        conn.execute("UPDATE revenue_ledger SET reconciliation_run_id = %s WHERE id = %s", (first_run, ledger_id))
    assert _ledger_row(two_tenants, ledger_id)[1:] == (False, None, None)


def test_verified_at_goes_with_is_verified(two_tenants: str) -> None:
    ledger_id, _, _ = _ledger_entry(two_tenants)
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        # Verified without a time: allowed by the trigger (false -> true), refused by the check.
        with pytest.raises(psycopg.errors.CheckViolation) as raised:
            conn.execute("UPDATE revenue_ledger SET is_verified = true WHERE id = %s", (ledger_id,))
        conn.rollback()
        assert raised.value.diag.constraint_name == "ck_revenue_ledger_verified_at_when_verified"
        for is_verified, verified_at in ((True, None), (False, OCCURRED_AT)):
            with pytest.raises(psycopg.errors.CheckViolation) as raised:
                conn.execute(
                    "INSERT INTO revenue_ledger (tenant_id, revenue_cents, is_verified, verified_at)"
                    " VALUES (%s, 100, %s, %s)",
                    (TENANT_A, is_verified, verified_at),
                )
            conn.rollback()
            # Entries are inserted unverified: the posting trigger refuses either half first.
            assert "inserted unverified" in str(raised.value)
            assert raised.value.sqlstate == CHECK_VIOLATION


def test_an_allocation_posts_to_the_ledger_at_most_once(two_tenants: str) -> None:
    with psycopg.connect(two_tenants, autocommit=True) as admin, admin.transaction():
        event_id = insert_event(admin, TENANT_A, 1000)
        allocations = insert_allocations(admin, TENANT_A, event_id, {"email": 600, "direct": 400})
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        insert_ledger(conn, TENANT_A, 600, allocation_id=allocations["email"])
        insert_ledger(conn, TENANT_A, 400, allocation_id=allocations["direct"])
        insert_ledger(conn, TENANT_A, 50)  # entries without an allocation are not limited
        insert_ledger(conn, TENANT_A, 50)
        conn.commit()
        with pytest.raises(psycopg.errors.UniqueViolation) as raised:
            insert_ledger(conn, TENANT_A, 600, allocation_id=allocations["email"])
        assert raised.value.sqlstate == UNIQUE_VIOLATION
        assert raised.value.diag.constraint_name == "idx_revenue_ledger_tenant_allocation_id"
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        assert scalar(admin, "SELECT count(*) FROM revenue_ledger") == 4


def test_a_posted_allocation_cannot_be_deleted(two_tenants: str) -> None:
    """The ledger keeps what it posts: deleting the allocation neither removes nor rewrites the entry."""
    with psycopg.connect(two_tenants, autocommit=True) as admin, admin.transaction():
        event_id = insert_event(admin, TENANT_A, 1000)
        allocation_id = insert_allocations(admin, TENANT_A, event_id, {"email": 1000})["email"]
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        ledger_id = insert_ledger(conn, TENANT_A, 1000, allocation_id=allocation_id)
        conn.commit()
        with pytest.raises(psycopg.errors.RestrictViolation) as raised:
            conn.execute("SELECT delete_allocations(%s, 'v1')", (event_id,))
        conn.rollback()
    assert "is posted to the ledger" in str(raised.value)
    with psycopg.connect(two_tenants, autocommit=True) as admin:  # the owner's foreign key refuses it too
        admin.execute("ALTER TABLE attribution_allocations DISABLE TRIGGER trg_attribution_allocations_posted_frozen")
        with pytest.raises(psycopg.errors.ForeignKeyViolation) as fk_raised:
            admin.execute("DELETE FROM attribution_allocations WHERE event_id = %s", (event_id,))
        admin.execute("ALTER TABLE attribution_allocations ENABLE TRIGGER trg_attribution_allocations_posted_frozen")
    assert fk_raised.value.diag.constraint_name == "fk_revenue_ledger_tenant_allocation"
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        assert scalar(admin, "SELECT allocation_id FROM revenue_ledger WHERE id = %s", (ledger_id,)) == allocation_id


# ---------------------------------------------------------------------------------------------
# 3. No cross-tenant references, whoever inserts (DESIGN 4.6)
# ---------------------------------------------------------------------------------------------


def test_allocation_cannot_reference_another_tenants_event(two_tenants: str) -> None:
    with psycopg.connect(two_tenants, autocommit=True) as admin:  # superuser: RLS does not apply
        event_a = insert_event(admin, TENANT_A, 1000)
        event_b = insert_event(admin, TENANT_B, 1000)
        with pytest.raises(psycopg.errors.ForeignKeyViolation) as raised, admin.transaction():
            insert_allocations(admin, TENANT_A, event_b, {"email": 1000})
        assert raised.value.sqlstate == FOREIGN_KEY_VIOLATION
        assert raised.value.diag.constraint_name == "fk_attribution_allocations_tenant_event"
        with admin.transaction():  # control: the same row with tenant A's own event is accepted
            insert_allocations(admin, TENANT_A, event_a, {"email": 1000})
        assert scalar(admin, "SELECT count(*) FROM attribution_allocations") == 1


def test_ledger_cannot_reference_another_tenants_run_or_allocation(two_tenants: str) -> None:
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        runs = {tenant: insert_run(admin, tenant) for tenant in (TENANT_A, TENANT_B)}
        allocations = {}
        for tenant in (TENANT_A, TENANT_B):
            with admin.transaction():
                event_id = insert_event(admin, tenant, 1000)
                allocations[tenant] = insert_allocations(admin, tenant, event_id, {"email": 1000})["email"]

        with pytest.raises(psycopg.errors.ForeignKeyViolation) as raised, admin.transaction():
            insert_ledger(admin, TENANT_A, 1000, reconciliation_run_id=runs[TENANT_B])
        assert raised.value.diag.constraint_name == "fk_revenue_ledger_tenant_reconciliation_run"

        with pytest.raises(psycopg.errors.ForeignKeyViolation) as raised:
            insert_ledger(admin, TENANT_A, 1000, allocation_id=allocations[TENANT_B])
        assert raised.value.diag.constraint_name == "fk_revenue_ledger_tenant_allocation"

        # The verification path too: pointing an entry of A at B's run.
        ledger_a = insert_ledger(admin, TENANT_A, 1000)
        with pytest.raises(psycopg.errors.ForeignKeyViolation) as raised:
            admin.execute(
                "UPDATE revenue_ledger SET is_verified = true, verified_at = now(), reconciliation_run_id = %s"
                " WHERE id = %s",
                (runs[TENANT_B], ledger_a),
            )
        assert raised.value.diag.constraint_name == "fk_revenue_ledger_tenant_reconciliation_run"

        # Control: the same references within tenant A are accepted.
        insert_ledger(admin, TENANT_A, 1000, allocation_id=allocations[TENANT_A], reconciliation_run_id=runs[TENANT_A])
        assert scalar(admin, "SELECT count(*) FROM revenue_ledger") == 2


# ---------------------------------------------------------------------------------------------
# 4. Idempotent ingestion
# ---------------------------------------------------------------------------------------------

INSERT_BY_EXTERNAL_ID = (
    "INSERT INTO attribution_events (tenant_id, occurred_at, external_event_id, revenue_cents, raw_payload)"
    " VALUES (%s, %s, %s, 1000, '{}'::jsonb)"
    " ON CONFLICT (tenant_id, external_event_id) WHERE external_event_id IS NOT NULL DO NOTHING"
)
CONCURRENT_WRITERS = 8


def test_concurrent_ingest_of_one_external_event_id_yields_one_row(two_tenants: str) -> None:
    def ingest(barrier: threading.Barrier) -> int:
        with session(two_tenants, "app_rw", TENANT_A) as conn:
            barrier.wait()
            inserted = conn.execute(INSERT_BY_EXTERNAL_ID, (TENANT_A, OCCURRED_AT, "shopify-order-1001")).rowcount
            conn.commit()
        return inserted

    outcomes = run_together([ingest] * CONCURRENT_WRITERS)
    inserted = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(inserted) == CONCURRENT_WRITERS, outcomes  # no writer failed
    assert sorted(inserted) == [0] * (CONCURRENT_WRITERS - 1) + [1]

    # The same external id for tenant B is another event.
    with session(two_tenants, "app_rw", TENANT_B) as conn:
        assert conn.execute(INSERT_BY_EXTERNAL_ID, (TENANT_B, OCCURRED_AT, "shopify-order-1001")).rowcount == 1
        conn.commit()
    with psycopg.connect(two_tenants, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT tenant_id, count(*) FROM attribution_events WHERE external_event_id = 'shopify-order-1001'"
            " GROUP BY tenant_id ORDER BY tenant_id"
        ).fetchall()
    assert rows == [(TENANT_A, 1), (TENANT_B, 1)]


def test_plain_duplicate_external_event_id_is_a_unique_violation(two_tenants: str) -> None:
    with session(two_tenants, "app_rw", TENANT_A) as conn:
        insert_event(conn, TENANT_A, external_event_id="stripe-ch-1")
        conn.commit()
        with pytest.raises(psycopg.errors.UniqueViolation) as raised:
            insert_event(conn, TENANT_A, external_event_id="stripe-ch-1")
    assert raised.value.diag.constraint_name == "idx_attribution_events_tenant_external_event_id"


INSERT_BY_CORRELATION_ID = (
    "INSERT INTO attribution_events (tenant_id, occurred_at, external_event_id, correlation_id, revenue_cents,"
    " raw_payload) VALUES (%s, %s, %s, %s, 1000, '{}'::jsonb) ON CONFLICT DO NOTHING"
)


def test_correlation_id_fallback_applies_only_without_external_event_id(two_tenants: str) -> None:
    correlation_id = uuid.uuid4()
    with session(two_tenants, "app_rw", TENANT_A, autocommit=True) as conn:

        def ingest(external_event_id: str | None, tenant: uuid.UUID = TENANT_A) -> int:
            return conn.execute(
                INSERT_BY_CORRELATION_ID, (tenant, OCCURRED_AT, external_event_id, correlation_id)
            ).rowcount

        # No external id: the correlation id is the idempotency key.
        assert ingest(None) == 1
        assert ingest(None) == 0
        with pytest.raises(psycopg.errors.UniqueViolation) as raised:
            insert_event(conn, TENANT_A, correlation_id=correlation_id)
        assert raised.value.diag.constraint_name == "idx_attribution_events_tenant_correlation_id"

        # With distinct external ids the same correlation id is allowed (partial index predicate).
        assert ingest("paypal-txn-1") == 1
        assert ingest("paypal-txn-2") == 1
        assert ingest("paypal-txn-2") == 0  # ... and the external id is still the key

    # Another tenant may carry the same correlation id without an external id.
    with session(two_tenants, "app_rw", TENANT_B, autocommit=True) as conn:
        assert conn.execute(INSERT_BY_CORRELATION_ID, (TENANT_B, OCCURRED_AT, None, correlation_id)).rowcount == 1

    with psycopg.connect(two_tenants, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT tenant_id, external_event_id FROM attribution_events WHERE correlation_id = %s"
            " ORDER BY tenant_id, external_event_id NULLS FIRST",
            (correlation_id,),
        ).fetchall()
    assert rows == [(TENANT_A, None), (TENANT_A, "paypal-txn-1"), (TENANT_A, "paypal-txn-2"), (TENANT_B, None)]
