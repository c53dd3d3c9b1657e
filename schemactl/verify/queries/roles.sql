-- Every role of the cluster except the predefined ones: the attributes verify judges.
SELECT r.rolname, r.rolcanlogin, r.rolsuper, r.rolbypassrls, r.rolcreaterole
FROM pg_catalog.pg_roles AS r
WHERE r.rolname !~ '^pg_'
ORDER BY 1
