-- Event triggers (CREATE EVENT TRIGGER): event, tag filter, function, enabled, owner, comment.
-- They belong to the database, not to a schema: kept only when no --schema is given.
SELECT
    e.evtname AS identity,
    jsonb_build_object(
        'event', e.evtevent,
        'tags', (SELECT jsonb_agg(tag ORDER BY tag) FROM unnest(e.evttags) AS tag),
        'function', e.evtfoid::pg_catalog.regprocedure::text,
        'enabled', CASE e.evtenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
            ELSE 'always' END,
        'owner', pg_catalog.pg_get_userbyid(e.evtowner),
        'comment', pg_catalog.obj_description(e.oid, 'pg_event_trigger')
    ) AS attributes
FROM pg_catalog.pg_event_trigger AS e
WHERE %(whole)s
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_event_trigger'::regclass AND d.objid = e.oid AND d.deptype = 'e'
  )
ORDER BY 1
