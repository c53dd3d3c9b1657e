"""Dry runs check what real runs check; a partial apply says what it applied; status fails like apply."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from schemactl.database import redact
from tests.cli.helpers import (
    applied_versions,
    apply,
    assert_no_traceback,
    describe,
    error_lines,
    status,
    table_exists,
)
from tests.conftest import Project

# --- 6. apply --dry-run runs every pre-flight check of the real apply ---------------------------------

REFUSED_BEFORE_RUNNING = [
    (
        "0002_commits.sql",
        "CREATE TABLE b (id int);\nCOMMIT;\n",
        2,
        "transaction control statement in a transactional file; nothing was applied",
    ),
    (
        "0002_unparsable.sql",
        "-- schemactl: no-transaction\nCREATE INDEX CONCURRENTLY i ON a (id);\nCREATE TABLEX b (id int);\n",
        3,
        'syntax error: syntax error at or near "TABLEX" (42601)',
    ),
]
REFUSED_IDS = ["transaction-control", "no-transaction-unparsable"]


@pytest.mark.parametrize(("filename", "sql", "line", "message"), REFUSED_BEFORE_RUNNING, ids=REFUSED_IDS)
def test_dry_run_refuses_what_the_real_apply_refuses(
    project: Project, database_url: str, filename: str, sql: str, line: int, message: str
) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    path = project.migration(filename, sql)

    dry = apply(project.root, database_url, "--dry-run")
    real = apply(project.root, database_url)

    assert dry.exit_code == real.exit_code == 1, describe(dry) + describe(real)
    assert error_lines(dry)[0] == error_lines(real)[0] == f"error: {path}:{line}: {message}", describe(dry)
    assert "would apply" not in dry.stdout
    assert_no_traceback(dry)


def test_dry_run_json_refusal_is_an_error_document(project: Project, database_url: str) -> None:
    project.migration("0001_commits.sql", "CREATE TABLE a (id int);\nCOMMIT;\n")

    result = apply(project.root, database_url, "--dry-run", "--format", "json")

    assert result.exit_code == 1, describe(result)
    document = json.loads(result.stdout)
    assert document["error"]["kind"] == "MigrationFailedError"
    assert document["error"]["line"] == 2
    assert document["applied"] == []


def test_a_refused_later_file_leaves_the_earlier_pending_ones_unapplied(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    project.migration("0002_commits.sql", "CREATE TABLE b (id int);\nCOMMIT;\n")

    result = apply(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert applied_versions(database_url) is None  # nothing written, not even the ledger
    assert not table_exists(database_url, "a")


@pytest.fixture
def weak_login(database_url: str) -> Iterator[str]:
    """A login that may connect to the test database and nothing more (no CREATE on it); yields its URL."""
    role = f"sc_weak_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN".encode())
    try:
        yield make_conninfo(database_url, user=role)
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}".encode())
            admin.execute(f"DROP ROLE {role}".encode())


def test_dry_run_checks_that_the_ledger_can_be_created(project: Project, database_url: str, weak_login: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    role, database = conninfo_to_dict(weak_login)["user"], conninfo_to_dict(database_url)["dbname"]

    dry = apply(project.root, weak_login, "--dry-run")
    real = apply(project.root, weak_login)

    expected = (
        f"error: user {role} cannot create the ledger schemactl.schema_migrations: "
        f"it needs CREATE on database {database}"
    )
    assert dry.exit_code == real.exit_code == 2, describe(dry) + describe(real)
    assert error_lines(dry)[0] == error_lines(real)[0] == expected, describe(dry) + describe(real)
    assert applied_versions(database_url) is None
    assert_no_traceback(real)


def test_a_ledger_the_login_cannot_read_is_one_error_line(project: Project, database_url: str, weak_login: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    assert apply(project.root, database_url).exit_code == 0

    result = status(project.root, weak_login)
    dry = apply(project.root, weak_login, "--dry-run")

    for each in (result, dry):
        assert each.exit_code == 2, describe(each)
        assert error_lines(each)[0] == (
            "error: cannot read the ledger schemactl.schema_migrations: permission denied for schema schemactl (42501)"
        ), describe(each)
        assert_no_traceback(each)


# --- 7. apply --format json after a partial success reports what this run applied ---------------------


def test_json_after_a_partial_apply_lists_the_applied_files_and_the_error(project: Project, database_url: str) -> None:
    for version in range(1, 6):
        project.migration(f"000{version}_create_t{version}.sql", f"CREATE TABLE t{version} (id int);\n")
    assert apply(project.root, database_url, "--to", "2").exit_code == 0
    broken = project.migration("0006_broken.sql", "SELECT 1/0;\n")

    result = apply(project.root, database_url, "--format", "json")

    assert result.exit_code == 1, describe(result)
    document = json.loads(result.stdout)
    assert set(document) == {"database", "applied", "error"}
    assert document["database"] == redact(database_url)
    assert [(a["version"], a["name"]) for a in document["applied"]] == [
        (3, "create_t3"),
        (4, "create_t4"),
        (5, "create_t5"),
    ]
    assert all(set(a) == {"version", "name", "duration_ms", "transactional"} for a in document["applied"])
    assert (document["error"]["file"], document["error"]["sqlstate"]) == (str(broken), "22012")
    assert applied_versions(database_url) == [1, 2, 3, 4, 5]


def test_json_error_before_anything_ran_lists_nothing_applied(project: Project) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    result = apply(project.root, "postgresql://alice:pw@127.0.0.1:1/db", "--format", "json")

    assert result.exit_code == 2, describe(result)
    document = json.loads(result.stdout)
    assert document["applied"] == []
    assert document["error"]["kind"] == "ConnectionFailedError"


# --- 8. status exits 1 on changed or missing files, as the README's exit-code table says ----------------


def test_status_exits_1_when_an_applied_file_changed(project: Project, database_url: str) -> None:
    path = project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    path.write_text("CREATE TABLE a (id bigint);\n")

    text = status(project.root, database_url)
    data = status(project.root, database_url, "--format", "json")

    assert text.exit_code == data.exit_code == 1, describe(text) + describe(data)
    assert text.stdout.splitlines()[-1] == "1 changed"
    assert [row["state"] for row in json.loads(data.stdout)["migrations"]] == ["changed"]
    assert_no_traceback(text)


def test_status_exits_1_when_an_applied_file_is_missing(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    gone = project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    gone.unlink()

    result = status(project.root, database_url)

    assert result.exit_code == 1, describe(result)
    assert result.stdout.splitlines()[-1] == "1 applied, 1 missing"


def test_status_exits_0_with_applied_and_pending_files(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    assert apply(project.root, database_url).exit_code == 0
    project.migration("0002_create_b.sql", "CREATE TABLE b (id int);\n")

    result = status(project.root, database_url)

    assert result.exit_code == 0, describe(result)
    assert result.stdout.splitlines()[-1] == "1 applied, 1 pending"
