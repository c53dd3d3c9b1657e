-- default privileges revoked for migration_owner do not cover functions another role creates
ALTER DEFAULT PRIVILEGES FOR ROLE migration_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE FUNCTION public.purge_a() RETURNS void LANGUAGE sql SECURITY DEFINER -- expect: SC406
    SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT 1 $$;
SET LOCAL ROLE migration_owner;
CREATE FUNCTION public.purge_b() RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT 1 $$;
