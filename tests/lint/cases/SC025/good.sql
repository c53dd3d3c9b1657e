-- Add orders.
-- schemactl: lock_timeout=5s statement_timeout=15min
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
