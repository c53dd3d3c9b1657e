"""Helpers for the CLI tests: invoke `schemactl` in-process and read its streams and the ledger."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from typer.testing import CliRunner, Result

from schemactl.cli import app

# A plain, wide, colourless terminal whatever the environment of the test run says.
_ENV: dict[str, str | None] = {
    "COLUMNS": "200",
    "TERM": "dumb",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}

LEDGER = "schemactl.schema_migrations"


def invoke(*args: str) -> Result:
    """Run `schemactl ARGS` in-process; an exception other than an exit means an unhandled crash."""
    result = CliRunner(env=_ENV).invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"schemactl {' '.join(args)} crashed with {result.exception!r}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        ) from result.exception
    return result


def in_project(root: Path, *args: str) -> Result:
    return invoke("-C", str(root), *args)


def apply(root: Path, url: str, *extra: str) -> Result:
    return in_project(root, "apply", "--database-url", url, *extra)


def status(root: Path, url: str, *extra: str) -> Result:
    return in_project(root, "status", "--database-url", url, *extra)


def describe(result: Result) -> str:
    """For assertion messages: the exit code and both streams."""
    return f"exit {result.exit_code}\n--- stdout:\n{result.stdout}--- stderr:\n{result.stderr}"


def error_lines(result: Result) -> list[str]:
    """stderr from its (single) `error:` line on."""
    lines = result.stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("error: ")]
    assert len(starts) == 1, describe(result)
    return lines[starts[0] :]


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout, describe(result)
    assert "Traceback" not in result.stderr, describe(result)


def applied_versions(url: str) -> list[int] | None:
    """The versions in the ledger, or None when the ledger table does not exist."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (LEDGER,)).fetchone()
        if not (row and row[0]):
            return None
        return [int(str(r[0])) for r in conn.execute(f"SELECT version FROM {LEDGER} ORDER BY version").fetchall()]


def table_exists(url: str, name: str) -> bool:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
        return bool(row and row[0])


def with_password(url: str, password: str) -> tuple[str, str]:
    """The URL with a password in its userinfo, and that password.

    The embedded server trusts local sockets and ignores it; a URL that has a password keeps its own.
    """
    parts = urlsplit(url)
    if parts.password:
        return url, parts.password
    userinfo, _, hostinfo = parts.netloc.rpartition("@")
    netloc = f"{userinfo or 'postgres'}:{password}@{hostinfo}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), password


def ms_line(prefix: str) -> re.Pattern[str]:
    """A line `<prefix> (N ms)`."""
    return re.compile(rf"^{re.escape(prefix)} \(\d+ ms\)$")


def matching(lines: Sequence[str], pattern: re.Pattern[str]) -> list[str]:
    return [line for line in lines if pattern.match(line)]
