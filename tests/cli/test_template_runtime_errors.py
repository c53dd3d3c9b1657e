"""Template code that fails while running ({{ 1/0 }}) and a missing grants matrix: one line, no traceback."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import (
    applied_versions,
    assert_no_traceback,
    describe,
    error_lines,
    invoke,
)
from tests.conftest import Project

RUNTIME_ERRORS = [
    ("{{ 1/0 }}", "template error: ZeroDivisionError: division by zero"),
    ('{{ "x" + 1 }}', 'template error: TypeError: can only concatenate str (not "int") to str'),
]
RUNTIME_IDS = ["division", "concatenation"]


@pytest.fixture
def in_root(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Commands run from the project root, so paths in messages are the short relative ones."""
    monkeypatch.chdir(project.root)
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    return project


@pytest.mark.parametrize(("expression", "message"), RUNTIME_ERRORS, ids=RUNTIME_IDS)
@pytest.mark.parametrize("command", [["render"], ["render", "sql/0002_broken.sql"], ["apply"], ["status"]])
def test_a_failing_expression_is_one_error_line_with_file_and_line(
    in_root: Project, database_url: str, command: list[str], expression: str, message: str
) -> None:
    in_root.migration("0002_broken.sql", f"CREATE TABLE b (id int);\n-- {{{{ 'ok' }}}}\n{expression}\n")
    extra = ["--database-url", database_url] if command[0] != "render" else []

    result = invoke(*command, *extra)

    assert result.exit_code == 2, describe(result)
    assert error_lines(result) == [f"error: sql/0002_broken.sql:3: {message}"], describe(result)
    assert_no_traceback(result)
    assert applied_versions(database_url) is None


@pytest.mark.parametrize(("expression", "message"), RUNTIME_ERRORS, ids=RUNTIME_IDS)
@pytest.mark.parametrize("command", ["apply", "status"])
def test_a_failing_expression_is_a_json_error_document(
    in_root: Project, database_url: str, command: str, expression: str, message: str
) -> None:
    in_root.migration("0002_broken.sql", f"{expression}\n")

    result = invoke(command, "--database-url", database_url, "--format", "json")

    assert result.exit_code == 2, describe(result)
    error = json.loads(result.stdout)["error"]
    assert (error["kind"], error["message"], error["line"], error["exit_code"]) == (
        "TemplateRenderError",
        message,
        1,
        2,
    )
    assert error["file"].endswith("0002_broken.sql")
    assert_no_traceback(result)


def test_a_failing_macro_is_located_at_the_call_and_in_the_library(in_root: Project) -> None:
    in_root.template("broken.sql.j2", "{% macro explode() %}\nSELECT {{ 1/0 }};\n{% endmacro %}\n")
    in_root.migration("0002_calls.sql", "SELECT 1;\n{{ explode() }}\n")

    result = invoke("render", "sql/0002_calls.sql")

    assert result.exit_code == 2, describe(result)
    first = error_lines(result)[0]
    assert first.startswith("error: sql/0002_calls.sql:2: template error: ZeroDivisionError: division by zero (in ")
    assert first.endswith("broken.sql.j2:2)"), describe(result)
    assert_no_traceback(result)


def test_a_library_failing_at_its_top_level_is_one_error_line(in_root: Project) -> None:
    in_root.template("broken.sql.j2", "{% set ratio = 1/0 %}\n{% macro m() %}x{% endmacro %}\n")

    result = invoke("render")

    assert result.exit_code == 2, describe(result)
    first = error_lines(result)[0]
    assert first == "error: templates/broken.sql.j2:1: template error: ZeroDivisionError: division by zero"
    assert_no_traceback(result)


def test_grants_doc_without_a_matrix_is_one_error_line(in_root: Project) -> None:
    result = invoke("grants-doc")

    assert result.exit_code == 2, describe(result)
    assert error_lines(result) == [
        "error: templates/grants.toml: grants matrix not found",
        "hint: grants-doc documents the grants matrix templates/grants.toml; create it (see the README)",
    ], describe(result)
    assert not (in_root.root / "docs").exists()
    assert_no_traceback(result)


def test_grants_doc_check_without_a_matrix_is_the_same_error(in_root: Project) -> None:
    result = invoke("grants-doc", "--check")

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == "error: templates/grants.toml: grants matrix not found"
    assert_no_traceback(result)
