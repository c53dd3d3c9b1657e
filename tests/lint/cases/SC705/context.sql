CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), placed_at timestamptz NOT NULL DEFAULT now());
CREATE SEQUENCE order_tickets;
