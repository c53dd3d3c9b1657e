-- Operator families (CREATE OPERATOR FAMILY, and the family of each operator class): access
-- method, operators (strategy, operand types, operator, search or ORDER BY with its sort family)
-- and support functions (number, operand types, function), owner, comment.
SELECT
    n.nspname || '.' || f.opfname || ' USING ' || am.amname AS identity,
    jsonb_build_object(
        'operators', (
            SELECT coalesce(jsonb_agg(
                o.amopstrategy || ' ' || o.amopopr::pg_catalog.regoperator::text ||
                CASE WHEN o.amoppurpose = 'o' THEN ' FOR ORDER BY ' || (
                    SELECT sn.nspname || '.' || sf.opfname FROM pg_catalog.pg_opfamily AS sf
                    JOIN pg_catalog.pg_namespace AS sn ON sn.oid = sf.opfnamespace WHERE sf.oid = o.amopsortfamily
                ) ELSE '' END
                ORDER BY o.amopstrategy, o.amoplefttype::pg_catalog.regtype::text, o.amoprighttype::pg_catalog.regtype::text
            ), '[]'::jsonb)
            FROM pg_catalog.pg_amop AS o WHERE o.amopfamily = f.oid
        ),
        'functions', (
            SELECT coalesce(jsonb_agg(
                p.amprocnum || ' (' || pg_catalog.format_type(p.amproclefttype, NULL) || ', ' ||
                pg_catalog.format_type(p.amprocrighttype, NULL) || ') ' || p.amproc::pg_catalog.regprocedure::text
                ORDER BY p.amprocnum, p.amproclefttype::pg_catalog.regtype::text, p.amprocrighttype::pg_catalog.regtype::text
            ), '[]'::jsonb)
            FROM pg_catalog.pg_amproc AS p WHERE p.amprocfamily = f.oid
        ),
        'owner', pg_catalog.pg_get_userbyid(f.opfowner),
        'comment', pg_catalog.obj_description(f.oid, 'pg_opfamily')
    ) AS attributes
FROM pg_catalog.pg_opfamily AS f
JOIN pg_catalog.pg_namespace AS n ON n.oid = f.opfnamespace
JOIN pg_catalog.pg_am AS am ON am.oid = f.opfmethod
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_depend AS d
      WHERE d.classid = 'pg_catalog.pg_opfamily'::regclass AND d.objid = f.oid AND d.deptype = 'e'
  )
ORDER BY 1
