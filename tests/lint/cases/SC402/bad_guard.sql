-- append-only inferred from a guard trigger
CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb NOT NULL);
CREATE FUNCTION public.events_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$;
CREATE TRIGGER trg_events_guard BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION public.events_guard();
GRANT SELECT, INSERT, DELETE ON events TO app_rw; -- expect: SC402
GRANT TRUNCATE ON events TO app_admin; -- expect: SC402
