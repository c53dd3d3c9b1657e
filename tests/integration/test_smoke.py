from __future__ import annotations

from tests.conftest import Project
import psycopg

from schemactl.config import load_settings
from schemactl.database import DatabaseTarget, TargetSource
from schemactl.project import load_migrations
from schemactl.runner import apply


def test_apply_from_empty_creates_objects_and_ledger(project: Project, database_url: str) -> None:
    project.migration("0001_create_a.sql", "CREATE TABLE a (id int);\n")
    result = apply(
        DatabaseTarget(database_url, TargetSource.FLAG),
        load_migrations(load_settings(project.root)),
        lock_wait_seconds=5,
    )
    assert [s.version for s in result.applied] == [1]
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT to_regclass('a') IS NOT NULL").fetchone() == (True,)
