-- The privileges on the current database, PUBLIC included; a NULL ACL is the default one
-- (CONNECT and TEMPORARY for PUBLIC), which is what a database created from a template gets.
SELECT
    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
    a.privilege_type
FROM pg_catalog.pg_database AS d
CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) AS a
WHERE d.datname = pg_catalog.current_database()
ORDER BY 1, 2
