"""Run verify in-process on a database built from sql/, plant problems, and make throwaway roles."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from schemactl.config import load_settings
from schemactl.database import DatabaseTarget, TargetSource
from schemactl.lint.settings import load_lint_settings
from schemactl.verify.engine import VerifyFinding, VerifyReport, verify_database
from schemactl.verify.settings import VerifySettings, load_verify_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# What verify reports on a database built from the current sql/: the app roles still hold TEMPORARY
# on the database (0001 grants it), and the policy helper app_current_tenant_id() does not pin its
# search_path. The migrations that revoke TEMPORARY and pin search_path make this set empty.


def project_settings(**overrides: tuple[str, ...]) -> VerifySettings:
    """The project's settings, with roles or selections replaced (deployer_roles=("x",))."""
    settings = load_verify_settings(PROJECT_ROOT, load_lint_settings(PROJECT_ROOT))
    return replace(settings, **overrides)  # type: ignore[arg-type]


def run_verify(url: str, schemas: tuple[str, ...] = (), **overrides: tuple[str, ...]) -> VerifyReport:
    return verify_database(
        load_settings(PROJECT_ROOT), project_settings(**overrides), DatabaseTarget(url, TargetSource.FLAG), schemas
    )


def keys(report: VerifyReport) -> set[tuple[str, str, str]]:
    """(code, object kind, object name) of every finding."""
    return {(f.finding.code, f.subject.kind.value, f.subject.name) for f in report.findings}


def new_findings(before: VerifyReport, after: VerifyReport) -> list[VerifyFinding]:
    seen = {(f.finding.code, f.subject, f.finding.message) for f in before.findings}
    return [f for f in after.findings if (f.finding.code, f.subject, f.finding.message) not in seen]


def execute(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.encode())


def database_name(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    return str(row[0])


def server_version(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()
    assert row is not None
    return int(row[0])


def as_user(url: str, user: str) -> str:
    """The same database as another user (the test servers trust local connections)."""
    params = conninfo_to_dict(url)
    params.pop("password", None)
    params["user"] = user
    return make_conninfo("", **params)


@contextmanager
def temp_role(url: str, options: str = "LOGIN") -> Iterator[str]:
    """A role of its own name, dropped afterwards with whatever it holds in the database of `url`
    (roles are cluster-wide: nothing may stay behind)."""
    name = "sctest_" + uuid.uuid4().hex[:10]
    execute(url, f"CREATE ROLE {name} {options}")
    try:
        yield name
    finally:
        execute(url, f"DROP OWNED BY {name}", f"DROP ROLE {name}")


@contextmanager
def restored(url: str, *undo: str) -> Iterator[None]:
    """Run `undo` afterwards: for changes to the cluster-wide application roles."""
    try:
        yield
    finally:
        execute(url, *undo)
