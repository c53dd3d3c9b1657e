-- The file begins with a byte-order mark. -- expect: SC024
-- schemactl: no-transaction
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
