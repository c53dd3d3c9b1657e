CREATE FUNCTION public.tenant_name() RETURNS text LANGUAGE sql STABLE -- expect: SC407
AS $$ SELECT name FROM tenants $$;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql -- expect: SC407
    SET search_path = public
AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE public.tidy() LANGUAGE sql SET search_path = pg_temp, pg_catalog -- expect: SC407
AS $$ SELECT 1 $$;
-- pinned, then reset by a later ALTER
CREATE FUNCTION public.add_two(n integer) RETURNS integer LANGUAGE sql SET search_path = pg_catalog, pg_temp
AS $$ SELECT n + 2 $$;
ALTER FUNCTION public.add_two(integer) RESET search_path; -- expect: SC407
-- CREATE OR REPLACE without SET drops the earlier migration's path... and this one had none
CREATE OR REPLACE FUNCTION public.add_one(n integer) RETURNS integer LANGUAGE sql IMMUTABLE -- expect: SC407
AS $$ SELECT n + 1 $$;
-- SQL-standard body
CREATE FUNCTION public.double(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n * 2; -- expect: SC407
