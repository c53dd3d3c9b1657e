"""Bad URLs, unreachable servers and refused logins: exit 2, one clear line, and never the password."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from schemactl import embedded
from schemactl.database import MASK
from tests.cli.helpers import apply, assert_no_traceback, describe, error_lines, in_project, status
from tests.conftest import Project

SECRET = "s3cr3t-pw"
UNREACHABLE = f"postgresql://alice:{SECRET}@127.0.0.1:1/db"

PW_USER = "pw_user"
RIGHT_PASSWORD = "right-pass"
WRONG_PASSWORD = "wrong-pass"


@pytest.fixture
def one_migration(project: Project) -> Project:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    return project


@pytest.mark.parametrize("command", ["apply", "status"])
def test_unreachable_server_exits_2_with_one_error_line_and_a_masked_password(
    one_migration: Project, command: str
) -> None:
    result = in_project(one_migration.root, command, "--database-url", UNREACHABLE)

    assert result.exit_code == 2, describe(result)
    first = error_lines(result)[0]
    assert first.startswith(f"error: cannot connect to postgresql://alice:{MASK}@127.0.0.1:1/db: "), describe(result)
    assert "Connection refused" in first
    assert SECRET not in result.stdout
    assert SECRET not in result.stderr
    assert MASK in result.stderr
    assert_no_traceback(result)


def test_unreachable_server_in_json_is_masked_too(one_migration: Project) -> None:
    result = status(one_migration.root, UNREACHABLE, "--format", "json")

    assert result.exit_code == 2, describe(result)
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "ConnectionFailedError"
    assert error["exit_code"] == 2
    assert error["message"].startswith(f"cannot connect to postgresql://alice:{MASK}@127.0.0.1:1/db: ")
    assert SECRET not in result.stdout
    assert SECRET not in result.stderr


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"postgresql://alice:{SECRET}@localhost/db?no_such_param=1", 'invalid URI query parameter: "no_such_param"'),
        (f"host=localhost password={SECRET} no_such_option=1", 'invalid connection option "no_such_option"'),
        (f"postgresql://alice:{SECRET}@[::1/db", "IPv6 host address"),
        ("not a url", 'missing "=" after "not"'),
    ],
    ids=["url-query", "keywords", "ipv6-bracket", "garbage"],
)
def test_invalid_url_exits_2_with_one_clear_line(one_migration: Project, url: str, reason: str) -> None:
    result = apply(one_migration.root, url)

    assert result.exit_code == 2, describe(result)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: invalid database URL "), describe(result)
    assert reason in lines[0]
    assert lines[1:] == ["hint: expected postgresql://user:password@host:port/dbname or 'host=... dbname=...'"]
    assert SECRET not in result.stdout
    assert SECRET not in result.stderr
    assert_no_traceback(result)


@pytest.fixture(scope="module")
def password_server() -> Iterator[str]:
    """A dedicated embedded server whose `pw_user` must log in with a SCRAM password; yields its URL."""
    state_dir = Path(tempfile.mkdtemp(prefix="scpw"))
    try:
        url = embedded.ensure_running(state_dir)
        hba = embedded.data_dir_of(state_dir) / "pg_hba.conf"
        # Writing in place keeps the file owned by the server's OS user.
        hba.write_text(f"local all {PW_USER} scram-sha-256\n" + hba.read_text())
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_reload_conf()")
            admin.execute(f"CREATE ROLE {PW_USER} LOGIN PASSWORD '{RIGHT_PASSWORD}'".encode())
        yield url
    finally:
        embedded.stop(state_dir)
        shutil.rmtree(state_dir, ignore_errors=True)


def _as_user(url: str, password: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{PW_USER}:{password}@", 1)


def test_wrong_password_exits_2_without_printing_it(one_migration: Project, password_server: str) -> None:
    # The right password logs in, so the failure below is the password and nothing else.
    psycopg.connect(_as_user(password_server, RIGHT_PASSWORD)).close()

    result = apply(one_migration.root, _as_user(password_server, WRONG_PASSWORD))

    assert result.exit_code == 2, describe(result)
    lines = error_lines(result)
    masked_url = f"postgresql://{PW_USER}:{MASK}@/postgres?host="
    assert lines[0].startswith(f"error: cannot connect to {masked_url}"), describe(result)
    assert f'password authentication failed for user "{PW_USER}"' in lines[0]
    assert lines[1:] == ["hint: check the URL, that the server is running, and the credentials"]
    assert WRONG_PASSWORD not in result.stdout
    assert WRONG_PASSWORD not in result.stderr
    assert_no_traceback(result)


def test_wrong_password_in_json_is_not_printed(one_migration: Project, password_server: str) -> None:
    result = apply(one_migration.root, _as_user(password_server, WRONG_PASSWORD), "--format", "json")

    assert result.exit_code == 2, describe(result)
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "ConnectionFailedError"
    assert "password authentication failed" in error["message"]
    assert WRONG_PASSWORD not in result.stdout
    assert WRONG_PASSWORD not in result.stderr


def test_right_password_is_masked_in_the_output(one_migration: Project, password_server: str) -> None:
    with psycopg.connect(password_server, autocommit=True) as admin:
        admin.execute(f"GRANT CREATE ON SCHEMA public TO {PW_USER}".encode())
        admin.execute(f"GRANT CREATE ON DATABASE postgres TO {PW_USER}".encode())

    result = apply(one_migration.root, _as_user(password_server, RIGHT_PASSWORD))

    assert result.exit_code == 0, describe(result)
    assert result.stderr.splitlines()[0].startswith(f"database: postgresql://{PW_USER}:{MASK}@/postgres?host=")
    assert RIGHT_PASSWORD not in result.stdout
    assert RIGHT_PASSWORD not in result.stderr
