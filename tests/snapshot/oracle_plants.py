"""The pg_dump oracle's base schema and planted differences (data only; the harness is test_pg_dump_oracle.py).

Each plant is ONE difference applied to a copy of the base. SQL is a str.format template: {owner},
{reader} and {other} are the module's roles, {db} the planted database's name; braces meant for
SQL are doubled. A plant names the object the diff must report and the attribute paths it must
include (owner changes also move the owner's privileges, so paths are a lower bound).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from schemactl.snapshot.model import ObjectKind

K = ObjectKind


class Needs(Enum):
    """A server capability a plant needs; the embedded wheel's servers are built without both."""

    ICU = "icu"
    LZ4 = "lz4"
    LARGE_OBJECT_DEFAULTS = "large object default privileges (PostgreSQL 18)"
    NAMED_NOT_NULL = "NOT NULL as a named constraint (PostgreSQL 18)"
    PUBLISHED_GENERATED_COLUMNS = "publish_generated_columns (PostgreSQL 18)"


class Oracle(Enum):
    """What decides whether the plant is drift."""

    PG_DUMP = "pg_dump"  # the dumps differ iff the snapshot reports drift
    CATALOG = "catalog"  # pg_dump --schema-only does not write it: CATALOG_QUERIES[kind] says
    COLUMN_ORDER = "column order"  # the dumps differ, and by design the snapshot does not
    OPTION_VALUES = "user-mapping option values"  # the dumps differ; values are never read


@dataclass(frozen=True)
class Plant:
    sql: str
    kind: ObjectKind
    identity: str
    paths: tuple[str, ...] = ()  # () for an added or removed object
    needs: Needs | None = None
    oracle: Oracle = Oracle.PG_DUMP
    undo: str = ""  # for a cluster-wide change (a role): run after the plant, whatever happens


BASE = """
CREATE SCHEMA o1 AUTHORIZATION {owner};
CREATE ACCESS METHOD heap_alt TYPE TABLE HANDLER heap_tableam_handler;
CREATE FUNCTION o1.lang_handler() RETURNS language_handler AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE c;
CREATE FUNCTION o1.lang_validator(oid) RETURNS void AS '$libdir/plpgsql', 'plpgsql_validator' LANGUAGE c;
CREATE LANGUAGE o1_lang HANDLER o1.lang_handler;
CREATE FOREIGN DATA WRAPPER o1_fdw;
CREATE SERVER o1_srv FOREIGN DATA WRAPPER o1_fdw OPTIONS (host 'db.example', port '5432');
CREATE USER MAPPING FOR {owner} SERVER o1_srv OPTIONS (user 'remote', password 'secret');
GRANT USAGE ON FOREIGN SERVER o1_srv TO {owner};
CREATE TEXT SEARCH PARSER o1.prs (
    START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline
);
CREATE TEXT SEARCH TEMPLATE o1.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE FUNCTION o1.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER o1_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION o1.on_ddl();

SET ROLE {owner};
CREATE COLLATION o1.c_coll (provider = libc, locale = 'C');
CREATE CONVERSION o1.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
CREATE TYPE o1.pt AS (a integer, b text);
CREATE TYPE o1.fr AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN o1.dom AS integer CHECK (VALUE > 0);
CREATE DOMAIN o1.code AS text;
CREATE TYPE o1.labelled AS (label text);
CREATE SEQUENCE o1.seq;
CREATE TABLE o1.t (
    id integer NOT NULL, body text, n integer, label text COLLATE o1.c_coll, CONSTRAINT t_pk PRIMARY KEY (id)
);
CREATE UNIQUE INDEX t_n_uq ON o1.t (n) WHERE n > 0;
CREATE UNIQUE INDEX t_id_n_uq ON o1.t (id, n);
ALTER TABLE o1.t ALTER COLUMN n SET NOT NULL;
CREATE TABLE o1.parent (id integer, note text, CONSTRAINT parent_id_check CHECK (id > 0));
CREATE TABLE o1.other_parent (extra integer);
CREATE TABLE o1.child (own integer) INHERITS (o1.parent);
CREATE TABLE o1.typed OF o1.pt;
CREATE FOREIGN TABLE o1.ft (a integer OPTIONS (column_name 'a_remote')) SERVER o1_srv OPTIONS (table_name 'remote_t');
CREATE STATISTICS o1.t_stats (ndistinct) ON id, n FROM o1.t;
CREATE FUNCTION o1.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
CREATE FUNCTION o1.g() RETURNS SETOF integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE INDEX t_expr_idx ON o1.t ((n + 1));
CREATE TABLE o1.pair_cols (a integer, b integer);
CREATE MATERIALIZED VIEW o1.mv AS SELECT 1 AS one;
CREATE FUNCTION o1.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON o1.t FOR EACH ROW WHEN (NEW.n > 0) EXECUTE FUNCTION o1.touch();
CREATE AGGREGATE o1.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
CREATE FUNCTION o1.pt_to_int(o1.pt) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT ($1).a $$;
CREATE CAST (o1.pt AS integer) WITH FUNCTION o1.pt_to_int(o1.pt) AS ASSIGNMENT;
CREATE OPERATOR o1.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq, COMMUTATOR = OPERATOR(o1.===));
CREATE RULE t_notify AS ON INSERT TO o1.t DO ALSO NOTIFY t_changed;
CREATE TEXT SEARCH DICTIONARY o1.dict (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION o1.cfg (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION o1.cfg ADD MAPPING FOR word, asciiword WITH o1.dict;
RESET ROLE;
CREATE OPERATOR FAMILY o1.fam USING hash;
CREATE OPERATOR CLASS o1.int_hash FOR TYPE integer USING hash FAMILY o1.fam AS
    OPERATOR 1 = (integer, integer), FUNCTION 1 hashint4(integer);
ALTER OPERATOR FAMILY o1.fam USING hash OWNER TO {owner};
ALTER OPERATOR CLASS o1.int_hash USING hash OWNER TO {owner};
CREATE PUBLICATION o1_pub FOR TABLE o1.t WITH (publish = 'insert, update');
"""

PLANTS: dict[str, Plant] = {
    # collations
    "collation-added": Plant("CREATE COLLATION o1.c2 (provider = libc, locale = 'POSIX')", K.COLLATION, "o1.c2"),
    "collation-locale": Plant(
        'ALTER TABLE o1.t ALTER COLUMN label TYPE text COLLATE pg_catalog."C"; DROP COLLATION o1.c_coll;'
        " CREATE COLLATION o1.c_coll (provider = libc, locale = 'POSIX')",
        K.COLLATION,
        "o1.c_coll",
        ("lc_collate", "lc_ctype"),
    ),
    "collation-owner": Plant("ALTER COLLATION o1.c_coll OWNER TO {other}", K.COLLATION, "o1.c_coll", ("owner",)),
    "collation-comment": Plant("COMMENT ON COLLATION o1.c_coll IS 'c'", K.COLLATION, "o1.c_coll", ("comment",)),
    "collation-icu": Plant(
        "CREATE COLLATION o1.icu (provider = icu, locale = 'und')", K.COLLATION, "o1.icu", needs=Needs.ICU
    ),
    "collation-nondeterministic": Plant(
        'ALTER TABLE o1.t ALTER COLUMN label TYPE text COLLATE pg_catalog."C"; DROP COLLATION o1.c_coll;'
        " CREATE COLLATION o1.c_coll (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
        K.COLLATION,
        "o1.c_coll",
        ("provider", "deterministic", "locale"),
        needs=Needs.ICU,
    ),
    "domain-collation": Plant(
        'DROP DOMAIN o1.code; CREATE DOMAIN o1.code AS text COLLATE "C"; ALTER DOMAIN o1.code OWNER TO {owner}',
        K.TYPE,
        "o1.code",
        ("collation",),
    ),
    "composite-attribute-collation": Plant(
        "ALTER TYPE o1.labelled ALTER ATTRIBUTE label TYPE text COLLATE o1.c_coll",
        K.TYPE,
        "o1.labelled",
        ("attributes",),
    ),
    "column-collation": Plant(
        "ALTER TABLE o1.t ALTER COLUMN body TYPE text COLLATE o1.c_coll", K.COLUMN, "o1.t.body", ("collation",)
    ),
    # access methods, languages, conversions
    "access-method-added": Plant(
        "CREATE ACCESS METHOD heap_other TYPE TABLE HANDLER heap_tableam_handler", K.ACCESS_METHOD, "heap_other"
    ),
    "access-method-comment": Plant(
        "COMMENT ON ACCESS METHOD heap_alt IS 'a'", K.ACCESS_METHOD, "heap_alt", ("comment",)
    ),
    "language-trusted": Plant(
        "UPDATE pg_catalog.pg_language SET lanpltrusted = true WHERE lanname = 'o1_lang'",
        K.LANGUAGE,
        "o1_lang",
        ("trusted",),
    ),
    "language-validator": Plant(
        "ALTER LANGUAGE o1_lang RENAME TO o1_old;"
        " CREATE LANGUAGE o1_lang HANDLER o1.lang_handler VALIDATOR o1.lang_validator; DROP LANGUAGE o1_old",
        K.LANGUAGE,
        "o1_lang",
        ("validator",),
    ),
    "language-owner": Plant("ALTER LANGUAGE o1_lang OWNER TO {other}", K.LANGUAGE, "o1_lang", ("owner",)),
    "language-comment": Plant("COMMENT ON LANGUAGE o1_lang IS 'l'", K.LANGUAGE, "o1_lang", ("comment",)),
    "conversion-default": Plant(
        "DROP CONVERSION o1.conv; CREATE DEFAULT CONVERSION o1.conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;"
        " ALTER CONVERSION o1.conv OWNER TO {owner}",
        K.CONVERSION,
        "o1.conv",
        ("default",),
    ),
    "conversion-owner": Plant("ALTER CONVERSION o1.conv OWNER TO {other}", K.CONVERSION, "o1.conv", ("owner",)),
    "conversion-comment": Plant("COMMENT ON CONVERSION o1.conv IS 'c'", K.CONVERSION, "o1.conv", ("comment",)),
    # inheritance
    "inherits-added": Plant(
        "ALTER TABLE o1.child ADD COLUMN extra integer; ALTER TABLE o1.child INHERIT o1.other_parent",
        K.TABLE,
        "o1.child",
        ("inherits",),
    ),
    "inherits-removed": Plant("ALTER TABLE o1.child NO INHERIT o1.parent", K.TABLE, "o1.child", ("inherits",)),
    "inherited-column-local": Plant(
        "ALTER TABLE o1.child NO INHERIT o1.parent; ALTER TABLE o1.child INHERIT o1.parent",
        K.COLUMN,
        "o1.child.note",
        ("inheritance",),
    ),
    "inherited-constraint-local": Plant(
        "ALTER TABLE o1.child NO INHERIT o1.parent; ALTER TABLE o1.child INHERIT o1.parent",
        K.CONSTRAINT,
        "o1.child.parent_id_check",
        ("inheritance",),
    ),
    "not-null-added": Plant("ALTER TABLE o1.t ALTER COLUMN body SET NOT NULL", K.COLUMN, "o1.t.body", ("not_null",)),
    "not-null-named": Plant(
        "ALTER TABLE o1.t ADD CONSTRAINT body_required NOT NULL body",
        K.COLUMN,
        "o1.t.body",
        ("not_null", "not_null_constraint"),
        needs=Needs.NAMED_NOT_NULL,
    ),
    # aggregates
    "aggregate-initcond": Plant(
        "DROP AGGREGATE o1.total(integer);"
        " CREATE AGGREGATE o1.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '1');"
        " ALTER AGGREGATE o1.total(integer) OWNER TO {owner}",
        K.AGGREGATE,
        "o1.total(integer)",
        ("initcond",),
    ),
    "aggregate-parallel": Plant(
        "DROP AGGREGATE o1.total(integer);"
        " CREATE AGGREGATE o1.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0',"
        " COMBINEFUNC = int4pl, PARALLEL = SAFE); ALTER AGGREGATE o1.total(integer) OWNER TO {owner}",
        K.AGGREGATE,
        "o1.total(integer)",
        ("parallel", "combinefunc"),
    ),
    "aggregate-owner": Plant(
        "ALTER AGGREGATE o1.total(integer) OWNER TO {other}", K.AGGREGATE, "o1.total(integer)", ("owner",)
    ),
    "aggregate-grant": Plant(
        "REVOKE EXECUTE ON FUNCTION o1.total(integer) FROM PUBLIC",
        K.AGGREGATE,
        "o1.total(integer)",
        ("privileges.PUBLIC",),
    ),
    "aggregate-comment": Plant(
        "COMMENT ON AGGREGATE o1.total(integer) IS 'sum'", K.AGGREGATE, "o1.total(integer)", ("comment",)
    ),
    # operators, classes, families
    "operator-added": Plant(
        "CREATE OPERATOR o1.!== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4ne)",
        K.OPERATOR,
        "o1.!==(integer, integer)",
    ),
    "operator-negator": Plant(
        "CREATE OPERATOR o1.!== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4ne, NEGATOR = OPERATOR(o1.===))",
        K.OPERATOR,
        "o1.===(integer, integer)",
        ("negator",),
    ),
    "operator-restrict": Plant(
        "ALTER OPERATOR o1.=== (integer, integer) SET (RESTRICT = eqsel, JOIN = eqjoinsel)",
        K.OPERATOR,
        "o1.===(integer, integer)",
        ("restrict", "join"),
    ),
    "operator-owner": Plant(
        "ALTER OPERATOR o1.=== (integer, integer) OWNER TO {other}", K.OPERATOR, "o1.===(integer, integer)", ("owner",)
    ),
    "operator-comment": Plant(
        "COMMENT ON OPERATOR o1.=== (integer, integer) IS 'eq'", K.OPERATOR, "o1.===(integer, integer)", ("comment",)
    ),
    "opclass-default": Plant(
        "DROP OPERATOR CLASS o1.int_hash USING hash; CREATE OPERATOR CLASS o1.int_hash DEFAULT FOR TYPE o1.dom"
        " USING hash FAMILY o1.fam AS OPERATOR 1 = (integer, integer), FUNCTION 1 hashint4(integer);"
        " ALTER OPERATOR CLASS o1.int_hash USING hash OWNER TO {owner}",
        K.OPERATOR_CLASS,
        "o1.int_hash USING hash",
        ("default", "type"),
    ),
    "opclass-owner": Plant(
        "ALTER OPERATOR CLASS o1.int_hash USING hash OWNER TO {other}",
        K.OPERATOR_CLASS,
        "o1.int_hash USING hash",
        ("owner",),
    ),
    "opfamily-operator": Plant(
        "ALTER OPERATOR FAMILY o1.fam USING hash ADD OPERATOR 1 = (bigint, bigint), FUNCTION 1 hashint8(bigint)",
        K.OPERATOR_FAMILY,
        "o1.fam USING hash",
        ("operators", "functions"),
    ),
    "opfamily-comment": Plant(
        "COMMENT ON OPERATOR FAMILY o1.fam USING hash IS 'f'", K.OPERATOR_FAMILY, "o1.fam USING hash", ("comment",)
    ),
    # casts
    "cast-context": Plant(
        "DROP CAST (o1.pt AS integer); CREATE CAST (o1.pt AS integer) WITH FUNCTION o1.pt_to_int(o1.pt) AS IMPLICIT",
        K.CAST,
        "o1.pt AS integer",
        ("context",),
    ),
    "cast-method": Plant(
        "DROP CAST (o1.pt AS integer); CREATE CAST (o1.pt AS integer) WITH INOUT",
        K.CAST,
        "o1.pt AS integer",
        ("method", "function"),
    ),
    "cast-comment": Plant("COMMENT ON CAST (o1.pt AS integer) IS 'c'", K.CAST, "o1.pt AS integer", ("comment",)),
    # rules
    "rule-definition": Plant(
        "CREATE OR REPLACE RULE t_notify AS ON INSERT TO o1.t DO ALSO NOTIFY t_inserted",
        K.RULE,
        "o1.t.t_notify",
        ("definition",),
    ),
    "rule-instead": Plant(
        "CREATE OR REPLACE RULE t_notify AS ON INSERT TO o1.t DO INSTEAD NOTIFY t_changed",
        K.RULE,
        "o1.t.t_notify",
        ("instead", "definition"),
    ),
    "rule-disabled": Plant("ALTER TABLE o1.t DISABLE RULE t_notify", K.RULE, "o1.t.t_notify", ("enabled",)),
    "rule-comment": Plant("COMMENT ON RULE t_notify ON o1.t IS 'r'", K.RULE, "o1.t.t_notify", ("comment",)),
    # event triggers
    "event-trigger-disabled": Plant("ALTER EVENT TRIGGER o1_ddl DISABLE", K.EVENT_TRIGGER, "o1_ddl", ("enabled",)),
    "event-trigger-tags": Plant(
        "DROP EVENT TRIGGER o1_ddl; CREATE EVENT TRIGGER o1_ddl ON ddl_command_end"
        " WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION o1.on_ddl()",
        K.EVENT_TRIGGER,
        "o1_ddl",
        ("tags",),
    ),
    "event-trigger-event": Plant(
        "DROP EVENT TRIGGER o1_ddl; CREATE EVENT TRIGGER o1_ddl ON ddl_command_start"
        " WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION o1.on_ddl()",
        K.EVENT_TRIGGER,
        "o1_ddl",
        ("event",),
    ),
    "event-trigger-owner": Plant(
        "ALTER ROLE {other} SUPERUSER; ALTER EVENT TRIGGER o1_ddl OWNER TO {other}; ALTER ROLE {other} NOSUPERUSER",
        K.EVENT_TRIGGER,
        "o1_ddl",
        ("owner",),
    ),
    # text search
    "ts-config-mapping": Plant(
        "ALTER TEXT SEARCH CONFIGURATION o1.cfg DROP MAPPING FOR asciiword",
        K.TEXT_SEARCH_CONFIGURATION,
        "o1.cfg",
        ("mappings",),
    ),
    "ts-config-parser": Plant(
        "DROP TEXT SEARCH CONFIGURATION o1.cfg; CREATE TEXT SEARCH CONFIGURATION o1.cfg (PARSER = o1.prs);"
        " ALTER TEXT SEARCH CONFIGURATION o1.cfg ADD MAPPING FOR word, asciiword WITH o1.dict;"
        " ALTER TEXT SEARCH CONFIGURATION o1.cfg OWNER TO {owner}",
        K.TEXT_SEARCH_CONFIGURATION,
        "o1.cfg",
        ("parser",),
    ),
    "ts-config-owner": Plant(
        "ALTER TEXT SEARCH CONFIGURATION o1.cfg OWNER TO {other}", K.TEXT_SEARCH_CONFIGURATION, "o1.cfg", ("owner",)
    ),
    "ts-dictionary-options": Plant(
        "ALTER TEXT SEARCH DICTIONARY o1.dict (STOPWORDS = russian)", K.TEXT_SEARCH_DICTIONARY, "o1.dict", ("options",)
    ),
    "ts-dictionary-template": Plant(
        "ALTER TEXT SEARCH CONFIGURATION o1.cfg DROP MAPPING FOR word, asciiword; DROP TEXT SEARCH DICTIONARY o1.dict;"
        " CREATE TEXT SEARCH DICTIONARY o1.dict (TEMPLATE = o1.tmpl, STOPWORDS = english);"
        " ALTER TEXT SEARCH DICTIONARY o1.dict OWNER TO {owner};"
        " ALTER TEXT SEARCH CONFIGURATION o1.cfg ADD MAPPING FOR word, asciiword WITH o1.dict",
        K.TEXT_SEARCH_DICTIONARY,
        "o1.dict",
        ("template",),
    ),
    "ts-dictionary-owner": Plant(
        "ALTER TEXT SEARCH DICTIONARY o1.dict OWNER TO {other}", K.TEXT_SEARCH_DICTIONARY, "o1.dict", ("owner",)
    ),
    "ts-dictionary-comment": Plant(
        "COMMENT ON TEXT SEARCH DICTIONARY o1.dict IS 'd'", K.TEXT_SEARCH_DICTIONARY, "o1.dict", ("comment",)
    ),
    "ts-parser-headline": Plant(
        "DROP TEXT SEARCH PARSER o1.prs; CREATE TEXT SEARCH PARSER o1.prs"
        " (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype)",
        K.TEXT_SEARCH_PARSER,
        "o1.prs",
        ("headline",),
    ),
    "ts-parser-comment": Plant(
        "COMMENT ON TEXT SEARCH PARSER o1.prs IS 'p'", K.TEXT_SEARCH_PARSER, "o1.prs", ("comment",)
    ),
    "ts-template-init": Plant(
        "DROP TEXT SEARCH TEMPLATE o1.tmpl; CREATE TEXT SEARCH TEMPLATE o1.tmpl (LEXIZE = dsimple_lexize)",
        K.TEXT_SEARCH_TEMPLATE,
        "o1.tmpl",
        ("init",),
    ),
    "ts-template-comment": Plant(
        "COMMENT ON TEXT SEARCH TEMPLATE o1.tmpl IS 't'", K.TEXT_SEARCH_TEMPLATE, "o1.tmpl", ("comment",)
    ),
    # extended statistics
    "statistics-kinds": Plant(
        "DROP STATISTICS o1.t_stats; CREATE STATISTICS o1.t_stats (dependencies) ON id, n FROM o1.t;"
        " ALTER STATISTICS o1.t_stats OWNER TO {owner}",
        K.STATISTICS,
        "o1.t_stats",
        ("definition",),
    ),
    "statistics-target": Plant(
        "ALTER STATISTICS o1.t_stats SET STATISTICS 50", K.STATISTICS, "o1.t_stats", ("target",)
    ),
    "statistics-owner": Plant("ALTER STATISTICS o1.t_stats OWNER TO {other}", K.STATISTICS, "o1.t_stats", ("owner",)),
    "statistics-comment": Plant("COMMENT ON STATISTICS o1.t_stats IS 's'", K.STATISTICS, "o1.t_stats", ("comment",)),
    # publications
    "publication-actions": Plant(
        "ALTER PUBLICATION o1_pub SET (publish = 'insert, update, delete')", K.PUBLICATION, "o1_pub", ("delete",)
    ),
    "publication-table": Plant("ALTER PUBLICATION o1_pub ADD TABLE o1.parent", K.PUBLICATION, "o1_pub", ("tables",)),
    "publication-row-filter": Plant(
        "ALTER PUBLICATION o1_pub SET TABLE o1.t WHERE (n > 1)", K.PUBLICATION, "o1_pub", ("tables",)
    ),
    "publication-columns": Plant(
        "ALTER PUBLICATION o1_pub SET TABLE o1.t (id, n)", K.PUBLICATION, "o1_pub", ("tables",)
    ),
    "publication-schema": Plant(
        "ALTER PUBLICATION o1_pub ADD TABLES IN SCHEMA public", K.PUBLICATION, "o1_pub", ("schemas",)
    ),
    "publication-via-root": Plant(
        "ALTER PUBLICATION o1_pub SET (publish_via_partition_root = true)", K.PUBLICATION, "o1_pub", ("via_root",)
    ),
    "publication-owner": Plant(
        "ALTER ROLE {other} SUPERUSER; ALTER PUBLICATION o1_pub OWNER TO {other}; ALTER ROLE {other} NOSUPERUSER",
        K.PUBLICATION,
        "o1_pub",
        ("owner",),
    ),
    "publication-generated-columns": Plant(
        "ALTER PUBLICATION o1_pub SET (publish_generated_columns = stored)",
        K.PUBLICATION,
        "o1_pub",
        ("generated_columns",),
        needs=Needs.PUBLISHED_GENERATED_COLUMNS,
    ),
    "publication-comment": Plant("COMMENT ON PUBLICATION o1_pub IS 'p'", K.PUBLICATION, "o1_pub", ("comment",)),
    # foreign data
    "fdw-validator": Plant(
        "ALTER FOREIGN DATA WRAPPER o1_fdw VALIDATOR postgresql_fdw_validator",
        K.FOREIGN_DATA_WRAPPER,
        "o1_fdw",
        ("validator",),
    ),
    "fdw-options": Plant(
        "ALTER FOREIGN DATA WRAPPER o1_fdw OPTIONS (ADD debug 'true')", K.FOREIGN_DATA_WRAPPER, "o1_fdw", ("options",)
    ),
    "fdw-grant": Plant(
        "GRANT USAGE ON FOREIGN DATA WRAPPER o1_fdw TO {reader}",
        K.FOREIGN_DATA_WRAPPER,
        "o1_fdw",
        ("privileges.{reader}",),
    ),
    "server-options": Plant("ALTER SERVER o1_srv OPTIONS (SET port '6432')", K.FOREIGN_SERVER, "o1_srv", ("options",)),
    "server-version": Plant("ALTER SERVER o1_srv VERSION '2'", K.FOREIGN_SERVER, "o1_srv", ("version",)),
    "server-owner": Plant(
        "GRANT USAGE ON FOREIGN DATA WRAPPER o1_fdw TO {owner}; ALTER SERVER o1_srv OWNER TO {owner}",
        K.FOREIGN_SERVER,
        "o1_srv",
        ("owner",),
    ),
    "server-grant": Plant(
        "GRANT USAGE ON FOREIGN SERVER o1_srv TO {reader}", K.FOREIGN_SERVER, "o1_srv", ("privileges.{reader}",)
    ),
    "server-comment": Plant("COMMENT ON SERVER o1_srv IS 's'", K.FOREIGN_SERVER, "o1_srv", ("comment",)),
    "user-mapping-added": Plant("CREATE USER MAPPING FOR PUBLIC SERVER o1_srv", K.USER_MAPPING, "PUBLIC@o1_srv"),
    "user-mapping-option-key": Plant(
        "ALTER USER MAPPING FOR {owner} SERVER o1_srv OPTIONS (ADD sslmode 'require')",
        K.USER_MAPPING,
        "{owner}@o1_srv",
        ("option_keys",),
    ),
    "user-mapping-option-value": Plant(
        "ALTER USER MAPPING FOR {owner} SERVER o1_srv OPTIONS (SET password 'other')",
        K.USER_MAPPING,
        "{owner}@o1_srv",
        oracle=Oracle.OPTION_VALUES,
    ),
    "foreign-table-server": Plant(
        "CREATE SERVER o1_srv2 FOREIGN DATA WRAPPER o1_fdw; DROP FOREIGN TABLE o1.ft;"
        " CREATE FOREIGN TABLE o1.ft (a integer OPTIONS (column_name 'a_remote')) SERVER o1_srv2"
        " OPTIONS (table_name 'remote_t'); ALTER FOREIGN TABLE o1.ft OWNER TO {owner}",
        K.TABLE,
        "o1.ft",
        ("server",),
    ),
    "foreign-table-options": Plant(
        "ALTER FOREIGN TABLE o1.ft OPTIONS (SET table_name 'other_t')", K.TABLE, "o1.ft", ("foreign_options",)
    ),
    "foreign-column-options": Plant(
        "ALTER FOREIGN TABLE o1.ft ALTER COLUMN a OPTIONS (SET column_name 'b')",
        K.COLUMN,
        "o1.ft.a",
        ("foreign_options",),
    ),
    # tables and columns
    "replica-identity-full": Plant("ALTER TABLE o1.t REPLICA IDENTITY FULL", K.TABLE, "o1.t", ("replica_identity",)),
    "replica-identity-index": Plant(
        "ALTER TABLE o1.t REPLICA IDENTITY USING INDEX t_id_n_uq", K.TABLE, "o1.t", ("replica_identity",)
    ),
    "replica-identity-nothing": Plant(
        "ALTER TABLE o1.t REPLICA IDENTITY NOTHING", K.TABLE, "o1.t", ("replica_identity",)
    ),
    "column-storage": Plant(
        "ALTER TABLE o1.t ALTER COLUMN body SET STORAGE EXTERNAL", K.COLUMN, "o1.t.body", ("storage",)
    ),
    "column-compression-pglz": Plant(
        "ALTER TABLE o1.t ALTER COLUMN body SET COMPRESSION pglz", K.COLUMN, "o1.t.body", ("compression",)
    ),
    "column-compression-lz4": Plant(
        "ALTER TABLE o1.t ALTER COLUMN body SET COMPRESSION lz4", K.COLUMN, "o1.t.body", ("compression",), Needs.LZ4
    ),
    "column-statistics": Plant(
        "ALTER TABLE o1.t ALTER COLUMN n SET STATISTICS 500", K.COLUMN, "o1.t.n", ("statistics",)
    ),
    "column-options": Plant("ALTER TABLE o1.t ALTER COLUMN n SET (n_distinct = 100)", K.COLUMN, "o1.t.n", ("options",)),
    "table-access-method": Plant(
        "ALTER TABLE o1.parent SET ACCESS METHOD heap_alt", K.TABLE, "o1.parent", ("access_method",)
    ),
    "matview-access-method": Plant(
        "ALTER MATERIALIZED VIEW o1.mv SET ACCESS METHOD heap_alt", K.VIEW, "o1.mv", ("access_method",)
    ),
    "typed-table": Plant("ALTER TABLE o1.typed NOT OF", K.TABLE, "o1.typed", ("of_type",)),
    "index-cluster": Plant("ALTER TABLE o1.t CLUSTER ON t_id_n_uq", K.INDEX, "o1.t_id_n_uq", ("clustered",)),
    "index-column-statistics": Plant(
        "ALTER INDEX o1.t_expr_idx ALTER COLUMN 1 SET STATISTICS 100", K.INDEX, "o1.t_expr_idx", ("column_statistics",)
    ),
    "sequence-unlogged": Plant("ALTER SEQUENCE o1.seq SET UNLOGGED", K.SEQUENCE, "o1.seq", ("persistence",)),
    "range-subtype-diff": Plant(
        "DROP TYPE o1.fr; CREATE TYPE o1.fr AS RANGE (subtype = float8); ALTER TYPE o1.fr OWNER TO {owner}",
        K.TYPE,
        "o1.fr",
        ("subtype_diff",),
    ),
    "range-canonical": Plant(
        "DROP TYPE o1.fr; CREATE TYPE o1.fr AS RANGE (subtype = float8, subtype_diff = float8mi,"
        " multirange_type_name = o1.fr_many); ALTER TYPE o1.fr OWNER TO {owner}",
        K.TYPE,
        "o1.fr",
        ("multirange",),
    ),
    # functions and triggers
    "function-cost": Plant("ALTER FUNCTION o1.f(integer) COST 500", K.FUNCTION, "o1.f(x integer)", ("cost",)),
    "function-rows": Plant("ALTER FUNCTION o1.g() ROWS 20", K.FUNCTION, "o1.g()", ("rows",)),
    "function-leakproof": Plant(
        "ALTER FUNCTION o1.f(integer) LEAKPROOF", K.FUNCTION, "o1.f(x integer)", ("leakproof",)
    ),
    "function-parallel": Plant(
        "ALTER FUNCTION o1.f(integer) PARALLEL SAFE", K.FUNCTION, "o1.f(x integer)", ("parallel",)
    ),
    "function-strict": Plant("ALTER FUNCTION o1.f(integer) STRICT", K.FUNCTION, "o1.f(x integer)", ("strict",)),
    "function-security": Plant(
        "ALTER FUNCTION o1.f(integer) SECURITY DEFINER", K.FUNCTION, "o1.f(x integer)", ("security_definer",)
    ),
    "function-config": Plant(
        "ALTER FUNCTION o1.f(integer) SET search_path = pg_catalog, pg_temp", K.FUNCTION, "o1.f(x integer)", ("config",)
    ),
    "function-support": Plant(
        "ALTER FUNCTION o1.f(integer) SUPPORT generate_series_int4_support", K.FUNCTION, "o1.f(x integer)", ("support",)
    ),
    "trigger-when": Plant(
        "CREATE OR REPLACE TRIGGER t_touch BEFORE UPDATE ON o1.t FOR EACH ROW WHEN (NEW.n > 1)"
        " EXECUTE FUNCTION o1.touch()",
        K.TRIGGER,
        "o1.t.t_touch",
        ("when",),
    ),
    # privileges
    "database-grant": Plant(
        'GRANT CREATE ON DATABASE "{db}" TO {reader}',
        K.DATABASE,
        "database",
        ("privileges.{reader}",),
        oracle=Oracle.CATALOG,
    ),
    "database-revoke-public": Plant(
        'REVOKE TEMPORARY ON DATABASE "{db}" FROM PUBLIC',
        K.DATABASE,
        "database",
        ("privileges.PUBLIC",),
        oracle=Oracle.CATALOG,
    ),
    "role-attribute": Plant(
        "ALTER ROLE {owner} CREATEDB",
        K.ROLE,
        "{owner}",
        ("createdb",),
        oracle=Oracle.CATALOG,
        undo="ALTER ROLE {owner} NOCREATEDB",
    ),
    "role-membership": Plant(
        "GRANT {reader} TO {owner}",
        K.ROLE,
        "{owner}",
        ("member_of",),
        oracle=Oracle.CATALOG,
        undo="REVOKE {reader} FROM {owner}",
    ),
    "type-privilege": Plant("REVOKE USAGE ON TYPE o1.pt FROM PUBLIC", K.TYPE, "o1.pt", ("privileges.PUBLIC",)),
    "domain-privilege": Plant("GRANT USAGE ON DOMAIN o1.dom TO {reader}", K.TYPE, "o1.dom", ("privileges.{reader}",)),
    "schema-privilege": Plant("GRANT USAGE ON SCHEMA o1 TO {reader}", K.SCHEMA, "o1", ("privileges.{reader}",)),
    "sequence-privilege": Plant(
        "GRANT USAGE ON SEQUENCE o1.seq TO {reader}", K.SEQUENCE, "o1.seq", ("privileges.{reader}",)
    ),
    "large-object-defaults": Plant(
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT SELECT ON LARGE OBJECTS TO {reader}",
        K.DEFAULT_PRIVILEGE,
        "{owner}.*.large_objects",
        needs=Needs.LARGE_OBJECT_DEFAULTS,
    ),
    # column order is not drift (documented): the dumps differ, the snapshots do not
    "column-order": Plant(
        "DROP TABLE o1.pair_cols; CREATE TABLE o1.pair_cols (b integer, a integer);"
        " ALTER TABLE o1.pair_cols OWNER TO {owner}",
        K.TABLE,
        "o1.pair_cols",
        oracle=Oracle.COLUMN_ORDER,
    ),
}

# The kinds only this harness plants (the attribute-drift module's base has none of them).
ORACLE_ONLY_KINDS = frozenset(
    {
        K.COLLATION,
        K.LANGUAGE,
        K.ACCESS_METHOD,
        K.CONVERSION,
        K.STATISTICS,
        K.RULE,
        K.AGGREGATE,
        K.EVENT_TRIGGER,
        K.OPERATOR,
        K.OPERATOR_FAMILY,
        K.OPERATOR_CLASS,
        K.CAST,
        K.TEXT_SEARCH_PARSER,
        K.TEXT_SEARCH_TEMPLATE,
        K.TEXT_SEARCH_DICTIONARY,
        K.TEXT_SEARCH_CONFIGURATION,
        K.PUBLICATION,
        K.FOREIGN_DATA_WRAPPER,
        K.FOREIGN_SERVER,
        K.USER_MAPPING,
    }
)
# (kind, attribute) pairs some plant changes: the attribute-drift module need not repeat them.
ORACLE_PLANTED = frozenset((plant.kind, path.split(".")[0]) for plant in PLANTS.values() for path in plant.paths)

# What the CATALOG oracle reads, before and after the plant, for the kinds pg_dump --schema-only
# does not write: the database's ACL, and the roles (cluster-wide) with their memberships.
CATALOG_QUERIES = {
    K.DATABASE: """
        SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, a.privilege_type
        FROM pg_catalog.pg_database AS d,
             pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) AS a
        WHERE d.datname = current_database() ORDER BY 1, 2
    """,
    K.ROLE: """
        SELECT r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolinherit, r.rolcanlogin,
               r.rolreplication, r.rolbypassrls, r.rolconnlimit, array(
                   SELECT g.rolname FROM pg_catalog.pg_auth_members AS m
                   JOIN pg_catalog.pg_roles AS g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1
               )::text
        FROM pg_catalog.pg_roles AS r WHERE r.rolname !~ '^pg_' ORDER BY 1
    """,
}
