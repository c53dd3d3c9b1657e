ALTER DOMAIN positive_cents ADD CONSTRAINT ck_positive_cents CHECK (VALUE > 0); -- expect: SC717
ALTER DOMAIN public.positive_cents SET NOT NULL; -- expect: SC717
ALTER DOMAIN email_address ADD CHECK (VALUE LIKE '%@%'); -- expect: SC717
