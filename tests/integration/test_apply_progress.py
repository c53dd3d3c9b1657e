"""Progress of `schemactl apply`: live on a terminal, nothing extra when piped or with --format json."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import time
from pathlib import Path

import psycopg

from schemactl.runner import MIGRATION_LOCK_KEY
from tests.conftest import Project
from tests.integration.support import cli_command, ledger_versions, run_cli

SLOW_FILE = (
    "".join(f"CREATE TABLE f{n} (id int);\n" for n in range(25)) + "SELECT pg_sleep(1.2);\nCREATE TABLE z (id int);\n"
)


def run_in_terminal(command: list[str], timeout: float = 60, *, stdout: int | None = None) -> tuple[int, str]:
    """Run `command` with a pseudo-terminal as its stdin, stderr and (unless given) stdout; exit code, terminal text."""
    import pty  # POSIX only, like the terminal it stands for

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    out = slave if stdout is None else stdout
    process = subprocess.Popen(command, stdin=slave, stdout=out, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other side closed: the process is gone
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        return process.wait(timeout=10), output.decode("utf-8", errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def test_piped_output_is_one_line_per_file_and_the_summary(project: Project, database_url: str) -> None:
    project.migration("0001_slow.sql", SLOW_FILE)
    project.migration("0002_more.sql", "-- schemactl: no-transaction\nCREATE TABLE y (id int);\n")

    result = run_cli(project, database_url)

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"database: \S+ \(--database-url\)\n"
        r"applied 0001_slow\.sql \(\d+ ms\)\n"
        r"applied 0002_more\.sql \[no-transaction\] \(\d+ ms\)\n",
        result.stderr,
    ), result.stderr
    assert re.fullmatch(r"2 migration\(s\) applied in \d+ ms\n", result.stdout), result.stdout


def test_json_output_is_the_document_alone(project: Project, database_url: str) -> None:
    project.migration("0001_slow.sql", SLOW_FILE)

    result = run_cli(project, database_url, "--format", "json")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert [step["name"] for step in document["applied"]] == ["slow"]


def test_a_terminal_shows_the_running_file_its_statement_and_the_time(project: Project, database_url: str) -> None:
    project.migration("0001_slow.sql", SLOW_FILE)

    code, output = run_in_terminal(cli_command(project, database_url))

    assert code == 0, output
    assert re.search(r"applying 0001_slow\.sql: statement 26 of 27  \d+\.\ds", output), output
    assert re.search(r"applied\S* 0001_slow\.sql", output), output
    assert "1 migration(s) applied in" in output
    assert ledger_versions(database_url) == [1]


def test_a_terminal_shows_the_wait_for_the_lock_with_the_holder_and_the_limit(
    project: Project, database_url: str
) -> None:
    project.migration("0001_t.sql", "CREATE TABLE t (id int);\n")

    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        code, output = run_in_terminal(cli_command(project, database_url, "--lock-wait", "1.5"))
        pid = holder.info.backend_pid

    assert code == 1, output
    assert f"waiting for the migration lock held by pid {pid} (up to 1.5s)" in output
    assert "another process holds the migration lock" in output
    assert ledger_versions(database_url) == []


def test_piped_lock_wait_adds_nothing_before_the_error(project: Project, database_url: str) -> None:
    project.migration("0001_t.sql", "CREATE TABLE t (id int);\n")

    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        result = run_cli(project, database_url, "--lock-wait", "0.5")

    assert result.returncode == 1
    assert "waiting" not in result.stderr
    assert result.stderr.splitlines()[1].startswith("error: another process holds the migration lock")


def test_progress_on_the_terminal_leaves_a_piped_stdout_as_it_was(
    project: Project, database_url: str, tmp_path: Path
) -> None:
    project.migration("0001_slow.sql", SLOW_FILE)
    captured = tmp_path / "stdout.txt"

    with captured.open("w") as stdout:
        code, terminal = run_in_terminal(cli_command(project, database_url), stdout=stdout.fileno())

    assert code == 0, terminal
    assert "applying 0001_slow.sql: statement" in terminal
    assert re.fullmatch(r"1 migration\(s\) applied in \d+ ms\n", captured.read_text()), captured.read_text()
