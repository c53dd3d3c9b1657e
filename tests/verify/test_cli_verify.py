"""`schemactl verify` on the command line: exit codes, the four formats, selection, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import Result

from tests.cli.helpers import invoke
from tests.verify.support import PROJECT_ROOT, database_name, execute, temp_role

# The last migration that sets the database's privileges (REVOKE TEMPORARY ... FROM PUBLIC and the app roles):
# a database-level finding points there.
DATABASE_PRIVILEGES_FILE = "sql/0005_hostile_session_hardening.sql"


def _verify(url: str, *args: str) -> Result:
    return invoke("-C", str(PROJECT_ROOT), "verify", "--database-url", url, *args)


def test_findings_exit_1_with_one_line_each(built_url: str) -> None:
    name = database_name(built_url)
    execute(built_url, f'GRANT TEMPORARY ON DATABASE "{name}" TO PUBLIC')
    result = invoke("-C", str(PROJECT_ROOT), "verify", "-d", built_url)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("database: ")
    line = next(line for line in result.stdout.splitlines() if "PUBLIC holds TEMPORARY" in line)
    assert line.startswith(f"{DATABASE_PRIVILEGES_FILE}:")
    assert " SC905 database-privilege-too-broad " in line
    assert result.stdout.splitlines()[-1].startswith(f"{len(result.stdout.splitlines()) - 1} finding(s) in ")


def test_a_clean_database_exits_0(built_url: str) -> None:
    result = _verify(built_url)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("no findings in ")


def test_select_ignore_and_fail_on(built_url: str) -> None:
    execute(built_url, f'GRANT TEMPORARY ON DATABASE "{database_name(built_url)}" TO PUBLIC')  # SC905
    assert _verify(built_url).exit_code == 1
    assert _verify(built_url, "--select", "SC903").exit_code == 0
    assert _verify(built_url, "--ignore", "SC905", "--ignore", "SC407").exit_code == 0
    execute(built_url, f'REVOKE TEMPORARY ON DATABASE "{database_name(built_url)}" FROM PUBLIC')
    with temp_role(built_url) as login:
        execute(built_url, f"GRANT app_ro TO {login}")  # a login without timeouts: SC906, a warning
        assert _verify(built_url).exit_code == 1
        assert _verify(built_url, "--fail-on", "error").exit_code == 0


def test_json_names_each_object(built_url: str) -> None:
    execute(built_url, f'GRANT TEMPORARY ON DATABASE "{database_name(built_url)}" TO PUBLIC')
    result = _verify(built_url, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert database_name(built_url) in document["database"]
    assert document["summary"]["error"] == len(document["findings"])
    finding = next(f for f in document["findings"] if f["code"] == "SC905")
    assert finding["object"] == {"kind": "database", "name": database_name(built_url)}
    assert finding["file"] == DATABASE_PRIVILEGES_FILE
    assert set(finding) >= {"code", "name", "severity", "message", "file", "line", "column", "object"}
    assert "SC910" in document["rules"]


def test_sarif_has_the_migration_and_the_object(built_url: str) -> None:
    execute(built_url, "ALTER TABLE public.tenants NO FORCE ROW LEVEL SECURITY")
    result = _verify(built_url, "--format", "sarif")
    assert result.exit_code == 1
    run = json.loads(result.stdout)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    result_for = next(r for r in run["results"] if r["ruleId"] == "SC303")
    assert rules[result_for["ruleIndex"]]["id"] == "SC303"
    location = result_for["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "sql/0002_core_tables.sql"
    assert location["physicalLocation"]["region"]["startLine"] > 1
    assert location["logicalLocations"] == [
        {"name": "tenants", "fullyQualifiedName": "public.tenants", "kind": "table"}
    ]


def test_github_annotations(built_url: str) -> None:
    execute(built_url, f'GRANT TEMPORARY ON DATABASE "{database_name(built_url)}" TO PUBLIC')
    result = _verify(built_url, "--format", "github", "--select", "SC905")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines
    assert all(line.startswith(f"::error file={DATABASE_PRIVILEGES_FILE},line=") for line in lines)
    assert all("title=SC905 database-privilege-too-broad::" in line for line in lines)


def test_usage_errors_exit_2_with_one_line(built_url: str, tmp_path: Path) -> None:
    bad_select = _verify(built_url, "--select", "XX1")
    assert bad_select.exit_code == 2
    assert bad_select.stderr.splitlines()[-2:][0].startswith("error: --select: 'XX1' is not a rule code")
    missing = _verify(built_url, "--schema", "no_such_schema")
    assert missing.exit_code == 2
    assert "error: schema(s) not found in the database: no_such_schema" in missing.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.schemactl.verify]\nowners = ['x']\n")
    config = invoke("-C", str(tmp_path), "verify", "-d", built_url)
    assert config.exit_code == 2
    assert "[tool.schemactl.verify] has unknown key(s): owners" in config.stderr
    for result in (bad_select, missing, config):
        assert "Traceback" not in result.stderr + result.stdout


def test_help_has_an_example() -> None:
    result = invoke("verify", "--help")
    assert result.exit_code == 0
    assert "Example: schemactl verify" in result.stdout
