CREATE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT NULLIF(current_setting('app.current_tenant_id', true), '')::uuid $$;
CREATE FUNCTION public.add_one(n integer) RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT n + 1 $$;
