"""State rules: checks of the schema model's final state, for migration files and for a model read from a catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.lint.model import ColumnInfo, FunctionInfo, GrantInfo, PolicyInfo, SchemaModel, TableInfo, ViewInfo
from schemactl.lint.settings import LintSettings
from schemactl.lint.state import Judges, StateRule, state_rules
from tests.lint.helpers import LintProject, brief

TENANT = "(SELECT public.app_current_tenant_id())"
ORDERS = (
    "CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL);\n"
    "ALTER TABLE orders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n"
    f"CREATE POLICY tenant_isolation_policy ON orders USING (tenant_id = {TENANT}) WITH CHECK (tenant_id = {TENANT});\n"
)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintProject:
    root = tmp_path / "project"
    project = LintProject(root)
    monkeypatch.chdir(root)
    return project


def test_the_state_rules_and_what_they_judge() -> None:
    rules = {rule.code: rule for rule in state_rules()}
    assert sorted(rules) == ["SC302", "SC303", "SC304", "SC306", "SC402", "SC403", "SC404", "SC406", "SC407"]
    assert all(issubclass(rule, StateRule) and isinstance(rule.judges, Judges) for rule in rules.values())
    assert all(rule.judges in (Judges.LIVE, Judges.BOTH) for rule in rules.values())


def _catalog_model() -> SchemaModel:
    """A model as a reader of a live catalog fills it: no places, expressions as pg_get_expr text."""
    model = SchemaModel()
    orders = TableInfo(name="orders", file="", statement_offset=-1, rls_enabled=True, rls_forced=False)
    orders.columns["tenant_id"] = ColumnInfo("tenant_id", "uuid", not_null=True)
    orders.policies.append(
        PolicyInfo("orders_open", True, False, False, using="true", with_check=None, roles=("public",), permissive=True)
    )
    model.tables["orders"] = orders
    model.views["mv_revenue"] = ViewInfo("mv_revenue", materialized=True, reads=("orders",))
    model.views["v_revenue"] = ViewInfo("v_revenue", materialized=False, reads=("mv_revenue",), tenant_filtered=False)
    model.add_grant(GrantInfo("v_revenue", "table", "app_ro", "SELECT"))
    model.add_grant(GrantInfo("revenue_ledger", "table", "app_rw", "UPDATE"))
    model.add_grant(GrantInfo("revenue_ledger", "table", "app_rw", "UPDATE", ("is_verified",)))
    model.functions["purge()"] = FunctionInfo("purge()", "purge", security_definer=True, public_execute=True)
    model.functions["helper()"] = FunctionInfo("helper()", "helper")
    return model


def test_state_rules_judge_a_model_read_from_a_catalog() -> None:
    model = _catalog_model()
    found = {
        (rule.code, finding.object_kind, finding.object_name)
        for rule in state_rules()
        for finding in rule().check_state(model, LintSettings())
    }
    assert found == {
        ("SC303", "table", "orders"),  # RLS enabled, not forced
        ("SC304", "table", "orders"),  # no policy restricting tenant_id in USING and WITH CHECK
        ("SC306", "policy", "orders.orders_open"),  # permissive USING (true)
        ("SC402", "grant", "revenue_ledger"),  # table-level UPDATE on an append-only table (the column one is fine)
        ("SC403", "view", "v_revenue"),  # an unfiltered view over a materialized view
        ("SC404", "function", "purge()"),  # definer without search_path
        ("SC406", "function", "purge()"),  # definer executable by PUBLIC
        ("SC407", "function", "helper()"),  # no search_path
    }
    for rule in state_rules():
        assert all(finding.place is None for finding in rule().check_state(model, LintSettings()))


def test_a_later_migration_that_pins_search_path_satisfies_sc407(workspace: LintProject) -> None:
    workspace.write(
        "sql/0001_helper.sql",
        "CREATE FUNCTION public.helper() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;\n",
    )
    assert brief(workspace.findings("--select", "SC407")) == [("SC407", "sql/0001_helper.sql", 1)]
    workspace.write(
        "sql/0002_pin.sql", "ALTER FUNCTION public.helper() SET search_path = pg_catalog, public, pg_temp;\n"
    )
    assert workspace.findings("--select", "SC407") == []
    # The fix may itself be wrong: the finding then moves to the statement that last changed the function.
    workspace.write("sql/0002_pin.sql", "-- pin it\nALTER FUNCTION public.helper() SET search_path = public;\n")
    assert brief(workspace.findings("--select", "SC407")) == [("SC407", "sql/0002_pin.sql", 2)]


def test_rls_weakened_by_a_later_file_is_reported_there_and_a_fix_after_it_clears_it(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write("sql/0002_weaken.sql", "-- oops\nALTER TABLE orders DISABLE ROW LEVEL SECURITY;\n")
    assert brief(workspace.findings("--select", "SC302")) == [("SC302", "sql/0002_weaken.sql", 2)]
    # Only the files asked about are reported: the weakening is not 0001's finding.
    assert workspace.findings("--select", "SC302", "sql/0001_orders.sql") == []
    workspace.write("sql/0003_fix.sql", "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n")
    assert workspace.findings("--select", "SC302") == []


def test_a_state_finding_can_be_suppressed_on_its_statement(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write(
        "sql/0002_weaken.sql",
        "-- schemactl: allow SC302 because orders is being retired (ticket 7)\n"
        "ALTER TABLE orders DISABLE ROW LEVEL SECURITY;\n",
    )
    assert workspace.findings("--select", "SC302") == []


def test_definer_revoked_only_in_a_later_file_is_still_reported(workspace: LintProject) -> None:
    definer = (
        "CREATE FUNCTION public.purge() RETURNS void LANGUAGE sql SECURITY DEFINER\n"
        "    SET search_path = pg_catalog, public, pg_temp AS $$ SELECT 1 $$;\n"
    )
    workspace.write("sql/0001_purge.sql", definer)
    workspace.write("sql/0002_revoke.sql", "REVOKE ALL ON FUNCTION public.purge() FROM PUBLIC;\n")
    assert brief(workspace.findings("--select", "SC406")) == [("SC406", "sql/0001_purge.sql", 1)]
    workspace.write("sql/0001_purge.sql", definer + "REVOKE ALL ON FUNCTION public.purge() FROM PUBLIC;\n")
    assert workspace.findings("--select", "SC406") == []


def test_schemas_keep_relations_apart(workspace: LintProject) -> None:
    workspace.write("sql/0001_orders.sql", ORDERS)
    workspace.write(
        "sql/0002_audit.sql",
        "CREATE TABLE audit.orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL);\n"
        "ALTER TABLE audit.orders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n",
    )
    # audit.orders has no policy of its own; public.orders keeps its complete one.
    assert brief(workspace.findings("--select", "SC304")) == [("SC304", "sql/0002_audit.sql", 1)]
