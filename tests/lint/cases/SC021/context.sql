CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
