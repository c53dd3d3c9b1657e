-- Extended statistics (CREATE STATISTICS): table, definition (kinds, columns and expressions),
-- statistics target (NULL: the default; -1 up to 16, NULL from 17), owner, comment.
SELECT
    n.nspname || '.' || s.stxname AS identity,
    jsonb_build_object(
        'table', tn.nspname || '.' || t.relname,
        'definition', pg_catalog.pg_get_statisticsobjdef(s.oid),
        'target', nullif((pg_catalog.to_jsonb(s) ->> 'stxstattarget')::integer, -1),
        'owner', pg_catalog.pg_get_userbyid(s.stxowner),
        'comment', pg_catalog.obj_description(s.oid, 'pg_statistic_ext')
    ) AS attributes
FROM pg_catalog.pg_statistic_ext AS s
JOIN pg_catalog.pg_namespace AS n ON n.oid = s.stxnamespace
JOIN pg_catalog.pg_class AS t ON t.oid = s.stxrelid
JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY 1
