CREATE FUNCTION audit.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$; -- expect: SC407
-- pins public.f, not audit.f
CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$ SELECT 1 $$;
