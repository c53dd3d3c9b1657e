"""A database built from sql/ verifies clean; a copy made from it with CREATE DATABASE ... TEMPLATE
does not (it has lost the database-level revokes)."""

from __future__ import annotations

import uuid

import psycopg

from schemactl.database import with_database
from tests.verify.support import run_verify


def test_a_database_built_from_sql_verifies_clean(built_url: str) -> None:
    """The project's own schema, as apply builds it, breaks no rule."""
    report = run_verify(built_url)
    assert [f.finding.message for f in report.findings] == []
    assert {rule.code for rule in report.rules} >= {"SC301", "SC302", "SC303", "SC304", "SC901", "SC910"}


def test_a_copy_made_from_a_template_has_lost_the_database_revokes(server_url: str, schema_template: str) -> None:
    """CREATE DATABASE ... TEMPLATE copies the schema but not the database's ACL: PUBLIC is back."""
    name = "schemactl_test_copy_" + uuid.uuid4().hex[:10]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{schema_template}"'.encode())
    try:
        database = [f for f in run_verify(with_database(server_url, name)).findings if f.subject.name == name]
        assert [(f.finding.code, f.finding.message.split(":")[0]) for f in database] == [
            ("SC905", f"PUBLIC holds CONNECT, TEMPORARY on database {name}")
        ]
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
