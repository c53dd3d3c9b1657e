BEGIN; -- expect: SC720
ALTER TABLE orders ADD COLUMN note text;
COMMIT; -- expect: SC720
SAVEPOINT before_backfill; -- expect: SC720
