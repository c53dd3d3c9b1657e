-- definer without search_path
CREATE FUNCTION public.refresh_read_path() -- expect: SC404
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
AS $$ BEGIN REFRESH MATERIALIZED VIEW CONCURRENTLY mv_revenue; END $$;

-- trigger function without search_path
CREATE FUNCTION public.set_updated_at() -- expect: SC404
    RETURNS trigger
    LANGUAGE plpgsql
AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

-- event trigger function without search_path
CREATE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$; -- expect: SC404

-- definer procedure, EXTERNAL spelling
CREATE PROCEDURE public.purge_dead_events() LANGUAGE sql EXTERNAL SECURITY DEFINER -- expect: SC404
AS $$ DELETE FROM dead_events $$;

-- pg_temp absent: the temporary schema is searched first
CREATE FUNCTION public.count_events() -- expect: SC404
    RETURNS bigint
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$ SELECT count(*) FROM attribution_events $$;

-- pg_temp not last
CREATE FUNCTION public.count_allocations() -- expect: SC404
    RETURNS bigint
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_temp, pg_catalog, public
AS $$ SELECT count(*) FROM attribution_allocations $$;

-- an empty path leaves pg_temp first too
CREATE FUNCTION public.count_tenants() RETURNS bigint LANGUAGE sql SECURITY DEFINER -- expect: SC404
    SET search_path = ''
AS $$ SELECT count(*) FROM public.tenants $$;

-- a quoted list is one schema name
CREATE FUNCTION public.count_runs() RETURNS bigint LANGUAGE sql SECURITY DEFINER -- expect: SC404
    SET search_path = 'pg_catalog, public, pg_temp'
AS $$ SELECT count(*) FROM reconciliation_runs $$;

-- FROM CURRENT cannot be checked
CREATE FUNCTION public.count_ledger() RETURNS bigint LANGUAGE sql SECURITY DEFINER -- expect: SC404
    SET search_path FROM CURRENT
AS $$ SELECT count(*) FROM revenue_ledger $$;

-- TO DEFAULT does not pin it
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql -- expect: SC404
    SET search_path TO DEFAULT
AS $$ BEGIN RETURN NEW; END $$;

-- made definer by a later ALTER, which pins nothing: reported at the ALTER
CREATE FUNCTION public.count_guards() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM allocation_sum_guards $$;
ALTER FUNCTION public.count_guards() SECURITY DEFINER; -- expect: SC404
