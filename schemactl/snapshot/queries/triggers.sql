-- Triggers (user-defined, constraint triggers included): timing, events, WHEN, level, function, deferrability.
SELECT
    n.nspname || '.' || c.relname || '.' || t.tgname AS identity,
    jsonb_build_object(
        'table', n.nspname || '.' || c.relname,
        'definition', pg_catalog.pg_get_triggerdef(t.oid, true),
        'timing', CASE WHEN t.tgtype & 2 <> 0 THEN 'BEFORE' WHEN t.tgtype & 64 <> 0 THEN 'INSTEAD OF' ELSE 'AFTER' END,
        'events', (
            SELECT jsonb_agg(event ORDER BY event)
            FROM (VALUES (4, 'INSERT'), (8, 'DELETE'), (16, 'UPDATE'), (32, 'TRUNCATE')) AS e (bit, event)
            WHERE t.tgtype & e.bit <> 0
        ),
        'when', substring(pg_catalog.pg_get_triggerdef(t.oid, true) FROM ' WHEN \((.*)\) EXECUTE '),
        'level', CASE WHEN t.tgtype & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END,
        'function', t.tgfoid::regprocedure::text,
        'constraint', t.tgconstraint <> 0,
        'deferrable', t.tgdeferrable,
        'deferred', t.tginitdeferred,
        'enabled', CASE t.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' ELSE 'always' END,
        'comment', pg_catalog.obj_description(t.oid, 'pg_trigger')
    ) AS attributes
FROM pg_catalog.pg_trigger AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1
