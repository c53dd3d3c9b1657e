-- Columns of tables, views, materialized views and foreign tables, by name (never by position):
-- type, nullability, default, identity, generated, collation (schema-qualified, when not the
-- type's), STORAGE (when not the type's), COMPRESSION, STATISTICS target, whether an inheritance
-- child's column is inherited or also declared locally, options and foreign-table options.
-- From 18 NOT NULL is a named constraint: 'not_null_constraint' records it (name: definition) when
-- it is declared on this table and is not the default (<table>_<column>_not_null, plain NOT NULL),
-- i.e. it has its own name, NO INHERIT or NOT VALID; an inherited one carries its parent's name.
-- The default, the comment and the NOT NULL constraint are each read in one scan and hash-joined
-- (MATERIALIZED: misled by the estimate of the schema filter, the planner would otherwise look
-- each one up row by row, a third slower at 1,000 tables); a column has at most one of each.
-- The definition of a NOT NULL constraint is printed only for the columns that record one:
-- pg_get_constraintdef() of a NOT NULL is 'NOT NULL <column>' plus NO INHERIT and NOT VALID, so a
-- default-named one without either is the plain default.
-- The comment is read from pg_description directly: col_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
-- A default is deparsed without its table (pg_get_expr(adbin, 0)): a DEFAULT cannot refer to a
-- column, so the text is the same, and the table's relation cache entry is not built for it.
-- Most columns have no grants of their own (attacl NULL): they skip the aggregation, same result.
WITH
    defaults AS MATERIALIZED (SELECT d.adrelid, d.adnum, d.adbin FROM pg_catalog.pg_attrdef AS d),
    comments AS MATERIALIZED (
        SELECT ds.objoid, ds.objsubid, ds.description FROM pg_catalog.pg_description AS ds
        WHERE ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid > 0
    ),
    not_nulls AS MATERIALIZED (
        SELECT nn.oid, nn.conrelid, nn.conkey[1] AS attnum, nn.conname, nn.connoinherit, nn.convalidated
        FROM pg_catalog.pg_constraint AS nn WHERE nn.contype = 'n' AND nn.conislocal
    )
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
LEFT JOIN defaults AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace AS con ON con.oid = co.collnamespace
LEFT JOIN comments AS ds ON ds.objoid = a.attrelid AND ds.objsubid = a.attnum
LEFT JOIN not_nulls AS nn ON nn.conrelid = a.attrelid AND nn.attnum = a.attnum
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS e
      WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e'
  )
ORDER BY 1
