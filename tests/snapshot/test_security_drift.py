"""RLS and privilege drift on the project's own schema: each reported on its object, with its attribute.

sql/ is applied once per module, exactly as `schemactl apply` does, to a fresh database that each
test clones (CREATE DATABASE ... TEMPLATE). A test snapshots its clone, makes one change a hand-run
fix or a careless migration could make, snapshots again and diffs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from psycopg.conninfo import conninfo_to_dict

from schemactl.database import with_database
from schemactl.snapshot.diff import AttributeChange, ChangeType, ObjectChange, diff_snapshots
from schemactl.snapshot.model import ObjectKind, Snapshot
from tests.schema.conftest import apply_project_schema
from tests.snapshot.support import execute, scratch_database, snapshot_of

TENANT_EXPRESSION = "(( SELECT public.app_current_tenant_id() AS app_current_tenant_id))"
PINNED_SEARCH_PATH = "search_path=pg_catalog, public, pg_temp"


@pytest.fixture(scope="module")
def project_template(server_url: str) -> Iterator[str]:
    """The name of a database holding the project's schema."""
    with scratch_database(server_url) as url:
        apply_project_schema(url)
        yield str(conninfo_to_dict(url)["dbname"])


@pytest.fixture
def project_url(server_url: str, project_template: str) -> Iterator[str]:
    name = "schemactl_test_" + uuid.uuid4().hex[:12]
    execute(server_url, f'CREATE DATABASE "{name}" TEMPLATE "{project_template}"')
    try:
        yield with_database(server_url, name)
    finally:
        execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _recreate_without_with_check(table: str, policy: str) -> Callable[[Snapshot], str]:
    """DROP and CREATE the policy as the snapshot describes it, but without its WITH CHECK."""

    def sql(before: Snapshot) -> str:
        attributes = before.get(ObjectKind.POLICY, f"{table}.{policy}")
        assert attributes is not None, f"no policy {policy} on {table}"
        roles = attributes["roles"]
        assert isinstance(roles, list)
        kind = "PERMISSIVE" if attributes["permissive"] else "RESTRICTIVE"
        return (
            f"DROP POLICY {policy} ON {table};"
            f" CREATE POLICY {policy} ON {table} AS {kind} FOR {attributes['command']}"
            f" TO {', '.join(str(role) for role in roles)} USING ({attributes['using']})"
        )

    return sql


def _fixed(sql: str) -> Callable[[Snapshot], str]:
    return lambda _before: sql


CASES = {
    "no-force-rls": (
        _fixed("ALTER TABLE public.attribution_events NO FORCE ROW LEVEL SECURITY"),
        ObjectChange(
            ObjectKind.TABLE,
            "public.attribution_events",
            ChangeType.CHANGED,
            (AttributeChange("rls_forced", True, False),),
        ),
    ),
    "policy-without-with-check": (
        _recreate_without_with_check("public.attribution_events", "tenant_isolation_policy"),
        ObjectChange(
            ObjectKind.POLICY,
            "public.attribution_events.tenant_isolation_policy",
            ChangeType.CHANGED,
            (AttributeChange("with_check", f"tenant_id = {TENANT_EXPRESSION}", None),),
        ),
    ),
    "grant-to-public": (
        _fixed("GRANT SELECT ON public.revenue_ledger TO PUBLIC"),
        ObjectChange(
            ObjectKind.TABLE,
            "public.revenue_ledger",
            ChangeType.CHANGED,
            (AttributeChange("privileges.PUBLIC", None, ["SELECT"]),),
        ),
    ),
    "column-grant": (
        _fixed("GRANT UPDATE (name) ON public.tenants TO app_ro"),
        ObjectChange(
            ObjectKind.COLUMN,
            "public.tenants.name",
            ChangeType.CHANGED,
            (AttributeChange("privileges.app_ro", None, ["UPDATE"]),),
        ),
    ),
    "security-definer-search-path-reset": (
        _fixed("ALTER FUNCTION public.refresh_read_path() RESET search_path"),
        ObjectChange(
            ObjectKind.FUNCTION,
            "public.refresh_read_path()",
            ChangeType.CHANGED,
            (AttributeChange("config", [PINNED_SEARCH_PATH], []),),
        ),
    ),
}


@pytest.mark.parametrize(("mutation", "expected"), list(CASES.values()), ids=list(CASES))
def test_security_drift_is_reported_with_its_attribute(
    project_url: str, mutation: Callable[[Snapshot], str], expected: ObjectChange
) -> None:
    before = snapshot_of(project_url)
    execute(project_url, mutation(before))
    after = snapshot_of(project_url)

    assert diff_snapshots(before, after).changes == (expected,)
