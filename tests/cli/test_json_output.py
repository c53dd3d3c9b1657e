"""`--format json`: one document on stdout, parsed here with json.loads; URLs in it are masked."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from schemactl.database import MASK, redact
from tests.cli.helpers import (
    applied_versions,
    apply,
    describe,
    in_project,
    status,
    table_exists,
    with_password,
)
from tests.conftest import Project


def _document(stdout: str) -> dict[str, Any]:
    document = json.loads(stdout)
    assert isinstance(document, dict)
    return document


def test_apply_json_lists_each_applied_migration(project: Project, database_url: str) -> None:
    url, secret = with_password(database_url, "json-secret-pw")
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_index_a.sql", "-- schemactl: no-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n")

    result = apply(project.root, url, "--format", "json")

    assert result.exit_code == 0, describe(result)
    document = _document(result.stdout)
    assert set(document) == {"database", "dry_run", "already_applied", "applied"}
    assert document["database"] == redact(url)
    assert f":{MASK}@" in document["database"]
    assert document["dry_run"] is False
    assert document["already_applied"] == 0
    applied = document["applied"]
    assert [set(step) for step in applied] == [{"version", "name", "duration_ms", "transactional"}] * 2
    assert [(s["version"], s["name"], s["transactional"]) for s in applied] == [
        (1, "create_a", True),
        (2, "index_a", False),
    ]
    assert all(isinstance(s["duration_ms"], int) and s["duration_ms"] >= 0 for s in applied)
    assert secret not in result.stdout
    assert secret not in result.stderr

    again = _document(apply(project.root, url, "--format", "json").stdout)
    assert again["already_applied"] == 2
    assert again["applied"] == []


def test_dry_run_json_lists_pending_sql_and_writes_nothing(project: Project, database_url: str) -> None:
    project.template("greet.sql.j2", "{% macro table_for(name) %}\nCREATE TABLE {{ name }} (id int);\n{% endmacro %}\n")
    project.migration("0001_create_a.sql", "{{ table_for('a') }}\n")
    project.migration("0002_create_b.sql", "-- schemactl: lock_timeout=250ms\n{{ table_for('b') }}\n")

    result = apply(project.root, database_url, "--dry-run", "--format", "json")

    assert result.exit_code == 0, describe(result)
    document = _document(result.stdout)
    assert document["dry_run"] is True
    assert document["database"] == redact(database_url)
    assert document["already_applied"] == 0
    pending = document["pending"]
    assert [(p["version"], p["name"]) for p in pending] == [(1, "create_a"), (2, "create_b")]
    assert pending[0]["sql"] == "CREATE TABLE a (id int);\n\n"
    assert pending[1]["sql"] == "-- schemactl: lock_timeout=250ms\nCREATE TABLE b (id int);\n\n"
    for entry in pending:
        assert entry["checksum"] == hashlib.sha256(entry["sql"].encode()).hexdigest()
    assert pending[1]["lock_timeout"] == "250ms"
    assert pending[0]["transactional"] is True
    assert applied_versions(database_url) is None
    assert not table_exists(database_url, "a")


def test_dry_run_json_after_a_partial_apply(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")
    assert apply(project.root, database_url, "--to", "1").exit_code == 0

    document = _document(apply(project.root, database_url, "--dry-run", "--format", "json").stdout)

    assert document["already_applied"] == 1
    assert [p["version"] for p in document["pending"]] == [2]
    assert applied_versions(database_url) == [1]
    assert not table_exists(database_url, "b")


def test_status_json_reports_applied_pending_changed_and_missing(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    changed = project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")
    missing = project.migration("0003_create_c.sql", "CREATE TABLE c (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    changed.write_text("CREATE TABLE b (id bigint);\n")
    missing.unlink()
    project.migration("0004_create_d.sql", "CREATE TABLE d (id int);\n")

    result = status(project.root, database_url, "--format", "json")

    assert result.exit_code == 1, describe(result)  # changed and missing files fail the check
    document = _document(result.stdout)
    assert set(document) == {"database", "migrations"}
    assert document["database"] == redact(database_url)
    rows = document["migrations"]
    assert [set(row) for row in rows] == [{"version", "name", "state", "applied_at"}] * 4
    assert [(r["version"], r["name"], r["state"]) for r in rows] == [
        (1, "create_a", "applied"),
        (2, "create_b", "changed"),
        (3, "create_c", "missing"),
        (4, "create_d", "pending"),
    ]
    for row in rows[:3]:
        assert datetime.fromisoformat(row["applied_at"]).tzinfo is not None
    assert rows[3]["applied_at"] is None


def test_status_json_on_an_empty_database_is_all_pending(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    document = _document(status(project.root, database_url, "--format", "json").stdout)

    assert document["migrations"] == [{"version": 1, "name": "create_a", "state": "pending", "applied_at": None}]
    assert applied_versions(database_url) is None


def test_sql_error_in_json_is_an_error_document_with_what_this_run_applied(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    path = project.migration("0002_broken.sql", "CREATE TABLE b (id int);\n\nSELECT 1/0;\n")

    result = apply(project.root, database_url, "--format", "json")

    assert result.exit_code == 1, describe(result)
    document = _document(result.stdout)
    assert set(document) == {"database", "applied", "error"}
    assert document["database"] == redact(database_url)
    assert [(a["version"], a["name"], a["transactional"]) for a in document["applied"]] == [(1, "create_a", True)]
    assert isinstance(document["applied"][0]["duration_ms"], int)
    error = document["error"]
    assert error["kind"] == "MigrationFailedError"
    assert error["message"] == "division by zero"
    assert error["file"] == str(path)
    assert error["line"] == 3
    assert error["sqlstate"] == "22012"
    assert error["statement"] == "SELECT 1/0"
    assert error["exit_code"] == 1
    assert applied_versions(database_url) == [1]


def test_usage_error_in_json_carries_exit_code_2(project: Project, database_url: str) -> None:
    path = project.migration("0001_x.sql", "SELECT 1;\nSELECT {{ nope }};\n")

    result = status(project.root, database_url, "--format", "json")

    assert result.exit_code == 2, describe(result)
    error = _document(result.stdout)["error"]
    assert error["kind"] == "TemplateRenderError"
    assert (error["file"], error["line"], error["sqlstate"], error["exit_code"]) == (str(path), 2, None, 2)
    assert "'nope' is undefined" in error["message"]


def test_json_stdout_holds_nothing_but_the_document(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    for args in (["apply", "--dry-run"], ["apply"], ["status"]):
        result = in_project(project.root, *args, "--database-url", database_url, "--format", "json")
        assert result.exit_code == 0, describe(result)
        assert result.stdout.startswith("{")
        _document(result.stdout)
        assert "database:" not in result.stdout
