ALTER DOMAIN positive_cents ADD CONSTRAINT ck_positive_cents CHECK (VALUE > 0) NOT VALID;
ALTER DOMAIN unused_cents ADD CONSTRAINT ck_unused_cents CHECK (VALUE > 0);
CREATE DOMAIN short_code AS text;
ALTER DOMAIN short_code ADD CONSTRAINT ck_short_code CHECK (length(VALUE) < 10);
