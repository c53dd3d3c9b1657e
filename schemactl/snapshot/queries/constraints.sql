-- Table constraints: primary key, foreign key, unique, check, exclusion. NOT NULL is a column
-- attribute; constraint triggers are triggers. A foreign key to a partitioned table has, on the
-- same table, one hidden child per referenced partition (named fk_1, fk_2, ... in creation
-- order): those are left out, the foreign key itself is kept. On an inheritance child (not a
-- partition), 'inheritance' says whether a constraint comes from a parent, or also is declared locally.
-- The comment is read from pg_description directly: obj_description() is an SQL function, run
-- once per row, and costs several times the index lookup it makes.
SELECT
    n.nspname || '.' || cl.relname || '.' || con.conname AS identity,
    CASE con.contype
        WHEN 'p' THEN 'primary key' WHEN 'f' THEN 'foreign key' WHEN 'u' THEN 'unique'
        WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' END AS "type",
    pg_catalog.pg_get_constraintdef(con.oid, true) AS "definition",
    CASE WHEN con.contype = 'f' THEN (
        SELECT fn.nspname || '.' || f.relname
        FROM pg_catalog.pg_class AS f JOIN pg_catalog.pg_namespace AS fn ON fn.oid = f.relnamespace
        WHERE f.oid = con.confrelid
    ) END AS "references",
    CASE WHEN con.contype = 'f' THEN
        CASE con.confmatchtype WHEN 'f' THEN 'full' WHEN 'p' THEN 'partial' ELSE 'simple' END END AS "match",
    CASE WHEN con.contype = 'f' THEN
        CASE con.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade'
            WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END END AS "on_delete",
    CASE WHEN con.contype = 'f' THEN
        CASE con.confupdtype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade'
            WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END END AS "on_update",
    con.condeferrable AS "deferrable",
    con.condeferred AS "deferred",
    con.convalidated AS "validated",
    CASE WHEN con.coninhcount > 0 AND NOT cl.relispartition THEN
        CASE WHEN con.conislocal THEN 'inherited and local' ELSE 'inherited' END END AS "inheritance",
    (
        SELECT ds.description FROM pg_catalog.pg_description AS ds
        WHERE ds.objoid = con.oid AND ds.classoid = 'pg_catalog.pg_constraint'::regclass AND ds.objsubid = 0
    ) AS "comment"
FROM pg_catalog.pg_constraint AS con
JOIN pg_catalog.pg_class AS cl ON cl.oid = con.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = cl.relnamespace
WHERE con.contype IN ('p', 'f', 'u', 'c', 'x')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_constraint AS parent
      WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid
  )
ORDER BY 1
