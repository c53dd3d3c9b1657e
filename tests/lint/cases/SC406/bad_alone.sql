CREATE OR REPLACE FUNCTION public.refresh_read_path() RETURNS void LANGUAGE plpgsql SECURITY DEFINER -- expect: SC406
    SET search_path = pg_catalog, public, pg_temp
AS $$ BEGIN REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_realtime_revenue; END $$;
GRANT EXECUTE ON FUNCTION public.refresh_read_path() TO app_admin;
