-- Indexes of tables and materialized views: definition, uniqueness, partial predicate, validity, CLUSTER ON,
-- per-column statistics targets (ALTER INDEX ... ALTER COLUMN n SET STATISTICS).
-- The comment is read from pg_description directly: obj_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
-- The definition is what pg_get_indexdef() prints. For a plain btree index (key columns of the
-- table, each with its type's own default operator class and the column's collation; no
-- expression, storage parameter, NULLS NOT DISTINCT or partitioned parent) it is put together
-- here, in one pass over the columns of all indexes, exactly as pg_get_indexdef() writes it:
-- CREATE [UNIQUE ]INDEX name ON schema.table USING btree (column[ DESC][ NULLS FIRST|LAST], ...)
-- [INCLUDE (column, ...)][ WHERE predicate]. pg_get_indexdef() looks up the default operator class
-- of every key column by scanning pg_opclass, about three quarters of its cost; any other index
-- is printed by pg_get_indexdef() itself. (tests/snapshot/test_index_definitions.py compares the
-- two for every kind of index.)
WITH
    indexes AS MATERIALIZED (
        SELECT
            i.*, ci.relname AS index_name, ci.relam, ci.relkind AS index_kind, ci.reloptions AS index_options,
            n.nspname AS index_schema, ct.relname AS table_name, tn.nspname AS table_schema
        FROM pg_catalog.pg_index AS i
        JOIN pg_catalog.pg_class AS ci ON ci.oid = i.indexrelid
        JOIN pg_catalog.pg_namespace AS n ON n.oid = ci.relnamespace
        JOIN pg_catalog.pg_class AS ct ON ct.oid = i.indrelid
        JOIN pg_catalog.pg_namespace AS tn ON tn.oid = ct.relnamespace
        WHERE n.nspname = ANY(%(schemas)s)
          AND ct.relkind IN ('r', 'p', 'm')
    ),
    plain_btree_columns AS MATERIALIZED (
        SELECT i.indexrelid, i.indrelid, i.indnkeyatts, c.*
        FROM indexes AS i,
            unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[])
                WITH ORDINALITY AS c (attnum, opclass, collation_oid, options, n)
        WHERE i.relam = (SELECT am.oid FROM pg_catalog.pg_am AS am WHERE am.amname = 'btree')
          AND i.index_kind = 'i' AND i.index_options IS NULL AND i.indexprs IS NULL AND NOT i.indnullsnotdistinct
    ),
    plain_btree AS MATERIALIZED (
        SELECT
            k.indexrelid,
            bool_and(
                k.n > k.indnkeyatts
                OR (oc.opcdefault AND oc.opcintype = a.atttypid AND k.collation_oid IN (0, a.attcollation))
            ) AS plain,
            string_agg(
                pg_catalog.quote_ident(a.attname) || CASE
                    WHEN k.options & 1 = 1 THEN ' DESC' || CASE WHEN k.options & 2 = 0 THEN ' NULLS LAST' ELSE '' END
                    WHEN k.options & 2 = 2 THEN ' NULLS FIRST' ELSE '' END,
                ', ' ORDER BY k.n
            ) FILTER (WHERE k.n <= k.indnkeyatts) AS key_columns,
            string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.n)
                FILTER (WHERE k.n > k.indnkeyatts) AS included_columns
        FROM plain_btree_columns AS k
        CROSS JOIN LATERAL (  -- an index lookup per column (OFFSET 0: not a hash of all of pg_attribute)
            SELECT a.attname, a.atttypid, a.attcollation FROM pg_catalog.pg_attribute AS a
            WHERE a.attrelid = k.indrelid AND a.attnum = k.attnum OFFSET 0
        ) AS a
        LEFT JOIN pg_catalog.pg_opclass AS oc ON oc.oid = k.opclass
        GROUP BY k.indexrelid
    )
SELECT
    i.index_schema || '.' || i.index_name AS identity,
    i.table_schema || '.' || i.table_name AS "table",
    coalesce(
        CASE WHEN b.plain THEN
            'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
            || pg_catalog.quote_ident(i.index_name) || ' ON ' || pg_catalog.quote_ident(i.table_schema) || '.'
            || pg_catalog.quote_ident(i.table_name) || ' USING btree (' || b.key_columns
            || coalesce(') INCLUDE (' || b.included_columns, '') || ')'
            || coalesce(' WHERE ' || pg_catalog.pg_get_expr(i.indpred, i.indrelid), '')
        END,
        pg_catalog.pg_get_indexdef(i.indexrelid)
    ) AS "definition",
    i.indisunique AS "unique",
    i.indisprimary AS "primary",
    pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS "predicate",
    i.indisvalid AS "valid",
    i.indisclustered AS "clustered",
    (
        SELECT jsonb_object_agg(a.attnum, a.attstattarget) FROM pg_catalog.pg_attribute AS a
        WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0
    ) AS "column_statistics",
    (
        SELECT con.conname FROM pg_catalog.pg_constraint AS con
        WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
    ) AS "constraint",
    (
        SELECT ds.description FROM pg_catalog.pg_description AS ds
        WHERE ds.objoid = i.indexrelid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
    ) AS "comment"
FROM indexes AS i
LEFT JOIN plain_btree AS b ON b.indexrelid = i.indexrelid
ORDER BY 1
