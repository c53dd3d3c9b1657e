CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- expect: SC203
    number text
);
CREATE TABLE refunds (
    id uuid CONSTRAINT pk_refunds PRIMARY KEY, -- expect: SC203
    reason text
);
CREATE TABLE countries (
    code text NOT NULL, -- expect: SC203
    name text NOT NULL,
    CONSTRAINT pk_countries PRIMARY KEY (code)
);
CREATE TABLE invoice_lines (
    invoice_id uuid NOT NULL,
    line integer NOT NULL,
    CONSTRAINT pk_invoice_lines PRIMARY KEY (invoice_id, line) -- expect: SC203
);
CREATE TABLE tickets (id serial PRIMARY KEY); -- expect: SC203
ALTER TABLE legacy_accounts ADD CONSTRAINT pk_legacy_accounts PRIMARY KEY (code); -- expect: SC203
ALTER TABLE legacy_tokens ADD CONSTRAINT pk_legacy_tokens PRIMARY KEY (id); -- expect: SC203
ALTER TABLE legacy_users ADD COLUMN legacy_number integer PRIMARY KEY; -- expect: SC203
CREATE TABLE measurements (
    sensor text NOT NULL, -- expect: SC203
    taken_on date NOT NULL,
    CONSTRAINT pk_measurements PRIMARY KEY (sensor, taken_on)
) PARTITION BY RANGE (taken_on);
-- The tenant column must lead, and the id must still be a uuid with a default.
CREATE TABLE shipments (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    CONSTRAINT pk_shipments PRIMARY KEY (id, tenant_id) -- expect: SC203
);
CREATE TABLE parcels (
    id bigint NOT NULL, -- expect: SC203
    tenant_id uuid NOT NULL,
    CONSTRAINT pk_parcels PRIMARY KEY (tenant_id, id)
);
