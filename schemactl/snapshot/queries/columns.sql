-- Columns of tables, views, materialized views and foreign tables, by name (never by position):
-- type, nullability, default, identity, generated, collation (schema-qualified, when not the
-- type's), STORAGE (when not the type's), COMPRESSION, STATISTICS target, whether an inheritance
-- child's column is inherited or also declared locally, options and foreign-table options.
-- From 18 NOT NULL is a named constraint: 'not_null_constraint' records it (name: definition) when
-- it is declared on this table and is not the default (<table>_<column>_not_null, plain NOT NULL),
-- i.e. it has its own name, NO INHERIT or NOT VALID; an inherited one carries its parent's name.
-- The comment and the NOT NULL constraint are joined (hash joins), not looked up row by row; a
-- column has at most one NOT NULL constraint. Its definition is printed only for the columns
-- that record one: pg_get_constraintdef() of a NOT NULL is 'NOT NULL <column>' plus NO INHERIT
-- and NOT VALID, so a default-named one without either is the plain default.
-- The comment is read from pg_description directly: col_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
-- Most columns have no grants of their own (attacl NULL): they skip the aggregation, same result.
SELECT
    n.nspname || '.' || c.relname || '.' || a.attname AS identity,
    pg_catalog.format_type(a.atttypid, a.atttypmod) AS "type",
    a.attnotnull AS not_null,
    CASE
        WHEN nn.conname <> c.relname || '_' || a.attname || '_not_null' OR nn.connoinherit OR NOT nn.convalidated
        THEN nn.conname || ': ' || pg_catalog.pg_get_constraintdef(nn.oid) END AS not_null_constraint,
    CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) END AS "default",
    CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS "identity",
    CASE a.attgenerated
        WHEN 's' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ' STORED'
        WHEN 'v' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ' VIRTUAL' END AS "generated",
    CASE WHEN a.attcollation <> t.typcollation THEN con.nspname || '.' || co.collname END AS "collation",
    CASE WHEN a.attstorage <> t.typstorage THEN
        CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END
    END AS "storage",
    CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END AS "compression",
    nullif(a.attstattarget, -1)::integer AS "statistics",
    CASE WHEN a.attinhcount > 0 AND NOT c.relispartition THEN
        CASE WHEN a.attislocal THEN 'inherited and local' ELSE 'inherited' END END AS "inheritance",
    CASE WHEN a.attoptions IS NOT NULL THEN
        (SELECT jsonb_agg(o ORDER BY o) FROM unnest(a.attoptions) AS o) END AS "options",
    CASE WHEN a.attfdwoptions IS NOT NULL THEN
        (SELECT jsonb_agg(o ORDER BY o) FROM unnest(a.attfdwoptions) AS o) END AS foreign_options,
    ds.description AS "comment",
    CASE WHEN a.attacl IS NULL THEN '{}'::jsonb ELSE privileges_json(a.attacl) END AS "privileges"
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace AS con ON con.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_description AS ds
    ON ds.objoid = a.attrelid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
LEFT JOIN pg_catalog.pg_constraint AS nn
    ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum AND nn.conislocal
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e'
  )
ORDER BY 1
