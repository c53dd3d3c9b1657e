-- Collations (CREATE COLLATION): provider, locale (libc: LC_COLLATE and LC_CTYPE; icu and builtin:
-- the locale), deterministic, ICU rules. The catalog columns moved between major versions
-- (colliculocale up to 16, colllocale from 17, collicurules from 16): read through to_jsonb so one
-- query runs on every version. The collation's version (collversion) belongs to the operating
-- system's library, not to the schema, and is left out.
SELECT
    n.nspname || '.' || co.collname AS identity,
    jsonb_build_object(
        'provider', CASE co.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin'
            WHEN 'd' THEN 'default' END,
        'lc_collate', CASE WHEN co.collprovider = 'c' THEN j ->> 'collcollate' END,
        'lc_ctype', CASE WHEN co.collprovider = 'c' THEN j ->> 'collctype' END,
        'locale', CASE WHEN co.collprovider <> 'c' THEN
            coalesce(j ->> 'colllocale', j ->> 'colliculocale', j ->> 'collcollate') END,
        'icu_rules', j ->> 'collicurules',
        'deterministic', co.collisdeterministic,
        'encoding', CASE WHEN co.collencoding >= 0 THEN pg_catalog.pg_encoding_to_char(co.collencoding) END,
        'owner', pg_catalog.pg_get_userbyid(co.collowner),
        'comment', pg_catalog.obj_description(co.oid, 'pg_collation')
    ) AS attributes
FROM pg_catalog.pg_collation AS co
CROSS JOIN LATERAL pg_catalog.to_jsonb(co) AS j
JOIN pg_catalog.pg_namespace AS n ON n.oid = co.collnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_collation'::regclass AND d.objid = co.oid AND d.deptype = 'e'
  )
ORDER BY 1
