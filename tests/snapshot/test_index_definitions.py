"""The index query puts the definition of a plain btree index together itself (pg_get_indexdef()
spends most of its time looking up default operator classes): it must print exactly what
pg_get_indexdef() prints, for every shape of index, and leave every other index to it."""

from __future__ import annotations

from contextlib import closing

import psycopg

from schemactl.snapshot.inspect import catalog_query, introspect
from schemactl.snapshot.model import ObjectKind
from tests.snapshot.support import execute

SHAPES = """
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema"."Mixed Case" (
    "Id" int PRIMARY KEY, "select" text, v varchar(20), c text COLLATE "C", n numeric, ts timestamptz,
    arr int[], j jsonb, d date, b bool, u uuid, "user" text, w smallint, y int
);
CREATE INDEX "Idx Desc" ON "Odd Schema"."Mixed Case" ("select" DESC, n ASC NULLS FIRST, ts DESC NULLS LAST);
CREATE INDEX desc_nulls_first ON "Odd Schema"."Mixed Case" (n DESC NULLS FIRST, ts ASC NULLS LAST);
CREATE INDEX include_columns ON "Odd Schema"."Mixed Case" (n) INCLUDE ("select", v);
CREATE UNIQUE INDEX unique_partial ON "Odd Schema"."Mixed Case" (u) WHERE b AND n > 0;
CREATE INDEX partial_in ON "Odd Schema"."Mixed Case" (y) WHERE "select" IN ('a', 'b') AND y IS NOT NULL;
CREATE INDEX binary_coercible ON "Odd Schema"."Mixed Case" (v);
CREATE INDEX other_collation ON "Odd Schema"."Mixed Case" ("select" COLLATE "C");
CREATE INDEX same_collation ON "Odd Schema"."Mixed Case" (c COLLATE "C");
CREATE INDEX other_opclass ON "Odd Schema"."Mixed Case" ("select" text_pattern_ops);
CREATE INDEX default_opclass_named ON "Odd Schema"."Mixed Case" (w int2_ops, y int4_ops);
CREATE INDEX expression ON "Odd Schema"."Mixed Case" (lower("select"));
CREATE INDEX expression_and_column ON "Odd Schema"."Mixed Case" ((n + 1), d);
CREATE INDEX gin ON "Odd Schema"."Mixed Case" USING gin (j);
CREATE INDEX hash ON "Odd Schema"."Mixed Case" USING hash (u);
CREATE INDEX brin ON "Odd Schema"."Mixed Case" USING brin (ts);
CREATE INDEX storage_parameter ON "Odd Schema"."Mixed Case" (d) WITH (fillfactor = 70);
CREATE UNIQUE INDEX nulls_not_distinct ON "Odd Schema"."Mixed Case" ("user") NULLS NOT DISTINCT;
CREATE INDEX array_column ON "Odd Schema"."Mixed Case" (arr);
CREATE INDEX keyword_columns ON "Odd Schema"."Mixed Case" ("user", "select");
CREATE INDEX "select" ON "Odd Schema"."Mixed Case" (b);
CREATE DOMAIN "Odd Schema".label AS text;
CREATE TABLE "Odd Schema".labelled (x "Odd Schema".label);
CREATE INDEX domain_column ON "Odd Schema".labelled (x);
CREATE TABLE "Odd Schema".parted (id int, k text) PARTITION BY RANGE (id);
CREATE TABLE "Odd Schema".part_1 PARTITION OF "Odd Schema".parted FOR VALUES FROM (0) TO (10);
CREATE INDEX parted_k ON "Odd Schema".parted (k);
CREATE MATERIALIZED VIEW "Odd Schema".mv AS SELECT 1 AS a, 'x'::text AS b;
CREATE INDEX mv_a ON "Odd Schema".mv (a DESC);
CREATE TABLE public.plain (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text UNIQUE,
    CONSTRAINT email_excl EXCLUDE USING btree (email WITH =)
);
CREATE UNIQUE INDEX plain_email_nonempty ON public.plain (email) WHERE email <> '';
"""
# The indexes whose definition the query puts together itself; the others are pg_get_indexdef()'s.
PLAIN = {
    "Idx Desc",
    "desc_nulls_first",
    "include_columns",
    "unique_partial",
    "partial_in",
    "same_collation",
    "default_opclass_named",
    "keyword_columns",
    "select",
    "part_1_k_idx",
    "mv_a",
    "Mixed Case_pkey",
    "plain_pkey",
    "plain_email_key",
    "email_excl",
    "plain_email_nonempty",
}


def test_every_index_definition_is_pg_get_indexdef(database_url: str) -> None:
    execute(database_url, SHAPES)
    with closing(psycopg.connect(database_url, autocommit=True)) as conn:
        indexes = introspect(conn).objects[ObjectKind.INDEX]
        conn.execute("SET search_path = pg_catalog")  # as the snapshot: every name qualified
        expected = {
            f"{schema}.{name}": definition
            for schema, name, definition in conn.execute(
                "SELECT n.nspname, c.relname, pg_catalog.pg_get_indexdef(c.oid) FROM pg_catalog.pg_class AS c"
                " JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('i', 'I') AND n.nspname IN ('Odd Schema', 'public')"
            ).fetchall()
        }
    assert {identity: attributes["definition"] for identity, attributes in indexes.items()} == expected


def test_the_query_puts_together_the_plain_btree_indexes_only(database_url: str) -> None:
    execute(database_url, SHAPES)
    without_pg_get_indexdef = catalog_query(ObjectKind.INDEX).replace(
        "pg_catalog.pg_get_indexdef(i.indexrelid)", "NULL::text"
    )
    with closing(psycopg.connect(database_url, autocommit=True)) as conn:
        conn.execute("SET search_path = pg_catalog")
        rows = conn.execute(
            without_pg_get_indexdef.encode(), {"schemas": ["Odd Schema", "public"], "whole": False}
        ).fetchall()
    put_together = {str(row[0]).split(".", 1)[1] for row in rows if row[2] is not None}
    assert put_together == PLAIN
    assert len(rows) - len(PLAIN) >= 12  # the rest is left to pg_get_indexdef()
