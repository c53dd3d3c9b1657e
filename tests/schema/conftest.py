"""The project's own schema (sql/ + templates/), applied once per session into a template
database; each test gets a fresh copy of it (CREATE DATABASE ... TEMPLATE), dropped afterwards.

Connections here are superuser sessions; tests act as the application roles with SET ROLE.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from schemactl.config import load_settings
from schemactl.database import DatabaseTarget, TargetSource, with_database
from schemactl.project import load_migrations
from schemactl.runner import apply
from tests.schema.hostile import HostileLogins, hostile_logins

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TENANT_A = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")
TENANT_B = uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002")
APP_ROLES = ("app_rw", "app_ro", "app_admin")


def apply_project_schema(url: str) -> None:
    """Apply the project's sql/ to `url` exactly as `schemactl apply` does."""
    apply(
        DatabaseTarget(url, TargetSource.FLAG),
        load_migrations(load_settings(PROJECT_ROOT)),
        lock_wait_seconds=30,
    )


@pytest.fixture(scope="session")
def schema_template(server_url: str) -> Iterator[str]:
    """Name of a database holding the applied schema, used as a template."""
    name = "schemactl_tpl_" + uuid.uuid4().hex[:10]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        apply_project_schema(with_database(server_url, name))
        yield name
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def copy_database_privileges(admin: psycopg.Connection[tuple[object, ...]], source: str, target: str) -> None:
    """Give `target` the database privileges of `source` (CREATE DATABASE ... TEMPLATE does not copy them)."""
    from psycopg import sql

    database = sql.Identifier(target)
    admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(database))
    grants = admin.execute(
        "SELECT coalesce(r.rolname, 'PUBLIC'), a.privilege_type"
        " FROM pg_database AS d CROSS JOIN LATERAL aclexplode(d.datacl) AS a"
        " LEFT JOIN pg_roles AS r ON r.oid = a.grantee"
        " WHERE d.datname = %s AND a.grantee <> d.datdba ORDER BY 1, 2",
        (source,),
    ).fetchall()
    for grantee, privilege in grants:
        role = sql.SQL("PUBLIC") if grantee == "PUBLIC" else sql.Identifier(str(grantee))
        admin.execute(sql.SQL("GRANT {} ON DATABASE {} TO {}").format(sql.SQL(str(privilege)), database, role))


@pytest.fixture
def schema_url(server_url: str, schema_template: str) -> Iterator[str]:
    """A fresh database with the project's schema applied and no rows."""
    name = "schemactl_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{schema_template}"'.encode())
        copy_database_privileges(admin, schema_template, name)
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


@pytest.fixture
def two_tenants(schema_url: str) -> str:
    """The schema with tenants A and B (inserted by the superuser, who bypasses RLS)."""
    with psycopg.connect(schema_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO tenants (id, name) VALUES (%s, 'Tenant A'), (%s, 'Tenant B')",
            (TENANT_A, TENANT_B),
        )
    return schema_url


@pytest.fixture
def seeded(schema_url: str) -> str:
    """The schema with one row of every tenant-scoped table for TENANT_A and TENANT_B (tests.schema.support)."""
    from tests.schema.support import seed_two_tenants

    seed_two_tenants(schema_url)
    return schema_url


@pytest.fixture
def hostile(seeded: str) -> Iterator[HostileLogins]:
    """Login roles of the application and their sessions, in the seeded database; dropped afterwards."""
    with hostile_logins(seeded) as logins:
        yield logins
