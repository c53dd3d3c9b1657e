CREATE TABLE events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    happened_at timestamptz NOT NULL,
    logged_at timestamptz(3),
    seen_at timestamp with time zone,
    note text
);
ALTER TABLE events ALTER COLUMN happened_at TYPE timestamptz;
