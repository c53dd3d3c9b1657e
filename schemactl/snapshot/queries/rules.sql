-- Rewrite rules (CREATE RULE) on tables and views: event, DO INSTEAD, enabled, definition. The
-- _RETURN rule that makes a view is the view itself and is left out.
SELECT
    n.nspname || '.' || c.relname || '.' || r.rulename AS identity,
    jsonb_build_object(
        'table', n.nspname || '.' || c.relname,
        'event', CASE r.ev_type WHEN '1' THEN 'SELECT' WHEN '2' THEN 'UPDATE' WHEN '3' THEN 'INSERT'
            WHEN '4' THEN 'DELETE' END,
        'instead', r.is_instead,
        'enabled', CASE r.ev_enabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
            ELSE 'always' END,
        'definition', pg_catalog.pg_get_ruledef(r.oid, true),
        'comment', pg_catalog.obj_description(r.oid, 'pg_rewrite')
    ) AS attributes
FROM pg_catalog.pg_rewrite AS r
JOIN pg_catalog.pg_class AS c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1
