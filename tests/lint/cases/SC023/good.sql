-- Savepoints are fine inside the file's transaction.
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
SAVEPOINT before_seed;
INSERT INTO orders DEFAULT VALUES;
ROLLBACK TO SAVEPOINT before_seed;
RELEASE SAVEPOINT before_seed;
-- A string or a comment that mentions COMMIT is not a statement.
COMMENT ON TABLE orders IS 'COMMIT; BEGIN;';
