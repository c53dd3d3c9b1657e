-- Who can use the roles verify cares about (PostgreSQL 15): before 16 every member may SET ROLE
-- (MEMBER), and inherits (USAGE) when the chain allows it. Roles with SUPERUSER, BYPASSRLS
-- or CREATEROLE are watched too. Superusers (as members) are left out.
SELECT
    m.rolname AS member,
    t.rolname AS role,
    pg_catalog.pg_has_role(m.oid, t.oid, 'USAGE') AS inherits,
    pg_catalog.pg_has_role(m.oid, t.oid, 'MEMBER') AS can_set,
    EXISTS (SELECT FROM pg_catalog.pg_auth_members AS a WHERE a.member = m.oid AND a.roleid = t.oid) AS direct
FROM pg_catalog.pg_roles AS m
CROSS JOIN pg_catalog.pg_roles AS t
WHERE (t.rolname = ANY(%(roles)s) OR t.rolsuper OR t.rolbypassrls OR t.rolcreaterole)
  AND m.oid <> t.oid
  AND NOT m.rolsuper
  AND m.rolname !~ '^pg_'
  AND pg_catalog.pg_has_role(m.oid, t.oid, 'MEMBER')
ORDER BY 1, 2
