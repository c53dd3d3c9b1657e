-- Publications (CREATE PUBLICATION): all tables, published actions, via root, generated columns
-- ('stored' from 18 when published; null, the default, compares equal with older servers), tables (with column list and row filter) and schemas, owner, comment. A publication
-- belongs to the database: kept only when no --schema is given.
SELECT
    p.pubname AS identity,
    jsonb_build_object(
        'all_tables', p.puballtables,
        'insert', p.pubinsert,
        'update', p.pubupdate,
        'delete', p.pubdelete,
        'truncate', p.pubtruncate,
        'via_root', p.pubviaroot,
        'generated_columns', CASE WHEN (pg_catalog.to_jsonb(p) ->> 'pubgencols') = 's' THEN 'stored' END,
        'tables', (
            SELECT coalesce(jsonb_object_agg(
                tn.nspname || '.' || t.relname,
                jsonb_build_object(
                    'columns', (
                        SELECT jsonb_agg(a.attname ORDER BY a.attname) FROM pg_catalog.pg_attribute AS a
                        WHERE a.attrelid = t.oid
                          AND a.attnum = ANY(r.prattrs::pg_catalog.int2[])
                    ),
                    'where', pg_catalog.pg_get_expr(r.prqual, t.oid)
                )
            ), '{}'::jsonb)
            FROM pg_catalog.pg_publication_rel AS r
            JOIN pg_catalog.pg_class AS t ON t.oid = r.prrelid
            JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
            WHERE r.prpubid = p.oid
        ),
        'schemas', (
            SELECT coalesce(jsonb_agg(sn.nspname ORDER BY sn.nspname), '[]'::jsonb)
            FROM pg_catalog.pg_publication_namespace AS pns
            JOIN pg_catalog.pg_namespace AS sn ON sn.oid = pns.pnnspid
            WHERE pns.pnpubid = p.oid
        ),
        'owner', pg_catalog.pg_get_userbyid(p.pubowner),
        'comment', pg_catalog.obj_description(p.oid, 'pg_publication')
    ) AS attributes
FROM pg_catalog.pg_publication AS p
WHERE %(whole)s
ORDER BY 1
