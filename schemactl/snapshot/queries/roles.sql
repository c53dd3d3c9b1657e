-- The roles the schema refers to (owners, grantees, policy roles): attributes and memberships.
SELECT
    r.rolname AS identity,
    jsonb_build_object(
        'login', r.rolcanlogin,
        'inherit', r.rolinherit,
        'superuser', r.rolsuper,
        'createdb', r.rolcreatedb,
        'createrole', r.rolcreaterole,
        'replication', r.rolreplication,
        'bypassrls', r.rolbypassrls,
        'connection_limit', r.rolconnlimit,
        'member_of', (
            SELECT coalesce(jsonb_agg(DISTINCT g.rolname ORDER BY g.rolname), '[]'::jsonb)
            FROM pg_catalog.pg_auth_members AS m JOIN pg_catalog.pg_roles AS g ON g.oid = m.roleid
            WHERE m.member = r.oid
        ),
        'comment', pg_catalog.shobj_description(r.oid, 'pg_authid')
    ) AS attributes
FROM pg_catalog.pg_roles AS r
WHERE r.rolname = ANY(%(roles)s)
ORDER BY 1
