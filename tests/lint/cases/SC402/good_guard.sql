CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb NOT NULL, seen boolean);
CREATE FUNCTION public.events_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$;
CREATE TRIGGER trg_events_guard BEFORE DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION public.events_guard();
GRANT SELECT, INSERT, UPDATE (seen) ON events TO app_rw;
-- a trigger that does not refuse anything does not make a table append-only
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text);
CREATE FUNCTION public.notes_touch() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$ BEGIN NEW.body := btrim(NEW.body); RETURN NEW; END $$;
CREATE TRIGGER trg_notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION public.notes_touch();
GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO app_rw;
-- a validation trigger (it fires on INSERT too) does not make a table append-only
CREATE TABLE payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount_cents bigint NOT NULL);
CREATE FUNCTION public.payments_check() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$ BEGIN IF NEW.amount_cents < 0 THEN RAISE EXCEPTION 'negative'; END IF; RETURN NEW; END $$;
CREATE TRIGGER trg_payments_check BEFORE INSERT OR UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION public.payments_check();
GRANT SELECT, INSERT, UPDATE, DELETE ON payments TO app_rw;
-- a guard on DELETE only leaves UPDATE alone
GRANT UPDATE ON events TO app_rw;
