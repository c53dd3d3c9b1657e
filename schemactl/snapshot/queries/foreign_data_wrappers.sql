-- Foreign-data wrappers (CREATE FOREIGN DATA WRAPPER): handler, validator, options, owner, comment,
-- privileges. They belong to the database: kept only when no --schema is given; those of an
-- extension (postgres_fdw's own wrapper) are left out with it.
SELECT
    w.fdwname AS identity,
    jsonb_build_object(
        'handler', CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regprocedure::text END,
        'validator', CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regprocedure::text END,
        'options', (SELECT coalesce(jsonb_agg(o ORDER BY o), '[]'::jsonb) FROM unnest(w.fdwoptions) AS o),
        'owner', pg_catalog.pg_get_userbyid(w.fdwowner),
        'comment', pg_catalog.obj_description(w.oid, 'pg_foreign_data_wrapper'),
        'privileges', privileges_json(coalesce(w.fdwacl, pg_catalog.acldefault('F', w.fdwowner)))
    ) AS attributes
FROM pg_catalog.pg_foreign_data_wrapper AS w
WHERE %(whole)s
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_foreign_data_wrapper'::regclass AND d.objid = w.oid AND d.deptype = 'e'
  )
ORDER BY 1
