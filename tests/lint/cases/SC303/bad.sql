CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC303
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;

CREATE TABLE invoices ( -- expect: SC303
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;

-- forced, then un-forced
CREATE TABLE payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE payments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE payments NO FORCE ROW LEVEL SECURITY; -- expect: SC303
-- a table these migrations did not create
ALTER TABLE orders NO FORCE ROW LEVEL SECURITY; -- expect: SC303
