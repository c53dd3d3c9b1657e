-- Views and materialized views: definition, options (security_barrier, ...), owner, comment, privileges.
SELECT
    n.nspname || '.' || c.relname AS identity,
    jsonb_build_object(
        'kind', CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
        'definition', pg_catalog.pg_get_viewdef(c.oid, true),
        'options', (SELECT coalesce(jsonb_agg(o ORDER BY o), '[]'::jsonb) FROM unnest(c.reloptions) AS o),
        'owner', pg_catalog.pg_get_userbyid(c.relowner),
        'comment', pg_catalog.obj_description(c.oid, 'pg_class'),
        'privileges', (
            SELECT coalesce(jsonb_object_agg(g.grantee, g.privileges), '{}'::jsonb)
            FROM (
                SELECT
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
                    jsonb_agg(a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END ORDER BY a.privilege_type) AS privileges
                FROM pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) AS a
                GROUP BY 1
            ) AS g
        )
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
