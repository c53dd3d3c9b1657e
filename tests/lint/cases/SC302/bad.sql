CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC302
CREATE TABLE invoices ( -- expect: SC302
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
