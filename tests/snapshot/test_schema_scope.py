"""`--schema S` limits every kind that lives in a schema to S, extensions included; kinds without a
schema are in a snapshot only when no --schema is given; casts follow their types and function."""

from __future__ import annotations

from contextlib import closing

import psycopg

from schemactl.snapshot.inspect import introspect
from schemactl.snapshot.model import DATABASE_WIDE_KINDS, ObjectKind
from tests.snapshot.support import execute, scratch_roles
from tests.snapshot.test_attribute_drift import _relocatable_extension

K = ObjectKind

SCHEMA = """
CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE EXTENSION {extension} SCHEMA b;
CREATE TYPE a.ta AS (v integer);
CREATE TYPE b.tb AS (v integer);
CREATE FUNCTION a.ta_int(a.ta) RETURNS integer LANGUAGE sql AS $$ SELECT ($1).v $$;
CREATE FUNCTION b.tb_int(b.tb) RETURNS integer LANGUAGE sql AS $$ SELECT ($1).v $$;
CREATE CAST (a.ta AS integer) WITH FUNCTION a.ta_int(a.ta);
CREATE CAST (b.tb AS integer) WITH FUNCTION b.tb_int(b.tb);
CREATE TABLE a.t (id integer);
CREATE COLLATION b.c (provider = libc, locale = 'C');
CREATE FUNCTION a.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER scope_ddl ON ddl_command_end EXECUTE FUNCTION a.on_ddl();
CREATE FOREIGN DATA WRAPPER scope_fdw;
CREATE SERVER scope_srv FOREIGN DATA WRAPPER scope_fdw;
CREATE USER MAPPING FOR {user} SERVER scope_srv OPTIONS (password 'never read');
CREATE PUBLICATION scope_pub FOR TABLE a.t;
CREATE ACCESS METHOD scope_am TYPE TABLE HANDLER heap_tableam_handler;
CREATE LANGUAGE scope_lang HANDLER plpgsql_call_handler;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO {user}', current_database()); END $$;
"""


def test_schema_option_scopes_every_kind(server_url: str, database_url: str) -> None:
    with scratch_roles(server_url, "user") as roles:
        extension = _relocatable_extension(database_url)
        execute(database_url, SCHEMA.format(extension=extension, user=roles["user"]))
        try:
            with closing(psycopg.connect(database_url, autocommit=True)) as conn:
                only_a = introspect(conn, ["a"])
                only_b = introspect(conn, ["b"])
                whole = introspect(conn)
                conn.execute(f"SET ROLE {roles['user']}".encode())
                not_superuser = introspect(conn)
                conn.execute(b"RESET ROLE")
        finally:
            revoke = f"REVOKE CREATE ON DATABASE %I FROM {roles['user']}"
            execute(
                database_url,
                "DROP EVENT TRIGGER scope_ddl; DROP PUBLICATION scope_pub; DROP SCHEMA a, b CASCADE;"
                " DROP SERVER scope_srv CASCADE; DROP FOREIGN DATA WRAPPER scope_fdw;"
                f" DO $$ BEGIN EXECUTE format('{revoke}', current_database()); END $$;",
            )

    assert set(whole.objects[K.EXTENSION]) >= {extension}
    assert extension not in only_a.objects[K.EXTENSION]  # installed in b: not part of a
    assert extension in only_b.objects[K.EXTENSION]
    assert set(only_a.objects[K.CAST]) == {"a.ta AS integer"}
    assert set(only_b.objects[K.CAST]) == {"b.tb AS integer"}
    assert set(whole.objects[K.CAST]) == {"a.ta AS integer", "b.tb AS integer"}
    assert set(only_b.objects[K.COLLATION]) == {"b.c"}
    assert not only_a.objects[K.COLLATION]
    for kind in DATABASE_WIDE_KINDS:
        assert whole.objects[kind], kind
        assert not only_a.objects[kind], kind
    assert set(whole.objects[K.USER_MAPPING]) == {f"{roles['user']}@scope_srv"}
    assert whole.objects[K.USER_MAPPING][f"{roles['user']}@scope_srv"]["option_keys"] == ["password"]
    assert "never read" not in str(whole.objects)
    # Only a superuser may read the keys: otherwise they are not recorded (null), never guessed.
    assert not_superuser.objects[K.USER_MAPPING][f"{roles['user']}@scope_srv"]["option_keys"] is None
    assert whole.objects[K.DATABASE]["database"]["privileges"]
