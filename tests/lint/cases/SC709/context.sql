CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid REFERENCES customers (id),
    legacy_status text,
    legacy_code text,
    legacy_flag boolean,
    note text,
    CONSTRAINT ck_orders_note_length CHECK (length(note) < 1000)
);
CREATE TABLE legacy_orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE legacy_lines (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE VIEW v_orders AS SELECT id, note FROM orders;
