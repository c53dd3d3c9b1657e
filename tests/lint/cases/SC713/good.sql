CREATE TABLE refunds (id uuid NOT NULL, made_at timestamptz NOT NULL);
ALTER TABLE refunds ALTER COLUMN made_at DROP NOT NULL;
ALTER TABLE orders ALTER COLUMN placed_at SET DEFAULT now();
