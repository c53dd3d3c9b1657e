-- Extensions of the database: version and the schema they live in.
SELECT
    e.extname AS identity,
    jsonb_build_object(
        'version', e.extversion,
        'schema', n.nspname,
        'comment', pg_catalog.obj_description(e.oid, 'pg_extension')
    ) AS attributes
FROM pg_catalog.pg_extension AS e
JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
ORDER BY 1
