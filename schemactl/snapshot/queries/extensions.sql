-- Extensions of the database: version and the schema they live in. With --schema, only those
-- installed in a chosen schema (an extension elsewhere is not part of that schema).
SELECT
    e.extname AS identity,
    jsonb_build_object(
        'version', e.extversion,
        'schema', n.nspname,
        'comment', pg_catalog.obj_description(e.oid, 'pg_extension')
    ) AS attributes
FROM pg_catalog.pg_extension AS e
JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
WHERE %(whole)s OR n.nspname = ANY(%(schemas)s)
ORDER BY 1
