CREATE TABLE invoices (
    id uuid DEFAULT gen_random_uuid(),
    price double precision, -- expect: SC202
    unit_price real, -- expect: SC202
    total_amount float, -- expect: SC202
    revenue numeric, -- expect: SC202
    fee_cents numeric(12), -- expect: SC202
    balance decimal, -- expect: SC202
    fees float8[], -- expect: SC202
    note_value money, -- expect: SC202
    amount numeric(12, 2), -- expect: SC202
    list_price varchar(20), -- expect: SC202
    unit_cost text, -- expect: SC202
    CONSTRAINT pk_invoices PRIMARY KEY (id)
);
ALTER TABLE invoices ADD COLUMN shipping_cost float4; -- expect: SC202
ALTER TABLE invoices ALTER COLUMN revenue TYPE double precision; -- expect: SC202
ALTER TABLE invoices
    ADD COLUMN refund money, -- expect: SC202
    ADD COLUMN subtotal numeric NOT NULL; -- expect: SC202
ALTER TABLE invoices ALTER COLUMN price_cents TYPE numeric(12, 2); -- expect: SC202
