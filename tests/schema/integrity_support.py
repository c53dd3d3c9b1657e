"""Helpers shared by the integrity, sum-equality and read-path tests.

Every helper takes a psycopg connection that the caller opened; rows are inserted with
explicit columns so a test reads as the SQL the application would send.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

import psycopg
from psycopg import sql
from psycopg.abc import QueryNoTemplate as Query

Conn = psycopg.Connection[tuple[Any, ...]]
T = TypeVar("T")

# Generous upper bounds so a broken test fails instead of hanging; never asserted on.
BARRIER_TIMEOUT_SECONDS = 30.0
THREAD_TIMEOUT_SECONDS = 60.0

OCCURRED_AT = dt.datetime(2025, 11, 13, 12, 0, tzinfo=dt.UTC)


def act_as(conn: Conn, role: str | None, tenant: uuid.UUID | None) -> None:
    """SET ROLE (None: stay superuser) and set the session's tenant (None: leave it unset)."""
    if role is not None:
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
    if tenant is not None:
        conn.execute("SELECT set_config('app.current_tenant_id', %s, false)", (str(tenant),))


@contextmanager
def session(url: str, role: str | None, tenant: uuid.UUID | None, *, autocommit: bool = False) -> Iterator[Conn]:
    """A new connection acting as `role` for `tenant`.

    Without autocommit the role and tenant are committed first, so a rolled-back transaction
    (an expected failure) does not undo them.
    """
    with psycopg.connect(url, autocommit=autocommit) as conn:
        act_as(conn, role, tenant)
        if not autocommit:
            conn.commit()
        yield conn


def one(conn: Conn, query: Query, params: tuple[Any, ...] | None = None) -> tuple[Any, ...]:
    """The single row a query returns."""
    row = conn.execute(query, params).fetchone()
    assert row is not None, f"no row from {query!r}"
    return row


def scalar(conn: Conn, query: Query, params: tuple[Any, ...] | None = None) -> Any:
    """The first column of the single row a query returns."""
    return one(conn, query, params)[0]


def insert_event(
    conn: Conn,
    tenant: uuid.UUID,
    revenue_cents: int = 1000,
    *,
    external_event_id: str | None = None,
    correlation_id: uuid.UUID | None = None,
) -> uuid.UUID:
    row = one(
        conn,
        "INSERT INTO attribution_events"
        " (tenant_id, occurred_at, external_event_id, correlation_id, revenue_cents, raw_payload)"
        " VALUES (%s, %s, %s, %s, %s, '{}'::jsonb) RETURNING id",
        (tenant, OCCURRED_AT, external_event_id, correlation_id, revenue_cents),
    )
    event_id: uuid.UUID = row[0]
    return event_id


def insert_allocation(
    conn: Conn,
    tenant: uuid.UUID,
    event_id: uuid.UUID,
    channel: str,
    cents: int,
    *,
    model_version: str = "v1",
    ratio: Decimal = Decimal("0.5"),
) -> uuid.UUID:
    row = one(
        conn,
        "INSERT INTO attribution_allocations"
        " (tenant_id, event_id, channel, allocated_revenue_cents, allocation_ratio, model_version)"
        " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
        (tenant, event_id, channel, cents, ratio, model_version),
    )
    allocation_id: uuid.UUID = row[0]
    return allocation_id


def insert_allocations(
    conn: Conn, tenant: uuid.UUID, event_id: uuid.UUID, parts: Mapping[str, int], *, model_version: str = "v1"
) -> dict[str, uuid.UUID]:
    """One allocation per channel; the ratio is each part's share of the parts' total."""
    total = sum(parts.values()) or 1
    return {
        channel: insert_allocation(
            conn,
            tenant,
            event_id,
            channel,
            cents,
            model_version=model_version,
            ratio=(Decimal(cents) / Decimal(total)).quantize(Decimal("0.00001")),
        )
        for channel, cents in parts.items()
    }


def insert_run(
    conn: Conn, tenant: uuid.UUID, *, state: str = "completed", last_run_at: dt.datetime = OCCURRED_AT
) -> uuid.UUID:
    """A run in `state`, reached the way the state machine allows (inserted idle or running, then moved)."""
    initial = state if state in ("idle", "running") else "running"
    row = one(
        conn,
        "INSERT INTO reconciliation_runs (tenant_id, last_run_at, state) VALUES (%s, %s, %s) RETURNING id",
        (tenant, last_run_at, initial),
    )
    run_id: uuid.UUID = row[0]
    if state != initial:
        conn.execute(
            "UPDATE reconciliation_runs SET state = %s WHERE tenant_id = %s AND id = %s", (state, tenant, run_id)
        )
    return run_id


def insert_ledger(
    conn: Conn,
    tenant: uuid.UUID,
    revenue_cents: int,
    *,
    allocation_id: uuid.UUID | None = None,
    reconciliation_run_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """An entry, inserted unverified; with `reconciliation_run_id`, then verified against that run."""
    row = one(
        conn,
        "INSERT INTO revenue_ledger (tenant_id, revenue_cents, allocation_id) VALUES (%s, %s, %s) RETURNING id",
        (tenant, revenue_cents, allocation_id),
    )
    ledger_id: uuid.UUID = row[0]
    if reconciliation_run_id is not None:
        conn.execute(
            "UPDATE revenue_ledger SET is_verified = true, verified_at = now(), reconciliation_run_id = %s"
            " WHERE tenant_id = %s AND id = %s",
            (reconciliation_run_id, tenant, ledger_id),
        )
    return ledger_id


def refresh_read_path(url: str) -> None:
    """refresh_read_path() as app_admin, the role the matrix grants it to."""
    with session(url, "app_admin", None, autocommit=True) as conn:
        conn.execute("SELECT refresh_read_path(), refresh_allocation_summary()")


def run_together(tasks: list[Callable[[threading.Barrier], T]]) -> list[T | BaseException]:
    """Run each task in its own thread; they share a barrier to start their critical step together.

    Returns each task's result or the exception it raised, in the order of `tasks`.
    """
    barrier = threading.Barrier(len(tasks), timeout=BARRIER_TIMEOUT_SECONDS)

    def outcome(task: Callable[[threading.Barrier], T]) -> T | BaseException:
        try:
            return task(barrier)
        except Exception as error:
            return error

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        futures = [pool.submit(outcome, task) for task in tasks]
        return [future.result(timeout=THREAD_TIMEOUT_SECONDS) for future in futures]


def sqlstate(error: BaseException | object) -> str | None:
    """The SQLSTATE of a psycopg error, None for anything else (a success, another exception)."""
    return error.sqlstate if isinstance(error, psycopg.Error) else None
