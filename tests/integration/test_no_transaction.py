"""Files with `-- schemactl: no-transaction`: concurrent index builds, their failures, and the retry."""

from __future__ import annotations

import psycopg
import pytest

from schemactl.errors import MigrationFailedError
from tests.conftest import Project
from tests.integration.support import (
    apply,
    execute,
    index_state,
    ledger,
    ledger_versions,
    relation_exists,
    sha256,
)

NO_TRANSACTION = "-- schemactl: no-transaction\n"
DROP_INVALID = "-- schemactl: no-transaction drop-invalid-indexes\n"
CODES_WITH_DUPLICATES = (
    "CREATE TABLE codes (id int PRIMARY KEY, code text);\nINSERT INTO codes VALUES (1, 'a'), (2, 'a');\n"
)
UNIQUE_INDEX = "CREATE UNIQUE INDEX CONCURRENTLY codes_code_key ON codes (code);\n"
UNIQUE_INDEX_IF_NOT_EXISTS = "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS codes_code_key ON codes (code);\n"
INVALID_LEFT = "left INVALID index(es) from a failed concurrent build: public.codes_code_key"


def test_create_index_concurrently_applies_and_is_recorded_non_transactional(
    project: Project, database_url: str
) -> None:
    project.migration("0001_items.sql", "CREATE TABLE items (id int, code text);\n")
    source = NO_TRANSACTION + "CREATE INDEX CONCURRENTLY items_code_idx ON items (code);\n"
    project.migration("0002_items_code.sql", source)

    result = apply(project, database_url)

    assert [(step.version, step.transactional) for step in result.applied] == [(1, True), (2, False)]
    state = index_state(database_url, "public.items_code_idx")
    assert state is not None
    assert state[1] is True
    recorded = ledger(database_url)
    assert [(row.version, row.transactional) for row in recorded] == [(1, True), (2, False)]
    assert recorded[1].checksum == sha256(source)


def test_concurrent_index_without_the_header_fails_inside_the_transaction(project: Project, database_url: str) -> None:
    project.migration("0001_items.sql", "CREATE TABLE items (id int, code text);\n")
    project.migration("0002_items_code.sql", "CREATE INDEX CONCURRENTLY items_code_idx ON items (code);\n")

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert caught.value.sqlstate == "25001"  # cannot run inside a transaction block
    assert not relation_exists(database_url, "items_code_idx")
    assert ledger_versions(database_url) == [1]


def test_failed_concurrent_build_is_reported_and_drop_invalid_indexes_rebuilds_it(
    project: Project, database_url: str
) -> None:
    project.migration("0001_codes.sql", CODES_WITH_DUPLICATES)
    index_file = project.migration("0002_codes_unique.sql", NO_TRANSACTION + UNIQUE_INDEX)

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    error = caught.value
    assert (error.file, error.line, error.sqlstate) == (str(index_file), 2, "23505")
    assert error.detail is not None
    assert "Key (code)=(a) is duplicated." in error.detail
    assert INVALID_LEFT in error.detail
    assert error.hint is not None
    assert "drop-invalid-indexes" in error.hint
    assert ledger_versions(database_url) == [1]
    invalid = index_state(database_url, "public.codes_code_key")
    assert invalid is not None
    assert invalid[1] is False

    # Retrying the same file: the invalid index holds the name.
    with pytest.raises(MigrationFailedError) as again:
        apply(project, database_url)
    assert again.value.sqlstate == "42P07"
    assert again.value.detail is not None
    assert INVALID_LEFT in again.value.detail

    execute(database_url, "DELETE FROM codes WHERE id = 2")
    index_file.write_text(DROP_INVALID + UNIQUE_INDEX)
    result = apply(project, database_url)

    assert [(step.version, step.transactional) for step in result.applied] == [(2, False)]
    rebuilt = index_state(database_url, "public.codes_code_key")
    assert rebuilt is not None
    assert rebuilt[0] != invalid[0]  # dropped and built again
    assert rebuilt[1] is True
    assert [(row.version, row.transactional) for row in ledger(database_url)] == [(1, True), (2, False)]
    with pytest.raises(psycopg.errors.UniqueViolation):
        execute(database_url, "INSERT INTO codes VALUES (3, 'a')")


def test_if_not_exists_retry_that_skips_an_invalid_index_is_refused(project: Project, database_url: str) -> None:
    """The danger `drop-invalid-indexes` exists for, caught.

    IF NOT EXISTS sees the invalid index left by the failed build and skips the build, so every
    statement of the retry "succeeds". The index is still invalid (unused by the planner and, here,
    not enforcing uniqueness): apply refuses to record the file and says how to fix it.
    """
    project.migration("0001_codes.sql", CODES_WITH_DUPLICATES)
    project.migration("0002_codes_unique.sql", NO_TRANSACTION + UNIQUE_INDEX_IF_NOT_EXISTS)

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert caught.value.detail is not None
    assert INVALID_LEFT in caught.value.detail
    assert caught.value.hint is not None
    assert "drop-invalid-indexes" in caught.value.hint
    invalid = index_state(database_url, "public.codes_code_key")
    assert invalid is not None

    execute(database_url, "DELETE FROM codes WHERE id = 2")
    with pytest.raises(MigrationFailedError, match="INVALID after it ran: public.codes_code_key") as retry:
        apply(project, database_url)

    assert retry.value.hint is not None
    assert "drop-invalid-indexes" in retry.value.hint
    assert ledger_versions(database_url) == [1]
    assert index_state(database_url, "public.codes_code_key") == (invalid[0], False)


def test_no_transaction_file_failing_midway_keeps_earlier_statements_and_is_not_recorded(
    project: Project, database_url: str
) -> None:
    failing = project.migration(
        "0001_partial.sql",
        NO_TRANSACTION + "CREATE TABLE partial (id int);\n"
        "CREATE INDEX CONCURRENTLY partial_id ON partial (id);\n"
        "SELECT id,\n"
        "       no_such_column\n"
        "FROM partial;\n",
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.file, caught.value.line, caught.value.sqlstate) == (str(failing), 5, "42703")
    assert caught.value.statement == "SELECT id,\n       no_such_column\nFROM partial"
    # Each statement committed on its own: the file is not atomic, and a retry runs all of it again.
    assert relation_exists(database_url, "partial")
    assert relation_exists(database_url, "partial_id")
    assert ledger_versions(database_url) == []


def test_no_transaction_file_may_run_its_own_transaction_blocks(project: Project, database_url: str) -> None:
    project.migration(
        "0001_blocks.sql",
        NO_TRANSACTION + "BEGIN;\nCREATE TABLE blocks (id int);\nINSERT INTO blocks VALUES (1);\nCOMMIT;\n",
    )

    apply(project, database_url)

    assert relation_exists(database_url, "blocks")
    assert [(row.version, row.transactional) for row in ledger(database_url)] == [(1, False)]


def test_no_transaction_file_leaving_a_transaction_open_is_rolled_back_and_not_recorded(
    project: Project, database_url: str
) -> None:
    # Otherwise the ledger row would go into the file's open transaction and vanish with it at
    # disconnect, while apply reported success.
    project.migration("0001_open.sql", NO_TRANSACTION + "BEGIN;\nCREATE TABLE left_open (id int);\n")
    project.migration("0002_after.sql", "CREATE TABLE after_open (id int);\n")

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert "left a transaction open" in caught.value.message
    assert not relation_exists(database_url, "left_open")
    assert not relation_exists(database_url, "after_open")
    assert ledger_versions(database_url) == []
