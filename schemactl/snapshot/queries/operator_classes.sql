-- Operator classes (CREATE OPERATOR CLASS): access method, indexed type, default, family,
-- storage type, owner, comment. Their operators and support functions live in the family.
SELECT
    n.nspname || '.' || oc.opcname || ' USING ' || am.amname AS identity,
    jsonb_build_object(
        'type', pg_catalog.format_type(oc.opcintype, NULL),
        'default', oc.opcdefault,
        'family', fn.nspname || '.' || f.opfname,
        'storage', CASE WHEN oc.opckeytype <> 0 THEN pg_catalog.format_type(oc.opckeytype, NULL) END,
        'owner', pg_catalog.pg_get_userbyid(oc.opcowner),
        'comment', pg_catalog.obj_description(oc.oid, 'pg_opclass')
    ) AS attributes
FROM pg_catalog.pg_opclass AS oc
JOIN pg_catalog.pg_namespace AS n ON n.oid = oc.opcnamespace
JOIN pg_catalog.pg_am AS am ON am.oid = oc.opcmethod
JOIN pg_catalog.pg_opfamily AS f ON f.oid = oc.opcfamily
JOIN pg_catalog.pg_namespace AS fn ON fn.oid = f.opfnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_opclass'::regclass AND d.objid = oc.oid AND d.deptype = 'e'
  )
ORDER BY 1
