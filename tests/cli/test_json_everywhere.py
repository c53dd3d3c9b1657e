"""Every `--format json` prints one JSON document on stdout: results, and errors too."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemactl.database import redact
from schemactl.snapshot.serialize import read_snapshot
from tests.cli.helpers import assert_no_traceback, describe, error_lines, in_project
from tests.conftest import Project


def _document(stdout: str) -> dict[str, Any]:
    document = json.loads(stdout)
    assert isinstance(document, dict)
    return document


def test_snapshot_without_diff_reports_the_written_file_in_json(project: Project, database_url: str) -> None:
    result = in_project(project.root, "snapshot", "--database-url", database_url, "--format", "json")

    assert result.exit_code == 0, describe(result)
    document = _document(result.stdout)
    written = project.root / "snapshots" / "schema.json"
    assert document == {
        "database": redact(database_url),
        "source": redact(database_url),
        "written": str(written),
        "objects": read_snapshot(written).count(),
    }


def test_snapshot_from_sql_reports_its_source_in_json(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    result = in_project(project.root, "snapshot", "--from-sql", "--database-url", database_url, "--format", "json")

    assert result.exit_code == 0, describe(result)
    document = _document(result.stdout)
    assert document["source"] == f"sql/ built on {redact(database_url)}"
    assert document["objects"] == read_snapshot(project.root / "snapshots" / "schema.json").count()


def test_lint_of_a_missing_file_is_a_json_error(project: Project) -> None:
    result = in_project(project.root, "lint", "--format", "json", "nope.sql")

    assert result.exit_code == 2, describe(result)
    error = _document(result.stdout)["error"]
    assert (error["kind"], error["message"], error["exit_code"]) == ("ConfigError", "no such file: nope.sql", 2)
    assert error_lines(result)[0] == "error: no such file: nope.sql"
    assert_no_traceback(result)


@pytest.mark.parametrize(
    "command",
    [
        ["apply"],
        ["apply", "--dry-run"],
        ["status"],
        ["snapshot"],
        ["snapshot", "--diff"],
        ["lint"],
        ["db", "status"],
        ["contract", "check"],
    ],
    ids=lambda command: "-".join(command),
)
def test_a_configuration_error_is_a_json_document_for_every_command(
    project: Project, database_url: str, command: list[str]
) -> None:
    (project.root / "pyproject.toml").write_text('[tool.schemactl]\nsql_dirr = "sql"\n')
    url = ["--database-url", database_url] if command[0] in ("apply", "status", "snapshot") else []

    result = in_project(project.root, *command, *url, "--format", "json")

    assert result.exit_code == 2, describe(result)
    error = _document(result.stdout)["error"]
    assert (error["kind"], error["message"]) == ("ConfigError", "[tool.schemactl] has unknown key(s): sql_dirr")
    assert_no_traceback(result)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--format", "json", "--bogus"], "No such option: --bogus"),
        (["apply", "--to", "three", "--format=json"], "Invalid value for '--to'"),
        (["db", "status", "-f", "json", "extra"], "Got unexpected extra argument"),
    ],
    ids=["unknown-option", "bad-value", "extra-argument"],
)
def test_a_command_line_usage_error_is_a_json_document_when_json_is_asked_for(
    project: Project, args: list[str], message: str
) -> None:
    result = in_project(project.root, *args)

    assert result.exit_code == 2, describe(result)
    error = _document(result.stdout)["error"]
    assert error["kind"] == "UsageError"
    assert error["message"].startswith(message), error
    assert error["exit_code"] == 2
    assert_no_traceback(result)


def test_a_usage_error_without_json_prints_nothing_on_stdout(project: Project) -> None:
    result = in_project(project.root, "status", "--bogus")

    assert result.exit_code == 2, describe(result)
    assert result.stdout == ""
