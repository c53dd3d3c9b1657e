"""Several `schemactl apply` at once, a lock held by someone else, and a process killed mid-apply."""

from __future__ import annotations

import os
import signal
import subprocess

import psycopg
import pytest

from schemactl.errors import LockTimeoutError
from schemactl.runner import MIGRATION_LOCK_KEY
from tests.conftest import Project
from tests.integration.support import (
    applied_versions,
    apply,
    catalog,
    execute,
    ledger,
    ledger_versions,
    relation_exists,
    rows,
    run_cli,
    schema_exists,
    schemactl_sessions,
    scratch_database,
    start_cli,
    wait_until,
)


def stop(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_two_concurrent_applies_apply_each_migration_once(project: Project, database_url: str) -> None:
    project.migration("0001_applications.sql", "CREATE TABLE applications (id serial PRIMARY KEY, note text);\n")
    project.migration("0002_slow.sql", "SELECT pg_sleep(0.5);\nINSERT INTO applications (note) VALUES ('0002');\n")
    project.migration("0003_insert.sql", "INSERT INTO applications (note) VALUES ('0003');\n")

    processes: list[subprocess.Popen[str]] = []
    try:
        with psycopg.connect(database_url, autocommit=True) as gate:
            # Hold the lock until both processes are connected and contending for it.
            gate.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            processes = [start_cli(project, database_url) for _ in range(2)]
            wait_until(lambda: len(schemactl_sessions(database_url)) == 2, "both applies to wait for the lock")
            gate.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
        wait_until(lambda: bool(schemactl_sessions(database_url, running="pg_sleep")), "0002 to be running")
        # While one process is inside 0002, the other is still connected, waiting for the lock.
        assert len(schemactl_sessions(database_url)) == 2
        outputs = [process.communicate(timeout=60) for process in processes]
    finally:
        stop(processes)

    assert [process.returncode for process in processes] == [0, 0], [err for _, err in outputs]
    stdouts = sorted(out for out, _ in outputs)
    assert "3 migration(s) applied" in stdouts[0]
    assert "nothing to apply (3 already applied)" in stdouts[1]
    assert rows(database_url, "SELECT note, count(*) FROM applications GROUP BY note ORDER BY note") == [
        ("0002", 1),
        ("0003", 1),
    ]
    assert ledger_versions(database_url) == [1, 2, 3]


def test_apply_gives_up_on_a_held_lock_naming_the_holder(project: Project, database_url: str) -> None:
    project.migration("0001_accounts.sql", "CREATE TABLE accounts (id int);\n")

    with psycopg.connect(database_url, autocommit=True, application_name="lock-holder-test") as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        holder_pid = holder.info.backend_pid
        with pytest.raises(LockTimeoutError) as caught:
            apply(project, database_url, lock_wait=0.2)
        completed = run_cli(project, database_url, "--lock-wait", "0.2")

    assert f"(pid {holder_pid}, lock-holder-test, user " in caught.value.message
    assert caught.value.hint is not None
    assert "--lock-wait" in caught.value.hint
    assert completed.returncode == 1
    assert f"pid {holder_pid}" in completed.stderr
    assert "another process holds the migration lock" in completed.stderr
    assert not schema_exists(database_url, "schemactl")  # nothing written before the lock
    assert not relation_exists(database_url, "accounts")
    assert applied_versions(apply(project, database_url)) == [1]  # once released, apply proceeds


SLEEP_CONTROL = (
    "CREATE TABLE public.sleep_control (seconds float8 NOT NULL);\nINSERT INTO public.sleep_control VALUES ({});"
)


def sleepy_project(project: Project) -> None:
    """0002 sleeps for as long as public.sleep_control says, between two DDL statements."""
    project.migration(
        "0001_authors.sql",
        "CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);\nINSERT INTO authors VALUES (1, 'Ada');\n",
    )
    project.migration(
        "0002_books.sql",
        "CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors (id));\n"
        "SELECT pg_sleep((SELECT seconds FROM public.sleep_control));\n"
        "ALTER TABLE books ADD COLUMN title text NOT NULL DEFAULT '';\n"
        "INSERT INTO books VALUES (1, 1, 'Notes');\n",
    )
    project.migration("0003_books_author.sql", "CREATE INDEX books_author_id ON books (author_id);\n")


def ledger_signature(url: str) -> list[tuple[object, ...]]:
    return [(r.version, r.name, r.checksum, r.source_checksum, r.transactional) for r in ledger(url)]


def test_killed_apply_then_rerun_ends_like_a_clean_run(project: Project, database_url: str, server_url: str) -> None:
    sleepy_project(project)
    # Both databases get the control table, so it is part of both catalogs.
    execute(database_url, SLEEP_CONTROL.format(60))

    process = start_cli(project, database_url)
    try:
        wait_until(
            lambda: bool(schemactl_sessions(database_url, running="pg_sleep")) or process.poll() is not None,
            "0002 to be sleeping",
        )
        assert process.poll() is None, process.communicate()
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        stop([process])
    assert process.returncode == -signal.SIGKILL

    # Killed inside 0002: its transaction never committed.
    assert ledger_versions(database_url) == [1]
    assert not relation_exists(database_url, "books")

    # The dead client's backend still sleeps and holds the lock until it notices (client_connection_check_interval).
    execute(database_url, "UPDATE public.sleep_control SET seconds = 0")
    rerun = apply(project, database_url, lock_wait=30)
    assert applied_versions(rerun) == [2, 3]
    assert rerun.already_applied == 1

    with scratch_database(server_url) as clean_url:
        execute(clean_url, SLEEP_CONTROL.format(0))
        apply(project, clean_url)
        assert ledger_signature(database_url) == ledger_signature(clean_url)
        assert catalog(database_url) == catalog(clean_url)
        for table in ("authors", "books"):
            query = f"SELECT * FROM {table} ORDER BY id"
            assert rows(database_url, query) == rows(clean_url, query)
