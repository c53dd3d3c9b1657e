-- linted on its own: a tenant function (by its name) that reads another setting
CREATE OR REPLACE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE -- expect: SC306
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(current_setting('app.tenant_override', true), current_setting('app.current_tenant_id', true))::uuid $$;
