"""Snapshots are deterministic: the same bytes for the same schema, however and by whom it was built.

The same schema is built two ways, each in its own fresh database: declaratively (columns and
constraints in CREATE TABLE, one GRANT per object) and the way a migration history builds it
(columns added by ALTER TABLE with a dropped column leaving a hole in the attribute numbers,
constraints added separately under the same names, objects in another order, partitions attached
in another order, grants in another order and split, unqualified names under another search_path).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import closing

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from schemactl.errors import ConnectionFailedError
from schemactl.snapshot.inspect import PINNED_SETTINGS, introspect
from schemactl.snapshot.model import ObjectKind
from schemactl.snapshot.serialize import to_json
from tests.snapshot.support import execute, scratch_database, scratch_roles, snapshot_of

DECLARATIVE = """
CREATE SCHEMA app AUTHORIZATION {owner};
GRANT USAGE ON SCHEMA app TO {reader}, {writer};
SET ROLE {owner};
CREATE TYPE app.status AS ENUM ('new', 'paid', 'shipped');
CREATE FUNCTION app.default_region() RETURNS text LANGUAGE sql IMMUTABLE RETURN 'eu';
CREATE DOMAIN app.region AS text DEFAULT app.default_region()
    CONSTRAINT region_known CHECK (VALUE IN ('eu', 'us'));
CREATE TABLE app.customers (
    id bigint GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL,
    region app.region,
    CONSTRAINT customers_pk PRIMARY KEY (id),
    CONSTRAINT customers_email_uq UNIQUE (email)
);
CREATE TABLE app.orders (
    id bigint GENERATED ALWAYS AS IDENTITY,
    customer_id bigint NOT NULL,
    status app.status NOT NULL DEFAULT 'new',
    amount numeric(12, 2) NOT NULL DEFAULT 0,
    tax numeric(12, 2) GENERATED ALWAYS AS (amount * 0.2) STORED,
    note text COLLATE "C",
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_pk PRIMARY KEY (id),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES app.customers (id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT orders_amount_check CHECK (amount >= 0),
    CONSTRAINT orders_note_excl EXCLUDE USING btree (note WITH =)
);
CREATE INDEX orders_customer_idx ON app.orders (customer_id, created_at DESC);
CREATE INDEX orders_open_idx ON app.orders (created_at) WHERE status <> 'shipped';
COMMENT ON TABLE app.orders IS 'orders';
COMMENT ON COLUMN app.orders.amount IS 'in euros';
ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.orders FORCE ROW LEVEL SECURITY;
CREATE POLICY orders_reader ON app.orders FOR SELECT TO {reader} USING (status <> 'new');
CREATE POLICY orders_writer ON app.orders FOR ALL TO {writer} USING (true) WITH CHECK (amount < 1000);

CREATE TABLE app.ledger (at date NOT NULL, id bigint NOT NULL, CONSTRAINT ledger_pk PRIMARY KEY (at, id))
    PARTITION BY RANGE (at);
CREATE TABLE app.ledger_2024 PARTITION OF app.ledger FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.ledger_2025 PARTITION OF app.ledger FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.ledger_refs (
    at date NOT NULL,
    ledger_id bigint NOT NULL,
    CONSTRAINT ledger_refs_ledger_fk FOREIGN KEY (at, ledger_id) REFERENCES app.ledger (at, id)
);

CREATE VIEW app.open_orders WITH (security_barrier = true) AS
    SELECT id, customer_id, amount FROM app.orders WHERE status <> 'shipped';
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog
    AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION app.touch();

GRANT SELECT, INSERT, UPDATE ON app.orders TO {writer};
GRANT SELECT ON app.orders, app.customers, app.open_orders TO {reader};
GRANT SELECT (email), UPDATE (email, region) ON app.customers TO {writer};
GRANT USAGE, SELECT ON SEQUENCE app.orders_id_seq TO {writer};
REVOKE EXECUTE ON FUNCTION app.touch() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.touch() TO {writer}, {reader};
RESET ROLE;
"""

MIGRATED = """
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO {owner};
GRANT USAGE ON SCHEMA app TO {writer};
SET ROLE {owner};
SET search_path = app, public;

CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog
    AS $$ BEGIN RETURN NEW; END $$;
GRANT EXECUTE ON FUNCTION touch() TO {reader};

CREATE TABLE ledger (at date NOT NULL, id bigint NOT NULL) PARTITION BY RANGE (at);
ALTER TABLE ledger ADD CONSTRAINT ledger_pk PRIMARY KEY (at, id);
CREATE TABLE ledger_refs (at date NOT NULL, ledger_id bigint NOT NULL);
ALTER TABLE ledger_refs ADD CONSTRAINT ledger_refs_ledger_fk FOREIGN KEY (at, ledger_id) REFERENCES ledger (at, id);
CREATE TABLE ledger_2025 PARTITION OF ledger FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE ledger_2024 (at date NOT NULL, id bigint NOT NULL);
ALTER TABLE ledger ATTACH PARTITION ledger_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE TYPE status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY, junk integer);
ALTER TABLE orders ADD COLUMN customer_id bigint NOT NULL;
ALTER TABLE orders DROP COLUMN junk;
ALTER TABLE orders ADD COLUMN status status NOT NULL DEFAULT 'new';
ALTER TABLE orders ADD COLUMN amount numeric(12, 2) NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN tax numeric(12, 2) GENERATED ALWAYS AS (amount * 0.2) STORED;
ALTER TABLE orders ADD COLUMN note text COLLATE "C";
ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD CONSTRAINT orders_note_excl EXCLUDE USING btree (note WITH =);
ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_pk PRIMARY KEY (id);
CREATE INDEX orders_open_idx ON orders (created_at) WHERE status <> 'shipped';
COMMENT ON COLUMN orders.amount IS 'in euros';
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY orders_writer ON orders FOR ALL TO {writer} USING (true) WITH CHECK (amount < 1000);
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();

CREATE FUNCTION default_region() RETURNS text LANGUAGE sql IMMUTABLE RETURN 'eu';
CREATE DOMAIN region AS text DEFAULT default_region() CONSTRAINT region_known CHECK (VALUE IN ('eu', 'us'));
CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT customers_pk PRIMARY KEY);
ALTER TABLE customers ADD COLUMN email text NOT NULL CONSTRAINT customers_email_uq UNIQUE;
ALTER TABLE customers ADD COLUMN region region;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC);
CREATE VIEW open_orders WITH (security_barrier = true) AS
    SELECT id, customer_id, amount FROM orders WHERE status <> 'shipped';
CREATE POLICY orders_reader ON orders FOR SELECT TO {reader} USING (status <> 'new');
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
COMMENT ON TABLE orders IS 'orders';

REVOKE ALL ON FUNCTION touch() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION touch() TO {writer};
GRANT UPDATE ON orders TO {writer};
GRANT SELECT ON open_orders TO {reader};
GRANT SELECT ON customers TO {reader};
GRANT INSERT ON orders TO {writer};
GRANT SELECT ON orders TO {reader}, {writer};
GRANT UPDATE (region) ON customers TO {writer};
GRANT SELECT (email) ON customers TO {writer};
GRANT UPDATE (email) ON customers TO {writer};
GRANT SELECT ON SEQUENCE orders_id_seq TO {writer};
GRANT USAGE ON SEQUENCE orders_id_seq TO {writer};
RESET ROLE;
GRANT USAGE ON SCHEMA app TO {reader};
"""

# Session settings that change how the catalog prints SQL, all away from their defaults.
ODD_SESSION = (
    "-c search_path=app,public -c TimeZone=Asia/Tokyo -c DateStyle=German -c IntervalStyle=sql_standard"
    " -c bytea_output=escape -c quote_all_identifiers=on -c extra_float_digits=3"
)


@pytest.fixture(scope="module")
def roles(server_url: str) -> Iterator[Mapping[str, str]]:
    with scratch_roles(server_url, "owner", "reader", "writer") as named:
        yield named


@pytest.fixture(scope="module")
def declarative_url(server_url: str, roles: Mapping[str, str]) -> Iterator[str]:
    with scratch_database(server_url) as url:
        execute(url, DECLARATIVE.format(**roles))
        yield url


def test_snapshot_twice_gives_the_same_bytes(declarative_url: str) -> None:
    first, second = to_json(snapshot_of(declarative_url)), to_json(snapshot_of(declarative_url))
    assert first == second
    assert '"app.orders.orders_customer_fk"' in first


def test_schema_built_two_ways_gives_the_same_bytes(
    server_url: str, roles: Mapping[str, str], declarative_url: str
) -> None:
    with scratch_database(server_url) as migrated_url:
        execute(migrated_url, MIGRATED.format(**roles))
        with psycopg.connect(migrated_url) as conn:  # the two ways really differ in the catalog
            attnums = conn.execute(
                "SELECT array_agg(attnum ORDER BY attnum) FROM pg_attribute"
                " WHERE attrelid = 'app.orders'::regclass AND attnum > 0 AND NOT attisdropped"
            ).fetchone()
        assert attnums == ([1, 3, 4, 5, 6, 7, 8],)
        migrated = to_json(snapshot_of(migrated_url))
    declarative = to_json(snapshot_of(declarative_url))
    assert migrated == declarative


def test_snapshot_does_not_depend_on_session_settings(declarative_url: str) -> None:
    assert to_json(snapshot_of(declarative_url, options=ODD_SESSION)) == to_json(snapshot_of(declarative_url))


def test_snapshot_does_not_depend_on_database_and_role_defaults(
    server_url: str, roles: Mapping[str, str], declarative_url: str
) -> None:
    """ALTER DATABASE / ALTER ROLE ... SET: what a live database often has and a throwaway one lacks."""
    expected = to_json(snapshot_of(declarative_url))
    name = conninfo_to_dict(declarative_url)["dbname"]
    try:
        execute(
            server_url,
            f'ALTER DATABASE "{name}" SET search_path = app, public; ALTER DATABASE "{name}" SET DateStyle = SQL, DMY;'
            f" ALTER ROLE CURRENT_USER IN DATABASE \"{name}\" SET TimeZone = 'America/Lima'",
        )
        with closing(psycopg.connect(declarative_url, autocommit=True)) as conn:
            assert conn.execute("SHOW TimeZone").fetchone() == ("America/Lima",)  # the defaults are in force
            by_superuser = to_json(introspect(conn))
            conn.execute(f"SET ROLE {roles['reader']}".encode())
            by_reader = to_json(introspect(conn))
    finally:
        execute(
            server_url,
            f'ALTER DATABASE "{name}" RESET ALL; ALTER ROLE CURRENT_USER IN DATABASE "{name}" RESET ALL',
        )
    assert by_superuser == expected
    assert by_reader == expected


def test_partition_foreign_key_is_one_constraint(declarative_url: str) -> None:
    """A foreign key to a partitioned table is one constraint, not one per referenced partition."""
    constraints = snapshot_of(declarative_url).objects[ObjectKind.CONSTRAINT]
    assert sorted(c for c in constraints if c.startswith("app.ledger_refs.")) == [
        "app.ledger_refs.ledger_refs_ledger_fk"
    ]
    assert constraints["app.ledger_refs.ledger_refs_ledger_fk"]["references"] == "app.ledger"


@pytest.mark.parametrize("autocommit", [True, False], ids=["autocommit", "in-transaction"])
def test_introspect_gives_the_session_its_settings_back(declarative_url: str, autocommit: bool) -> None:
    with closing(psycopg.connect(declarative_url, autocommit=autocommit)) as conn:
        conn.execute("SET search_path = app, public")
        conn.execute("SET TimeZone = 'Asia/Tokyo'")
        introspect(conn)
        settings = {name: conn.execute(f"SHOW {name}".encode()).fetchone() for name in ("search_path", "TimeZone")}
        conn.rollback()
    assert settings == {"search_path": ("app, public",), "TimeZone": ("Asia/Tokyo",)}
    assert PINNED_SETTINGS["search_path"] != "app, public"


def test_two_sessions_give_the_bytes_of_one(declarative_url: str) -> None:
    """The snapshot command shares the queries between two sessions on one exported snapshot."""
    opened: list[psycopg.Connection[tuple[object, ...]]] = []

    def connect_again() -> psycopg.Connection[tuple[object, ...]]:
        opened.append(psycopg.connect(declarative_url, autocommit=True))
        return opened[-1]

    with closing(psycopg.connect(declarative_url, autocommit=True)) as conn:
        shared = to_json(introspect(conn, connect_again=connect_again))
    assert len(opened) == 1
    assert opened[0].closed
    assert shared == to_json(snapshot_of(declarative_url))
    assert '"app.orders_open_idx"' in shared
    assert '"app.orders.orders_customer_fk"' in shared


def test_a_second_session_that_cannot_connect_costs_nothing_but_time(declarative_url: str) -> None:
    def refused() -> psycopg.Connection[tuple[object, ...]]:
        raise ConnectionFailedError("cannot connect: too many clients already")

    with closing(psycopg.connect(declarative_url, autocommit=True)) as conn:
        alone = to_json(introspect(conn, connect_again=refused))
    assert alone == to_json(snapshot_of(declarative_url))


def test_inside_a_transaction_one_session_reads_what_it_sees(declarative_url: str) -> None:
    """A second session would not see the transaction's uncommitted objects: it is not opened."""

    def never() -> psycopg.Connection[tuple[object, ...]]:
        raise AssertionError("a second session was opened inside a transaction")

    with closing(psycopg.connect(declarative_url)) as conn:
        conn.execute("CREATE TABLE app.uncommitted (id integer)")
        taken = introspect(conn, connect_again=never)
        conn.rollback()
    assert "app.uncommitted" in taken.objects[ObjectKind.TABLE]
    assert "app.uncommitted.id" in taken.objects[ObjectKind.COLUMN]
