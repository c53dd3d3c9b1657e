CREATE FUNCTION public.purge_tenant(p_tenant uuid) RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$ DELETE FROM public.tenants WHERE id = p_tenant $$;
REVOKE ALL ON FUNCTION public.purge_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.purge_tenant(uuid) TO app_admin;

-- every overload, by name
CREATE FUNCTION public.refresh() RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT 1 $$;
REVOKE EXECUTE ON FUNCTION public.refresh FROM PUBLIC;

-- an invoker-rights function keeps PUBLIC's EXECUTE
CREATE FUNCTION public.add_one(n integer) RETURNS integer LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT n + 1 $$;
