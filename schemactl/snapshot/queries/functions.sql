-- Functions and procedures: signature, result, language, body, volatility, security, leakproof, strictness,
-- COST, ROWS, support function, config.
-- SQL-standard bodies (BEGIN ATOMIC, RETURN) live in prosqlbody, not prosrc. Functions that belong
-- to another object (the constructors of a range type, owned by the bootstrap superuser) and
-- functions of extensions are left out.
SELECT
    n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS identity,
    jsonb_build_object(
        'kind', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
        'arguments', pg_catalog.pg_get_function_arguments(p.oid),
        'result', pg_catalog.pg_get_function_result(p.oid),
        'language', l.lanname,
        'body', CASE
            WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid)
            WHEN l.lanname = 'c' THEN p.probin || ':' || p.prosrc
            ELSE p.prosrc END,
        'volatility', CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END,
        'parallel', CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END,
        'security_definer', p.prosecdef,
        'leakproof', p.proleakproof,
        'strict', p.proisstrict,
        'cost', p.procost,
        'rows', p.prorows,
        'support', CASE WHEN p.prosupport <> 0 THEN p.prosupport::pg_catalog.regprocedure::text END,
        'config', (SELECT coalesce(jsonb_agg(setting ORDER BY setting), '[]'::jsonb) FROM unnest(p.proconfig) AS setting),
        'owner', pg_catalog.pg_get_userbyid(p.proowner),
        'comment', pg_catalog.obj_description(p.oid, 'pg_proc'),
        'privileges', privileges_json(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)))
    ) AS attributes
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language AS l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i')
  )
ORDER BY 1
