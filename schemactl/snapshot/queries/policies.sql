-- Row-level security policies: command, permissive or restrictive, roles, USING, WITH CHECK.
-- The comment is read from pg_description directly: obj_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
SELECT
    n.nspname || '.' || c.relname || '.' || p.polname AS identity,
    n.nspname || '.' || c.relname AS "table",
    CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
        WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS "command",
    p.polpermissive AS "permissive",
    (
        SELECT jsonb_agg(role_name ORDER BY role_name)
        FROM (
            SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r) END AS role_name
            FROM unnest(p.polroles) AS r
        ) AS named
    ) AS "roles",
    pg_catalog.pg_get_expr(p.polqual, p.polrelid, true) AS "using",
    pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true) AS "with_check",
    (
        SELECT ds.description FROM pg_catalog.pg_description AS ds
        WHERE ds.objoid = p.oid AND ds.classoid = 'pg_catalog.pg_policy'::regclass AND ds.objsubid = 0
    ) AS "comment"
FROM pg_catalog.pg_policy AS p
JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
ORDER BY 1
