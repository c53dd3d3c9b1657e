"""`schemactl db start|status|url|stop`, and `apply` falling back to the embedded server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from schemactl import embedded
from tests.cli.helpers import describe, in_project, ms_line
from tests.conftest import Project


@dataclass(frozen=True)
class EmbeddedProject:
    project: Project
    state_dir: Path

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def data_dir(self) -> Path:
        return embedded.data_dir_of(self.state_dir)


@pytest.fixture
def embedded_project(project: Project) -> Iterator[EmbeddedProject]:
    """A project whose state_dir is a short /tmp path (Unix socket paths must stay under ~100 bytes)."""
    state_dir = Path(tempfile.mkdtemp(prefix="sc")).resolve()
    pyproject = f'[tool.schemactl]\nstate_dir = "{state_dir}"\nlock_wait_seconds = 30\n'
    (project.root / "pyproject.toml").write_text(pyproject)
    try:
        yield EmbeddedProject(project, state_dir)
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def _db_status(root: Path) -> tuple[int, dict[str, object]]:
    result = in_project(root, "db", "status", "--format", "json")
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return result.exit_code, document


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().splitlines()[0])


def _postmasters(data_dir: Path) -> list[str]:
    """Running `postgres -D <data_dir>` processes (the postmaster, not its children)."""
    listing = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if "postgres" in line and f"-D {data_dir} " in f"{line} "]


def test_db_start_status_url_stop(embedded_project: EmbeddedProject) -> None:
    root, data_dir = embedded_project.root, embedded_project.data_dir
    code, before = _db_status(root)
    assert code == 1
    assert (before["running"], before["initialised"], before["url"]) == (False, False, None)

    started = in_project(root, "db", "start")
    assert started.exit_code == 0, describe(started)
    url = started.stdout.strip()
    assert started.stdout == url + "\n"
    assert url.startswith("postgresql://postgres@/postgres?host=")
    assert str(data_dir) in url
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)

    code, running = _db_status(root)
    assert code == 0
    assert running == {
        "running": True,
        "initialised": True,
        "url": url,
        "pid": _postmaster_pid(data_dir),
        "data_dir": str(data_dir),
    }
    text = in_project(root, "db", "status")
    assert text.exit_code == 0, describe(text)
    assert text.stdout.splitlines() == [
        f"embedded server: running (pid {_postmaster_pid(data_dir)})",
        f"data: {data_dir}",
        f"url: {url}",
    ]

    assert in_project(root, "db", "url").stdout == url + "\n"
    assert in_project(root, "db", "start").stdout == url + "\n"  # a second start is a no-op

    stopped = in_project(root, "db", "stop")
    assert stopped.exit_code == 0, describe(stopped)
    assert stopped.stdout == "embedded server stopped\n"
    assert not _postmasters(data_dir)

    code, after = _db_status(root)
    assert code == 1
    assert (after["running"], after["initialised"], after["url"], after["pid"]) == (False, True, None, None)
    text = in_project(root, "db", "status")
    assert text.exit_code == 1
    assert text.stdout.splitlines()[0] == "embedded server: stopped"

    again = in_project(root, "db", "stop")
    assert again.exit_code == 0, describe(again)
    assert again.stdout == "embedded server was not running\n"


def test_db_url_starts_the_server_when_needed(embedded_project: EmbeddedProject) -> None:
    result = in_project(embedded_project.root, "db", "url")

    assert result.exit_code == 0, describe(result)
    code, state = _db_status(embedded_project.root)
    assert code == 0
    assert state["url"] == result.stdout.strip()


def test_apply_without_a_url_uses_the_embedded_server(embedded_project: EmbeddedProject) -> None:
    embedded_project.project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")

    result = in_project(embedded_project.root, "apply")

    assert result.exit_code == 0, describe(result)
    lines = result.stderr.splitlines()
    url = embedded.running_url(embedded_project.data_dir)
    assert url is not None
    assert lines[0] == f"database: {url} (embedded server)"
    assert ms_line("applied 0001_create_a.sql").match(lines[1]), describe(result)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('a') IS NOT NULL").fetchone() == (True,)

    listed = in_project(embedded_project.root, "status", "--format", "json")
    assert listed.exit_code == 0, describe(listed)
    assert json.loads(listed.stdout)["migrations"][0]["state"] == "applied"


def test_two_concurrent_db_starts_share_one_server(embedded_project: EmbeddedProject) -> None:
    command = [sys.executable, "-m", "schemactl", "-C", str(embedded_project.root), "db", "start"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]

    for process, (stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, f"stdout:\n{stdout}\nstderr:\n{stderr}"
        assert "Traceback" not in stderr
    urls = {stdout for stdout, _ in outputs}
    assert len(urls) == 1, outputs
    url = urls.pop().strip()
    assert url == embedded.running_url(embedded_project.data_dir)

    postmasters = _postmasters(embedded_project.data_dir)
    assert len(postmasters) == 1, postmasters
    assert int(postmasters[0].split()[0]) == _postmaster_pid(embedded_project.data_dir)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
