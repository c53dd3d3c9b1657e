-- Settings a session starts with in this database: ALTER ROLE ... IN DATABASE (scope role@database),
-- ALTER ROLE ... SET (scope role) and ALTER DATABASE ... SET (scope '').
SELECT
    CASE
        WHEN s.setrole = 0 THEN ''
        WHEN s.setdatabase = 0 THEN r.rolname
        ELSE r.rolname || '@database'
    END AS scope,
    c.setting
FROM pg_catalog.pg_db_role_setting AS s
LEFT JOIN pg_catalog.pg_roles AS r ON r.oid = s.setrole
CROSS JOIN LATERAL unnest(s.setconfig) AS c (setting)
WHERE s.setdatabase = 0 AND s.setrole <> 0
   OR s.setdatabase = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
ORDER BY 1, 2
