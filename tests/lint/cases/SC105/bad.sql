CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- expect: SC105
    customer_id uuid NOT NULL REFERENCES customers (id), -- expect: SC105
    number text UNIQUE, -- expect: SC105
    total_cents bigint NOT NULL CHECK (total_cents >= 0), -- expect: SC105
    during tstzrange
);
CREATE TABLE invoice_lines (
    invoice_id uuid NOT NULL,
    line integer NOT NULL,
    sku text,
    during tstzrange,
    PRIMARY KEY (invoice_id, line), -- expect: SC105
    FOREIGN KEY (invoice_id) REFERENCES invoices (id), -- expect: SC105
    UNIQUE (invoice_id, sku), -- expect: SC105
    CHECK (line > 0), -- expect: SC105
    EXCLUDE USING gist (during WITH &&) -- expect: SC105
);
ALTER TABLE orders ADD CHECK (total_cents >= 0); -- expect: SC105
ALTER TABLE orders ADD COLUMN invoice_id uuid REFERENCES invoices (id); -- expect: SC105
ALTER TABLE orders
    ADD COLUMN number text,
    ADD UNIQUE (number); -- expect: SC105
