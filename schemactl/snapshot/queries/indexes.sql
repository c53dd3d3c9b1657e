-- Indexes of tables and materialized views: definition, uniqueness, partial predicate, validity, CLUSTER ON,
-- per-column statistics targets (ALTER INDEX ... ALTER COLUMN n SET STATISTICS).
-- The comment is read from pg_description directly: obj_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
SELECT
    n.nspname || '.' || ci.relname AS identity,
    tn.nspname || '.' || ct.relname AS "table",
    pg_catalog.pg_get_indexdef(i.indexrelid) AS "definition",
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
        WHERE ds.objoid = ci.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
    ) AS "comment"
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ci ON ci.oid = i.indexrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = ci.relnamespace
JOIN pg_catalog.pg_class AS ct ON ct.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS tn ON tn.oid = ct.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND ct.relkind IN ('r', 'p', 'm')
ORDER BY 1
