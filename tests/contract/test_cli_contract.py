"""`schemactl contract check` run in-process against real PostgreSQL: the project passes; a copy of it
with one schema or contract change fails with the finding that names the change."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import Result

from schemactl.database import redact
from schemactl.snapshot.build import THROWAWAY_PREFIX
from tests.cli.helpers import LEDGER, apply, assert_no_traceback, describe, error_lines, in_project, table_exists
from tests.contract.support import (
    ATTRIBUTION,
    MAPPING,
    PROJECT_ROOT,
    RECONCILIATION,
    copy_project,
    edit,
    line_of,
    next_migration,
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway copy of the project, and the working directory, so findings show relative paths."""
    copy = copy_project(tmp_path / "project")
    monkeypatch.chdir(copy)
    return copy


def check(root: Path, url: str, *extra: str) -> Result:
    result = in_project(root, "contract", "check", "--database-url", url, *extra)
    assert_no_traceback(result)
    return result


def finding_lines(result: Result) -> list[str]:
    """The `file:line:column: CODE name message` lines of the text report."""
    return [line for line in result.stdout.splitlines() if re.search(r": (?:error|warning|info) CT0", line)]


def test_the_project_passes(server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT_ROOT)

    result = check(PROJECT_ROOT, server_url)

    assert result.exit_code == 0, describe(result)
    assert result.stdout == "no findings in 3 file(s)\n"
    assert result.stderr == f"database: {redact(server_url)} (--database-url)\n"


def _throwaway_databases(server_url: str) -> set[str]:
    with psycopg.connect(server_url) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (THROWAWAY_PREFIX,))
        return {str(row[0]) for row in rows.fetchall()}


def test_sql_is_built_in_a_throwaway_database_that_is_dropped(root: Path, server_url: str, database_url: str) -> None:
    before = _throwaway_databases(server_url)

    result = check(root, database_url)

    assert result.exit_code == 0, describe(result)
    assert not table_exists(database_url, LEDGER)  # sql/ was built elsewhere, not in the named database
    assert _throwaway_databases(server_url) <= before


def test_a_renamed_view_column(root: Path, server_url: str) -> None:
    next_migration(root, "rename_verified", "ALTER VIEW v_realtime_revenue RENAME COLUMN verified TO is_verified;\n")

    result = check(root, server_url)

    assert result.exit_code == 1, describe(result)
    assert finding_lines(result) == [
        f"{MAPPING}:{line_of(root / MAPPING, 'read_from: v_realtime_revenue')}:9: error CT009 unmapped-view-column "
        "v_realtime_revenue.is_verified is neither mapped to a field of RealtimeRevenueResponse nor listed under "
        "internal_columns with a reason",
        f"{MAPPING}:{line_of(root / MAPPING, 'column: v_realtime_revenue.verified')}:13: error CT001 "
        "mapped-column-missing "
        "column v_realtime_revenue.verified does not exist "
        "(v_realtime_revenue has: data_freshness_seconds, is_verified, tenant_id, total_revenue)",
    ]
    assert result.stdout.endswith("2 finding(s) in 3 file(s): 2 error\n")


def test_a_boolean_column_that_became_text(root: Path, server_url: str) -> None:
    next_migration(
        root,
        "verified_as_text",
        "DROP VIEW v_realtime_revenue;\n"
        "CREATE VIEW v_realtime_revenue AS\n"
        "SELECT m.tenant_id, m.total_revenue, m.verified::text AS verified, 0 AS data_freshness_seconds\n"
        "FROM mv_realtime_revenue AS m;\n",
    )

    result = check(root, server_url)

    assert result.exit_code == 1, describe(result)
    assert finding_lines(result) == [
        f"{MAPPING}:{line_of(root / MAPPING, 'column: v_realtime_revenue.verified')}:13: error CT002 type-mismatch "
        f"RealtimeRevenueResponse.verified is boolean in {ATTRIBUTION} but v_realtime_revenue.verified is text "
        "(expected boolean)"
    ]


def test_an_enum_value_added_to_the_check_only(root: Path, server_url: str) -> None:
    next_migration(
        root,
        "cancelled_runs",
        "ALTER TABLE reconciliation_runs DROP CONSTRAINT ck_reconciliation_runs_state_valid;\n"
        "ALTER TABLE reconciliation_runs ADD CONSTRAINT ck_reconciliation_runs_state_valid\n"
        "    CHECK (state IN ('idle', 'running', 'failed', 'completed', 'cancelled'));\n",
    )

    result = check(root, server_url)

    assert result.exit_code == 1, describe(result)
    assert finding_lines(result) == [
        f"{MAPPING}:{line_of(root / MAPPING, 'enum_source: reconciliation_runs.state')}:13: error CT004 "
        "enum-values-differ "
        f"ReconciliationStatusResponse.state enum [idle, running, failed, completed] of {RECONCILIATION} differs "
        "from CHECK ck_reconciliation_runs_state_valid on reconciliation_runs.state "
        "[idle, running, failed, completed, cancelled]: only in the database: 'cancelled'"
    ]


def test_an_unmapped_response_field(root: Path, server_url: str) -> None:
    contract = root / ATTRIBUTION
    edit(
        contract,
        "        verified:\n          type: boolean\n",
        "        currency:\n          type: string\n        verified:\n          type: boolean\n",
    )

    result = check(root, server_url)

    assert result.exit_code == 1, describe(result)
    line = line_of(contract, "currency:")
    assert finding_lines(result) == [
        f"{ATTRIBUTION}:{line}:9: error CT007 unmapped-contract-field RealtimeRevenueResponse.currency (string) is not "
        f"mapped: map it to a column or mark it internal: true with a reason in {MAPPING}"
    ]
    assert f"  {line:>4} |         currency:" in result.stdout  # the code frame of the contract


def test_live_checks_the_database_itself(root: Path, database_url: str) -> None:
    assert apply(root, database_url).exit_code == 0
    assert check(root, database_url, "--live").exit_code == 0
    next_migration(root, "rename_verified", "ALTER VIEW v_realtime_revenue RENAME COLUMN verified TO is_verified;\n")

    before = check(root, database_url, "--live")
    assert apply(root, database_url).exit_code == 0
    after = check(root, database_url, "--live")

    assert before.exit_code == 0, describe(before)  # not applied yet: the live database still agrees
    assert after.exit_code == 1, describe(after)
    assert [line.split(": ")[1].split()[1] for line in finding_lines(after)] == ["CT009", "CT001"]


def test_live_on_an_empty_database_reports_every_column(root: Path, database_url: str) -> None:
    result = check(root, database_url, "--live")

    assert result.exit_code == 1, describe(result)
    assert "CT001 mapped-column-missing v_realtime_revenue.tenant_id: relation v_realtime_revenue does not exist" in (
        result.stdout
    )


# -- formats -------------------------------------------------------------------------------------


def _renamed(root: Path) -> None:
    next_migration(root, "rename_verified", "ALTER VIEW v_realtime_revenue RENAME COLUMN verified TO is_verified;\n")


def _document(result: Result) -> Any:
    return json.loads(result.stdout)


def test_json_format(root: Path, server_url: str) -> None:
    _renamed(root)

    result = check(root, server_url, "--format", "json")

    assert result.exit_code == 1, describe(result)
    document = _document(result)
    assert document["files"] == [str(MAPPING), str(ATTRIBUTION), str(RECONCILIATION)]
    assert document["summary"] == {"error": 2, "warning": 0, "info": 0}
    assert document["findings"][1] == {
        "code": "CT001",
        "name": "mapped-column-missing",
        "severity": "error",
        "message": "column v_realtime_revenue.verified does not exist "
        "(v_realtime_revenue has: data_freshness_seconds, is_verified, tenant_id, total_revenue)",
        "file": str(MAPPING),
        "line": line_of(root / MAPPING, "column: v_realtime_revenue.verified"),
        "column": 13,
        "from_macro": False,
    }
    assert result.stderr == ""


def test_github_format(root: Path, server_url: str) -> None:
    _renamed(root)

    result = check(root, server_url, "-f", "github")

    assert result.exit_code == 1, describe(result)
    line = line_of(root / MAPPING, "column: v_realtime_revenue.verified")
    assert result.stdout.splitlines()[1] == (
        f"::error file={MAPPING},line={line},col=13,title=CT001 mapped-column-missing::column "
        "v_realtime_revenue.verified does not exist "
        "(v_realtime_revenue has: data_freshness_seconds, is_verified, tenant_id, total_revenue)"
    )


def test_sarif_format_describes_the_contract_rules(root: Path, server_url: str) -> None:
    _renamed(root)

    result = check(root, server_url, "--format", "sarif")

    assert result.exit_code == 1, describe(result)
    run = _document(result)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [f"CT{n:03d}" for n in range(1, 14)]
    assert rules[0]["name"] == "mapped-column-missing"
    assert [r["ruleId"] for r in run["results"]] == ["CT009", "CT001"]
    assert run["results"][1]["ruleIndex"] == 0
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": str(MAPPING)}


# -- errors (exit 2) -----------------------------------------------------------------------------


def test_a_missing_mapping_is_an_error(root: Path, server_url: str) -> None:
    (root / MAPPING).unlink()

    result = check(root, server_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result) == [f"error: {MAPPING}: {MAPPING}: no such file"]
    assert result.stdout == ""


def test_invalid_yaml_is_an_error_with_its_line(root: Path, server_url: str) -> None:
    edit(root / RECONCILIATION, "  title: Reconciliation API\n", "  title: [Reconciliation API\n")

    result = check(root, server_url)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0].startswith(f"error: {RECONCILIATION}:")
    assert "invalid YAML" in error_lines(result)[0]


def test_an_error_in_json_format_is_a_json_document(root: Path, server_url: str) -> None:
    (root / MAPPING).unlink()

    result = check(root, server_url, "--format", "json")

    assert result.exit_code == 2, describe(result)
    assert _document(result)["error"]["kind"] == "ContractFileError"


def test_another_mapping_file(root: Path, server_url: str) -> None:
    moved = root / "elsewhere.yaml"
    (root / MAPPING).rename(moved)

    result = check(root, server_url, "--mapping", str(moved))

    assert result.exit_code == 0, describe(result)
    assert result.stdout == "no findings in 3 file(s)\n"


def test_an_unreachable_database_is_an_error(root: Path) -> None:
    result = check(root, "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")

    assert result.exit_code == 2, describe(result)
    assert result.stdout == ""
