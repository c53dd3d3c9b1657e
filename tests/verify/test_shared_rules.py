"""The lint rules that judge the schema's state (SC301-SC304), run on the model read from the catalog:
one planted change per rule; the finding, its code, its object and its place in sql/."""

from __future__ import annotations

import pytest

from schemactl.verify.engine import VerifyFinding
from tests.verify.support import execute, new_findings, run_verify


def _plant(url: str, *statements: str) -> list[VerifyFinding]:
    before = run_verify(url)
    execute(url, *statements)
    return new_findings(before, run_verify(url))


def _line_of(path: str, text: str) -> int:
    from tests.verify.support import PROJECT_ROOT

    lines = (PROJECT_ROOT / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_rls_not_forced(built_url: str) -> None:
    found = _plant(built_url, "ALTER TABLE public.attribution_events NO FORCE ROW LEVEL SECURITY")
    assert [(f.finding.code, str(f.subject)) for f in found] == [("SC303", "table public.attribution_events")]
    finding = found[0].finding
    assert "attribution_events" in finding.message
    assert "FORCE ROW LEVEL SECURITY" in finding.message
    # placed at the tenant_table() call that forces it
    assert (finding.file, finding.line) == (
        "sql/0002_core_tables.sql",
        _line_of("sql/0002_core_tables.sql", "tenant_table('attribution_events')"),
    )
    assert finding.from_macro


def test_rls_not_enabled(built_url: str) -> None:
    found = _plant(built_url, "ALTER TABLE public.revenue_ledger DISABLE ROW LEVEL SECURITY")
    assert [(f.finding.code, str(f.subject)) for f in found] == [("SC302", "table public.revenue_ledger")]


def test_tenant_policy_dropped(built_url: str) -> None:
    found = _plant(built_url, "DROP POLICY tenant_isolation_policy ON public.dead_events")
    assert [(f.finding.code, str(f.subject)) for f in found] == [("SC304", "table public.dead_events")]
    assert found[0].finding.file == "sql/0002_core_tables.sql"


def test_tenant_policy_predicate_widened(built_url: str) -> None:
    found = _plant(built_url, "ALTER POLICY tenant_isolation_policy ON public.reconciliation_runs WITH CHECK (true)")
    policy = "policy public.reconciliation_runs.tenant_isolation_policy"
    assert sorted((f.finding.code, str(f.subject)) for f in found) == [("SC304", policy), ("SC306", policy)]
    assert "WITH CHECK" in found[0].finding.message


@pytest.mark.parametrize(
    ("table", "statement", "expected"),
    [
        ("widgets", "CREATE TABLE public.widgets (id uuid PRIMARY KEY)", "has no tenant column tenant_id"),
        (
            "gadgets",
            "CREATE TABLE public.gadgets (id uuid PRIMARY KEY, tenant_id uuid)",
            "is nullable, has no foreign key to tenants",
        ),
    ],
)
def test_tenant_column_missing(built_url: str, table: str, statement: str, expected: str) -> None:
    found = _plant(built_url, "SET ROLE migration_owner", statement)
    tenant = [f for f in found if f.finding.code == "SC301"]
    assert [str(f.subject) for f in tenant] == [f"table public.{table}"]
    assert expected in tenant[0].finding.message
    # a table no migration made is also outside the committed snapshot
    assert ("SC909", f"table public.{table}") in {(f.finding.code, str(f.subject)) for f in found}


def _pairs(found: list[VerifyFinding]) -> list[tuple[str, str]]:
    return sorted((f.finding.code, str(f.subject)) for f in found)


def test_materialized_view_granted_to_an_app_role(built_url: str) -> None:
    found = _plant(built_url, "GRANT SELECT ON public.mv_realtime_revenue TO app_ro")
    assert _pairs(found) == [("SC403", "materialized view public.mv_realtime_revenue")]
    assert "app_ro" in found[0].finding.message
    assert found[0].finding.file == "sql/0005_hostile_session_hardening.sql"  # the last GRANT/REVOKE on it


def test_materialized_view_readable_through_an_unfiltered_view(built_url: str) -> None:
    found = _plant(
        built_url,
        "SET ROLE migration_owner",
        "CREATE VIEW public.v_leak AS SELECT * FROM public.mv_realtime_revenue",
        "GRANT SELECT ON public.v_leak TO app_ro",
    )
    assert ("SC403", "view public.v_leak") in _pairs(found)
    message = next(f.finding.message for f in found if f.finding.code == "SC403")
    assert "mv_realtime_revenue" in message


def test_a_filtered_view_over_a_materialized_view_is_fine(built_url: str) -> None:
    found = _plant(
        built_url,
        "SET ROLE migration_owner",
        "CREATE VIEW public.v_own AS SELECT * FROM public.mv_realtime_revenue AS m "
        "WHERE m.tenant_id = (SELECT public.app_current_tenant_id())",
        "GRANT SELECT ON public.v_own TO app_ro",
    )
    assert _pairs(found) == [("SC909", "view public.v_own")]


def test_function_without_search_path(built_url: str) -> None:
    found = _plant(
        built_url,
        "SET ROLE migration_owner",
        "CREATE FUNCTION public.no_path() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    )
    assert _pairs(found) == [("SC407", "function public.no_path()")]


def test_definer_function_without_search_path(built_url: str) -> None:
    found = _plant(
        built_url,
        "SET ROLE migration_owner",
        "CREATE FUNCTION public.definer_no_path(n integer) RETURNS integer LANGUAGE sql SECURITY DEFINER AS 'SELECT n'",
    )
    assert ("SC404", "function public.definer_no_path(n integer)") in _pairs(found)


@pytest.mark.parametrize(
    ("search_path", "problem"),
    [
        ("pg_temp, pg_catalog, public", "pg_temp is not last"),
        ("pg_catalog, public", "pg_temp is absent"),
        ("'pg_catalog, pg_temp'", "is one quoted schema name"),
    ],
)
def test_definer_function_search_path_without_pg_temp_last(built_url: str, search_path: str, problem: str) -> None:
    found = _plant(built_url, f"ALTER FUNCTION public.refresh_read_path() SET search_path = {search_path}")
    assert _pairs(found) == [("SC404", "function public.refresh_read_path()")]
    assert problem in found[0].finding.message
    assert found[0].finding.file == "sql/0003_read_path.sql"


def test_definer_function_executable_by_public(built_url: str) -> None:
    found = _plant(built_url, "GRANT EXECUTE ON FUNCTION public.refresh_read_path() TO PUBLIC")
    assert _pairs(found) == [("SC406", "function public.refresh_read_path()")]


def test_permissive_policy_that_opens_every_tenant(built_url: str) -> None:
    found = _plant(built_url, "CREATE POLICY open_all ON public.attribution_events USING (true) WITH CHECK (true)")
    assert _pairs(found) == [("SC306", "policy public.attribution_events.open_all")]


def test_append_only_table_writable_by_an_app_role(built_url: str) -> None:
    found = _plant(built_url, "GRANT UPDATE ON public.attribution_events TO app_rw")
    assert _pairs(found) == [("SC402", "table public.attribution_events")]
    assert "UPDATE to app_rw" in found[0].finding.message


def test_column_update_the_design_allows_stays_clean(built_url: str) -> None:
    assert _plant(built_url, "GRANT UPDATE (is_verified) ON public.revenue_ledger TO app_rw") == []
