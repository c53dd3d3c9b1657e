-- Procedural languages made by users (CREATE LANGUAGE): trusted, handler, inline and validator
-- functions, owner, comment, privileges. Languages of extensions (plpgsql) are left out with them.
-- They belong to the database: kept only when no --schema is given.
SELECT
    l.lanname AS identity,
    jsonb_build_object(
        'trusted', l.lanpltrusted,
        'handler', CASE WHEN l.lanplcallfoid <> 0 THEN l.lanplcallfoid::pg_catalog.regprocedure::text END,
        'inline', CASE WHEN l.laninline <> 0 THEN l.laninline::pg_catalog.regprocedure::text END,
        'validator', CASE WHEN l.lanvalidator <> 0 THEN l.lanvalidator::pg_catalog.regprocedure::text END,
        'owner', pg_catalog.pg_get_userbyid(l.lanowner),
        'comment', pg_catalog.obj_description(l.oid, 'pg_language'),
        'privileges', privileges_json(coalesce(l.lanacl, pg_catalog.acldefault('l', l.lanowner)))
    ) AS attributes
FROM pg_catalog.pg_language AS l
WHERE l.oid >= 16384
  AND %(whole)s
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_language'::regclass AND d.objid = l.oid AND d.deptype = 'e'
  )
ORDER BY 1
