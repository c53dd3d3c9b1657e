-- definer, pinned, pg_temp last
CREATE FUNCTION public.refresh_read_path()
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$ BEGIN REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_revenue; END $$;

-- trigger function pinned (pg_temp not required for an invoker-rights function)
CREATE FUNCTION public.set_updated_at()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

-- ordinary invoker-rights functions and procedures
CREATE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT NULLIF(current_setting('app.current_tenant_id', true), '')::uuid $$;
CREATE PROCEDURE public.noop() LANGUAGE sql SECURITY INVOKER AS $$ SELECT 1 $$;

-- definer, pinned with TO and quoted identifiers, pg_temp last
CREATE OR REPLACE PROCEDURE public.purge_dead_events() LANGUAGE sql SECURITY DEFINER
    SET search_path TO "pg_catalog", public, pg_temp
AS $$ DELETE FROM public.dead_events $$;

-- definer pinned by an ALTER later in the same file
CREATE FUNCTION public.count_events() RETURNS bigint LANGUAGE sql SECURITY DEFINER
AS $$ SELECT count(*) FROM public.attribution_events $$;
ALTER FUNCTION public.count_events() SET search_path = pg_catalog, public, pg_temp;

-- made definer by an ALTER that also pins the path
CREATE FUNCTION public.count_guards() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.allocation_sum_guards $$;
ALTER FUNCTION public.count_guards() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- trigger function pinned FROM CURRENT
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$ BEGIN RETURN NEW; END $$;
