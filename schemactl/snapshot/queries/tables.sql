-- Tables (plain, partitioned, foreign): persistence, partitioning, inheritance (INHERITS, in order),
-- typed tables (OF type), access method, replica identity, foreign server and options, owner, RLS,
-- options, comment, privileges.
-- The comment is read from pg_description directly: obj_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
SELECT
    n.nspname || '.' || c.relname AS identity,
    CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS "kind",
    CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'permanent' END AS "persistence",
    CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS "partition_key",
    (
        SELECT pn.nspname || '.' || p.relname
        FROM pg_catalog.pg_inherits AS i
        JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
        JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
        WHERE i.inhrelid = c.oid AND c.relispartition
    ) AS "partition_of",
    CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS "partition_bound",
    CASE WHEN NOT c.relispartition THEN (
        SELECT jsonb_agg(pn.nspname || '.' || p.relname ORDER BY i.inhseqno)
        FROM pg_catalog.pg_inherits AS i
        JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
        JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
        WHERE i.inhrelid = c.oid
    ) END AS "inherits",
    CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END AS "of_type",
    (SELECT am.amname FROM pg_catalog.pg_am AS am WHERE am.oid = c.relam) AS "access_method",
    CASE c.relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
        WHEN 'i' THEN 'index ' || (
            SELECT ri.relname FROM pg_catalog.pg_index AS x JOIN pg_catalog.pg_class AS ri ON ri.oid = x.indexrelid
            WHERE x.indrelid = c.oid AND x.indisreplident
        ) ELSE 'default' END AS "replica_identity",
    (
        SELECT s.srvname FROM pg_catalog.pg_foreign_table AS ft
        JOIN pg_catalog.pg_foreign_server AS s ON s.oid = ft.ftserver WHERE ft.ftrelid = c.oid
    ) AS "server",
    CASE WHEN c.relkind = 'f' THEN (
        SELECT coalesce(jsonb_agg(o ORDER BY o), '[]'::jsonb)
        FROM pg_catalog.pg_foreign_table AS ft, unnest(ft.ftoptions) AS o WHERE ft.ftrelid = c.oid
    ) END AS "foreign_options",
    pg_catalog.pg_get_userbyid(c.relowner) AS "owner",
    c.relrowsecurity AS "rls_enabled",
    c.relforcerowsecurity AS "rls_forced",
    (SELECT coalesce(jsonb_agg(o ORDER BY o), '[]'::jsonb) FROM unnest(c.reloptions) AS o) AS "options",
    (
        SELECT ds.description FROM pg_catalog.pg_description AS ds
        WHERE ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
    ) AS "comment",
    privileges_json(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) AS "privileges"
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1
