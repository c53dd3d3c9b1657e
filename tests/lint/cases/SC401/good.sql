CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents integer NOT NULL);
CREATE FUNCTION public.invoice_total(invoice uuid) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;

-- taking from PUBLIC is the point
REVOKE ALL ON TABLE invoices FROM PUBLIC;
REVOKE ALL ON FUNCTION public.invoice_total(uuid) FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- grants to named roles, one of them named like the keyword
GRANT SELECT ON invoices TO app_ro;
GRANT SELECT ON invoices TO public_reader;
GRANT EXECUTE ON FUNCTION public.invoice_total(uuid) TO app_rw;
GRANT app_ro TO app_rw;

-- a policy TO PUBLIC is not a grant
CREATE POLICY invoices_policy ON invoices TO PUBLIC USING (true) WITH CHECK (true);

-- the macro revokes from PUBLIC and grants per role
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
{{ grant_privileges('tenants') }}
