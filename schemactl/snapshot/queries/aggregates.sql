-- Aggregates (CREATE AGGREGATE): kind, transition and final functions, state type, initial value,
-- moving-aggregate support, sort operator, parallel safety, owner, comment, privileges.
SELECT
    n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS identity,
    jsonb_build_object(
        'kind', CASE a.aggkind WHEN 'o' THEN 'ordered-set' WHEN 'h' THEN 'hypothetical-set' ELSE 'normal' END,
        'arguments', pg_catalog.pg_get_function_arguments(p.oid),
        'result', pg_catalog.pg_get_function_result(p.oid),
        'sfunc', a.aggtransfn::pg_catalog.regprocedure::text,
        'stype', pg_catalog.format_type(a.aggtranstype, NULL),
        'sspace', a.aggtransspace,
        'finalfunc', CASE WHEN a.aggfinalfn <> 0 THEN a.aggfinalfn::pg_catalog.regprocedure::text END,
        'finalfunc_extra', a.aggfinalextra,
        'finalfunc_modify', a.aggfinalmodify::text,
        'combinefunc', CASE WHEN a.aggcombinefn <> 0 THEN a.aggcombinefn::pg_catalog.regprocedure::text END,
        'serialfunc', CASE WHEN a.aggserialfn <> 0 THEN a.aggserialfn::pg_catalog.regprocedure::text END,
        'deserialfunc', CASE WHEN a.aggdeserialfn <> 0 THEN a.aggdeserialfn::pg_catalog.regprocedure::text END,
        'initcond', a.agginitval,
        'msfunc', CASE WHEN a.aggmtransfn <> 0 THEN a.aggmtransfn::pg_catalog.regprocedure::text END,
        'minvfunc', CASE WHEN a.aggminvtransfn <> 0 THEN a.aggminvtransfn::pg_catalog.regprocedure::text END,
        'mstype', CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END,
        'mfinalfunc', CASE WHEN a.aggmfinalfn <> 0 THEN a.aggmfinalfn::pg_catalog.regprocedure::text END,
        'minitcond', a.aggminitval,
        'sortop', CASE WHEN a.aggsortop <> 0 THEN a.aggsortop::pg_catalog.regoperator::text END,
        'direct_arguments', a.aggnumdirectargs,
        'parallel', CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END,
        'owner', pg_catalog.pg_get_userbyid(p.proowner),
        'comment', pg_catalog.obj_description(p.oid, 'pg_proc'),
        'privileges', privileges_json(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)))
    ) AS attributes
FROM pg_catalog.pg_aggregate AS a
JOIN pg_catalog.pg_proc AS p ON p.oid = a.aggfnoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  )
ORDER BY 1
