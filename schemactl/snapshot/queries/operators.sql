-- Operators (CREATE OPERATOR): function, commutator, negator, selectivity estimators, hashes,
-- merges, owner, comment. Identity: schema.name(left type, right type), NONE for a prefix operator.
SELECT
    n.nspname || '.' || o.oprname || '(' ||
        CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE pg_catalog.format_type(o.oprleft, NULL) END || ', ' ||
        pg_catalog.format_type(o.oprright, NULL) || ')' AS identity,
    jsonb_build_object(
        'function', o.oprcode::pg_catalog.regprocedure::text,
        'result', pg_catalog.format_type(o.oprresult, NULL),
        'commutator', CASE WHEN o.oprcom <> 0 THEN o.oprcom::pg_catalog.regoperator::text END,
        'negator', CASE WHEN o.oprnegate <> 0 THEN o.oprnegate::pg_catalog.regoperator::text END,
        'restrict', CASE WHEN o.oprrest <> 0 THEN o.oprrest::pg_catalog.regprocedure::text END,
        'join', CASE WHEN o.oprjoin <> 0 THEN o.oprjoin::pg_catalog.regprocedure::text END,
        'hashes', o.oprcanhash,
        'merges', o.oprcanmerge,
        'owner', pg_catalog.pg_get_userbyid(o.oprowner),
        'comment', pg_catalog.obj_description(o.oid, 'pg_operator')
    ) AS attributes
FROM pg_catalog.pg_operator AS o
JOIN pg_catalog.pg_namespace AS n ON n.oid = o.oprnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
  )
ORDER BY 1
