-- Views and materialized views: definition, access method (materialized views), options (security_barrier, ...), owner, comment, privileges.
SELECT
    n.nspname || '.' || c.relname AS identity,
    jsonb_build_object(
        'kind', CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
        'definition', pg_catalog.pg_get_viewdef(c.oid, true),
        'access_method', CASE WHEN c.relkind = 'm' THEN (
            SELECT am.amname FROM pg_catalog.pg_am AS am WHERE am.oid = c.relam
        ) END,
        'options', (SELECT coalesce(jsonb_agg(o ORDER BY o), '[]'::jsonb) FROM unnest(c.reloptions) AS o),
        'owner', pg_catalog.pg_get_userbyid(c.relowner),
        'comment', pg_catalog.obj_description(c.oid, 'pg_class'),
        'privileges', privileges_json(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner)))
    ) AS attributes
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1
