-- Text search dictionaries: template, options (as written: dictinitoption), owner, comment.
SELECT
    n.nspname || '.' || d.dictname AS identity,
    jsonb_build_object(
        'template', tn.nspname || '.' || t.tmplname,
        'options', d.dictinitoption,
        'owner', pg_catalog.pg_get_userbyid(d.dictowner),
        'comment', pg_catalog.obj_description(d.oid, 'pg_ts_dict')
    ) AS attributes
FROM pg_catalog.pg_ts_dict AS d
JOIN pg_catalog.pg_namespace AS n ON n.oid = d.dictnamespace
JOIN pg_catalog.pg_ts_template AS t ON t.oid = d.dicttemplate
JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.tmplnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS dep
      WHERE dep.classid = 'pg_catalog.pg_ts_dict'::regclass AND dep.objid = d.oid AND dep.deptype = 'e'
  )
ORDER BY 1
