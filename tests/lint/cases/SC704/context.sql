CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), placed_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE order_lines (order_id uuid NOT NULL REFERENCES orders (id), line integer NOT NULL);
