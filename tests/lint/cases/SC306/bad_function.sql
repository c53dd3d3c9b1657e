-- the function every policy calls is redefined to read another setting
CREATE OR REPLACE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE -- expect: SC306
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT NULLIF(current_setting('app.tenant', true), '')::uuid $$;
