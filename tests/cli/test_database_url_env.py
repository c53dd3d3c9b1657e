"""$DATABASE_URL names the database when no --database-url is given; the flag wins over it."""

from __future__ import annotations

import json

import pytest

from schemactl.database import redact
from tests.cli.helpers import applied_versions, describe, in_project
from tests.conftest import Project

ENV_SECRET = "env-secret-pw"
UNREACHABLE_ENV_URL = f"postgresql://nobody:{ENV_SECRET}@127.0.0.1:1/nowhere"


@pytest.fixture
def one_migration(project: Project) -> Project:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    return project


def test_apply_uses_database_url_from_the_environment(
    one_migration: Project, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)

    result = in_project(one_migration.root, "apply")

    assert result.exit_code == 0, describe(result)
    assert result.stderr.splitlines()[0] == f"database: {redact(database_url)} (DATABASE_URL)"
    assert applied_versions(database_url) == [1]


def test_status_uses_database_url_from_the_environment(
    one_migration: Project, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert in_project(one_migration.root, "apply").exit_code == 0

    result = in_project(one_migration.root, "status", "--format", "json")

    assert result.exit_code == 0, describe(result)
    document = json.loads(result.stdout)
    assert document["database"] == redact(database_url)
    assert [row["state"] for row in document["migrations"]] == ["applied"]


def test_the_flag_wins_over_database_url(
    one_migration: Project, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_ENV_URL)

    result = in_project(one_migration.root, "apply", "--database-url", database_url)

    assert result.exit_code == 0, describe(result)
    assert result.stderr.splitlines()[0] == f"database: {redact(database_url)} (--database-url)"
    assert "127.0.0.1:1" not in result.stdout + result.stderr
    assert applied_versions(database_url) == [1]


def test_an_unreachable_database_url_is_reported_masked(
    one_migration: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_ENV_URL)

    result = in_project(one_migration.root, "apply")

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == f"database: {redact(UNREACHABLE_ENV_URL)} (DATABASE_URL)"
    assert ENV_SECRET not in result.stdout + result.stderr
