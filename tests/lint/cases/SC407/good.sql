-- the earlier migration's functions, pinned by this one
ALTER FUNCTION public.app_current_tenant_id() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION public.add_one SET search_path TO pg_catalog, pg_temp;
CREATE FUNCTION public.tenant_name() RETURNS text LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT name FROM public.tenants $$;
CREATE FUNCTION public.c_thing() RETURNS integer LANGUAGE c AS 'thing', 'thing';
