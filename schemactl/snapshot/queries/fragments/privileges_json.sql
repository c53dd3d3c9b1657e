(
    SELECT coalesce(jsonb_object_agg(g.grantee, g.privileges), '{}'::jsonb)
    FROM (
        SELECT
            CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(acl.grantee) END AS grantee,
            jsonb_agg(
                acl.privilege_type || CASE WHEN acl.is_grantable THEN '*' ELSE '' END ORDER BY acl.privilege_type
            ) AS privileges
        FROM pg_catalog.aclexplode(ACL) AS acl
        GROUP BY 1
    ) AS g
)
