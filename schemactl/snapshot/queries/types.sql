-- Types: enums (labels in order), composite types (attributes with their collation when not the
-- type's), ranges (subtype, operator class, collation,
-- canonical and subtype_diff functions, multirange) and domains (base type, collation, NOT NULL,
-- default, named constraints), owner, comment, privileges. Row types of tables and array types are left out. A domain's
-- default is deparsed from typdefaultbin: typdefault is text fixed with the search_path of CREATE.
SELECT
    n.nspname || '.' || t.typname AS identity,
    jsonb_build_object(
        'kind', CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range'
            WHEN 'd' THEN 'domain' END,
        'labels', CASE WHEN t.typtype = 'e' THEN (
            SELECT jsonb_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum AS e WHERE e.enumtypid = t.oid
        ) END,
        'attributes', CASE WHEN t.typtype = 'c' THEN (
            SELECT jsonb_agg(
                a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || coalesce((
                    SELECT ' COLLATE ' || acn.nspname || '.' || ac.collname
                    FROM pg_catalog.pg_type AS at
                    JOIN pg_catalog.pg_collation AS ac ON ac.oid = a.attcollation
                    JOIN pg_catalog.pg_namespace AS acn ON acn.oid = ac.collnamespace
                    WHERE at.oid = a.atttypid AND a.attcollation <> at.typcollation
                ), '')
                ORDER BY a.attnum
            )
            FROM pg_catalog.pg_attribute AS a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
        ) END,
        'subtype', CASE WHEN t.typtype = 'r' THEN pg_catalog.format_type(r.rngsubtype, NULL) END,
        'subtype_opclass', CASE WHEN t.typtype = 'r' THEN (
            SELECT ocn.nspname || '.' || oc.opcname FROM pg_catalog.pg_opclass AS oc
            JOIN pg_catalog.pg_namespace AS ocn ON ocn.oid = oc.opcnamespace WHERE oc.oid = r.rngsubopc
        ) END,
        'subtype_collation', CASE WHEN t.typtype = 'r' AND r.rngcollation <> 0 THEN (
            SELECT cn.nspname || '.' || co.collname FROM pg_catalog.pg_collation AS co
            JOIN pg_catalog.pg_namespace AS cn ON cn.oid = co.collnamespace WHERE co.oid = r.rngcollation
        ) END,
        'canonical', CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::pg_catalog.regprocedure::text END,
        'subtype_diff', CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::pg_catalog.regprocedure::text END,
        'multirange', CASE WHEN t.typtype = 'r' THEN pg_catalog.format_type(r.rngmultitypid, NULL) END,
        'base_type', CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
        'not_null', CASE WHEN t.typtype = 'd' THEN t.typnotnull END,
        'collation', CASE WHEN t.typtype = 'd' AND t.typcollation <> (
            SELECT bt.typcollation FROM pg_catalog.pg_type AS bt WHERE bt.oid = t.typbasetype
        ) THEN (
            SELECT cn.nspname || '.' || co.collname FROM pg_catalog.pg_collation AS co
            JOIN pg_catalog.pg_namespace AS cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation
        ) END,
        'default', coalesce(pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typdefault),
        'constraints', CASE WHEN t.typtype = 'd' THEN (
            SELECT coalesce(jsonb_object_agg(con.conname, pg_catalog.pg_get_constraintdef(con.oid, true)), '{}'::jsonb)
            FROM pg_catalog.pg_constraint AS con WHERE con.contypid = t.oid AND con.contype = 'c'
        ) END,
        'owner', pg_catalog.pg_get_userbyid(t.typowner),
        'comment', pg_catalog.obj_description(t.oid, 'pg_type'),
        'privileges', privileges_json(coalesce(t.typacl, pg_catalog.acldefault('T', t.typowner)))
    ) AS attributes
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_class AS c ON c.oid = t.typrelid
LEFT JOIN pg_catalog.pg_range AS r ON r.rngtypid = t.oid
WHERE t.typtype IN ('e', 'c', 'r', 'd')
  AND (t.typtype <> 'c' OR c.relkind = 'c')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
  )
ORDER BY 1
