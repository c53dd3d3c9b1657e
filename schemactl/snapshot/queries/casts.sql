-- Casts (CREATE CAST) made by users: function or method, context. A cast has no schema; it is kept
-- when no --schema is given, or when its source type, target type or function is in a chosen
-- schema. Built-in casts (OID below FirstNormalObjectId) and casts of extensions are left out.
SELECT
    pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) AS identity,
    jsonb_build_object(
        'function', CASE WHEN c.castfunc <> 0 THEN c.castfunc::pg_catalog.regprocedure::text END,
        'method', CASE c.castmethod WHEN 'f' THEN 'function' WHEN 'i' THEN 'inout' ELSE 'binary' END,
        'context', CASE c.castcontext WHEN 'i' THEN 'implicit' WHEN 'a' THEN 'assignment' ELSE 'explicit' END,
        'comment', pg_catalog.obj_description(c.oid, 'pg_cast')
    ) AS attributes
FROM pg_catalog.pg_cast AS c
WHERE c.oid >= 16384
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
  AND (
      %(whole)s
      OR EXISTS (
          SELECT FROM pg_catalog.pg_type AS t JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
          WHERE t.oid IN (c.castsource, c.casttarget) AND n.nspname = ANY(%(schemas)s)
      )
      OR EXISTS (
          SELECT FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
          WHERE p.oid = c.castfunc AND n.nspname = ANY(%(schemas)s)
      )
  )
ORDER BY 1
