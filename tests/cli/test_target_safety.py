"""The database a command writes to is the one named, and its password never reaches the screen.

Malformed and SQLAlchemy-style URLs, passwords with URL delimiters, an explicitly empty URL, and
targets named only by libpq's PG* variables.
"""

from __future__ import annotations

import json

import pytest
from psycopg.conninfo import conninfo_to_dict

from schemactl.database import MASK, redact
from tests.cli.helpers import (
    applied_versions,
    apply,
    assert_no_traceback,
    describe,
    error_lines,
    in_project,
    with_password,
)
from tests.conftest import Project

SECRET = "s3cr3t-pw"
URL_HINT = "hint: expected postgresql://user:password@host:port/dbname or 'host=... dbname=...'"


@pytest.fixture
def one_migration(project: Project) -> Project:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    return project


def _assert_secret_absent(result_text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in result_text, result_text


# --- 1. every malformed URL is masked, wherever it comes from --------------------------------------

MALFORMED = [
    (
        f"postgresq://alice:{SECRET}@127.0.0.1:1/db",
        f'invalid database URL postgresq://alice:{MASK}@127.0.0.1:1/db: unsupported URL scheme "postgresq": '
        "use postgresql:// or postgres://",
    ),
    (
        f"postgresql:/alice:{SECRET}@127.0.0.1:1/db",
        f'invalid database URL postgresql:/alice:{MASK}@127.0.0.1:1/db: malformed URL: "postgresql:" '
        'must be followed by "//"',
    ),
    (
        f"postgresql+asyncpg://alice:{SECRET}@127.0.0.1:1/db",
        f"invalid database URL postgresql+asyncpg://alice:{MASK}@127.0.0.1:1/db: "
        'unsupported URL scheme "postgresql+asyncpg": use postgresql:// or postgres://',
    ),
    (
        f"alice:{SECRET}@127.0.0.1:1/db",
        f'invalid database URL alice:{MASK}@127.0.0.1:1/db: unsupported URL scheme "alice": '
        "use postgresql:// or postgres://",
    ),
]
MALFORMED_IDS = ["scheme-typo", "one-slash", "other-driver", "no-scheme"]


@pytest.mark.parametrize(("url", "message"), MALFORMED, ids=MALFORMED_IDS)
def test_a_malformed_flag_url_is_masked(one_migration: Project, url: str, message: str) -> None:
    result = apply(one_migration.root, url)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines() == [f"error: {message}", URL_HINT], describe(result)
    _assert_secret_absent(result.stdout + result.stderr, SECRET)
    assert_no_traceback(result)


@pytest.mark.parametrize(("url", "message"), MALFORMED, ids=MALFORMED_IDS)
def test_a_malformed_database_url_variable_is_masked_in_json_too(
    one_migration: Project, url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)

    result = in_project(one_migration.root, "status", "--format", "json")

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == f"error: {message}", describe(result)
    assert json.loads(result.stdout)["error"]["message"] == message
    _assert_secret_absent(result.stdout + result.stderr, SECRET)


@pytest.mark.parametrize(("url", "message"), MALFORMED, ids=MALFORMED_IDS)
def test_a_malformed_against_url_is_masked(one_migration: Project, database_url: str, url: str, message: str) -> None:
    result = in_project(
        one_migration.root, "snapshot", "--diff", "--against", url, "--database-url", database_url, "--format", "json"
    )

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0] == f"error: {message}", describe(result)
    assert json.loads(result.stdout)["error"]["message"] == message
    _assert_secret_absent(result.stdout + result.stderr, SECRET)
    assert_no_traceback(result)


@pytest.mark.parametrize("scheme", ["postgresql+psycopg", "postgresql+psycopg2"])
def test_a_sqlalchemy_url_is_accepted_as_an_alias(one_migration: Project, database_url: str, scheme: str) -> None:
    url, password = with_password(database_url, SECRET)
    assert url.startswith("postgresql://")

    result = apply(one_migration.root, scheme + url.removeprefix("postgresql"))

    assert result.exit_code == 0, describe(result)
    assert result.stderr.splitlines()[0] == f"database: {redact(url)} (--database-url)"
    _assert_secret_absent(result.stdout + result.stderr, password)
    assert applied_versions(database_url) == [1]


def test_surrounding_whitespace_is_ignored(one_migration: Project, database_url: str) -> None:
    url, password = with_password(database_url, SECRET)

    result = apply(one_migration.root, f" {url}\n")

    assert result.exit_code == 0, describe(result)
    assert result.stderr.splitlines()[0] == f"database: {redact(url)} (--database-url)"
    _assert_secret_absent(result.stdout + result.stderr, password)
    assert applied_versions(database_url) == [1]


# --- 2. no part of a password with URL delimiters leaks through libpq's messages ---------------------


@pytest.mark.parametrize("password", ["p@ss@w0rd-secret", "pass/w0rd-secret"], ids=["at-sign", "slash"])
def test_a_password_with_an_unencoded_delimiter_is_refused_and_never_shown(
    one_migration: Project, password: str
) -> None:
    result = apply(one_migration.root, f"postgresql://alice:{password}@nohost.invalid/db")

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines() == [
        f"error: invalid database URL postgresql://alice:{MASK}@nohost.invalid/db: "
        'the user name or password contains "@" or "/": percent-encode them (%40, %2F)',
        URL_HINT,
    ], describe(result)
    _assert_secret_absent(result.stdout + result.stderr, "w0rd", "ss@", "pass/")
    assert_no_traceback(result)


def test_a_percent_encoded_password_is_masked_in_every_form(one_migration: Project) -> None:
    result = apply(one_migration.root, "postgresql://alice:p%40ss%2Fw0rd-secret@127.0.0.1:1/db", "--format", "json")

    assert result.exit_code == 2, describe(result)
    assert error_lines(result)[0].startswith(f"error: cannot connect to postgresql://alice:{MASK}@127.0.0.1:1/db: ")
    assert json.loads(result.stdout)["error"]["kind"] == "ConnectionFailedError"
    _assert_secret_absent(result.stdout + result.stderr, "w0rd", "p%40ss", "p@ss")


# --- 3. an explicitly empty URL is a usage error, never a fallback -----------------------------------


@pytest.mark.parametrize("empty", ["", "   "], ids=["empty", "blank"])
def test_an_empty_database_url_flag_does_not_fall_back(
    one_migration: Project, database_url: str, empty: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)  # where the fallback would write

    result = apply(one_migration.root, empty)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == "error: --database-url is empty", describe(result)
    assert applied_versions(database_url) is None
    assert_no_traceback(result)


def test_an_empty_against_url_does_not_compare_with_the_libpq_defaults(
    one_migration: Project, database_url: str
) -> None:
    result = in_project(one_migration.root, "snapshot", "--diff", "--against", "", "--database-url", database_url)

    assert result.exit_code == 2, describe(result)
    assert result.stderr.splitlines()[0] == "error: --against is empty", describe(result)
    assert_no_traceback(result)


# --- 19. a target named by PG* variables is shown, masked --------------------------------------------


def test_the_libpq_environment_target_is_shown_with_its_password_masked(
    one_migration: Project, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, password = with_password(database_url, SECRET)
    parts = {key: str(value) for key, value in conninfo_to_dict(url).items()}
    for key, variable in [("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")]:
        if key in parts:
            monkeypatch.setenv(variable, parts[key])
    monkeypatch.setenv("PGPASSWORD", password)

    result = in_project(one_migration.root, "apply")
    status = in_project(one_migration.root, "status", "--format", "json")

    assert result.exit_code == 0, describe(result)
    assert result.stderr.splitlines()[0] == f"database: {redact(url)} (PG* environment)", describe(result)
    assert json.loads(status.stdout)["database"] == redact(url)
    _assert_secret_absent(result.stdout + result.stderr + status.stdout + status.stderr, password)
    assert applied_versions(database_url) == [1]


@pytest.mark.parametrize(
    "url",
    [f"postgresq://alice:{SECRET}@127.0.0.1:1/db", f"postgresql://alice:p@ss@{SECRET}@127.0.0.1:1/db"],
    ids=["malformed", "at-sign-in-password"],
)
def test_debug_tracebacks_do_not_show_the_password_either(one_migration: Project, url: str) -> None:
    result = in_project(one_migration.root, "--debug", "status", "--database-url", url)

    assert result.exit_code == 2, describe(result)
    assert "Traceback" in result.stderr
    _assert_secret_absent(result.stdout + result.stderr, SECRET)


def test_debug_traceback_of_a_refused_login_does_not_show_the_password(one_migration: Project) -> None:
    result = in_project(
        one_migration.root, "--debug", "status", "--database-url", f"postgresql://alice:{SECRET}@127.0.0.1:1/db"
    )

    assert result.exit_code == 2, describe(result)
    assert "Traceback" in result.stderr
    _assert_secret_absent(result.stdout + result.stderr, SECRET)
