-- Sequences: type, bounds, increment, cache, cycle, owning column, owner, comment, privileges.
SELECT
    n.nspname || '.' || c.relname AS identity,
    jsonb_build_object(
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
        'privileges', (
            SELECT coalesce(jsonb_object_agg(g.grantee, g.privileges), '{}'::jsonb)
            FROM (
                SELECT
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
                    jsonb_agg(a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END ORDER BY a.privilege_type) AS privileges
                FROM pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('s', c.relowner))) AS a
                GROUP BY 1
            ) AS g
        )
    ) AS attributes
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_sequence AS s ON s.seqrelid = c.oid
WHERE c.relkind = 'S'
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1
