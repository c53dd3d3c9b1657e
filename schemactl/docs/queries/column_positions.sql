-- Column positions (pg_attribute.attnum) of tables, views, materialized views and foreign tables,
-- so that the data dictionary lists columns in table order. Deliberately not part of the
-- snapshot: snapshots identify columns by name and must not depend on positions.
SELECT
    n.nspname || '.' || c.relname || '.' || a.attname AS identity,
    a.attnum::integer AS position
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1
