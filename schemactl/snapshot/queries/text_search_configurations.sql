-- Text search configurations: parser, and for each token type the dictionaries in order; owner, comment.
SELECT
    n.nspname || '.' || c.cfgname AS identity,
    jsonb_build_object(
        'parser', pn.nspname || '.' || p.prsname,
        'mappings', (
            SELECT coalesce(jsonb_object_agg(token, dictionaries), '{}'::jsonb)
            FROM (
                SELECT
                    t.alias AS token,
                    jsonb_agg(dn.nspname || '.' || d.dictname ORDER BY m.mapseqno) AS dictionaries
                FROM pg_catalog.pg_ts_config_map AS m
                JOIN pg_catalog.pg_ts_dict AS d ON d.oid = m.mapdict
                JOIN pg_catalog.pg_namespace AS dn ON dn.oid = d.dictnamespace
                JOIN pg_catalog.ts_token_type(c.cfgparser) AS t ON t.tokid = m.maptokentype
                WHERE m.mapcfg = c.oid
                GROUP BY t.alias
            ) AS mapped
        ),
        'owner', pg_catalog.pg_get_userbyid(c.cfgowner),
        'comment', pg_catalog.obj_description(c.oid, 'pg_ts_config')
    ) AS attributes
FROM pg_catalog.pg_ts_config AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.cfgnamespace
JOIN pg_catalog.pg_ts_parser AS p ON p.oid = c.cfgparser
JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.prsnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_ts_config'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1
