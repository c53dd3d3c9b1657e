-- Text search templates: init and lexize functions, comment.
SELECT
    n.nspname || '.' || t.tmplname AS identity,
    jsonb_build_object(
        'init', CASE WHEN t.tmplinit <> 0 THEN t.tmplinit::pg_catalog.regprocedure::text END,
        'lexize', t.tmpllexize::pg_catalog.regprocedure::text,
        'comment', pg_catalog.obj_description(t.oid, 'pg_ts_template')
    ) AS attributes
FROM pg_catalog.pg_ts_template AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.tmplnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_ts_template'::regclass AND d.objid = t.oid AND d.deptype = 'e'
  )
ORDER BY 1
