"""Real PostgreSQL for every test: one server per session, one fresh database per test.

The server is the embedded one (in a temporary directory, stopped at the end) unless
SCHEMACTL_TEST_DATABASE_URL names another; the URL's user must be able to create databases.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from schemactl import embedded
from schemactl.database import with_database

TEST_DATABASE_PREFIX = "schemactl_test_"


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A maintenance URL of the test server."""
    external = os.environ.get("SCHEMACTL_TEST_DATABASE_URL")
    if external:
        yield external
        return
    state_dir = Path(tempfile.mkdtemp(prefix="sctest-"))
    try:
        yield embedded.ensure_running(state_dir)
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


@pytest.fixture
def database_url(server_url: str) -> Iterator[str]:
    """A fresh, empty database for one test, dropped afterwards."""
    name = TEST_DATABASE_PREFIX + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests name their database explicitly; an ambient DATABASE_URL or PG* must not leak in."""
    for variable in ("DATABASE_URL", "PGHOST", "PGDATABASE", "PGPORT", "PGUSER", "PGPASSWORD"):
        monkeypatch.delenv(variable, raising=False)


class Project:
    """A throwaway schemactl project: pyproject.toml, sql/ and templates/ in a temporary directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sql_dir = root / "sql"
        self.templates_dir = root / "templates"
        self.sql_dir.mkdir()
        self.templates_dir.mkdir()
        (root / "pyproject.toml").write_text(
            '[tool.schemactl]\nlock_timeout = "5s"\nstatement_timeout = "5min"\nlock_wait_seconds = 30\n'
        )

    def migration(self, filename: str, sql: str) -> Path:
        path = self.sql_dir / filename
        path.write_text(sql)
        return path

    def template(self, filename: str, text: str) -> Path:
        path = self.templates_dir / filename
        path.write_text(text)
        return path


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)
