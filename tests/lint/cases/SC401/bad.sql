CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents integer NOT NULL);
CREATE SEQUENCE invoice_numbers;
CREATE FUNCTION public.invoice_total(invoice uuid) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;

GRANT SELECT ON invoices TO PUBLIC; -- expect: SC401
GRANT SELECT ON TABLE invoices TO app_ro, PUBLIC; -- expect: SC401
GRANT UPDATE (total_cents) ON invoices TO public; -- expect: SC401
GRANT USAGE ON SEQUENCE invoice_numbers TO PUBLIC; -- expect: SC401
GRANT EXECUTE ON FUNCTION public.invoice_total(uuid) TO PUBLIC; -- expect: SC401
GRANT USAGE ON SCHEMA public TO PUBLIC; -- expect: SC401
GRANT CONNECT ON DATABASE app TO PUBLIC; -- expect: SC401
GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC; -- expect: SC401
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC; -- expect: SC401
GRANT app_ro TO PUBLIC; -- expect: SC401
GRANT SELECT
    ON invoices
    TO app_rw,
       PUBLIC; -- expect: SC401
