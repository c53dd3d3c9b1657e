CREATE FUNCTION public.add_one(n integer) RETURNS integer LANGUAGE sql IMMUTABLE
AS $$ SELECT n + 1 $$;
ALTER FUNCTION public.add_one(int4) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION public.missing_elsewhere() SET search_path = pg_catalog, pg_temp;
