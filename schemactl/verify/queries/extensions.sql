-- Every extension installed in the database, whatever schema it lives in.
SELECT e.extname, n.nspname
FROM pg_catalog.pg_extension AS e
JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
ORDER BY 1
