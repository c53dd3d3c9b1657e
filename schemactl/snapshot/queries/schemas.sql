-- Schemas: owner, comment, privileges.
SELECT
    n.nspname AS identity,
    jsonb_build_object(
        'owner', pg_catalog.pg_get_userbyid(n.nspowner),
        'comment', pg_catalog.obj_description(n.oid, 'pg_namespace'),
        'privileges', (
            SELECT coalesce(jsonb_object_agg(g.grantee, g.privileges), '{}'::jsonb)
            FROM (
                SELECT
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
                    jsonb_agg(a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END ORDER BY a.privilege_type) AS privileges
                FROM pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) AS a
                GROUP BY 1
            ) AS g
        )
    ) AS attributes
FROM pg_catalog.pg_namespace AS n
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY 1
