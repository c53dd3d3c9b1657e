"""Exit codes: 0 ok, 1 a failed apply, 2 a usage or configuration error, whatever the command."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import psycopg
import pytest

from schemactl.runner import MIGRATION_LOCK_KEY
from tests.cli.helpers import applied_versions, apply, assert_no_traceback, describe, error_lines, in_project
from tests.conftest import Project


def test_successful_apply_exits_0_and_records_every_file(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 0, describe(result)
    assert applied_versions(database_url) == [1, 2]
    assert "error:" not in result.stderr


def test_failed_migration_exits_1_and_keeps_earlier_files(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_broken.sql", "CREATE TABLE b (id int);\nSELECT 1/0;\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert error_lines(result)[0].endswith("division by zero (22012)")
    assert applied_versions(database_url) == [1]
    assert_no_traceback(result)


def test_changed_checksum_exits_1(project: Project, database_url: str) -> None:
    path = project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    path.write_text("CREATE TABLE a (id bigint);\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert error_lines(result)[0].startswith(
        f"error: {path.relative_to(project.root)}: applied migration 0001_create_a.sql has changed"
    )
    assert_no_traceback(result)


def test_unknown_applied_version_exits_1(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    second = project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    second.unlink()

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    expected = "error: the database records versions that sql/ does not hold: 2 (create_b)"
    assert error_lines(result)[0] == expected, describe(result)
    assert_no_traceback(result)


def test_lock_timeout_exits_1_and_applies_nothing(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("SET application_name = 'lock-holder'")
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        result = apply(project.root, database_url, "--lock-wait", "0.3")

    assert result.exit_code == 1, describe(result)
    first = error_lines(result)[0]
    assert first.startswith("error: another process holds the migration lock on "), describe(result)
    assert "lock-holder" in first
    assert first.endswith("gave up after 0.3s")
    assert applied_versions(database_url) is None
    assert_no_traceback(result)


def _missing_sql_dir(project: Project) -> str:
    shutil.rmtree(project.sql_dir)
    return "error: migration directory not found: sql"


def _duplicate_version(project: Project) -> str:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("001_create_b.sql", "CREATE TABLE b (id int);\n")
    second = project.sql_dir / "001_create_b.sql"
    return f"error: {second.relative_to(project.root)}: duplicate version 1: 0001_create_a.sql and 001_create_b.sql"


def _misnamed_file(project: Project) -> str:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002-Create-B.sql", "CREATE TABLE b (id int);\n")
    return "error: sql/0002-Create-B.sql: migration file name is not NNNN_snake_case_name.sql: 0002-Create-B.sql"


def _bad_header_directive(project: Project) -> str:
    sql = "-- a comment\n-- schemactl: no-transactoin\nCREATE TABLE a (id int);\n"
    path = project.migration("0001_create_a.sql", sql)
    return f"error: {path.relative_to(project.root)}:2: unknown schemactl directive 'no-transactoin'"


def _bad_header_timeout(project: Project) -> str:
    path = project.migration("0001_create_a.sql", "-- schemactl: lock_timeout=soon\nCREATE TABLE a (id int);\n")
    return f"error: {path.relative_to(project.root)}:1: bad lock_timeout value 'soon'"


def _jinja_undefined_name(project: Project) -> str:
    path = project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n\nCREATE TABLE {{ no_such_name }} ();\n")
    return f"error: {path.relative_to(project.root)}:3: undefined name: 'no_such_name' is undefined"


def _jinja_syntax_error(project: Project) -> str:
    path = project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n{% if %}\nSELECT 1;\n{% endif %}\n")
    return f"error: {path.relative_to(project.root)}:2: Jinja syntax error: "


@pytest.mark.parametrize(
    "make_error",
    [
        _missing_sql_dir,
        _duplicate_version,
        _misnamed_file,
        _bad_header_directive,
        _bad_header_timeout,
        _jinja_undefined_name,
        _jinja_syntax_error,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
@pytest.mark.parametrize("command", ["apply", "status"])
def test_project_errors_exit_2_before_touching_the_database(
    project: Project, database_url: str, make_error: Callable[[Project], str], command: str
) -> None:
    expected_start = make_error(project)

    result = in_project(project.root, command, "--database-url", database_url)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0].startswith(expected_start), describe(result)
    assert result.stdout == ""
    assert applied_versions(database_url) is None
    assert_no_traceback(result)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["apply", "--no-such-option"], "No such option: --no-such-option"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["apply", "--format", "xml"], "'xml' is not one of"),
        (["apply", "--to", "three"], "Invalid value for '--to'"),
        (["apply", "--database-url"], "Option '--database-url' requires an argument"),
        (["db", "start", "--now"], "No such option: --now"),
    ],
    ids=["unknown-option", "unknown-command", "bad-choice", "bad-int", "missing-value", "db-unknown-option"],
)
def test_typer_usage_errors_exit_2(project: Project, args: list[str], message: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    result = in_project(project.root, *args)

    assert result.exit_code == 2, describe(result)
    assert message in " ".join(result.stderr.split()), describe(result)
    assert result.stdout == ""
    assert_no_traceback(result)
