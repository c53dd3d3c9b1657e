-- Columns of tables, views, materialized views and foreign tables, by name (never by position).
-- The comment is read from pg_description directly: col_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
-- Most columns have no grants of their own (attacl NULL): they skip the aggregation, same result.
SELECT
    n.nspname || '.' || c.relname || '.' || a.attname AS identity,
    jsonb_build_object(
        'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
        'not_null', a.attnotnull,
        'default', CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,
        'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
        'generated', CASE a.attgenerated
            WHEN 's' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ' STORED'
            WHEN 'v' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ' VIRTUAL' END,
        'collation', CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
        'comment', (
            SELECT ds.description FROM pg_catalog.pg_description AS ds
            WHERE ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
        ),
        'privileges', CASE WHEN a.attacl IS NULL THEN '{}'::jsonb ELSE privileges_json(a.attacl) END
    ) AS attributes
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e'
  )
ORDER BY 1
