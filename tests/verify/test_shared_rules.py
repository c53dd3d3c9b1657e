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
