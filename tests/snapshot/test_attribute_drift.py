"""One mutation, one reported change: every object kind and attribute the snapshot captures.

A base schema covering each kind is built once per module in a fresh database, with roles made
for this module, and snapshotted. Each case applies ONE mutation, snapshots again and checks that
the diff names exactly that object and those attribute paths, nothing else (a few statements
necessarily touch two objects: both are listed). Every case runs in a transaction that is rolled
back, role changes included, so the cases do not see one another and the base snapshot holds.

SQL and expected identities and paths are str.format templates: {owner}, {reader}, {writer},
{other} and {group} are the module's roles, {extension} a relocatable extension the server has
(the embedded server ships vector). Braces meant for SQL would be doubled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass

import psycopg
import pytest

from schemactl.snapshot.diff import ChangeType, diff_snapshots
from schemactl.snapshot.inspect import introspect
from schemactl.snapshot.model import ObjectKind, Snapshot
from schemactl.snapshot.serialize import to_json
from tests.snapshot.oracle_plants import ORACLE_ONLY_KINDS, ORACLE_PLANTED
from tests.snapshot.support import Reported, execute, reported, scratch_database, scratch_roles, snapshot_of

BASE_SCHEMA = """
CREATE SCHEMA s1 AUTHORIZATION {owner};
COMMENT ON SCHEMA s1 IS 'objects under test';
GRANT USAGE ON SCHEMA s1 TO {reader}, {other};
CREATE EXTENSION {extension} SCHEMA public;
COMMENT ON EXTENSION {extension} IS 'an extension';

SET ROLE {owner};
CREATE TYPE s1.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE s1.mood IS 'feelings';
CREATE TYPE s1.pair AS (a integer, b text);
CREATE TYPE s1.span AS RANGE (subtype = float8);
CREATE DOMAIN s1.posint AS integer DEFAULT 1 NOT NULL CONSTRAINT posint_positive CHECK (VALUE > 0);
ALTER DOMAIN s1.posint ADD CONSTRAINT posint_not_13 CHECK (VALUE <> 13) NOT VALID;

CREATE SEQUENCE s1.counter AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 1000000 CACHE 1 NO CYCLE;
GRANT USAGE ON SEQUENCE s1.counter TO {reader};

CREATE TABLE s1.parent (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE s1.other_parent (id integer PRIMARY KEY);
CREATE TABLE s1.items (
    id integer GENERATED ALWAYS AS IDENTITY,
    parent_id integer,
    code text COLLATE "C",
    qty integer NOT NULL DEFAULT 0,
    price numeric(10, 2),
    total numeric GENERATED ALWAYS AS (qty * price) STORED,
    note text,
    mood s1.mood,
    CONSTRAINT items_pk PRIMARY KEY (id),
    CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES s1.parent (id) ON DELETE SET NULL,
    CONSTRAINT items_code_uq UNIQUE (code),
    CONSTRAINT items_qty_check CHECK (qty >= 0)
);
ALTER TABLE s1.items ADD CONSTRAINT items_price_check CHECK (price > 0) NOT VALID;
ALTER TABLE s1.items ADD CONSTRAINT items_parent_deferred_fk FOREIGN KEY (parent_id) REFERENCES s1.parent (id)
    DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX items_qty_idx ON s1.items (qty);
CREATE INDEX items_note_idx ON s1.items (note) WHERE note IS NOT NULL;
COMMENT ON TABLE s1.items IS 'the items';
COMMENT ON COLUMN s1.items.note IS 'free text';
COMMENT ON CONSTRAINT items_qty_check ON s1.items IS 'never negative';
COMMENT ON INDEX s1.items_qty_idx IS 'by quantity';
GRANT SELECT, INSERT ON s1.items TO {reader};
GRANT SELECT (note), UPDATE (note) ON s1.items TO {writer};

CREATE TABLE s1.notes (body text NOT NULL, author name NOT NULL DEFAULT current_user)
    WITH (fillfactor = 80, autovacuum_enabled = false);
ALTER TABLE s1.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE s1.notes FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON s1.notes TO {reader}, {writer};
GRANT SELECT ON s1.notes TO {other} WITH GRANT OPTION;
CREATE POLICY notes_own ON s1.notes FOR ALL TO {reader}, {writer}
    USING (author = current_user) WITH CHECK (author = current_user);
COMMENT ON POLICY notes_own ON s1.notes IS 'authors see their notes';
CREATE POLICY notes_not_empty ON s1.notes AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (body <> '');

-- Literals whose text depends on session settings (DateStyle, IntervalStyle, bytea_output, TimeZone).
CREATE TABLE s1.plain (
    id integer,
    label text,
    ttl interval DEFAULT '1 day 02:00:00',
    tag bytea DEFAULT '\\x0102',
    since timestamptz DEFAULT '2024-06-01 12:00:00+00'
);
ALTER TABLE s1.plain ENABLE ROW LEVEL SECURITY;
ALTER TABLE s1.plain ADD CONSTRAINT plain_ref CHECK (id > 0);
CREATE UNIQUE INDEX plain_id_uq ON s1.plain (id);
CREATE TABLE s1.log (at date, id integer) PARTITION BY RANGE (at);

CREATE TABLE s1.events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE s1.events_2024 PARTITION OF s1.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE TABLE s1.slots (room integer NOT NULL, CONSTRAINT slots_room_excl EXCLUDE USING btree (room WITH =));

CREATE VIEW s1.item_view WITH (security_barrier = true) AS
    SELECT id, code, qty FROM s1.items WHERE qty > 0;
COMMENT ON VIEW s1.item_view IS 'positive items';
GRANT SELECT ON s1.item_view TO {reader};
CREATE MATERIALIZED VIEW s1.parent_totals AS
    SELECT parent_id, sum(qty) AS qty FROM s1.items GROUP BY parent_id;
CREATE UNIQUE INDEX parent_totals_parent_idx ON s1.parent_totals (parent_id);

CREATE FUNCTION s1.add(a integer, b integer DEFAULT 0) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + b $$;
COMMENT ON FUNCTION s1.add(integer, integer) IS 'adds';
CREATE FUNCTION s1.answer() RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT 42; END;
CREATE FUNCTION s1.secret() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, s1
    AS $$ BEGIN RETURN 'x'; END $$;
REVOKE EXECUTE ON FUNCTION s1.secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION s1.secret() TO {reader};
CREATE FUNCTION s1.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION s1.touch_again() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE s1.reset_counter() LANGUAGE sql AS $$ SELECT setval('s1.counter', 1) $$;

CREATE TRIGGER items_touch BEFORE UPDATE ON s1.items
    FOR EACH ROW WHEN (NEW.qty > 0) EXECUTE FUNCTION s1.touch();
COMMENT ON TRIGGER items_touch ON s1.items IS 'touches';
CREATE CONSTRAINT TRIGGER items_check AFTER INSERT ON s1.items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION s1.touch();
RESET ROLE;

-- Last, so that they do not apply to the objects above.
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA s1 GRANT SELECT ON TABLES TO {reader};
"""

ROLE_PURPOSES = ("owner", "reader", "writer", "other", "group")
EXTENSIONS = ("vector", "citext", "pgcrypto", "hstore")


@dataclass(frozen=True)
class Base:
    url: str
    names: Mapping[str, str]  # the roles by purpose, and "extension"
    snapshot: Snapshot  # taken once; every case is rolled back to it

    def render(self, template: str) -> str:
        return template.format(**self.names)


@pytest.fixture(scope="module")
def base(server_url: str) -> Iterator[Base]:
    with scratch_roles(server_url, *ROLE_PURPOSES) as roles, scratch_database(server_url) as url:
        names = {**roles, "extension": _relocatable_extension(url)}
        execute(url, BASE_SCHEMA.format(**names))
        yield Base(url, names, snapshot_of(url))


def _relocatable_extension(url: str) -> str:
    """The first of EXTENSIONS the server can install, relocatable and needing no other extension."""
    with closing(psycopg.connect(url)) as conn:
        rows = conn.execute(
            "SELECT name FROM pg_catalog.pg_available_extension_versions"
            " WHERE name = ANY(%s) AND relocatable AND requires IS NULL",
            (list(EXTENSIONS),),
        ).fetchall()
    available = {str(row[0]) for row in rows}
    candidates = [name for name in EXTENSIONS if name in available]
    assert candidates, f"the test server has none of the extensions {EXTENSIONS}"
    return candidates[0]


@dataclass(frozen=True)
class Expected:
    kind: ObjectKind
    identity: str
    change: ChangeType
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """A mutation and what the diff must report: one object, or a few when one statement touches several."""

    sql: str
    expected: tuple[Expected, ...]

    def also(self, kind: ObjectKind, identity: str, change: ChangeType, *paths: str) -> Case:
        return Case(self.sql, (*self.expected, Expected(kind, identity, change, paths)))


def changed(kind: ObjectKind, identity: str, sql: str, *paths: str) -> Case:
    return Case(sql, (Expected(kind, identity, ChangeType.CHANGED, paths),))


def added(kind: ObjectKind, identity: str, sql: str) -> Case:
    return Case(sql, (Expected(kind, identity, ChangeType.ADDED, ()),))


def removed(kind: ObjectKind, identity: str, sql: str) -> Case:
    return Case(sql, (Expected(kind, identity, ChangeType.REMOVED, ()),))


K = ObjectKind
OWNER_MOVE = ("owner", "privileges.{owner}", "privileges.{other}")  # the owner's privileges move with it

CASES: dict[str, Case] = {
    # schemas
    "schema-comment": changed(K.SCHEMA, "s1", "COMMENT ON SCHEMA s1 IS 'changed'", "comment"),
    "schema-owner": changed(K.SCHEMA, "s1", "ALTER SCHEMA s1 OWNER TO {other}", *OWNER_MOVE),
    "schema-grant": changed(K.SCHEMA, "s1", "GRANT CREATE ON SCHEMA s1 TO {writer}", "privileges.{writer}"),
    "schema-grantable": changed(
        K.SCHEMA, "s1", "GRANT USAGE ON SCHEMA s1 TO {reader} WITH GRANT OPTION", "privileges.{reader}"
    ),
    "schema-revoke": changed(K.SCHEMA, "s1", "REVOKE USAGE ON SCHEMA s1 FROM {other}", "privileges.{other}"),
    "schema-added": added(K.SCHEMA, "s2", "CREATE SCHEMA s2 AUTHORIZATION {owner}"),
    # extensions
    "extension-comment": changed(
        K.EXTENSION, "{extension}", "COMMENT ON EXTENSION {extension} IS 'changed'", "comment"
    ),
    "extension-schema": changed(K.EXTENSION, "{extension}", "ALTER EXTENSION {extension} SET SCHEMA s1", "schema"),
    "extension-removed": removed(K.EXTENSION, "{extension}", "DROP EXTENSION {extension}"),
    # roles (cluster-wide: the rollback undoes them)
    "role-login": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} LOGIN", "login"),
    "role-inherit": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} NOINHERIT", "inherit"),
    "role-superuser": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} SUPERUSER", "superuser"),
    "role-createdb": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} CREATEDB", "createdb"),
    "role-createrole": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} CREATEROLE", "createrole"),
    "role-replication": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} REPLICATION", "replication"),
    "role-bypassrls": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} BYPASSRLS", "bypassrls"),
    "role-connection-limit": changed(K.ROLE, "{reader}", "ALTER ROLE {reader} CONNECTION LIMIT 3", "connection_limit"),
    "role-member-of": changed(K.ROLE, "{reader}", "GRANT {group} TO {reader}", "member_of"),
    "role-comment": changed(K.ROLE, "{reader}", "COMMENT ON ROLE {reader} IS 'reads'", "comment"),
    # default privileges: global ("*") entries hold the full ACL, a schema's entry what it adds
    "default-privilege-grant": changed(
        K.DEFAULT_PRIVILEGE,
        "{owner}.*.functions",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT EXECUTE ON FUNCTIONS TO {writer}",
        "privileges.{writer}",
    ),
    "default-privilege-in-schema-grant": changed(
        K.DEFAULT_PRIVILEGE,
        "{owner}.s1.tables",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA s1 GRANT INSERT ON TABLES TO {reader}",
        "privileges.{reader}",
    ),
    "default-privilege-global-added": added(
        K.DEFAULT_PRIVILEGE,
        "{owner}.*.tables",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT SELECT ON TABLES TO {other}",
    ),
    "default-privilege-in-schema-added": added(
        K.DEFAULT_PRIVILEGE,
        "{owner}.s1.sequences",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA s1 GRANT USAGE ON SEQUENCES TO {reader}",
    ),
    "default-privilege-in-schema-removed": removed(
        K.DEFAULT_PRIVILEGE,
        "{owner}.s1.tables",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA s1 REVOKE SELECT ON TABLES FROM {reader}",
    ),
    "default-privilege-back-to-built-in": removed(
        K.DEFAULT_PRIVILEGE,
        "{owner}.*.functions",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT EXECUTE ON FUNCTIONS TO PUBLIC",
    ),
    "default-privilege-new-grantee": changed(
        K.DEFAULT_PRIVILEGE,
        "{owner}.*.functions",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT EXECUTE ON FUNCTIONS TO {group}",
        "privileges.{group}",
    ).also(K.ROLE, "{group}", ChangeType.ADDED),
    "default-privilege-new-role": added(
        K.DEFAULT_PRIVILEGE,
        "{group}.*.functions",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {group} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
    ).also(K.ROLE, "{group}", ChangeType.ADDED),
    # types: enum, composite, range, domain
    "enum-add-value": changed(K.TYPE, "s1.mood", "ALTER TYPE s1.mood ADD VALUE 'glad'", "labels"),
    "enum-value-order": changed(K.TYPE, "s1.mood", "ALTER TYPE s1.mood ADD VALUE 'meh' BEFORE 'ok'", "labels"),
    "enum-rename-value": changed(K.TYPE, "s1.mood", "ALTER TYPE s1.mood RENAME VALUE 'ok' TO 'fine'", "labels"),
    "enum-owner": changed(K.TYPE, "s1.mood", "ALTER TYPE s1.mood OWNER TO {other}", *OWNER_MOVE),
    "enum-comment": changed(K.TYPE, "s1.mood", "COMMENT ON TYPE s1.mood IS 'changed'", "comment"),
    "composite-add-attribute": changed(K.TYPE, "s1.pair", "ALTER TYPE s1.pair ADD ATTRIBUTE c date", "attributes"),
    "composite-attribute-type": changed(
        K.TYPE, "s1.pair", "ALTER TYPE s1.pair ALTER ATTRIBUTE b TYPE varchar(10)", "attributes"
    ),
    "range-owner": changed(K.TYPE, "s1.span", "ALTER TYPE s1.span OWNER TO {other}", *OWNER_MOVE),
    "range-comment": changed(K.TYPE, "s1.span", "COMMENT ON TYPE s1.span IS 'floats'", "comment"),
    "range-collation": changed(
        K.TYPE,
        "s1.span",
        'DROP TYPE s1.span; CREATE TYPE s1.span AS RANGE (subtype = text, collation = "C");'
        " ALTER TYPE s1.span OWNER TO {owner}",
        "subtype",
        "subtype_opclass",
        "subtype_collation",
    ),
    "database-comment": changed(
        K.DATABASE,
        "database",
        "DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), 'the db'); END $$",
        "comment",
    ),
    "domain-default": changed(K.TYPE, "s1.posint", "ALTER DOMAIN s1.posint SET DEFAULT 2", "default"),
    "domain-not-null": changed(K.TYPE, "s1.posint", "ALTER DOMAIN s1.posint DROP NOT NULL", "not_null"),
    "domain-add-constraint": changed(
        K.TYPE,
        "s1.posint",
        "ALTER DOMAIN s1.posint ADD CONSTRAINT posint_small CHECK (VALUE < 100)",
        "constraints.posint_small",
    ),
    "domain-drop-constraint": changed(
        K.TYPE, "s1.posint", "ALTER DOMAIN s1.posint DROP CONSTRAINT posint_positive", "constraints.posint_positive"
    ),
    "domain-validate-constraint": changed(
        K.TYPE, "s1.posint", "ALTER DOMAIN s1.posint VALIDATE CONSTRAINT posint_not_13", "constraints.posint_not_13"
    ),
    "type-kind": changed(
        K.TYPE,
        "s1.pair",
        "DROP TYPE s1.pair; CREATE DOMAIN s1.pair AS text; ALTER DOMAIN s1.pair OWNER TO {owner}",
        "kind",
        "attributes",
        "base_type",
        "not_null",
        "constraints",
    ),
    "domain-base-type": changed(
        K.TYPE,
        "s1.posint",
        "DROP DOMAIN s1.posint;"
        " CREATE DOMAIN s1.posint AS bigint DEFAULT 1 NOT NULL CONSTRAINT posint_positive CHECK (VALUE > 0);"
        " ALTER DOMAIN s1.posint ADD CONSTRAINT posint_not_13 CHECK (VALUE <> 13) NOT VALID;"
        " ALTER DOMAIN s1.posint OWNER TO {owner}",
        "base_type",
    ),
    "range-subtype": changed(
        K.TYPE,
        "s1.span",
        "DROP TYPE s1.span; CREATE TYPE s1.span AS RANGE (subtype = numeric); ALTER TYPE s1.span OWNER TO {owner}",
        "subtype",
        "subtype_opclass",
    ),
    "domain-owner": changed(K.TYPE, "s1.posint", "ALTER DOMAIN s1.posint OWNER TO {other}", *OWNER_MOVE),
    "type-added": added(
        K.TYPE, "s1.color", "CREATE TYPE s1.color AS ENUM ('red'); ALTER TYPE s1.color OWNER TO {owner}"
    ),
    # sequences
    "sequence-type": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter AS integer", "type"),
    "sequence-start": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter START WITH 5", "start"),
    "sequence-increment": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter INCREMENT BY 5", "increment"),
    "sequence-minimum": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter MINVALUE 0", "minimum"),
    "sequence-maximum": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter MAXVALUE 500", "maximum"),
    "sequence-cache": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter CACHE 20", "cache"),
    "sequence-cycle": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter CYCLE", "cycle"),
    "sequence-owned-by": changed(
        K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter OWNED BY s1.plain.id", "owned_by"
    ),
    "sequence-owner": changed(K.SEQUENCE, "s1.counter", "ALTER SEQUENCE s1.counter OWNER TO {other}", *OWNER_MOVE),
    "sequence-grant": changed(
        K.SEQUENCE, "s1.counter", "GRANT SELECT ON SEQUENCE s1.counter TO {writer}", "privileges.{writer}"
    ),
    "sequence-comment": changed(K.SEQUENCE, "s1.counter", "COMMENT ON SEQUENCE s1.counter IS 'counts'", "comment"),
    "sequence-added": added(
        K.SEQUENCE, "s1.tally", "CREATE SEQUENCE s1.tally; ALTER SEQUENCE s1.tally OWNER TO {owner}"
    ),
    # tables
    "table-persistence": changed(K.TABLE, "s1.plain", "ALTER TABLE s1.plain SET UNLOGGED", "persistence"),
    "table-detach-partition": changed(
        K.TABLE,
        "s1.events_2024",
        "ALTER TABLE s1.events DETACH PARTITION s1.events_2024",
        "partition_of",
        "partition_bound",
    ),
    "table-partition-key": changed(
        K.TABLE,
        "s1.log",
        "DROP TABLE s1.log; CREATE TABLE s1.log (at date, id integer) PARTITION BY RANGE (id);"
        " ALTER TABLE s1.log OWNER TO {owner}",
        "partition_key",
    ),
    "table-kind": changed(
        K.TABLE,
        "s1.log",
        "DROP TABLE s1.log; CREATE TABLE s1.log (at date, id integer); ALTER TABLE s1.log OWNER TO {owner}",
        "kind",
        "partition_key",
        "access_method",
    ),
    "table-owner": changed(K.TABLE, "s1.notes", "ALTER TABLE s1.notes OWNER TO {other}", *OWNER_MOVE),
    "table-rls-enabled": changed(K.TABLE, "s1.items", "ALTER TABLE s1.items ENABLE ROW LEVEL SECURITY", "rls_enabled"),
    "table-rls-disabled": changed(
        K.TABLE, "s1.notes", "ALTER TABLE s1.notes DISABLE ROW LEVEL SECURITY", "rls_enabled"
    ),
    "table-rls-forced": changed(K.TABLE, "s1.plain", "ALTER TABLE s1.plain FORCE ROW LEVEL SECURITY", "rls_forced"),
    "table-rls-not-forced": changed(
        K.TABLE, "s1.notes", "ALTER TABLE s1.notes NO FORCE ROW LEVEL SECURITY", "rls_forced"
    ),
    "table-options-set": changed(K.TABLE, "s1.notes", "ALTER TABLE s1.notes SET (fillfactor = 70)", "options"),
    "table-options-reset": changed(K.TABLE, "s1.notes", "ALTER TABLE s1.notes RESET (autovacuum_enabled)", "options"),
    "table-comment": changed(K.TABLE, "s1.plain", "COMMENT ON TABLE s1.plain IS 'plain'", "comment"),
    "table-grant": changed(K.TABLE, "s1.items", "GRANT DELETE ON s1.items TO {writer}", "privileges.{writer}"),
    "table-grant-public": changed(K.TABLE, "s1.plain", "GRANT SELECT ON s1.plain TO PUBLIC", "privileges.PUBLIC"),
    "table-grantable": changed(
        K.TABLE, "s1.items", "GRANT SELECT ON s1.items TO {reader} WITH GRANT OPTION", "privileges.{reader}"
    ),
    "table-revoke": changed(K.TABLE, "s1.items", "REVOKE INSERT ON s1.items FROM {reader}", "privileges.{reader}"),
    "table-added": added(K.TABLE, "s1.empty", "CREATE TABLE s1.empty (); ALTER TABLE s1.empty OWNER TO {owner}"),
    # columns
    "column-type": changed(
        K.COLUMN, "s1.items.note", "ALTER TABLE s1.items ALTER COLUMN note TYPE varchar(200)", "type"
    ),
    "column-not-null": changed(
        K.COLUMN, "s1.items.note", "ALTER TABLE s1.items ALTER COLUMN note SET NOT NULL", "not_null"
    ),
    "column-drop-not-null": changed(
        K.COLUMN, "s1.items.qty", "ALTER TABLE s1.items ALTER COLUMN qty DROP NOT NULL", "not_null"
    ),
    "column-default": changed(
        K.COLUMN, "s1.items.qty", "ALTER TABLE s1.items ALTER COLUMN qty SET DEFAULT 1", "default"
    ),
    "column-drop-default": changed(
        K.COLUMN, "s1.items.qty", "ALTER TABLE s1.items ALTER COLUMN qty DROP DEFAULT", "default"
    ),
    "column-identity": changed(
        K.COLUMN, "s1.items.id", "ALTER TABLE s1.items ALTER COLUMN id SET GENERATED BY DEFAULT", "identity"
    ),
    "column-generated": changed(
        K.COLUMN,
        "s1.items.total",
        "ALTER TABLE s1.items DROP COLUMN total;"
        " ALTER TABLE s1.items ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price * 2) STORED",
        "generated",
    ),
    "column-generated-virtual": changed(
        K.COLUMN,
        "s1.items.total",
        "ALTER TABLE s1.items DROP COLUMN total;"
        " ALTER TABLE s1.items ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) VIRTUAL",
        "generated",
    ),
    "column-collation": changed(
        K.COLUMN, "s1.items.note", 'ALTER TABLE s1.items ALTER COLUMN note TYPE text COLLATE "POSIX"', "collation"
    ),
    "column-comment": changed(K.COLUMN, "s1.items.qty", "COMMENT ON COLUMN s1.items.qty IS 'how many'", "comment"),
    "column-grant": changed(
        K.COLUMN, "s1.items.qty", "GRANT UPDATE (qty) ON s1.items TO {writer}", "privileges.{writer}"
    ),
    "column-revoke": changed(
        K.COLUMN, "s1.items.note", "REVOKE SELECT (note) ON s1.items FROM {writer}", "privileges.{writer}"
    ),
    "column-added": added(K.COLUMN, "s1.plain.extra", "ALTER TABLE s1.plain ADD COLUMN extra integer"),
    "column-removed": removed(K.COLUMN, "s1.plain.label", "ALTER TABLE s1.plain DROP COLUMN label"),
    "view-column-comment": changed(
        K.COLUMN, "s1.item_view.qty", "COMMENT ON COLUMN s1.item_view.qty IS 'positive'", "comment"
    ),
    "view-column-default": changed(
        K.COLUMN, "s1.item_view.qty", "ALTER VIEW s1.item_view ALTER COLUMN qty SET DEFAULT 1", "default"
    ),
    # constraints
    "fk-match": changed(
        K.CONSTRAINT,
        "s1.items.items_parent_fk",
        "ALTER TABLE s1.items DROP CONSTRAINT items_parent_fk, ADD CONSTRAINT items_parent_fk"
        " FOREIGN KEY (parent_id) REFERENCES s1.parent (id) MATCH FULL ON DELETE SET NULL",
        "definition",
        "match",
    ),
    "fk-on-delete": changed(
        K.CONSTRAINT,
        "s1.items.items_parent_fk",
        "ALTER TABLE s1.items DROP CONSTRAINT items_parent_fk, ADD CONSTRAINT items_parent_fk"
        " FOREIGN KEY (parent_id) REFERENCES s1.parent (id) ON DELETE CASCADE",
        "definition",
        "on_delete",
    ),
    "fk-on-update": changed(
        K.CONSTRAINT,
        "s1.items.items_parent_fk",
        "ALTER TABLE s1.items DROP CONSTRAINT items_parent_fk, ADD CONSTRAINT items_parent_fk"
        " FOREIGN KEY (parent_id) REFERENCES s1.parent (id) ON DELETE SET NULL ON UPDATE CASCADE",
        "definition",
        "on_update",
    ),
    "fk-references": changed(
        K.CONSTRAINT,
        "s1.items.items_parent_fk",
        "ALTER TABLE s1.items DROP CONSTRAINT items_parent_fk, ADD CONSTRAINT items_parent_fk"
        " FOREIGN KEY (parent_id) REFERENCES s1.other_parent (id) ON DELETE SET NULL",
        "definition",
        "references",
    ),
    "fk-deferrable": changed(
        K.CONSTRAINT,
        "s1.items.items_parent_fk",
        "ALTER TABLE s1.items ALTER CONSTRAINT items_parent_fk DEFERRABLE",
        "definition",
        "deferrable",
    ),
    "fk-deferred": changed(
        K.CONSTRAINT,
        "s1.items.items_parent_deferred_fk",
        "ALTER TABLE s1.items ALTER CONSTRAINT items_parent_deferred_fk DEFERRABLE INITIALLY IMMEDIATE",
        "definition",
        "deferred",
    ),
    "check-validated": changed(
        K.CONSTRAINT,
        "s1.items.items_price_check",
        "ALTER TABLE s1.items VALIDATE CONSTRAINT items_price_check",
        "definition",
        "validated",
    ),
    "check-expression": changed(
        K.CONSTRAINT,
        "s1.items.items_price_check",
        "ALTER TABLE s1.items DROP CONSTRAINT items_price_check;"
        " ALTER TABLE s1.items ADD CONSTRAINT items_price_check CHECK (price >= 1) NOT VALID",
        "definition",
    ),
    "unique-deferrable": changed(
        K.CONSTRAINT,
        "s1.items.items_code_uq",
        "ALTER TABLE s1.items DROP CONSTRAINT items_code_uq, ADD CONSTRAINT items_code_uq UNIQUE (code) DEFERRABLE",
        "definition",
        "deferrable",
    ),
    "exclusion-deferred": changed(
        K.CONSTRAINT,
        "s1.slots.slots_room_excl",
        "ALTER TABLE s1.slots DROP CONSTRAINT slots_room_excl, ADD CONSTRAINT slots_room_excl"
        " EXCLUDE USING btree (room WITH =) DEFERRABLE INITIALLY DEFERRED",
        "definition",
        "deferrable",
        "deferred",
    ),
    "constraint-type": changed(
        K.CONSTRAINT,
        "s1.plain.plain_ref",
        "ALTER TABLE s1.plain DROP CONSTRAINT plain_ref,"
        " ADD CONSTRAINT plain_ref FOREIGN KEY (id) REFERENCES s1.parent (id)",
        "type",
        "definition",
        "references",
        "match",
        "on_delete",
        "on_update",
    ),
    "primary-key-to-unique": changed(
        K.CONSTRAINT,
        "s1.other_parent.other_parent_pkey",
        "ALTER TABLE s1.other_parent DROP CONSTRAINT other_parent_pkey, ADD CONSTRAINT other_parent_pkey UNIQUE (id)",
        "type",
        "definition",
    ).also(K.INDEX, "s1.other_parent_pkey", ChangeType.CHANGED, "primary"),
    "constraint-using-index": added(
        K.CONSTRAINT,
        "s1.plain.plain_id_uq",
        "ALTER TABLE s1.plain ADD CONSTRAINT plain_id_uq UNIQUE USING INDEX plain_id_uq",
    ).also(K.INDEX, "s1.plain_id_uq", ChangeType.CHANGED, "constraint"),
    "constraint-comment": changed(
        K.CONSTRAINT, "s1.items.items_pk", "COMMENT ON CONSTRAINT items_pk ON s1.items IS 'key'", "comment"
    ),
    "constraint-added": added(
        K.CONSTRAINT, "s1.plain.plain_id_check", "ALTER TABLE s1.plain ADD CONSTRAINT plain_id_check CHECK (id > 0)"
    ),
    "constraint-removed": removed(
        K.CONSTRAINT, "s1.items.items_qty_check", "ALTER TABLE s1.items DROP CONSTRAINT items_qty_check"
    ),
    # indexes
    "index-definition": changed(
        K.INDEX,
        "s1.items_note_idx",
        "DROP INDEX s1.items_note_idx; CREATE INDEX items_note_idx ON s1.items (note, qty) WHERE note IS NOT NULL",
        "definition",
    ),
    "index-unique": changed(
        K.INDEX,
        "s1.items_note_idx",
        "DROP INDEX s1.items_note_idx; CREATE UNIQUE INDEX items_note_idx ON s1.items (note) WHERE note IS NOT NULL",
        "definition",
        "unique",
    ),
    "index-predicate": changed(
        K.INDEX,
        "s1.items_note_idx",
        "DROP INDEX s1.items_note_idx; CREATE INDEX items_note_idx ON s1.items (note) WHERE note <> ''",
        "definition",
        "predicate",
    ),
    # An interrupted CREATE INDEX CONCURRENTLY leaves an invalid index; CONCURRENTLY cannot run in
    # the case's transaction, so the flag is set directly.
    "index-valid": changed(
        K.INDEX,
        "s1.items_qty_idx",
        "UPDATE pg_catalog.pg_index SET indisvalid = false WHERE indexrelid = 's1.items_qty_idx'::regclass",
        "valid",
    ),
    "index-table": changed(
        K.INDEX,
        "s1.items_note_idx",
        "DROP INDEX s1.items_note_idx; CREATE INDEX items_note_idx ON s1.notes (body) WHERE body IS NOT NULL",
        "table",
        "definition",
        "predicate",
    ),
    "index-comment": changed(K.INDEX, "s1.items_qty_idx", "COMMENT ON INDEX s1.items_qty_idx IS 'changed'", "comment"),
    "index-added": added(K.INDEX, "s1.plain_label_idx", "CREATE INDEX plain_label_idx ON s1.plain (label)"),
    "index-removed": removed(K.INDEX, "s1.items_qty_idx", "DROP INDEX s1.items_qty_idx"),
    "materialized-view-index": changed(
        K.INDEX,
        "s1.parent_totals_parent_idx",
        "DROP INDEX s1.parent_totals_parent_idx;"
        " CREATE UNIQUE INDEX parent_totals_parent_idx ON s1.parent_totals (parent_id, qty)",
        "definition",
    ),
    # policies
    "policy-roles": changed(K.POLICY, "s1.notes.notes_own", "ALTER POLICY notes_own ON s1.notes TO {reader}", "roles"),
    "policy-using": changed(K.POLICY, "s1.notes.notes_own", "ALTER POLICY notes_own ON s1.notes USING (true)", "using"),
    "policy-with-check": changed(
        K.POLICY, "s1.notes.notes_own", "ALTER POLICY notes_own ON s1.notes WITH CHECK (body <> '')", "with_check"
    ),
    "policy-without-with-check": changed(
        K.POLICY,
        "s1.notes.notes_own",
        "DROP POLICY notes_own ON s1.notes;"
        " CREATE POLICY notes_own ON s1.notes FOR ALL TO {reader}, {writer} USING (author = current_user);"
        " COMMENT ON POLICY notes_own ON s1.notes IS 'authors see their notes'",
        "with_check",
    ),
    "policy-command": changed(
        K.POLICY,
        "s1.notes.notes_not_empty",
        "DROP POLICY notes_not_empty ON s1.notes;"
        " CREATE POLICY notes_not_empty ON s1.notes AS RESTRICTIVE FOR UPDATE TO PUBLIC WITH CHECK (body <> '')",
        "command",
    ),
    "policy-permissive": changed(
        K.POLICY,
        "s1.notes.notes_not_empty",
        "DROP POLICY notes_not_empty ON s1.notes;"
        " CREATE POLICY notes_not_empty ON s1.notes AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK (body <> '')",
        "permissive",
    ),
    "policy-comment": changed(
        K.POLICY, "s1.notes.notes_not_empty", "COMMENT ON POLICY notes_not_empty ON s1.notes IS 'no'", "comment"
    ),
    "policy-added": added(
        K.POLICY, "s1.plain.plain_all", "CREATE POLICY plain_all ON s1.plain TO {reader} USING (id > 0)"
    ),
    "policy-removed": removed(K.POLICY, "s1.notes.notes_own", "DROP POLICY notes_own ON s1.notes"),
    # views and materialized views
    "view-definition": changed(
        K.VIEW,
        "s1.item_view",
        "CREATE OR REPLACE VIEW s1.item_view WITH (security_barrier = true) AS"
        " SELECT id, code, qty FROM s1.items WHERE qty > 1",
        "definition",
    ),
    "view-security-invoker": changed(
        K.VIEW, "s1.item_view", "ALTER VIEW s1.item_view SET (security_invoker = true)", "options"
    ),
    "view-no-security-barrier": changed(
        K.VIEW, "s1.item_view", "ALTER VIEW s1.item_view RESET (security_barrier)", "options"
    ),
    "view-check-option": changed(
        K.VIEW, "s1.item_view", "ALTER VIEW s1.item_view SET (check_option = local)", "options"
    ),
    "view-kind": changed(
        K.VIEW,
        "s1.item_view",
        "DROP VIEW s1.item_view;"
        " CREATE MATERIALIZED VIEW s1.item_view AS SELECT id, code, qty FROM s1.items WHERE qty > 0;"
        " ALTER MATERIALIZED VIEW s1.item_view OWNER TO {owner};"
        " COMMENT ON MATERIALIZED VIEW s1.item_view IS 'positive items';"
        " GRANT SELECT ON s1.item_view TO {reader}",
        "kind",
        "options",
        "access_method",
    ),
    "view-owner": changed(K.VIEW, "s1.item_view", "ALTER VIEW s1.item_view OWNER TO {other}", *OWNER_MOVE),
    "view-grant": changed(K.VIEW, "s1.item_view", "GRANT SELECT ON s1.item_view TO {writer}", "privileges.{writer}"),
    "view-comment": changed(K.VIEW, "s1.item_view", "COMMENT ON VIEW s1.item_view IS 'changed'", "comment"),
    "materialized-view-options": changed(
        K.VIEW, "s1.parent_totals", "ALTER MATERIALIZED VIEW s1.parent_totals SET (fillfactor = 50)", "options"
    ),
    "materialized-view-owner": changed(
        K.VIEW, "s1.parent_totals", "ALTER MATERIALIZED VIEW s1.parent_totals OWNER TO {other}", *OWNER_MOVE
    ),
    "materialized-view-grant": changed(
        K.VIEW, "s1.parent_totals", "GRANT SELECT ON s1.parent_totals TO {reader}", "privileges.{reader}"
    ),
    "materialized-view-comment": changed(
        K.VIEW, "s1.parent_totals", "COMMENT ON MATERIALIZED VIEW s1.parent_totals IS 'sums'", "comment"
    ),
    # functions and procedures
    "function-body": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "CREATE OR REPLACE FUNCTION s1.add(a integer, b integer DEFAULT 0) RETURNS integer"
        " LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT b + a $$",
        "body",
    ),
    "function-sql-standard-body": changed(
        K.FUNCTION,
        "s1.answer()",
        "CREATE OR REPLACE FUNCTION s1.answer() RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT 43; END",
        "body",
    ),
    "function-arguments": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "CREATE OR REPLACE FUNCTION s1.add(a integer, b integer DEFAULT 1) RETURNS integer"
        " LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + b $$",
        "arguments",
    ),
    "function-result": changed(
        K.FUNCTION,
        "s1.answer()",
        "DROP FUNCTION s1.answer();"
        " CREATE FUNCTION s1.answer() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT 42; END;"
        " ALTER FUNCTION s1.answer() OWNER TO {owner}",
        "result",
    ),
    "function-language": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "CREATE OR REPLACE FUNCTION s1.add(a integer, b integer DEFAULT 0) RETURNS integer"
        " LANGUAGE plpgsql IMMUTABLE STRICT AS $$ BEGIN RETURN a + b; END $$",
        "language",
        "body",
    ),
    "function-volatility": changed(
        K.FUNCTION, "s1.add(a integer, b integer)", "ALTER FUNCTION s1.add(integer, integer) STABLE", "volatility"
    ),
    "function-parallel": changed(
        K.FUNCTION, "s1.add(a integer, b integer)", "ALTER FUNCTION s1.add(integer, integer) PARALLEL SAFE", "parallel"
    ),
    "function-security-definer": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "ALTER FUNCTION s1.add(integer, integer) SECURITY DEFINER",
        "security_definer",
    ),
    "function-security-invoker": changed(
        K.FUNCTION, "s1.secret()", "ALTER FUNCTION s1.secret() SECURITY INVOKER", "security_definer"
    ),
    "function-leakproof": changed(
        K.FUNCTION, "s1.add(a integer, b integer)", "ALTER FUNCTION s1.add(integer, integer) LEAKPROOF", "leakproof"
    ),
    "function-strict": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "ALTER FUNCTION s1.add(integer, integer) CALLED ON NULL INPUT",
        "strict",
    ),
    "function-config-set": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "ALTER FUNCTION s1.add(integer, integer) SET search_path = pg_catalog",
        "config",
    ),
    "function-config-reset": changed(
        K.FUNCTION, "s1.secret()", "ALTER FUNCTION s1.secret() RESET search_path", "config"
    ),
    "function-owner": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "ALTER FUNCTION s1.add(integer, integer) OWNER TO {other}",
        *OWNER_MOVE,
    ),
    "function-comment": changed(K.FUNCTION, "s1.secret()", "COMMENT ON FUNCTION s1.secret() IS 'shh'", "comment"),
    "function-grant": changed(
        K.FUNCTION, "s1.secret()", "GRANT EXECUTE ON FUNCTION s1.secret() TO {writer}", "privileges.{writer}"
    ),
    "function-revoke-public": changed(
        K.FUNCTION,
        "s1.add(a integer, b integer)",
        "REVOKE EXECUTE ON FUNCTION s1.add(integer, integer) FROM PUBLIC",
        "privileges.PUBLIC",
    ),
    "function-added": added(
        K.FUNCTION,
        "s1.one()",
        "CREATE FUNCTION s1.one() RETURNS integer LANGUAGE sql RETURN 1; ALTER FUNCTION s1.one() OWNER TO {owner}",
    ),
    "function-removed": removed(K.FUNCTION, "s1.touch_again()", "DROP FUNCTION s1.touch_again()"),
    "procedure-to-function": changed(
        K.FUNCTION,
        "s1.reset_counter()",
        "DROP PROCEDURE s1.reset_counter();"
        " CREATE FUNCTION s1.reset_counter() RETURNS void LANGUAGE sql AS $$ SELECT setval('s1.counter', 1) $$;"
        " ALTER FUNCTION s1.reset_counter() OWNER TO {owner}",
        "kind",
        "result",
    ),
    "procedure-body": changed(
        K.FUNCTION,
        "s1.reset_counter()",
        "CREATE OR REPLACE PROCEDURE s1.reset_counter() LANGUAGE sql AS $$ SELECT setval('s1.counter', 2) $$",
        "body",
    ),
    "procedure-config": changed(
        K.FUNCTION, "s1.reset_counter()", "ALTER PROCEDURE s1.reset_counter() SET work_mem = '8MB'", "config"
    ),
    # triggers
    "trigger-disabled": changed(
        K.TRIGGER, "s1.items.items_touch", "ALTER TABLE s1.items DISABLE TRIGGER items_touch", "enabled"
    ),
    "trigger-enabled-always": changed(
        K.TRIGGER, "s1.items.items_touch", "ALTER TABLE s1.items ENABLE ALWAYS TRIGGER items_touch", "enabled"
    ),
    "trigger-timing": changed(
        K.TRIGGER,
        "s1.items.items_touch",
        "CREATE OR REPLACE TRIGGER items_touch AFTER UPDATE ON s1.items"
        " FOR EACH ROW WHEN (NEW.qty > 0) EXECUTE FUNCTION s1.touch()",
        "definition",
        "timing",
    ),
    "trigger-events": changed(
        K.TRIGGER,
        "s1.items.items_touch",
        "CREATE OR REPLACE TRIGGER items_touch BEFORE INSERT OR UPDATE ON s1.items"
        " FOR EACH ROW WHEN (NEW.qty > 0) EXECUTE FUNCTION s1.touch()",
        "definition",
        "events",
    ),
    "constraint-trigger-function": changed(
        K.TRIGGER,
        "s1.items.items_check",
        "DROP TRIGGER items_check ON s1.items;"
        " CREATE CONSTRAINT TRIGGER items_check AFTER INSERT ON s1.items"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION s1.touch_again()",
        "definition",
        "function",
    ),
    "trigger-for-each-statement": changed(
        K.TRIGGER,
        "s1.items.items_touch",
        "CREATE OR REPLACE TRIGGER items_touch BEFORE UPDATE ON s1.items"
        " FOR EACH STATEMENT EXECUTE FUNCTION s1.touch()",
        "definition",
        "level",
        "when",
    ),
    "trigger-function": changed(
        K.TRIGGER,
        "s1.items.items_touch",
        "CREATE OR REPLACE TRIGGER items_touch BEFORE UPDATE ON s1.items"
        " FOR EACH ROW WHEN (NEW.qty > 0) EXECUTE FUNCTION s1.touch_again()",
        "definition",
        "function",
    ),
    "trigger-when": changed(
        K.TRIGGER,
        "s1.items.items_touch",
        "CREATE OR REPLACE TRIGGER items_touch BEFORE UPDATE ON s1.items"
        " FOR EACH ROW WHEN (NEW.qty > 1) EXECUTE FUNCTION s1.touch()",
        "definition",
        "when",
    ),
    "trigger-not-deferrable": changed(
        K.TRIGGER,
        "s1.items.items_check",
        "DROP TRIGGER items_check ON s1.items;"
        " CREATE CONSTRAINT TRIGGER items_check AFTER INSERT ON s1.items"
        " NOT DEFERRABLE FOR EACH ROW EXECUTE FUNCTION s1.touch()",
        "definition",
        "deferrable",
        "deferred",
    ),
    "trigger-initially-immediate": changed(
        K.TRIGGER,
        "s1.items.items_check",
        "DROP TRIGGER items_check ON s1.items;"
        " CREATE CONSTRAINT TRIGGER items_check AFTER INSERT ON s1.items"
        " DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION s1.touch()",
        "definition",
        "deferred",
    ),
    "trigger-not-a-constraint-trigger": changed(
        K.TRIGGER,
        "s1.items.items_check",
        "DROP TRIGGER items_check ON s1.items;"
        " CREATE TRIGGER items_check AFTER INSERT ON s1.items FOR EACH ROW EXECUTE FUNCTION s1.touch()",
        "definition",
        "constraint",
        "deferrable",
        "deferred",
    ),
    "trigger-comment": changed(
        K.TRIGGER, "s1.items.items_check", "COMMENT ON TRIGGER items_check ON s1.items IS 'checks'", "comment"
    ),
    "trigger-added": added(
        K.TRIGGER,
        "s1.plain.plain_touch",
        "CREATE TRIGGER plain_touch BEFORE INSERT ON s1.plain FOR EACH ROW EXECUTE FUNCTION s1.touch()",
    ),
    "trigger-removed": removed(K.TRIGGER, "s1.items.items_touch", "DROP TRIGGER items_touch ON s1.items"),
}

# Cases whose syntax exists only from a major version (VIRTUAL generated columns: 18).
SINCE_VERSION = {CASES["column-generated-virtual"].sql: 18}


# What a case also changes from a major version on. 18: a detached partition keeps its NOT NULL
# constraint under the parent's name, declared on it now (pg_dump 18 writes the name too).
_DETACHED_NOT_NULL = (Expected(K.COLUMN, "s1.events_2024.at", ChangeType.CHANGED, ("not_null_constraint",)),)
FROM_VERSION_ALSO: dict[str, tuple[int, tuple[Expected, ...]]] = {
    CASES["table-detach-partition"].sql: (18, _DETACHED_NOT_NULL)
}


def _also_from_version(sql: str, major: int) -> tuple[Expected, ...]:
    since, also = FROM_VERSION_ALSO.get(sql, (0, ()))
    return also if major >= since else ()


def _server_major(url: str) -> int:
    with closing(psycopg.connect(url)) as conn:
        return conn.info.server_version // 10000


# Changes of data and of session state are not changes of the schema.
NO_SCHEMA_CHANGE: dict[str, str] = {
    "rows": "INSERT INTO s1.parent VALUES (1, 'one'); INSERT INTO s1.items (parent_id, qty, price) VALUES (1, 2, 3)",
    "sequence-values": "SELECT nextval('s1.counter'), nextval('s1.counter'); SELECT setval('s1.items_id_seq', 99)",
    "statistics": "ANALYZE s1.items",
    "refresh": "REFRESH MATERIALIZED VIEW s1.parent_totals",
    "session-settings": "SET search_path = s1, public; SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'German';"
    " SET IntervalStyle = 'sql_standard'; SET bytea_output = 'escape'; SET quote_all_identifiers = on;"
    " SET extra_float_digits = 3",
    "role": "SET ROLE {owner}",
}


def _snapshot_mutation(base: Base, sql: str) -> list[Reported]:
    """Mutate and snapshot in a transaction that is rolled back: what the diff with the base reports."""
    with closing(psycopg.connect(base.url)) as conn:
        try:
            conn.execute(base.render(sql).encode())
            after = introspect(conn)
        finally:
            conn.rollback()
    return reported(diff_snapshots(base.snapshot, after))


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_one_mutation_is_reported_as_exactly_that_object_and_attribute(base: Base, case: Case) -> None:
    since = SINCE_VERSION.get(case.sql)
    if since is not None and _server_major(base.url) < since:
        # Syntax the server does not have yet: it must refuse it, so the case cannot pass vacuously.
        with closing(psycopg.connect(base.url)) as conn, pytest.raises(psycopg.errors.SyntaxError):
            conn.execute(base.render(case.sql).encode())
        return
    expected = [
        Reported(e.kind, base.render(e.identity), e.change, frozenset(base.render(path) for path in e.paths))
        for e in (*case.expected, *_also_from_version(case.sql, _server_major(base.url)))
    ]
    kinds = list(ObjectKind)
    expected.sort(key=lambda r: (kinds.index(r.kind), r.identity))  # the diff's order
    assert _snapshot_mutation(base, case.sql) == expected


@pytest.mark.parametrize("sql", list(NO_SCHEMA_CHANGE.values()), ids=list(NO_SCHEMA_CHANGE))
def test_data_and_session_changes_are_not_reported(base: Base, sql: str) -> None:
    assert _snapshot_mutation(base, sql) == []


def test_cases_leave_the_base_unchanged(base: Base) -> None:
    """The cases' rollbacks undo everything, the cluster-wide role attributes included."""
    for case in (CASES["role-createdb"], CASES["role-member-of"], CASES["table-rls-not-forced"]):
        assert _snapshot_mutation(base, case.sql)
    assert to_json(snapshot_of(base.url)) == to_json(base.snapshot)


# Attributes no mutation can change without changing the identity too.
BOUND_TO_IDENTITY = {(K.POLICY, "table"), (K.TRIGGER, "table"), (K.DEFAULT_PRIVILEGE, "role")}
# The embedded server ships one version of each extension: nothing to update to.
# A range's canonical function must be written in C: no SQL can create one.
NOT_MUTABLE_HERE = {(K.EXTENSION, "version"), (K.TYPE, "canonical")}


def test_every_attribute_has_a_case(base: Base) -> None:
    """Each attribute the snapshot holds is changed by some case above: a new one needs its case."""
    covered = {(e.kind, path.split(".")[0]) for case in CASES.values() for e in case.expected for path in e.paths}
    captured = {
        (kind, attribute)
        for kind, by_identity in base.snapshot.objects.items()
        for attributes in by_identity.values()
        for attribute in attributes
    }
    assert captured - covered - BOUND_TO_IDENTITY - NOT_MUTABLE_HERE - ORACLE_PLANTED == set()


def test_base_schema_covers_every_kind(base: Base) -> None:
    """Guards the cases above: an empty kind would make its mutations vacuous."""
    snapshot = base.snapshot
    assert all(snapshot.objects[kind] for kind in ObjectKind if kind not in ORACLE_ONLY_KINDS)
    # The constructors of a range type are not functions of the schema.
    assert not any(identity.startswith("s1.span") for identity in snapshot.objects[ObjectKind.FUNCTION])
