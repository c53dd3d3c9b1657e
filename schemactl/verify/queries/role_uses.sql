-- Who can use the roles verify cares about (PostgreSQL 16+): inherit their privileges (USAGE) or
-- SET ROLE to them (SET), directly or through other roles, as the server itself decides. A
-- membership with only the ADMIN option (what CREATEROLE gets over the roles it creates) is neither.
-- Roles with SUPERUSER, BYPASSRLS or CREATEROLE are watched too. Superusers (as members) are left
-- out: pg_has_role is true for them whatever their memberships.
SELECT
    m.rolname AS member,
    t.rolname AS role,
    pg_catalog.pg_has_role(m.oid, t.oid, 'USAGE') AS inherits,
    pg_catalog.pg_has_role(m.oid, t.oid, 'SET') AS can_set,
    EXISTS (
        SELECT FROM pg_catalog.pg_auth_members AS a
        WHERE a.member = m.oid AND a.roleid = t.oid AND (a.inherit_option OR a.set_option)
    ) AS direct
FROM pg_catalog.pg_roles AS m
CROSS JOIN pg_catalog.pg_roles AS t
WHERE (t.rolname = ANY(%(roles)s) OR t.rolsuper OR t.rolbypassrls OR t.rolcreaterole)
  AND m.oid <> t.oid
  AND NOT m.rolsuper
  AND m.rolname !~ '^pg_'
  AND (pg_catalog.pg_has_role(m.oid, t.oid, 'USAGE') OR pg_catalog.pg_has_role(m.oid, t.oid, 'SET'))
ORDER BY 1, 2
