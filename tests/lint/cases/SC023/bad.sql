BEGIN; -- expect: SC023
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
SAVEPOINT before_seed;
INSERT INTO orders DEFAULT VALUES;
ROLLBACK TO SAVEPOINT before_seed;
COMMIT; -- expect: SC023
start transaction; -- expect: SC023
  /* a comment first */ END; -- expect: SC023
ROLLBACK; -- expect: SC023
