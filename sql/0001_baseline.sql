-- Baseline: roles, schema privileges and the shared functions every table relies on.
-- Seed revisions: 202511121302 (baseline) and the role half of 202511131121 (add_grants):
-- the roles must exist before any object can be owned by migration_owner.
-- Runs as a superuser (creating a BYPASSRLS role needs one); later files run as migration_owner.

{{ group_roles() }}

-- PUBLIC gets nothing: not the database, not schema public, not our functions.
DO $privileges$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format(
        'GRANT CONNECT, TEMPORARY ON DATABASE %I TO app_rw, app_ro, app_admin, migration_owner, rls_definer',
        current_database()
    );
END
$privileges$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO migration_owner, rls_definer;
GRANT USAGE ON SCHEMA public TO app_rw, app_ro, app_admin;
ALTER DEFAULT PRIVILEGES FOR ROLE migration_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE rls_definer REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

SET LOCAL ROLE migration_owner;

-- The tenant of the session, fail-closed: NULL unless app.current_tenant_id is a canonical UUID.
-- Any session can set the setting: see docs/TENANT_CONTEXT.md for the trust boundary.
CREATE FUNCTION public.app_current_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN setting ~ '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'
            THEN setting::uuid
    END
    FROM (SELECT pg_catalog.current_setting('app.current_tenant_id', true) AS setting) AS context
$$;
COMMENT ON FUNCTION public.app_current_tenant_id() IS
    'Tenant of the session from app.current_tenant_id; NULL when unset, empty or not a UUID, so policies show and accept nothing.';
{{ grant_privileges('app_current_tenant_id()') }}

-- Maintains updated_at on every table that has it (stamped by tenant_table()).
CREATE FUNCTION public.set_updated_at()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.set_updated_at() IS 'Trigger function: sets updated_at to now() on every UPDATE.';
REVOKE ALL ON FUNCTION public.set_updated_at() FROM PUBLIC;
