-- Sequences: persistence (unlogged from 15), type, bounds, increment, cache, cycle, owning column, owner, comment, privileges.
SELECT
    n.nspname || '.' || c.relname AS identity,
    jsonb_build_object(
        'persistence', CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'permanent' END,
        'type', pg_catalog.format_type(s.seqtypid, NULL),
        'start', s.seqstart,
        'increment', s.seqincrement,
        'minimum', s.seqmin,
        'maximum', s.seqmax,
        'cache', s.seqcache,
        'cycle', s.seqcycle,
        'owned_by', (
            SELECT tn.nspname || '.' || t.relname || '.' || a.attname
            FROM pg_catalog.pg_depend AS d
            JOIN pg_catalog.pg_class AS t ON t.oid = d.refobjid
            JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
            JOIN pg_catalog.pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
              AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
        ),
        'owner', pg_catalog.pg_get_userbyid(c.relowner),
        'comment', pg_catalog.obj_description(c.oid, 'pg_class'),
        'privileges', privileges_json(coalesce(c.relacl, pg_catalog.acldefault('s', c.relowner)))
    ) AS attributes
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_sequence AS s ON s.seqrelid = c.oid
WHERE c.relkind = 'S'
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1
