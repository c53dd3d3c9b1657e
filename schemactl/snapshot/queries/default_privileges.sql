-- Default privileges (ALTER DEFAULT PRIVILEGES): the FOR ROLE role and the resulting ACL, per schema
-- or global ('*'). PostgreSQL stores the full ACL that new objects get (a global entry replaces the
-- built-in default: REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC leaves the owner's EXECUTE), and a schema's
-- entry only what it adds to the global one. Global entries are kept whatever schemas are chosen.
SELECT
    pg_catalog.pg_get_userbyid(d.defaclrole) || '.' || coalesce(n.nspname, '*') || '.' ||
    CASE d.defaclobjtype
        WHEN 'r' THEN 'tables'
        WHEN 'S' THEN 'sequences'
        WHEN 'f' THEN 'functions'
        WHEN 'T' THEN 'types'
        WHEN 'n' THEN 'schemas'
        WHEN 'L' THEN 'large_objects'
        ELSE d.defaclobjtype::text
    END AS identity,
    jsonb_build_object(
        'role', pg_catalog.pg_get_userbyid(d.defaclrole),
        'privileges', privileges_json(d.defaclacl)
    ) AS attributes
FROM pg_catalog.pg_default_acl AS d
LEFT JOIN pg_catalog.pg_namespace AS n ON n.oid = d.defaclnamespace
WHERE d.defaclnamespace = 0 OR n.nspname = ANY(%(schemas)s)
ORDER BY 1
