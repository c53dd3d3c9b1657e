CREATE TABLE events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    happened_at timestamp NOT NULL, -- expect: SC201
    logged_at timestamp(3), -- expect: SC201
    seen_at timestamp without time zone -- expect: SC201
);
ALTER TABLE events ADD COLUMN archived_at timestamp; -- expect: SC201
ALTER TABLE events ALTER COLUMN happened_at TYPE timestamp; -- expect: SC201
ALTER TABLE events ALTER COLUMN seen_at SET DATA TYPE timestamp(0) without time zone USING seen_at; -- expect: SC201
