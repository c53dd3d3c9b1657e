"""lock_timeout and statement_timeout: from [tool.schemactl], overridden per file by its header."""

from __future__ import annotations

import psycopg
import pytest

from schemactl.errors import MigrationFailedError
from tests.conftest import Project
from tests.integration.support import applied_versions, apply, ledger_versions, relation_exists, rows

RECORD_SETTINGS = (
    "INSERT INTO seen_settings VALUES "
    "({{ migration.version }}, current_setting('lock_timeout'), current_setting('statement_timeout'));\n"
)


def configure(project: Project, *, lock_timeout: str, statement_timeout: str) -> None:
    (project.root / "pyproject.toml").write_text(
        "[tool.schemactl]\n"
        f'lock_timeout = "{lock_timeout}"\n'
        f'statement_timeout = "{statement_timeout}"\n'
        "lock_wait_seconds = 30\n"
    )


def test_timeouts_come_from_config_and_file_headers(project: Project, database_url: str) -> None:
    configure(project, lock_timeout="7s", statement_timeout="3min")
    project.migration(
        "0001_seen_settings.sql",
        "CREATE TABLE seen_settings (version int PRIMARY KEY, lock_timeout text, statement_timeout text);\n"
        + RECORD_SETTINGS,
    )
    project.migration("0002_header.sql", "-- schemactl: lock_timeout=1s statement_timeout=2s\n" + RECORD_SETTINGS)
    project.migration(
        "0003_no_transaction.sql", "-- schemactl: no-transaction statement_timeout=4s\n" + RECORD_SETTINGS
    )
    project.migration("0004_config_again.sql", RECORD_SETTINGS)

    apply(project, database_url)

    assert rows(database_url, "SELECT * FROM seen_settings ORDER BY version") == [
        (1, "7s", "3min"),
        (2, "1s", "2s"),
        (3, "7s", "4s"),
        (4, "7s", "3min"),  # neither header leaks into the next file
    ]


def test_statement_timeout_from_the_header_cancels_a_long_statement(project: Project, database_url: str) -> None:
    slow = project.migration(
        "0001_slow.sql",
        "-- schemactl: statement_timeout=300ms\nCREATE TABLE never_kept (id int);\nSELECT pg_sleep(5);\n",
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    error = caught.value
    assert (error.file, error.line, error.sqlstate) == (str(slow), 3, "57014")
    assert error.message == "canceling statement due to statement timeout"
    assert error.statement == "SELECT pg_sleep(5)"
    assert error.hint is not None
    assert "statement_timeout is 300ms" in error.hint
    assert not relation_exists(database_url, "never_kept")
    assert ledger_versions(database_url) == []


def test_lock_timeout_from_the_header_gives_up_on_a_held_lock(project: Project, database_url: str) -> None:
    project.migration("0001_busy.sql", "CREATE TABLE busy (id int);\n")
    apply(project, database_url)
    project.migration(
        "0002_busy_extra.sql", "-- schemactl: lock_timeout=100ms\nALTER TABLE busy ADD COLUMN extra int;\n"
    )

    with psycopg.connect(database_url) as blocker:
        blocker.execute("LOCK TABLE busy IN ACCESS SHARE MODE")  # ALTER TABLE needs ACCESS EXCLUSIVE
        with pytest.raises(MigrationFailedError) as caught:
            apply(project, database_url)
        blocker.rollback()

    assert caught.value.sqlstate == "55P03"
    assert caught.value.hint is not None
    assert "lock_timeout (100ms) expired" in caught.value.hint
    assert ledger_versions(database_url) == [1]
    assert applied_versions(apply(project, database_url)) == [2]  # the lock is gone: the same file applies
