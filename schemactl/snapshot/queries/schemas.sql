-- Schemas: owner, comment, privileges.
SELECT
    n.nspname AS identity,
    jsonb_build_object(
        'owner', pg_catalog.pg_get_userbyid(n.nspowner),
        'comment', pg_catalog.obj_description(n.oid, 'pg_namespace'),
        'privileges', privileges_json(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner)))
    ) AS attributes
FROM pg_catalog.pg_namespace AS n
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY 1
