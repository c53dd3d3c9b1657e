-- linted on its own: orders was created outside these migrations, its columns are unknown
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint; -- expect: SC706
ALTER TABLE orders ALTER quantity SET DATA TYPE numeric(12, 2); -- expect: SC706
ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer; -- expect: SC706
-- A USING expression or a new collation rewrites even text to text.
ALTER TABLE orders ALTER COLUMN status TYPE text USING upper(status); -- expect: SC706
ALTER TABLE orders ALTER COLUMN label TYPE text COLLATE "C"; -- expect: SC706
-- Raising a varchar limit needs no rewrite, but the linter cannot see the old limit: suppress it with a reason.
ALTER TABLE orders ALTER COLUMN note TYPE varchar(500); -- expect: SC706
ALTER TABLE orders
    ALTER COLUMN summary TYPE text, -- expect: SC706
    ALTER COLUMN quantity TYPE smallint; -- expect: SC706
