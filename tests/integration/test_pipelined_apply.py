"""A transactional file's statements go to the server in pipelined batches: still exact, still per statement."""

from __future__ import annotations

import re
import signal

import psycopg
import pytest

from schemactl import pipeline, runner
from schemactl.errors import LockTimeoutError, MigrationFailedError
from schemactl.migrations import PreparedMigration
from schemactl.runner import MIGRATION_LOCK_KEY
from tests.conftest import Project
from tests.integration.support import (
    apply,
    ledger_versions,
    migrations_of,
    relation_exists,
    scalar,
    schemactl_sessions,
    start_cli,
    target,
    wait_until,
)

# More statements than one batch holds, so a failure can sit in a later batch.
MANY = pipeline.BATCH_STATEMENTS * 2 + 37


def numbered_tables(count: int) -> str:
    return "".join(f"CREATE TABLE t{n} (id int);\nCOMMENT ON TABLE t{n} IS 'table {n}';\n" for n in range(count))


def test_a_large_file_is_applied_whole(project: Project, database_url: str) -> None:
    project.migration("0001_many.sql", numbered_tables(MANY // 2))

    apply(project, database_url)

    assert scalar(database_url, "SELECT count(*) FROM pg_class WHERE relname ~ '^t[0-9]+$' AND relkind = 'r'") == (
        MANY // 2
    )
    assert ledger_versions(database_url) == [1]


def test_a_failure_in_a_later_batch_names_its_own_line_and_statement(project: Project, database_url: str) -> None:
    head = numbered_tables(MANY // 2)
    failing = project.migration(
        "0001_many.sql", head + "CREATE TABLE fine_after (id int);\nSELECT id,\n       missing_column\nFROM t1;\n"
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    head_lines = head.count("\n")
    assert (caught.value.file, caught.value.line, caught.value.sqlstate) == (str(failing), head_lines + 3, "42703")
    assert caught.value.statement == "SELECT id,\n       missing_column\nFROM t1"
    assert not relation_exists(database_url, "t0")  # the whole file rolled back
    assert ledger_versions(database_url) == []


def test_a_failure_without_a_position_names_the_failed_statement(project: Project, database_url: str) -> None:
    head = numbered_tables(300)
    failing = project.migration("0001_dup.sql", head + "CREATE TABLE t7 (id int);\nCREATE TABLE never (id int);\n")

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.file, caught.value.line, caught.value.sqlstate) == (
        str(failing),
        head.count("\n") + 1,
        "42P07",
    )
    assert caught.value.message == 'relation "t7" already exists'
    assert caught.value.statement == "CREATE TABLE t7 (id int)"
    assert not relation_exists(database_url, "t0")


def test_statement_timeout_applies_to_each_statement_not_to_a_batch(project: Project, database_url: str) -> None:
    # Four statements of 0.3 s each under a 0.5 s timeout: fine one by one, fatal if timed as one batch.
    project.migration(
        "0001_sleepy.sql",
        "-- schemactl: statement_timeout=500ms\nCREATE TABLE kept (id int);\n" + "SELECT pg_sleep(0.3);\n" * 4,
    )

    apply(project, database_url)

    assert relation_exists(database_url, "kept")
    assert ledger_versions(database_url) == [1]


def test_a_long_statement_still_times_out(project: Project, database_url: str) -> None:
    project.migration(
        "0001_slow.sql",
        "-- schemactl: statement_timeout=300ms\nCREATE TABLE never_kept (id int);\nSELECT pg_sleep(3);\n",
    )

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.line, caught.value.sqlstate) == (3, "57014")
    assert not relation_exists(database_url, "never_kept")


def test_a_copy_statement_is_sent_alone_and_reported_as_before(project: Project, database_url: str) -> None:
    failing = project.migration("0001_copy.sql", "CREATE TABLE c (id int);\nCOPY c TO STDOUT;\n")

    with pytest.raises(MigrationFailedError) as caught:
        apply(project, database_url)

    assert (caught.value.file, caught.value.line) == (str(failing), 2)
    assert caught.value.statement == "COPY c TO STDOUT"
    assert not relation_exists(database_url, "c")
    # The connection was left usable: the lock was released and a fixed file applies.
    project.migration("0001_copy.sql", "CREATE TABLE c (id int);\n")
    apply(project, database_url)
    assert ledger_versions(database_url) == [1]


class Recorder:
    """An ApplyObserver that records every callback."""

    def __init__(self, *, live: bool = False) -> None:
        self.events: list[tuple[object, ...]] = []
        self.live = live

    def lock_waiting(self, holder_pid: int | None, wait_seconds: float) -> None:
        self.events.append(("lock_waiting", holder_pid, wait_seconds))

    def migration_started(self, migration: PreparedMigration) -> None:
        self.events.append(("started", migration.file.label))

    def statements_done(self, migration: PreparedMigration, done: int, total: int) -> None:
        self.events.append(("done", migration.file.label, done, total))

    def migration_finished(self, migration: PreparedMigration, duration_ms: int) -> None:
        self.events.append(("finished", migration.file.label))

    def finished(self) -> None:
        self.events.append(("over",))


def test_the_observer_sees_statement_progress_of_each_file(project: Project, database_url: str) -> None:
    project.migration("0001_many.sql", numbered_tables(MANY // 2))
    project.migration("0002_small.sql", "CREATE TABLE small (id int);\n")
    project.migration(
        "0003_no_tx.sql", "-- schemactl: no-transaction\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"
    )
    recorder = Recorder()

    runner.apply(target(database_url), migrations_of(project), lock_wait_seconds=5, observer=recorder)

    many = [int(str(e[2])) for e in recorder.events if e[0] == "done" and e[1] == "0001_many.sql"]
    assert many[0] == 0
    assert many[-1] == MANY - MANY % 2
    assert many == sorted(many)
    assert len(set(many)) >= 3
    assert {event[3] for event in recorder.events if event[0] == "done" and event[1] == "0001_many.sql"} == {
        MANY - MANY % 2
    }
    assert [e for e in recorder.events if e[0] == "done" and e[1] != "0001_many.sql"] == [
        ("done", "0002_small.sql", 0, 1),
        ("done", "0002_small.sql", 1, 1),
        ("done", "0003_no_tx.sql", 0, 2),
        ("done", "0003_no_tx.sql", 1, 2),
        ("done", "0003_no_tx.sql", 2, 2),
    ]
    assert [e for e in recorder.events if e[0] != "done"] == [
        ("started", "0001_many.sql"),
        ("finished", "0001_many.sql"),
        ("started", "0002_small.sql"),
        ("finished", "0002_small.sql"),
        ("started", "0003_no_tx.sql"),
        ("finished", "0003_no_tx.sql"),
        ("over",),
    ]


def test_the_observer_is_told_who_holds_the_lock_and_for_how_long_apply_waits(
    project: Project, database_url: str
) -> None:
    project.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
    recorder = Recorder()

    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        holder_pid = holder.info.backend_pid
        with pytest.raises(LockTimeoutError):
            runner.apply(target(database_url), migrations_of(project), lock_wait_seconds=0.3, observer=recorder)

    assert recorder.events == [("lock_waiting", holder_pid, 0.3), ("over",)]


@pytest.mark.parametrize("live", [True, False])
def test_a_live_observer_learns_which_statement_is_running(project: Project, database_url: str, live: bool) -> None:
    fast = "".join(f"CREATE TABLE f{n} (id int);\n" for n in range(10))
    project.migration("0001_slow.sql", fast + "SELECT pg_sleep(0.8);\nCREATE TABLE last (id int);\n")
    recorder = Recorder(live=live)

    runner.apply(target(database_url), migrations_of(project), lock_wait_seconds=5, observer=recorder)

    done = {int(str(e[2])) for e in recorder.events if e[0] == "done"}
    # Live: each result is sent as soon as it is ready, so the wait on pg_sleep shows 10 done.
    # Otherwise the server sends the batch's results at its end, and the waits show 0 done.
    assert done == ({0, 10, 12} if live else {0, 12})


def test_ctrl_c_cancels_the_running_statement_and_leaves_nothing(project: Project, database_url: str) -> None:
    project.migration("0001_long.sql", numbered_tables(5) + "SELECT pg_sleep(60);\nCREATE TABLE never (id int);\n")
    process = start_cli(project, database_url)
    try:
        wait_until(lambda: bool(schemactl_sessions(database_url, running="pg_sleep")), "the long statement to run")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    wait_until(lambda: not schemactl_sessions(database_url), "the session to end")
    assert not relation_exists(database_url, "t0")
    assert ledger_versions(database_url) == []


def test_a_connection_lost_mid_file_fails_clearly_and_does_not_hang(project: Project, database_url: str) -> None:
    project.migration("0001_long.sql", numbered_tables(5) + "SELECT pg_sleep(60);\nCREATE TABLE never (id int);\n")
    process = start_cli(project, database_url)
    try:
        wait_until(lambda: bool(schemactl_sessions(database_url, running="pg_sleep")), "the long statement to run")
        for pid in schemactl_sessions(database_url, running="pg_sleep"):
            scalar(database_url, "SELECT pg_terminate_backend(%s)", (pid,))
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 1, stderr
    # Blamed on the statement that was running, as when statements went one by one.
    assert re.search(r"^error: \S*0001_long\.sql:11: terminating connection .*\(57P01\)$", stderr, re.MULTILINE), stderr
    assert "    SELECT pg_sleep(60)" in stderr
    assert "Traceback" not in stderr
    assert not relation_exists(database_url, "t0")
    assert ledger_versions(database_url) == []
