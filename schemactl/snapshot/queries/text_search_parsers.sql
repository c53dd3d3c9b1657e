-- Text search parsers: start, gettoken, end, headline and lextypes functions, comment.
SELECT
    n.nspname || '.' || p.prsname AS identity,
    jsonb_build_object(
        'start', p.prsstart::pg_catalog.regprocedure::text,
        'gettoken', p.prstoken::pg_catalog.regprocedure::text,
        'end', p.prsend::pg_catalog.regprocedure::text,
        'headline', CASE WHEN p.prsheadline <> 0 THEN p.prsheadline::pg_catalog.regprocedure::text END,
        'lextypes', p.prslextype::pg_catalog.regprocedure::text,
        'comment', pg_catalog.obj_description(p.oid, 'pg_ts_parser')
    ) AS attributes
FROM pg_catalog.pg_ts_parser AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.prsnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_ts_parser'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  )
ORDER BY 1
