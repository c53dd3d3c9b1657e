"""What a transactional file may not do to its transaction, and roles it switches to."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from schemactl.errors import MigrationFailedError
from tests.conftest import Project
from tests.integration.support import apply, execute, ledger, ledger_versions, relation_exists, rows, scalar


@pytest.mark.parametrize("control", ["ROLLBACK", "COMMIT", "BEGIN", "END", "commit work"])
def test_transactional_file_with_transaction_control_is_refused_before_anything_runs(
    project: Project, database_url: str, control: str
) -> None:
    # ROLLBACK would undo the file yet record it; COMMIT would make part of it permanent and run
    # the rest in autocommit. Both are refused up front, so nothing of the file runs.
    failing = project.migration(
        "0001_control.sql",
        f"CREATE TABLE before_control (id int);\n{control};\nCREATE TABLE after_control (id int);\n",
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.file, caught.value.line, caught.value.statement) == (str(failing), 2, control)
    assert "transaction control statement" in caught.value.message
    assert [name for name in ("before_control", "after_control") if relation_exists(database_url, name)] == []
    assert ledger_versions(database_url) == []


def test_savepoints_are_allowed_in_a_transactional_file(project: Project, database_url: str) -> None:
    project.migration(
        "0001_savepoint.sql",
        "CREATE TABLE kept (id int);\nSAVEPOINT s;\nCREATE TABLE undone (id int);\nROLLBACK TO SAVEPOINT s;\n",
    )

    apply(project, database_url)

    assert [name for name in ("kept", "undone") if relation_exists(database_url, name)] == ["kept"]
    assert ledger_versions(database_url) == [1]


def test_a_deferred_constraint_failing_at_commit_is_not_blamed_on_a_statement(
    project: Project, database_url: str
) -> None:
    project.migration(
        "0001_deferred.sql",
        "CREATE TABLE parent (id int PRIMARY KEY);\n"
        "CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);\n"
        "INSERT INTO child VALUES (1);\n",
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert caught.value.message.startswith("failed at COMMIT")
    assert caught.value.sqlstate == "23503"
    assert (caught.value.line, caught.value.statement) == (None, None)
    assert not relation_exists(database_url, "parent")
    assert ledger_versions(database_url) == []


@pytest.fixture
def owner_role(database_url: str) -> Iterator[str]:
    """A role of the test server (roles are cluster-wide: unique name, dropped afterwards)."""
    name = "schemactl_test_owner_" + uuid.uuid4().hex[:8]
    execute(database_url, f'CREATE ROLE "{name}" NOLOGIN; GRANT CREATE ON SCHEMA public TO "{name}"')
    try:
        yield name
    finally:
        execute(database_url, f'DROP OWNED BY "{name}"; DROP ROLE "{name}"')


def test_files_may_switch_role_and_the_ledger_is_still_written_as_the_session_user(
    project: Project, database_url: str, owner_role: str
) -> None:
    # The role has no privilege on the ledger: recording works only because the runner resets the role.
    project.migration("0001_owned.sql", f'SET LOCAL ROLE "{owner_role}";\nCREATE TABLE owned_tx (id int);\n')
    project.migration(
        "0002_owned_no_tx.sql",
        f'-- schemactl: no-transaction\nSET ROLE "{owner_role}";\nCREATE TABLE owned_no_tx (id int);\n',
    )
    project.migration("0003_session_owned.sql", "CREATE TABLE session_owned (id int);\n")

    apply(project, database_url)

    session_user = scalar(database_url, "SELECT session_user")
    owners = rows(database_url, "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    assert owners == [("owned_no_tx", owner_role), ("owned_tx", owner_role), ("session_owned", session_user)]
    assert [(row.version, row.applied_by) for row in ledger(database_url)] == [
        (1, session_user),
        (2, session_user),
        (3, session_user),
    ]


def test_a_failing_ledger_write_is_reported_as_such(project: Project, database_url: str) -> None:
    project.migration("0001_first.sql", "CREATE TABLE first (id int);\n")
    apply(project, database_url)
    project.migration("0002_vandal.sql", "CREATE TABLE vandal (id int);\nDROP SCHEMA schemactl CASCADE;\n")

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert caught.value.message.startswith("could not record the migration in schemactl.schema_migrations")
    assert caught.value.sqlstate == "42P01"
    assert caught.value.statement is None
    assert not relation_exists(database_url, "vandal")
    assert ledger_versions(database_url) == [1]
