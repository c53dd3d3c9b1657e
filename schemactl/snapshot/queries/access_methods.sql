-- Access methods made by users (CREATE ACCESS METHOD): type (table or index) and handler. Built-in
-- ones (OID below FirstNormalObjectId) and those of extensions are left out. They belong to the
-- database: kept only when no --schema is given.
SELECT
    am.amname AS identity,
    jsonb_build_object(
        'type', CASE am.amtype WHEN 't' THEN 'table' WHEN 'i' THEN 'index' END,
        'handler', am.amhandler::pg_catalog.regprocedure::text,
        'comment', pg_catalog.obj_description(am.oid, 'pg_am')
    ) AS attributes
FROM pg_catalog.pg_am AS am
WHERE am.oid >= 16384
  AND %(whole)s
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_am'::regclass AND d.objid = am.oid AND d.deptype = 'e'
  )
ORDER BY 1
