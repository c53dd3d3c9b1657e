-- Encoding conversions (CREATE CONVERSION): source and target encodings, function, default, owner, comment.
SELECT
    n.nspname || '.' || c.conname AS identity,
    jsonb_build_object(
        'source', pg_catalog.pg_encoding_to_char(c.conforencoding),
        'target', pg_catalog.pg_encoding_to_char(c.contoencoding),
        'function', c.conproc::pg_catalog.regprocedure::text,
        'default', c.condefault,
        'owner', pg_catalog.pg_get_userbyid(c.conowner),
        'comment', pg_catalog.obj_description(c.oid, 'pg_conversion')
    ) AS attributes
FROM pg_catalog.pg_conversion AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.connamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_conversion'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1
