-- User mappings (CREATE USER MAPPING), identity user@server (PUBLIC for everyone). Option VALUES
-- are never read: they hold passwords. Option KEYS are recorded only when the snapshot runs as a
-- superuser, the only role that may read them all (pg_user_mappings hides them from others);
-- 'option_keys' is then a list, otherwise null ("not recorded"), and the diff compares keys only
-- when both sides recorded them. Kept only when no --schema is given.
SELECT
    CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(m.umuser) END || '@' || s.srvname AS identity,
    jsonb_build_object(
        'user', CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(m.umuser) END,
        'server', s.srvname,
        'option_keys', CASE WHEN (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user) THEN (
            SELECT coalesce(jsonb_agg(split_part(o, '=', 1) ORDER BY split_part(o, '=', 1)), '[]'::jsonb)
            FROM unnest(m.umoptions) AS o
        ) END
    ) AS attributes
FROM pg_catalog.pg_user_mappings AS m
JOIN pg_catalog.pg_foreign_server AS s ON s.oid = m.srvid
WHERE %(whole)s
ORDER BY 1
