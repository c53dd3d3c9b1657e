-- Foreign servers (CREATE SERVER): wrapper, type, version, options, owner, comment, privileges.
-- They belong to the database: kept only when no --schema is given.
SELECT
    s.srvname AS identity,
    jsonb_build_object(
        'wrapper', w.fdwname,
        'type', s.srvtype,
        'version', s.srvversion,
        'options', (SELECT coalesce(jsonb_agg(o ORDER BY o), '[]'::jsonb) FROM unnest(s.srvoptions) AS o),
        'owner', pg_catalog.pg_get_userbyid(s.srvowner),
        'comment', pg_catalog.obj_description(s.oid, 'pg_foreign_server'),
        'privileges', privileges_json(coalesce(s.srvacl, pg_catalog.acldefault('S', s.srvowner)))
    ) AS attributes
FROM pg_catalog.pg_foreign_server AS s
JOIN pg_catalog.pg_foreign_data_wrapper AS w ON w.oid = s.srvfdw
WHERE %(whole)s
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_foreign_server'::regclass AND d.objid = s.oid AND d.deptype = 'e'
  )
ORDER BY 1
