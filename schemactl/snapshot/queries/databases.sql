-- The database itself (identity "database": the name differs between environments and the
-- throwaway build): privileges granted on it (CONNECT, TEMPORARY, CREATE) and its comment.
-- pg_dump --schema-only does not write them; the snapshot does, because they are part of what
-- sql/ sets up. The owner's own entry is left out when it holds exactly the owner's default
-- (every privilege), since the owner differs from one environment to another; a revoked owner
-- privilege is kept. Kept only when no --schema is given. The comment initdb puts on the
-- postgres database (where the embedded server applies sql/) is not the project's: left out.
SELECT
    'database' AS identity,
    jsonb_build_object(
        'privileges', (
            privileges_json(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba)))
        ) - CASE WHEN EXISTS (
            SELECT FROM pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) AS acl
            WHERE acl.grantee = d.datdba
            HAVING count(*) = 3
        ) THEN pg_catalog.pg_get_userbyid(d.datdba) ELSE '' END,
        'comment', nullif(
            pg_catalog.shobj_description(d.oid, 'pg_database'),
            CASE d.datname WHEN 'postgres' THEN 'default administrative connection database' END
        )
    ) AS attributes
FROM pg_catalog.pg_database AS d
WHERE d.datname = current_database()
  AND %(whole)s
ORDER BY 1
