-- schemactl: no-transaction
-- UTF-8 without a byte-order mark; non-ASCII text is fine: café.
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
