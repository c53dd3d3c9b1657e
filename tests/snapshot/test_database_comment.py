"""The comment initdb gives the `postgres` database is not the project's: the embedded server applies
sql/ there (`make run`), and a snapshot of it must compare equal with one built in a fresh database."""

from __future__ import annotations

import psycopg

from schemactl.database import with_database
from schemactl.snapshot.model import ObjectKind
from tests.snapshot.support import snapshot_of


def test_the_initdb_comment_of_the_postgres_database_is_left_out(server_url: str) -> None:
    postgres = with_database(server_url, "postgres")
    with psycopg.connect(postgres) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'postgres'")
        comment = row.fetchone()
    assert comment == ("default administrative connection database",)  # what initdb wrote: the premise

    database = snapshot_of(postgres).get(ObjectKind.DATABASE, "database")

    assert database is not None
    assert database["comment"] is None


def test_a_comment_the_project_sets_is_kept(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        name = conn.info.dbname
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS 'default administrative connection database'".encode())

    database = snapshot_of(database_url).get(ObjectKind.DATABASE, "database")

    assert database is not None
    assert database["comment"] == "default administrative connection database"
