CREATE FUNCTION public.purge_tenant(p_tenant uuid) RETURNS void LANGUAGE sql SECURITY DEFINER -- expect: SC406
    SET search_path = pg_catalog, public, pg_temp
AS $$ DELETE FROM public.tenants WHERE id = p_tenant $$;
GRANT EXECUTE ON FUNCTION public.purge_tenant(uuid) TO app_admin;

-- revoked from an app role, not from PUBLIC
CREATE PROCEDURE public.purge_events() LANGUAGE sql SECURITY DEFINER -- expect: SC406
    SET search_path = pg_catalog, public, pg_temp
AS $$ DELETE FROM public.dead_events $$;
REVOKE ALL ON PROCEDURE public.purge_events() FROM app_rw;

-- revoked, then granted to PUBLIC again
CREATE FUNCTION public.refresh() RETURNS void LANGUAGE sql SECURITY DEFINER -- expect: SC406
    SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT 1 $$;
REVOKE EXECUTE ON FUNCTION public.refresh() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.refresh() TO PUBLIC;

-- made definer by a later ALTER
CREATE FUNCTION public.count_all() RETURNS bigint LANGUAGE sql -- expect: SC406
    SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT count(*) FROM public.tenants $$;
ALTER FUNCTION public.count_all() SECURITY DEFINER;
