"""pg_dump as the oracle: a planted difference is drift iff `pg_dump --schema-only` sees it.

The base schema (oracle_plants.BASE) has an object of every kind the snapshot reads beyond the
attribute-drift module's base. It is built once per module; each plant copies it (CREATE DATABASE
... TEMPLATE), applies ONE difference and compares the copy with the base twice: the dumps of
`pg_dump --schema-only` (of the server's own major version; ordering of the dump's entries and its
comments ignored), and the snapshots (`snapshot --diff --against` compares the same two values).
Drift is reported exactly when the dumps differ, and names the planted object.

Exceptions, each an Oracle of its own plant:
- database-level grants and roles are not written by pg_dump --schema-only: the catalog decides
  (oracle_plants.CATALOG_QUERIES, read before and after the plant; a role change is undone after);
- user-mapping option values are never read (they hold passwords): the dumps differ, no drift;
- column order is not drift (docs/SCHEMA_SNAPSHOTS.md): the dumps differ, the snapshots do not.
Plants that need ICU, lz4 or the large-object default privileges of PostgreSQL 18 run where the
server has them; elsewhere the test asserts that the server refuses the plant for that reason.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from schemactl import embedded
from schemactl.database import with_database
from schemactl.snapshot.diff import SnapshotDiff, diff_snapshots
from schemactl.snapshot.model import ObjectKind, Snapshot
from tests.snapshot.oracle_plants import BASE, CATALOG_QUERIES, ORACLE_ONLY_KINDS, PLANTS, Needs, Oracle, Plant
from tests.snapshot.support import execute, scratch_database, scratch_roles, snapshot_of

ROLE_PURPOSES = ("owner", "reader", "other")


def pg_dump_for(major: int) -> Path:
    """pg_dump of the server's major version: the system's, else the embedded wheel's."""
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")]
    if major in embedded.SUPPORTED_VERSIONS:
        candidates.append(embedded.bin_dir(major) / "pg_dump")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise AssertionError(f"no pg_dump for PostgreSQL {major}: looked at {', '.join(map(str, candidates))}")


_HEADER = re.compile(r"^--\n-- (Name|Data for Name): .*$", re.MULTILINE)


def normalised_dump(pg_dump: Path, url: str) -> list[str]:
    """The dump's entries (one per object), comments and restrict keys removed, sorted."""
    result = subprocess.run([str(pg_dump), "--schema-only", "-d", url], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    entries = []
    for chunk in _HEADER.split(result.stdout):
        lines = [
            line
            for line in chunk.splitlines()
            if line.strip() and not line.startswith("--") and not line.startswith(("\\restrict", "\\unrestrict"))
        ]
        if lines and lines not in (["Name"], ["Data for Name"]):
            entries.append("\n".join(lines))
    return sorted(entries)


@dataclass(frozen=True)
class Base:
    server_url: str
    url: str
    name: str
    names: Mapping[str, str]
    pg_dump: Path
    dump: list[str]
    snapshot: Snapshot
    major: int

    def render(self, template: str, db: str = "") -> str:
        return template.format(**self.names, db=db)


@pytest.fixture(scope="module")
def base(server_url: str) -> Iterator[Base]:
    with scratch_roles(server_url, *ROLE_PURPOSES) as roles, scratch_database(server_url) as url:
        execute(url, BASE.format(**roles))
        with closing(psycopg.connect(url)) as conn:
            major = conn.info.server_version // 10000
            name = conn.info.dbname
        pg_dump = pg_dump_for(major)
        yield Base(server_url, url, name, roles, pg_dump, normalised_dump(pg_dump, url), snapshot_of(url), major)


class Planted:
    """A copy of the base database (dropped on exit)."""

    def __init__(self, base: Base) -> None:
        self.base = base
        self.name = "schemactl_test_" + uuid.uuid4().hex[:12]
        self.url = with_database(base.server_url, self.name)

    def __enter__(self) -> Planted:
        execute(self.base.server_url, f'CREATE DATABASE "{self.name}" TEMPLATE "{self.base.name}"')
        return self

    def __exit__(self, *exc: object) -> None:
        execute(self.base.server_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def plant(self, sql: str) -> None:
        execute(self.url, self.base.render(sql, db=self.name))

    def diff(self) -> SnapshotDiff:
        return diff_snapshots(self.base.snapshot, snapshot_of(self.url))

    def dump_differs(self) -> bool:
        return normalised_dump(self.base.pg_dump, self.url) != self.base.dump


def _supported(url: str, needs: Needs, major: int) -> bool:
    """Whether the server has the capability, asked independently of the plant."""
    with closing(psycopg.connect(url, autocommit=True)) as conn:
        if needs is Needs.ICU:
            row = conn.execute("SELECT count(*) FROM pg_catalog.pg_collation WHERE collname = 'und-x-icu'").fetchone()
            return row is not None and int(str(row[0])) > 0
        if needs is Needs.LZ4:
            try:
                conn.execute("SET default_toast_compression = lz4")
            except psycopg.errors.InvalidParameterValue:
                return False
            return True
    return major >= 18


def _includes(reported: set[str] | None, expected: set[str]) -> bool:
    """Every expected path is reported, itself or a path below it (tables -> tables.o1.t.where)."""
    return reported is not None and all(any(r == p or r.startswith(p + ".") for r in reported) for p in expected)


_NEW_SYNTAX = (Needs.LARGE_OBJECT_DEFAULTS, Needs.NAMED_NOT_NULL)
_SINCE_18 = (*_NEW_SYNTAX, Needs.PUBLISHED_GENERATED_COLUMNS)


def _reported(diff: SnapshotDiff, kind: ObjectKind, identity: str) -> set[str] | None:
    for change in diff.changes:
        if change.kind is kind and change.identity == identity:
            return {a.path for a in change.attributes}
    return None


@pytest.mark.parametrize("plant", list(PLANTS.values()), ids=list(PLANTS))
def test_planted_difference_is_drift_iff_pg_dump_differs(base: Base, plant: Plant) -> None:
    with Planted(base) as copy:
        if plant.needs is not None and not _supported(copy.url, plant.needs, base.major):
            # The embedded servers have no ICU or lz4; 15 and 16 have no large-object defaults and
            # no named NOT NULL constraints.
            by_version = plant.needs in _SINCE_18
            refused = psycopg.errors.SyntaxError if plant.needs in _NEW_SYNTAX else psycopg.Error
            with pytest.raises(refused) as refusal:
                copy.plant(plant.sql)
            if plant.needs is Needs.PUBLISHED_GENERATED_COLUMNS:
                assert refusal.value.sqlstate == "42601", refusal.value  # unrecognized publication parameter
            elif not by_version:
                assert refusal.value.sqlstate == "0A000", refusal.value  # feature_not_supported
            return
        catalog_before = _catalog(copy.url, plant.kind) if plant.oracle is Oracle.CATALOG else []
        try:
            copy.plant(plant.sql)
            diff = copy.diff()
            dump_differs = copy.dump_differs()
            catalog_after = _catalog(copy.url, plant.kind) if plant.oracle is Oracle.CATALOG else []
        finally:
            if plant.undo:
                copy.plant(plant.undo)
        identity = base.render(plant.identity)
        reported = _reported(diff, plant.kind, identity)
        if plant.oracle is Oracle.PG_DUMP:
            assert dump_differs, "the plant changes nothing pg_dump writes: it tests nothing"
            assert reported is not None, f"drift not reported for {plant.kind.value} {identity}: {diff.changes}"
            assert _includes(reported, {base.render(p) for p in plant.paths}), reported
        elif plant.oracle is Oracle.CATALOG:
            assert not dump_differs, "pg_dump --schema-only was expected not to write this"
            assert catalog_after != catalog_before
            assert _includes(reported, {base.render(p) for p in plant.paths}), reported
        else:  # column order, user-mapping option values: pg_dump sees them, by design the snapshot does not
            assert dump_differs
            assert diff.is_empty, diff.changes


def _catalog(url: str, kind: ObjectKind) -> list[tuple[object, ...]]:
    with closing(psycopg.connect(url)) as conn:
        return conn.execute(CATALOG_QUERIES[kind].encode()).fetchall()


# Statements that leave the schema as it was: the dumps are equal, so must the snapshots be.
NO_OP: dict[str, str] = {
    "analyze": "ANALYZE o1.t",
    "statistics-default": "ALTER TABLE o1.t ALTER COLUMN n SET STATISTICS -1",
    "storage-default": "ALTER TABLE o1.t ALTER COLUMN body SET STORAGE EXTENDED",
    "replica-identity-default": "ALTER TABLE o1.t REPLICA IDENTITY DEFAULT",
    "grant-owner-its-own": "GRANT ALL ON SCHEMA o1 TO {owner}",
    "rule-replaced-identically": "CREATE OR REPLACE RULE t_notify AS ON INSERT TO o1.t DO ALSO NOTIFY t_changed",
    "event-trigger-re-enabled": "ALTER EVENT TRIGGER o1_ddl DISABLE; ALTER EVENT TRIGGER o1_ddl ENABLE",
    "function-cost-default": "ALTER FUNCTION o1.f(integer) COST 100",
    "cast-recreated": "DROP CAST (o1.pt AS integer);"
    " CREATE CAST (o1.pt AS integer) WITH FUNCTION o1.pt_to_int(o1.pt) AS ASSIGNMENT",
}


@pytest.mark.parametrize("sql", list(NO_OP.values()), ids=list(NO_OP))
def test_no_schema_change_is_no_drift(base: Base, sql: str) -> None:
    with Planted(base) as copy:
        copy.plant(sql)
        assert not copy.dump_differs()
        assert copy.diff().is_empty


def test_base_has_every_oracle_kind(base: Base) -> None:
    """An empty kind would make its plants vacuous."""
    assert all(base.snapshot.objects[kind] for kind in ORACLE_ONLY_KINDS)


def test_every_attribute_of_the_oracle_kinds_has_a_plant(base: Base) -> None:
    """Each attribute the snapshot records for the kinds only this harness plants is changed by a plant."""
    planted = {(plant.kind, path.split(".")[0]) for plant in PLANTS.values() for path in plant.paths}
    captured = {
        (kind, attribute)
        for kind in ORACLE_ONLY_KINDS
        for attributes in base.snapshot.objects[kind].values()
        for attribute in attributes
    }
    # Bound to the identity (a change makes another object), or fixed by what the plant needs.
    not_plantable = {
        (ObjectKind.RULE, "table"),
        (ObjectKind.RULE, "event"),
        (ObjectKind.STATISTICS, "table"),
        (ObjectKind.USER_MAPPING, "user"),
        (ObjectKind.USER_MAPPING, "server"),
        (ObjectKind.FOREIGN_SERVER, "wrapper"),
        (ObjectKind.FOREIGN_SERVER, "type"),
        (ObjectKind.OPERATOR, "function"),
        (ObjectKind.OPERATOR, "result"),
        (ObjectKind.OPERATOR, "commutator"),
        (ObjectKind.OPERATOR, "hashes"),
        (ObjectKind.OPERATOR, "merges"),
        (ObjectKind.OPERATOR_CLASS, "family"),
        (ObjectKind.OPERATOR_CLASS, "storage"),
        (ObjectKind.OPERATOR_CLASS, "comment"),
        (ObjectKind.OPERATOR_FAMILY, "owner"),
        (ObjectKind.CAST, "function"),
        (ObjectKind.AGGREGATE, "arguments"),
        (ObjectKind.AGGREGATE, "result"),
        (ObjectKind.AGGREGATE, "kind"),
        (ObjectKind.AGGREGATE, "direct_arguments"),
        (ObjectKind.AGGREGATE, "sfunc"),
        (ObjectKind.AGGREGATE, "stype"),
        (ObjectKind.AGGREGATE, "sspace"),
        (ObjectKind.AGGREGATE, "finalfunc"),
        (ObjectKind.AGGREGATE, "finalfunc_extra"),
        (ObjectKind.AGGREGATE, "finalfunc_modify"),
        (ObjectKind.AGGREGATE, "serialfunc"),
        (ObjectKind.AGGREGATE, "deserialfunc"),
        (ObjectKind.AGGREGATE, "msfunc"),
        (ObjectKind.AGGREGATE, "minvfunc"),
        (ObjectKind.AGGREGATE, "mstype"),
        (ObjectKind.AGGREGATE, "mfinalfunc"),
        (ObjectKind.AGGREGATE, "minitcond"),
        (ObjectKind.AGGREGATE, "sortop"),
        (ObjectKind.COLLATION, "encoding"),
        (ObjectKind.COLLATION, "icu_rules"),
        (ObjectKind.EVENT_TRIGGER, "function"),
        (ObjectKind.EVENT_TRIGGER, "comment"),
        (ObjectKind.TEXT_SEARCH_PARSER, "start"),
        (ObjectKind.TEXT_SEARCH_PARSER, "gettoken"),
        (ObjectKind.TEXT_SEARCH_PARSER, "end"),
        (ObjectKind.TEXT_SEARCH_PARSER, "lextypes"),
        (ObjectKind.TEXT_SEARCH_TEMPLATE, "lexize"),
        (ObjectKind.TEXT_SEARCH_CONFIGURATION, "comment"),
        (ObjectKind.PUBLICATION, "all_tables"),
        (ObjectKind.PUBLICATION, "insert"),
        (ObjectKind.PUBLICATION, "update"),
        (ObjectKind.PUBLICATION, "truncate"),
        (ObjectKind.FOREIGN_DATA_WRAPPER, "handler"),
        (ObjectKind.FOREIGN_DATA_WRAPPER, "owner"),
        (ObjectKind.FOREIGN_DATA_WRAPPER, "comment"),
        (ObjectKind.ACCESS_METHOD, "type"),
        (ObjectKind.ACCESS_METHOD, "handler"),
        (ObjectKind.LANGUAGE, "handler"),
        (ObjectKind.LANGUAGE, "inline"),
        (ObjectKind.LANGUAGE, "privileges"),
        (ObjectKind.CONVERSION, "source"),
        (ObjectKind.CONVERSION, "target"),
        (ObjectKind.CONVERSION, "function"),
    }
    assert captured - planted - not_plantable == set()


# The same schema built two ways: everything said in CREATE, or CREATE then ALTER (and default
# privileges instead of a GRANT). {am} is a table access method made from the server's heap handler.
DECLARED = """
CREATE SCHEMA o2 AUTHORIZATION {owner};
CREATE FOREIGN DATA WRAPPER o2_fdw;
CREATE SERVER o2_srv FOREIGN DATA WRAPPER o2_fdw OPTIONS (host 'h', port '1');
SET ROLE {owner};
CREATE COLLATION o2.c (provider = libc, locale = 'C');
CREATE TYPE o2.pair AS (a integer, b text);
GRANT USAGE ON TYPE o2.pair TO {reader};
CREATE UNLOGGED SEQUENCE o2.s;
CREATE TABLE o2.t (
    id integer PRIMARY KEY,
    body text COMPRESSION pglz COLLATE o2.c,
    n integer NOT NULL CHECK (n > 0)
) USING {am};
CREATE UNLOGGED TABLE o2.scratch (x integer);
CREATE TABLE o2.typed OF o2.pair;
CREATE RULE t_notify AS ON INSERT TO o2.t DO ALSO NOTIFY t_changed;
RESET ROLE;
CREATE FUNCTION o2.f(x integer) RETURNS integer LANGUAGE sql
    IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE SECURITY DEFINER COST 7 SET search_path = pg_catalog, pg_temp
    AS $$ SELECT x $$;
ALTER FUNCTION o2.f(integer) OWNER TO {owner};
CREATE PUBLICATION o2_pub FOR TABLE o2.t WITH (publish = 'insert');
"""

ALTERED = """
CREATE SCHEMA o2;
ALTER SCHEMA o2 OWNER TO {owner};
CREATE FOREIGN DATA WRAPPER o2_fdw;
CREATE SERVER o2_srv FOREIGN DATA WRAPPER o2_fdw;
ALTER SERVER o2_srv OPTIONS (ADD host 'h');
ALTER SERVER o2_srv OPTIONS (ADD port '1');
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA o2 GRANT USAGE ON TYPES TO {reader};
SET ROLE {owner};
CREATE COLLATION o2.c (provider = libc, locale = 'C');
CREATE TYPE o2.pair AS (a integer, b text);
RESET ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA o2 REVOKE USAGE ON TYPES FROM {reader};
CREATE SEQUENCE o2.s;
ALTER SEQUENCE o2.s SET UNLOGGED;
ALTER SEQUENCE o2.s OWNER TO {owner};
CREATE TABLE o2.t (id integer);
ALTER TABLE o2.t OWNER TO {owner};
ALTER TABLE o2.t ADD PRIMARY KEY (id);
ALTER TABLE o2.t ADD COLUMN body text;
ALTER TABLE o2.t ALTER COLUMN body TYPE text COLLATE o2.c;
ALTER TABLE o2.t ALTER COLUMN body SET COMPRESSION pglz;
ALTER TABLE o2.t ADD COLUMN n integer;
ALTER TABLE o2.t ALTER COLUMN n SET NOT NULL;
ALTER TABLE o2.t ADD CONSTRAINT t_n_check CHECK (n > 0) NOT VALID;
ALTER TABLE o2.t VALIDATE CONSTRAINT t_n_check;
ALTER TABLE o2.t SET ACCESS METHOD {am};
CREATE TABLE o2.scratch (x integer);
ALTER TABLE o2.scratch SET UNLOGGED;
ALTER TABLE o2.scratch OWNER TO {owner};
CREATE TABLE o2.typed OF o2.pair;
ALTER TABLE o2.typed OWNER TO {owner};
CREATE FUNCTION o2.f(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$;
ALTER FUNCTION o2.f(integer) IMMUTABLE;
ALTER FUNCTION o2.f(integer) STRICT;
ALTER FUNCTION o2.f(integer) LEAKPROOF;
ALTER FUNCTION o2.f(integer) PARALLEL SAFE;
ALTER FUNCTION o2.f(integer) SECURITY DEFINER;
ALTER FUNCTION o2.f(integer) COST 7;
ALTER FUNCTION o2.f(integer) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION o2.f(integer) OWNER TO {owner};
CREATE RULE t_notify AS ON INSERT TO o2.t DO ALSO NOTIFY t_changed;
ALTER TABLE o2.t DISABLE RULE t_notify;
ALTER TABLE o2.t ENABLE RULE t_notify;
CREATE PUBLICATION o2_pub;
ALTER PUBLICATION o2_pub ADD TABLE o2.t;
ALTER PUBLICATION o2_pub SET (publish = 'insert');
"""


def test_create_and_create_then_alter_compare_equal(server_url: str) -> None:
    with (
        scratch_roles(server_url, *ROLE_PURPOSES) as roles,
        scratch_database(server_url) as declared,
        scratch_database(server_url) as altered,
    ):
        for url, script in ((declared, DECLARED), (altered, ALTERED)):
            execute(url, "CREATE ACCESS METHOD o2_am TYPE TABLE HANDLER heap_tableam_handler;")
            execute(url, script.format(**roles, am="o2_am"))
        with closing(psycopg.connect(declared)) as conn:
            pg_dump = pg_dump_for(conn.info.server_version // 10000)

        diff = diff_snapshots(snapshot_of(declared), snapshot_of(altered))
        declared_dump, altered_dump = normalised_dump(pg_dump, declared), normalised_dump(pg_dump, altered)

    assert diff.is_empty, diff.changes
    assert declared_dump == altered_dump
    assert any("COMPRESSION pglz" in entry or "SET COMPRESSION pglz" in entry for entry in declared_dump)
